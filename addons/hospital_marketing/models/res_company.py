from odoo import fields, models

# the settings the deadlines of work reports are computed from (R-W4)
REPORT_DEADLINE_SETTINGS = (
    "hm_daily_report_hour",
    "hm_weekly_report_hour",
    "hm_monthly_summary_day",
    "hm_monthly_plan_day",
)


class ResCompany(models.Model):
    """The department's defaults (DOMAIN: every number is a default an administrator changes)."""

    _inherit = "res.company"

    # R-W3 minimum activity
    hm_min_daily_contacts = fields.Integer(string="Referral Doctors Contacted per Day", default=3)
    # R-W4 report deadlines
    hm_daily_report_hour = fields.Float(string="Daily Report Due At", default=17.0)
    hm_weekly_report_hour = fields.Float(string="Weekly Report Due Sunday At", default=17.0)
    hm_monthly_summary_day = fields.Integer(string="Monthly Summary Due Day", default=5)
    hm_monthly_plan_day = fields.Integer(string="Next-Month Plan Due Day", default=25)
    # R-W5 penalties
    hm_penalty_missing_daily = fields.Monetary(
        string="Penalty per Missing Daily Report", default=20.0, currency_field="currency_id"
    )
    hm_penalty_late_report = fields.Monetary(
        string="Penalty per Late Weekly/Monthly Report", default=50.0, currency_field="currency_id"
    )
    hm_penalty_late_report_leader = fields.Monetary(
        string="Penalty for the Responsible Leader", default=100.0, currency_field="currency_id"
    )
    hm_report_penalty_start = fields.Date(
        string="Report Penalties From",
        default=fields.Date.context_today,
        help="Reports of periods starting before this date are not fined (the day work "
        "reports were installed, by default): installing on an existing database does not "
        "fine anyone for the past.",
    )
    # R-W6 quotas
    hm_monthly_referral_quota = fields.Integer(string="Referred Patients per Month", default=4)
    hm_quota_penalty_per_patient = fields.Monetary(
        string="Penalty per Missing Patient", default=200.0, currency_field="currency_id"
    )
    hm_quota_bonus_per_patient = fields.Monetary(
        string="Bonus per Extra Patient", default=100.0, currency_field="currency_id"
    )
    hm_field_days_per_year = fields.Integer(string="Field Days per Year", default=240)
    # R-W7 visit cadence (days between visits) by partner grade
    hm_visit_days_grade_a = fields.Integer(string="Visit Grade A Every (days)", default=7)
    hm_visit_days_grade_b = fields.Integer(string="Visit Grade B Every (days)", default=14)
    hm_visit_days_grade_c = fields.Integer(string="Visit Grade C Every (days)", default=30)
    # R-C8, R-C9 commission accounting
    hm_commission_expense_account_id = fields.Many2one(
        "account.account",
        string="Commission Expense Account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
    )
    hm_commission_purchase_journal_id = fields.Many2one(
        "account.journal",
        string="Commission Bills Journal",
        domain="[('type', '=', 'purchase')]",
        help="Journal of the vendor bills of external payees; the company's first purchase "
        "journal when empty.",
    )
    hm_commission_misc_journal_id = fields.Many2one(
        "account.journal",
        string="Staff Commission Journal",
        domain="[('type', '=', 'general')]",
        help="Journal of the payable entries to staff; the company's first miscellaneous "
        "journal when empty.",
    )
    hm_commission_bank_journal_id = fields.Many2one(
        "account.journal",
        string="Commission Payment Journal",
        domain="[('type', '=', 'bank')]",
        help="Bank journal the commissions are paid from; the company's first bank journal "
        "when empty.",
    )
    hm_commission_due_days = fields.Integer(
        string="Commission Due (days after month end)",
        default=0,
        help="A settlement not paid this many days after the end of its month is overdue "
        "(seed 000 六: paid at month end).",
    )
    hm_commission_analytic = fields.Boolean(
        string="Analytic Distribution of Commissions",
        help="Distribute the commission expense on analytic accounts: the department's of the "
        "case, or the one an addon gives the line.",
    )
    hm_commission_withholding_tax_id = fields.Many2one(
        "account.tax",
        string="Withholding Tax of Individuals",
        domain="[('type_tax_use', '=', 'purchase')]",
        help="Individual income tax the hospital withholds on the fees of individuals who are "
        "not employees (劳务报酬, R-C12), e.g. a purchase tax of -20% on an individual income "
        "tax payable account: the vendor bills of non-clinical individual payees (part-time "
        "promoters) carry it, so the payable is net and the tax liability booked.",
    )
    hm_commission_run_date = fields.Datetime(string="Last Settlement Run", readonly=True)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        res = super().write(vals)
        if any(fname in vals for fname in REPORT_DEADLINE_SETTINGS):
            self.env["hospital.work.report"].sudo()._reschedule_open(self)
        return res
