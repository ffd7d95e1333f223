from odoo import fields, models

TRIAL_DECISIONS = [
    ("keep", "Kept after Trial"),
    ("extend", "Trial Extended"),
    ("replace", "Replaced after Trial"),
]


class HospitalReferralGradeHistory(models.Model):
    """The leader's decision at the end of a partner's trial goes into its history (R-P3)."""

    _inherit = "hospital.referral.grade.history"

    trial_decision = fields.Selection(TRIAL_DECISIONS, readonly=True)
    trial_until = fields.Date(string="Trial Until (new)", readonly=True)
