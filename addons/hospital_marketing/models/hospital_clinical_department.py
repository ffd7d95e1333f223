from odoo import fields, models

DEPARTMENT_KINDS = [
    ("internal", "Internal Medicine"),
    ("surgery", "Surgery"),
    ("gynecology", "Obstetrics and Gynecology"),
    ("pediatrics", "Pediatrics"),
    ("exam", "Physical Exam"),
    ("other", "Other"),
]


class HospitalClinicalDepartment(models.Model):
    """A clinical department of the hospital as the HIS names it; its kind drives commission
    rates (R-C5: internal medicine X%, surgery Y%)."""

    _name = "hospital.clinical.department"
    _description = "Clinical Department"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Code of the department in the hospital information system (HIS).")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(DEPARTMENT_KINDS, required=True, default="other")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    # commission engine (R-C7, R-C9)
    treatment_leader_user_id = fields.Many2one(
        "res.users",
        string="Treatment Group Leader",
        help="Co-signs the commission settlements that concern the patients of this "
        "department (R-C7).",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        help="Commission expense of this department's cases goes to this analytic account "
        "when the analytic distribution of commissions is on.",
    )

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)", "A department code must be unique per company."
    )
