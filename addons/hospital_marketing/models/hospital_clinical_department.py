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

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)", "A department code must be unique per company."
    )
