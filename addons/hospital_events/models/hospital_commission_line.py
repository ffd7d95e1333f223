from odoo import fields, models


class HospitalCommissionLine(models.Model):
    _inherit = "hospital.commission.line"

    event_id = fields.Many2one(
        "event.event", string="Outreach Event", index="btree_not_null", readonly=True
    )

    def _hm_analytic_account_id(self):
        return self.event_id.sudo().hm_analytic_account_id.id or super()._hm_analytic_account_id()
