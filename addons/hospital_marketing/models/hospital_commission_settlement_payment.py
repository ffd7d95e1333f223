"""Payment of posted settlements by bank transfer to the payee's account (R-C8)."""

from odoo import models
from odoo.exceptions import UserError


# one concern per file: the settlement model is split on purpose (see its docstring)
class HospitalCommissionSettlement(models.Model):
    _inherit = "hospital.commission.settlement"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_pay_wizard(self):
        """ "Pay" on a selection of settlements: finance first confirms how many are paid and
        their total (the pay wizard, narrowed to the posted, unpaid ones selected)."""
        self._check_finance()
        todo = self.filtered(lambda s: s.state == "posted" and s.payment_state == "not_paid")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hospital_marketing.action_hospital_commission_pay_wizard"
        )
        action["context"] = {
            "default_settlement_ids": todo.ids,
            "default_company_id": (todo.company_id[:1] or self.env.company).id,
        }
        return action

    def action_register_payment(self):
        """Pay posted settlements by bank transfer to each payee's bank account (R-C8), one or
        many at once; paying a paid settlement again does nothing."""
        self._check_finance()
        self._lock()
        # a payment in process (not yet matched with the bank) is not paid again
        todo = self.filtered(
            lambda s: s.state == "posted" and s.move_id and s.payment_state == "not_paid"
        ).sudo()
        if not todo:
            return self.env["account.payment"]
        missing = todo.filtered(lambda s: not s._payee_bank())
        if missing:
            raise UserError(
                self.env._(
                    "No bank account for %s: commissions are paid by bank transfer to the "
                    "payee's bank account.",
                    ", ".join(missing.mapped("payee_name")),
                )
            )
        payments = self.env["account.payment"]
        for company, settlements in todo.grouped("company_id").items():
            journal = company.hm_commission_bank_journal_id or self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(company),
                    ("type", "=", "bank"),
                ],
                limit=1,
            )
            for settlement in settlements:
                if not settlement.move_id.partner_bank_id:
                    settlement.move_id.partner_bank_id = settlement._payee_bank()
            lines = settlements.move_id.line_ids.filtered(
                lambda line: line.account_id.account_type == "liability_payable"
                and not line.reconciled
            )
            wizard = (
                self.env["account.payment.register"]
                .sudo()
                .with_context(active_model="account.move.line", active_ids=lines.ids)
                .create({"journal_id": journal.id, "group_payment": False})
            )
            payments |= wizard._create_payments()
        return payments

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _payee_bank(self):
        self.ensure_one()
        if self.partner_id:
            return self.partner_id.bank_ids[:1]
        employee = self.employee_id.sudo()
        return employee.primary_bank_account_id or employee.bank_account_ids[:1]
