from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain

# secret class D (R-S1): event expenses and receipts; the manager implies the office and the
# vice-president the manager
CLASS_D = "hospital_marketing.group_marketing_office,hospital_marketing.group_marketing_finance"

# expenses reported or approved whose entry is not posted yet (a posted entry has analytic
# lines); hr.expense says "posted" as soon as its entry exists, even a draft one
OPEN_EXPENSES = Domain("state", "in", ("submitted", "approved")) | (
    Domain("state", "=", "posted") & Domain("account_move_id.state", "=", "draft")
)
# expenses whose receipts count (a draft is not reported, a refused one is no cost)
RECEIPT_EXPENSES = Domain("state", "in", ("submitted", "approved", "posted", "in_payment", "paid"))


class EventEvent(models.Model):
    """Budget and actual costs of an outreach event (R-E5), secret class D (R-S1).

    The actual costs come from documents carrying the event's analytic account: the posted
    vendor bills and expenses through their analytic lines, and the expenses reported or
    approved but not posted yet through their analytic distribution. A document counts in the
    cost category picked on it (``hm_event_cost_category`` of the expense or the journal item,
    its product's by default), Other without one."""

    _inherit = "event.event"  # pylint: disable=consider-merging-classes-inherited

    hm_budget_line_ids = fields.One2many(
        "hospital.event.budget.line", "event_id", string="Budget Lines", groups=CLASS_D
    )
    hm_budget = fields.Monetary(
        string="Budget",
        currency_field="hm_currency_id",
        compute="_compute_hm_budget",
        store=True,
        groups=CLASS_D,
    )
    hm_actual_cost = fields.Monetary(
        string="Actual Cost",
        currency_field="hm_currency_id",
        compute="_compute_hm_costs",
        groups=CLASS_D,
        help="Expenses and vendor bills on the event's analytic account.",
    )
    hm_cost_variance = fields.Monetary(
        string="Cost Variance",
        currency_field="hm_currency_id",
        compute="_compute_hm_costs",
        groups=CLASS_D,
    )
    hm_cost_variance_pct = fields.Float(
        string="Cost Variance (%)", compute="_compute_hm_costs", groups=CLASS_D
    )
    hm_cost_flagged = fields.Boolean(
        string="Over Budget",
        compute="_compute_hm_costs",
        groups=CLASS_D,
        help="The actual costs exceed the budget by more than the deviation of the settings: "
        "the leader of the event bears the excess or it is not reimbursed (R-E5).",
    )
    hm_cost_responsible_id = fields.Many2one(
        "hr.employee",
        string="Responsible for the Excess",
        compute="_compute_hm_costs",
        groups=CLASS_D,
    )
    hm_cost_document_count = fields.Integer(
        string="Cost Documents", compute="_compute_hm_costs", groups=CLASS_D
    )
    hm_receipt_count = fields.Integer(
        string="Receipts", compute="_compute_hm_costs", groups=CLASS_D
    )
    hm_missing_receipt_count = fields.Integer(
        string="Documents Without Receipt", compute="_compute_hm_costs", groups=CLASS_D
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("hm_budget_line_ids.amount")
    def _compute_hm_budget(self):
        for event in self:
            event.hm_budget = sum(event.hm_budget_line_ids.mapped("amount"))

    @api.depends_context("uid")
    @api.depends("hm_budget", "hm_analytic_account_id", "hm_team_line_ids.role")
    def _compute_hm_costs(self):
        costs = self._hm_actual_costs()
        documents = self._hm_cost_documents()
        for event in self:
            actual = sum(costs.get(event.id, {}).values())
            budget = event.hm_budget
            event.hm_actual_cost = actual
            event.hm_cost_variance = actual - budget
            if budget:
                event.hm_cost_variance_pct = (actual - budget) / budget * 100.0
            else:
                event.hm_cost_variance_pct = 100.0 if actual else 0.0
            company = event.company_id or self.env.company
            event.hm_cost_flagged = (
                actual > budget and event.hm_cost_variance_pct > company.hm_event_cost_deviation
            )
            event.hm_cost_responsible_id = (
                event.hm_leader_employee_id if event.hm_cost_flagged else False
            )
            docs = documents.get(event.id, {})
            event.hm_cost_document_count = len(docs)
            event.hm_receipt_count = sum(docs.values())
            event.hm_missing_receipt_count = sum(1 for count in docs.values() if not count)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _hm_may_read_costs(self):
        return self.env.su or self.env.user.has_groups(CLASS_D)

    def _hm_event_of_account(self):
        return {
            event.hm_analytic_account_id.id: event.id
            for event in self.sudo()
            if event.id and event.hm_analytic_account_id
        }

    def _hm_actual_costs(self):
        """``{event id: {cost category: amount}}`` of the events of ``self``, set-wise: one
        grouped read of the analytic lines per analytic plan, one read of the open
        expenses."""
        event_of = self._hm_event_of_account()
        if not event_of:
            return {}
        costs = defaultdict(lambda: defaultdict(float))
        accounts = self.env["account.analytic.account"].sudo().browse(event_of)
        Line = self.env["account.analytic.line"].sudo()
        for plan, plan_accounts in accounts.grouped("root_plan_id").items():
            column = plan._column_name()
            for account, category, amount in Line._read_group(
                [(column, "in", plan_accounts.ids), ("move_line_id", "!=", False)],
                [column, "hm_event_cost_category"],
                ["amount:sum"],
            ):
                category = category or "other"
                costs[event_of[account.id]][category] -= amount
        for expense in self._hm_expenses(OPEN_EXPENSES, ["total_amount", "hm_event_cost_category"]):
            category = expense.hm_event_cost_category or "other"
            for account_id, share in self._hm_distribution_shares(expense, event_of):
                costs[event_of[account_id]][category] += expense.total_amount * share
        return costs

    def _hm_expenses(self, domain, fnames):
        event_of = self._hm_event_of_account()
        return (
            self.env["hr.expense"]
            .sudo()
            .search_fetch(
                Domain("analytic_distribution", "in", list(event_of)) & domain,
                ["analytic_distribution", *fnames],
            )
        )

    def _hm_cost_documents(self):
        """``{event id: {(model, id): number of attachments}}``: the expenses and posted vendor
        bills of each event with the receipts attached to them."""
        event_of = self._hm_event_of_account()
        if not event_of:
            return {}
        docs = defaultdict(dict)
        expenses = self._hm_expenses(RECEIPT_EXPENSES, [])
        bill_lines = (
            self.env["account.move.line"]
            .sudo()
            .search_fetch(
                [
                    ("analytic_distribution", "in", list(event_of)),
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "in", ("in_invoice", "in_refund")),
                ],
                ["analytic_distribution", "move_id"],
            )
        )
        counts = {
            (res_model, res_id): count
            for res_model, res_id, count in self.env["ir.attachment"]
            .sudo()
            ._read_group(
                [
                    "|",
                    "&",
                    ("res_model", "=", "hr.expense"),
                    ("res_id", "in", expenses.ids),
                    "&",
                    ("res_model", "=", "account.move"),
                    ("res_id", "in", bill_lines.move_id.ids),
                ],
                ["res_model", "res_id"],
                ["__count"],
            )
        }
        for expense in expenses:
            for account_id, _share in self._hm_distribution_shares(expense, event_of):
                key = ("hr.expense", expense.id)
                docs[event_of[account_id]][key] = counts.get(key, 0)
        for line in bill_lines:
            for account_id, _share in self._hm_distribution_shares(line, event_of):
                key = ("account.move", line.move_id.id)
                docs[event_of[account_id]][key] = counts.get(key, 0)
        return docs

    def _hm_log_budget_change(self):
        """A budget changed after the approval leaves a trace in the chatter (without the
        amounts: the chatter is read beyond class D)."""
        for event in self.filtered(lambda event: event.hm_state in ("approved", "done")):
            event.sudo().message_post(
                body=self.env._("Budget changed after approval by %s.", self.env.user.name)
            )

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _hm_distribution_shares(self, document, event_of):
        """``(account id, share)`` of the event accounts in a document's distribution."""
        for key, percentage in (document.analytic_distribution or {}).items():
            for account_id in str(key).split(","):
                if int(account_id) in event_of:
                    yield int(account_id), (percentage or 0.0) / 100.0
