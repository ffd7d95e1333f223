from odoo import fields, models

from .hospital_event_budget_line import COST_CATEGORIES


class ProductTemplate(models.Model):
    _inherit = "product.template"

    hm_event_cost_category = fields.Selection(
        COST_CATEGORIES,
        string="Outreach Event Cost Category",
        help="The budget category of an outreach event that an expense or a vendor bill line "
        "of this product counts in (R-E5); without one it counts as Other.",
    )
