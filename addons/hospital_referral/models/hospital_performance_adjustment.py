from odoo import api, models

from .hospital_commission_line import BILLABLE_STATES


class HospitalPerformanceAdjustment(models.Model):
    _inherit = "hospital.performance.adjustment"

    @api.model
    def _hm_quota_counts(self, date_from, date_to, companies):
        """Counted referred patients discharged in the month, per promoter (R-W6, R-R2)."""
        counts = super()._hm_quota_counts(date_from, date_to, companies) or {}
        for promoter, count in (
            self.env["hospital.referral"]
            .sudo()
            ._read_group(
                [
                    ("state", "in", BILLABLE_STATES),
                    ("is_counted", "=", True),
                    ("discharge_date", ">=", date_from),
                    ("discharge_date", "<=", date_to),
                    ("company_id", "in", companies.ids),
                    ("promoter_id", "!=", False),
                ],
                ["promoter_id"],
                ["__count"],
            )
        ):
            counts[promoter.id] = counts.get(promoter.id, 0) + count
        return counts
