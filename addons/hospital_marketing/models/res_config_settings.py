from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    hm_min_daily_contacts = fields.Integer(
        related="company_id.hm_min_daily_contacts", readonly=False
    )
    hm_daily_report_hour = fields.Float(related="company_id.hm_daily_report_hour", readonly=False)
    hm_weekly_report_hour = fields.Float(related="company_id.hm_weekly_report_hour", readonly=False)
    hm_monthly_summary_day = fields.Integer(
        related="company_id.hm_monthly_summary_day", readonly=False
    )
    hm_monthly_plan_day = fields.Integer(related="company_id.hm_monthly_plan_day", readonly=False)
    hm_penalty_missing_daily = fields.Monetary(
        related="company_id.hm_penalty_missing_daily", readonly=False
    )
    hm_penalty_late_report = fields.Monetary(
        related="company_id.hm_penalty_late_report", readonly=False
    )
    hm_penalty_late_report_leader = fields.Monetary(
        related="company_id.hm_penalty_late_report_leader", readonly=False
    )
    hm_report_penalty_start = fields.Date(
        related="company_id.hm_report_penalty_start", readonly=False
    )
    hm_monthly_referral_quota = fields.Integer(
        related="company_id.hm_monthly_referral_quota", readonly=False
    )
    hm_quota_penalty_per_patient = fields.Monetary(
        related="company_id.hm_quota_penalty_per_patient", readonly=False
    )
    hm_quota_bonus_per_patient = fields.Monetary(
        related="company_id.hm_quota_bonus_per_patient", readonly=False
    )
    hm_field_days_per_year = fields.Integer(
        related="company_id.hm_field_days_per_year", readonly=False
    )
    hm_visit_days_grade_a = fields.Integer(
        related="company_id.hm_visit_days_grade_a", readonly=False
    )
    hm_visit_days_grade_b = fields.Integer(
        related="company_id.hm_visit_days_grade_b", readonly=False
    )
    hm_visit_days_grade_c = fields.Integer(
        related="company_id.hm_visit_days_grade_c", readonly=False
    )
    hm_commission_expense_account_id = fields.Many2one(
        related="company_id.hm_commission_expense_account_id", readonly=False
    )
    hm_commission_purchase_journal_id = fields.Many2one(
        related="company_id.hm_commission_purchase_journal_id", readonly=False
    )
    hm_commission_misc_journal_id = fields.Many2one(
        related="company_id.hm_commission_misc_journal_id", readonly=False
    )
    hm_commission_bank_journal_id = fields.Many2one(
        related="company_id.hm_commission_bank_journal_id", readonly=False
    )
    hm_commission_due_days = fields.Integer(
        related="company_id.hm_commission_due_days", readonly=False
    )
    hm_commission_withholding_tax_id = fields.Many2one(
        related="company_id.hm_commission_withholding_tax_id", readonly=False
    )
    hm_commission_analytic = fields.Boolean(
        related="company_id.hm_commission_analytic", readonly=False
    )
