from odoo import fields, models


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
