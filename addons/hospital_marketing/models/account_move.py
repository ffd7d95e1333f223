from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    hm_commission_settlement_id = fields.Many2one(
        "hospital.commission.settlement",
        string="Commission Settlement",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
