from odoo import fields, models

VISIT_INTERVAL_FIELDS = (
    "hm_visit_days_grade_a",
    "hm_visit_days_grade_b",
    "hm_visit_days_grade_c",
)


class ResCompany(models.Model):
    """Referral defaults (DOMAIN: every number is a default an administrator changes)."""

    _inherit = "res.company"

    # R-P5 agreements: remind the responsible promoter this many days before the end
    hm_agreement_notice_days = fields.Integer(string="Agreement Expiry Notice (days)", default=30)
    # R-P6 gifts: yearly cap per partner (0 = no cap)
    hm_gift_yearly_cap = fields.Monetary(
        string="Yearly Gift Cap per Partner", default=2000.0, currency_field="currency_id"
    )
    # R-P3: a partner's trial extended by the leader runs this many more days
    hm_trial_extension_days = fields.Integer(string="Trial Extension (days)", default=90)
    # R-R4 feedback loop
    hm_feedback_hours = fields.Integer(
        string="Tell the Referring Doctor Within (hours)", default=24
    )
    # R-R6 fraud checks
    hm_duplicate_window_days = fields.Integer(
        string="Duplicate Registration Window (days)", default=90
    )
    hm_fraud_fine_amount = fields.Monetary(
        string="Fine for a Fake Referral", default=300.0, currency_field="currency_id"
    )
    hm_existing_patient_percent = fields.Float(
        string="Deduction for Claiming an Existing Patient (%)",
        default=30.0,
        help="Share of the month's commission deducted from a promoter who claimed a patient "
        "the hospital already had (R-R6).",
    )
    # R-R5 HIS bill matching by phone: arrival within this many days of the admission
    hm_bill_match_days = fields.Integer(string="Bill Matching Window (days)", default=3)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        res = super().write(vals)
        if set(VISIT_INTERVAL_FIELDS) & vals.keys():
            # the next visit of the graded partners of these companies (or of none) moves
            Partner = self.env["res.partner"].sudo()
            partners = Partner.with_context(active_test=False).search(
                [
                    ("hm_referral_grade", "!=", False),
                    ("company_id", "in", [*self.ids, False]),
                ]
            )
            self.env.add_to_compute(Partner._fields["hm_referral_visit_due"], partners)
        return res
