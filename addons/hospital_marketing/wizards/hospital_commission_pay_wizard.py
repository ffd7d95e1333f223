from odoo import api, fields, models
from odoo.exceptions import UserError


class HospitalCommissionPayWizard(models.TransientModel):
    """Pay every posted, unpaid settlement of the current company at once (R-C8), once finance
    has seen how many there are and what they total. Pays exactly the settlements shown."""

    _name = "hospital.commission.pay.wizard"
    _description = "Pay Posted Commission Settlements"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    settlement_ids = fields.Many2many(
        "hospital.commission.settlement",
        "hospital_commission_pay_settlement_rel",
        "wizard_id",
        "settlement_id",
        string="Settlements to Pay",
        default=lambda self: self._default_settlement_ids(),
    )
    settlement_count = fields.Integer(string="Settlements", compute="_compute_totals")
    amount_total = fields.Monetary(
        string="Total", compute="_compute_totals", currency_field="currency_id"
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    def _default_settlement_ids(self):
        return self.env["hospital.commission.settlement"].search(
            [
                ("company_id", "=", self.env.company.id),
                ("state", "=", "posted"),
                # a transfer in payment (not yet matched with the bank) is not paid again
                ("payment_state", "=", "not_paid"),
            ],
            order="date_due, name",
        )

    @api.depends("settlement_ids.amount_total")
    def _compute_totals(self):
        for wizard in self:
            wizard.settlement_count = len(wizard.settlement_ids)
            wizard.amount_total = sum(wizard.settlement_ids.mapped("amount_total"))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_pay(self):
        self.ensure_one()
        Settlement = self.env["hospital.commission.settlement"]
        Settlement._check_finance()
        settlements = self.settlement_ids.filtered(
            lambda s: s.company_id == self.company_id
            and s.state == "posted"
            and s.payment_state == "not_paid"
        )
        if not settlements:
            raise UserError(self.env._("There is no posted settlement left to pay."))
        payments = settlements.action_register_payment()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Commissions paid"),
                "message": self.env._(
                    "%(count)s settlements paid by %(payments)s bank transfers.",
                    count=len(settlements),
                    payments=len(payments),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
