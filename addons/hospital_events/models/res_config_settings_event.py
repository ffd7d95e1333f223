from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    hm_event_vp_budget = fields.Monetary(related="company_id.hm_event_vp_budget", readonly=False)
    hm_event_cost_deviation = fields.Float(
        related="company_id.hm_event_cost_deviation", readonly=False
    )
    hm_event_analytic_plan_id = fields.Many2one(
        related="company_id.hm_event_analytic_plan_id", readonly=False
    )
