from odoo import fields, models

BILLABLE_STATES = ("discharged", "closed")


class HospitalCommissionLine(models.Model):
    """A commission line earned on a referral case."""

    _inherit = "hospital.commission.line"

    referral_id = fields.Many2one(
        "hospital.referral", string="Referral Case", index="btree_not_null", readonly=True
    )
