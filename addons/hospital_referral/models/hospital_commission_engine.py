from odoo import api, models

from .hospital_commission_line import BILLABLE_STATES


class HospitalCommissionEngine(models.AbstractModel):
    """Referral cases feed the commission engine: each billable, counted case discharged in
    the month is a candidate (R-R2, R-R5); the signed agreements open the compliance guard
    (R-C10)."""

    _inherit = "hospital.commission.engine"

    @api.model
    def _collect_candidates(self, date_from, date_to, companies):
        candidates = super()._collect_candidates(date_from, date_to, companies)
        cases = (
            self.env["hospital.referral"]
            .sudo()
            .search(
                [
                    ("state", "in", BILLABLE_STATES),
                    ("is_counted", "=", True),
                    ("discharge_date", ">=", date_from),
                    ("discharge_date", "<=", date_to),
                    ("company_id", "in", companies.ids),
                ]
            )
        )
        return candidates + cases._commission_candidates()

    @api.model
    def _agreements(self, partners):
        result = super()._agreements(partners)
        agreements = (
            self.env["hospital.referral.agreement"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", partners.ids), ("state", "=", "signed")],
                ["partner_id", "kind", "date_start", "date_end"],
            )
        )
        for agreement in agreements:
            result.setdefault(agreement.partner_id.id, []).append(
                (agreement.kind, agreement.date_start, agreement.date_end)
            )
        return result
