from odoo import fields, models


class HospitalClinicalDepartment(models.Model):
    _inherit = "hospital.clinical.department"

    treatment_leader_user_id = fields.Many2one(
        "res.users",
        string="Treatment Group Leader",
        help="Co-signs the commission settlements that concern the patients of this "
        "department (R-C7).",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic Account",
        help="Commission expense of this department's cases goes to this analytic account "
        "when the analytic distribution of commissions is on.",
    )
