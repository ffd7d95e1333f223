from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    hm_event_vp_budget = fields.Monetary(
        string="Event Budget Needing the VP",
        default=20000.0,
        help="An outreach event whose budget is above this amount is approved by the marketing "
        "manager and then the business vice-president (R-E2); zero: the manager alone.",
    )
    hm_event_cost_deviation = fields.Float(
        string="Event Cost Deviation (%)",
        default=10.0,
        help="An outreach event whose actual costs exceed its budget by more than this "
        "percentage is flagged and its leader named (R-E5).",
    )
    hm_event_analytic_plan_id = fields.Many2one(
        "account.analytic.plan",
        string="Analytic Plan of Events",
        help="The plan of the analytic account created for each outreach event on its approval; "
        "empty: the Outreach Events plan.",
    )
