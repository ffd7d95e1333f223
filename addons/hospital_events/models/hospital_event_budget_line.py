from odoo import api, fields, models

# cost categories of an outreach event (R-E5)
COST_CATEGORIES = [
    ("venue", "Venue"),
    ("transport", "Transport"),
    ("printing", "Printing"),
    ("gifts", "Gifts"),
    ("meals", "Meals"),
    ("staff_allowance", "Staff Allowance"),
    ("other", "Other"),
]


class HospitalEventBudgetLine(models.Model):
    """The budget of an outreach event per cost category, against the actual costs of the
    category from the expenses and vendor bills on the event's analytic account (R-E5).

    Secret class D (R-S1): only the marketing manager, the office, finance and the
    vice-president read it (access rights of the model)."""

    _name = "hospital.event.budget.line"
    _description = "Outreach Event Budget Line"
    _order = "event_id, category, id"

    event_id = fields.Many2one("event.event", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="event_id.company_id", store=True)
    currency_id = fields.Many2one(related="event_id.hm_currency_id")
    category = fields.Selection(COST_CATEGORIES, required=True, default="other")
    name = fields.Char(string="Description")
    amount = fields.Monetary(string="Budget", currency_field="currency_id")
    actual_amount = fields.Monetary(
        string="Actual", currency_field="currency_id", compute="_compute_actual_amount"
    )
    variance = fields.Monetary(currency_field="currency_id", compute="_compute_actual_amount")

    _one_line_per_category = models.UniqueIndex(
        "(event_id, category)", "An event has one budget line per cost category."
    )
    _amount_positive = models.Constraint(
        "CHECK (amount >= 0)", "A budget amount cannot be negative."
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("event_id", "category", "amount")
    def _compute_actual_amount(self):
        costs = self.event_id._hm_actual_costs()
        for line in self:
            line.actual_amount = costs.get(line.event_id.id, {}).get(line.category, 0.0)
            line.variance = line.actual_amount - line.amount

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.event_id._hm_log_budget_change()
        return lines

    def write(self, vals):
        res = super().write(vals)
        self.event_id._hm_log_budget_change()
        return res

    def unlink(self):
        events = self.event_id
        res = super().unlink()
        events._hm_log_budget_change()
        return res
