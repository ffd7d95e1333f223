from odoo import fields, models


class HospitalCommissionRejectWizard(models.TransientModel):
    _name = "hospital.commission.reject.wizard"
    _description = "Reject Commission Settlements"

    settlement_ids = fields.Many2many(
        "hospital.commission.settlement",
        "hospital_commission_reject_settlement_rel",
        "wizard_id",
        "settlement_id",
        required=True,
    )
    reason = fields.Text(required=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_reject(self):
        self.ensure_one()
        self.settlement_ids._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
