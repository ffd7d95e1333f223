from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    hm_agreement_notice_days = fields.Integer(
        related="company_id.hm_agreement_notice_days", readonly=False
    )
    hm_gift_yearly_cap = fields.Monetary(related="company_id.hm_gift_yearly_cap", readonly=False)
    hm_trial_extension_days = fields.Integer(
        related="company_id.hm_trial_extension_days", readonly=False
    )
    hm_feedback_hours = fields.Integer(related="company_id.hm_feedback_hours", readonly=False)
    hm_duplicate_window_days = fields.Integer(
        related="company_id.hm_duplicate_window_days", readonly=False
    )
    hm_fraud_fine_amount = fields.Monetary(
        related="company_id.hm_fraud_fine_amount", readonly=False
    )
    hm_existing_patient_percent = fields.Float(
        related="company_id.hm_existing_patient_percent", readonly=False
    )
    hm_bill_match_days = fields.Integer(related="company_id.hm_bill_match_days", readonly=False)
