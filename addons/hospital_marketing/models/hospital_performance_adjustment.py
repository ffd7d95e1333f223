from odoo import api, fields, models

ADJUSTMENT_KINDS = [
    ("quota_penalty", "Under Quota"),
    ("quota_bonus", "Over Quota"),
    ("missing_report", "Missing Report"),
    ("late_report", "Late Report"),
    ("leader_penalty", "Leader Penalty"),
    ("fraud", "Fraud Rule"),
    ("leak", "Confidentiality Breach"),
    ("other", "Other"),
]


class HospitalPerformanceAdjustment(models.Model):
    """A fine or a bonus on a staff member's monthly performance pay (R-W5, R-W6, R-R6, R-S5).

    The amount is signed: negative deducts, positive adds. A confirmed adjustment is included
    in the staff member's settlement of the month of its date. ``res_model``/``res_id`` name the
    record that caused it (a referral case, a report, a quota period).
    """

    _name = "hospital.performance.adjustment"
    _description = "Performance Adjustment"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(string="Reason", required=True, tracking=True)
    kind = fields.Selection(ADJUSTMENT_KINDS, required=True, default="other", tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancel", "Cancelled")],
        required=True,
        default="draft",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, tracking=True, check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        compute="_compute_owner",
        store=True,
        index=True,
        precompute=True,
    )
    team_id = fields.Many2one(
        "hospital.marketing.team",
        compute="_compute_owner",
        store=True,
        index=True,
        precompute=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    amount = fields.Monetary(
        currency_field="currency_id",
        required=True,
        tracking=True,
        help="Negative deducts from the performance pay, positive adds to it.",
    )
    res_model = fields.Char(string="Source Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Source Record", model_field="res_model", readonly=True
    )
    note = fields.Text()

    @api.depends("employee_id")
    def _compute_owner(self):
        for adjustment in self:
            employee = adjustment.employee_id.sudo()
            adjustment.user_id = employee.user_id
            adjustment.team_id = employee.marketing_team_id

    def action_confirm(self):
        self.filtered(lambda a: a.state == "draft").state = "confirmed"

    def action_cancel(self):
        self.state = "cancel"

    def action_draft(self):
        self.filtered(lambda a: a.state == "cancel").state = "draft"
