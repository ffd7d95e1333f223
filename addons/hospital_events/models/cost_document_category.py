from odoo import api, fields, models

from .hospital_event_budget_line import COST_CATEGORIES

CATEGORY_HELP = (
    "The budget category of an outreach event this cost counts in (R-E5): the product's by "
    "default, to pick when a generic product is booked (a bus ticket on a generic receipt "
    "product is Transport)."
)


class HrExpense(models.Model):
    """An expense says which event budget category it counts in, its product's by default."""

    _inherit = "hr.expense"

    hm_event_cost_category = fields.Selection(
        COST_CATEGORIES,
        string="Event Cost Category",
        compute="_compute_hm_event_cost_category",
        store=True,
        readonly=False,
        precompute=True,
        help=CATEGORY_HELP,
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("product_id")
    def _compute_hm_event_cost_category(self):
        for expense in self:
            expense.hm_event_cost_category = (
                expense.product_id.hm_event_cost_category or expense.hm_event_cost_category
            )


class AccountMoveLine(models.Model):
    """A journal item says which event budget category it counts in: its expense's when it
    books an expense, else its product's, unless picked on the vendor bill."""

    _inherit = "account.move.line"

    hm_event_cost_category = fields.Selection(
        COST_CATEGORIES,
        string="Event Cost Category",
        compute="_compute_hm_event_cost_category",
        store=True,
        readonly=False,
        precompute=True,
        help=CATEGORY_HELP,
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("product_id", "expense_id.hm_event_cost_category")
    def _compute_hm_event_cost_category(self):
        for line in self:
            line.hm_event_cost_category = (
                line.expense_id.hm_event_cost_category
                or line.product_id.hm_event_cost_category
                or line.hm_event_cost_category
            )


class AccountAnalyticLine(models.Model):
    """An analytic line of a journal item counts in the item's event budget category."""

    _inherit = "account.analytic.line"

    hm_event_cost_category = fields.Selection(
        related="move_line_id.hm_event_cost_category", store=True, string="Event Cost Category"
    )
