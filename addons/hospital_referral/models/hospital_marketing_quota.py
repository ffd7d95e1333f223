from datetime import timedelta

from odoo import api, models
from odoo.fields import Domain


class HospitalMarketingQuota(models.Model):
    """Referred patients and new partners of a quota (R-W6): the patients are the counted
    cases of the month-end run (``hospital.performance.fine._quota_counts``), the new
    partners the referral partners (institutions or individuals, not their doctors) created
    in the period with the promoter responsible for them."""

    _inherit = "hospital.marketing.quota"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _figures_by_employee(self, employees, date_from, date_to):
        figures = super()._figures_by_employee(employees, date_from, date_to)
        if not employees:
            return figures
        companies = employees.sudo().company_id
        patients = (
            self.env["hospital.performance.fine"]._quota_counts(date_from, date_to, companies) or {}
        )
        new_partners = dict(
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                Domain("hm_referral_promoter_id", "in", employees.ids)
                & Domain("referral_partner_kind", "!=", False)
                & Domain("parent_id", "=", False)
                & Domain("create_date", ">=", date_from)
                & Domain("create_date", "<", date_to + timedelta(days=1)),
                ["hm_referral_promoter_id"],
                ["__count"],
            )
        )
        for employee in employees:
            figures[employee.id]["patients"] = patients.get(employee.id, 0)
            figures[employee.id]["new_partners"] = new_partners.get(employee, 0)
        return figures
