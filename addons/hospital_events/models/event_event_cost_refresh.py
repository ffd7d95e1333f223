from odoo import api, models

# what an event's effect stores from its real costs (event_event_roi.py)
STORED_FROM_COSTS = ("hm_effect_cost", "hm_effect_roi", "hm_cost_per_patient")


class EventEvent(models.Model):
    _inherit = "event.event"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _hm_costs_changed(self, account_ids):
        """The cost documents of the analytic accounts ``account_ids`` changed (an expense,
        a posted bill): the events of those accounts read their costs again, and their stored
        effect figures (ROI, cost per patient) are recomputed."""
        account_ids = {int(a) for a in account_ids if a}
        if not account_ids:
            return
        events = (
            self.sudo()
            .with_context(active_test=False)
            .search([("hm_analytic_account_id", "in", list(account_ids))])
        )
        if not events:
            return
        events.invalidate_recordset(["hm_actual_cost"])
        for fname in STORED_FROM_COSTS:
            if fname in events._fields:
                self.env.add_to_compute(events._fields[fname], events)

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _hm_accounts_of_distributions(self, distributions):
        return {
            account
            for distribution in distributions
            for key in (distribution or {})
            for account in str(key).split(",")
        }


class HospitalEventCostDocument(models.AbstractModel):
    """A document that makes an event's real costs (an analytic line, an expense): creating,
    changing or deleting one refreshes the stored cost figures of the events of its analytic
    accounts, before and after the change."""

    _name = "hospital.event.cost.document"
    _description = "Outreach Event Cost Document"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["event.event"]._hm_costs_changed(records._hm_event_accounts())
        return records

    def write(self, vals):
        before = self._hm_event_accounts()
        result = super().write(vals)
        self.env["event.event"]._hm_costs_changed(before | self._hm_event_accounts())
        return result

    def unlink(self):
        accounts = self._hm_event_accounts()
        result = super().unlink()
        self.env["event.event"]._hm_costs_changed(accounts)
        return result

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_event_accounts(self):
        """The ids of the analytic accounts the documents of ``self`` carry."""
        raise NotImplementedError


class AccountAnalyticLine(models.Model):
    _name = "account.analytic.line"
    _inherit = ["account.analytic.line", "hospital.event.cost.document"]

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_event_accounts(self):
        accounts = set()
        for plan in self.env["account.analytic.plan"].sudo().search([("parent_id", "=", False)]):
            column = plan._column_name()
            if column in self._fields:
                accounts |= set(self.sudo().mapped(column).ids)
        return accounts


class HrExpense(models.Model):
    _name = "hr.expense"
    _inherit = ["hr.expense", "hospital.event.cost.document"]

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_event_accounts(self):
        return self.env["event.event"]._hm_accounts_of_distributions(
            self.sudo().mapped("analytic_distribution")
        )
