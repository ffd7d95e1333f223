from odoo import api, models

from .hospital_commission_line import BILLABLE_STATES


class HospitalPerformanceFine(models.AbstractModel):
    _inherit = "hospital.performance.fine"

    # ------------------------------------------------------------------
    # Business: quota (R-W6)
    # ------------------------------------------------------------------
    @api.model
    def _quota_counts(self, date_from, date_to, companies):
        """Counted referred patients discharged in the month, per promoter (R-W6, R-R2)."""
        counts = super()._quota_counts(date_from, date_to, companies) or {}
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

    # ------------------------------------------------------------------
    # Business: fraud fines (R-R6)
    # ------------------------------------------------------------------
    @api.model
    def _generate_fraud_adjustments(self, cases, reason, fine_amount=0.0, fine_percent=0.0):
        """``{case id: adjustment}``: the confirmed fine of each rejected case of ``cases``
        that has a promoter and no fine yet (R-R6): a fixed amount (a fake referral deducts
        300), or a share of the promoter's commission of the month (claiming a patient the
        hospital already had deducts 30%), whose amount the month-end run sets. Nothing when
        neither is given."""
        Adjustment = self.env["hospital.performance.adjustment"].sudo()
        if not (fine_amount or fine_percent):
            return {}
        fined = cases.filtered(lambda case: case.promoter_id and not case.adjustment_id)
        adjustments = Adjustment.create(
            [
                {
                    "name": self.env._(
                        "%(case)s rejected: %(reason)s", case=case.name, reason=reason
                    ),
                    "kind": "fraud",
                    "employee_id": case.promoter_id.id,
                    "company_id": case.company_id.id,
                    "amount": 0.0 if fine_percent else -abs(fine_amount),
                    "commission_percent": abs(fine_percent),
                    "state": "confirmed",
                    "res_model": cases._name,
                    "res_id": case.id,
                }
                for case in fined
            ]
        )
        return dict(zip(fined.ids, adjustments, strict=True))
