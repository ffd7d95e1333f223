from odoo import fields, models
from odoo.fields import Domain

from odoo.addons.hospital_marketing.tools.local_time import local_tz

ARRIVED_STATES = ("arrived", "in_treatment", "discharged", "closed")


class HospitalPartnerRegisterExport(models.TransientModel):
    """The partner register (客户登记汇总表, R-K3): every referral partner the user may read,
    with its kind, grade, territory, responsible promoter and phone, when it started to
    cooperate, its last visit, and the cases it referred in the month and in all. The
    partners are searched and the cases counted as the user (record rules), set-wise."""

    _name = "hospital.partner.register.export"
    _inherit = ["hospital.table.export"]
    _description = "Partner Register Table"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _table_name(self):
        return self.env._("Partner Register Table")

    def _partners(self):
        domain = Domain("referral_partner_kind", "!=", False) & Domain(
            "company_id", "in", [self.company_id.id, False]
        )
        team_ids = self._team_ids()
        if team_ids is not None:
            domain &= Domain("hm_referral_team_id", "in", team_ids)
        return self.env["res.partner"].search(domain, order="name, id")

    def _case_counts(self, partners, month_only=False, arrived=False):
        domain = Domain("referring_partner_id", "in", partners.ids) & Domain(
            "company_id", "=", self.company_id.id
        )
        if month_only:
            start, end = self._month_datetimes()
            domain &= Domain("registered_at", ">=", start) & Domain("registered_at", "<", end)
        if arrived:
            domain &= Domain("state", "in", ARRIVED_STATES)
        return {
            partner.id: count
            for partner, count in self.env["hospital.referral"]._read_group(
                domain, ["referring_partner_id"], ["__count"]
            )
        }

    def _table_sheets(self):
        Partner = self.env["res.partner"]
        kinds = dict(Partner._fields["referral_partner_kind"]._description_selection(self.env))
        grades = dict(Partner._fields["hm_referral_grade"]._description_selection(self.env))
        partners = self._partners()
        month_cases = self._case_counts(partners, month_only=True)
        month_arrived = self._case_counts(partners, month_only=True, arrived=True)
        all_cases = self._case_counts(partners)
        tz = local_tz(self.env, self.company_id)
        header = [
            self.env._("Partner"),
            self.env._("Partner Kind"),
            self.env._("Grade"),
            self.env._("Territory"),
            self.env._("Responsible Promoter"),
            self.env._("Phone"),
            self.env._("Cooperating Since"),
            self.env._("Last Visit"),
            self.env._("Cases This Month"),
            self.env._("Arrived This Month"),
            self.env._("Cases in All"),
        ]
        rows = []
        for partner in partners:
            last_visit = partner.hm_referral_last_visit
            rows.append(
                [
                    partner.display_name,
                    kinds.get(partner.referral_partner_kind, ""),
                    grades.get(partner.hm_referral_grade, ""),
                    partner.hm_referral_territory_id.sudo().display_name or "",
                    partner.hm_referral_promoter_id.sudo().name or "",
                    partner.phone or "",
                    partner.hm_referral_since,
                    last_visit
                    and fields.Datetime.context_timestamp(
                        partner.with_context(tz=tz), last_visit
                    ).date(),
                    month_cases.get(partner.id, 0),
                    month_arrived.get(partner.id, 0),
                    all_cases.get(partner.id, 0),
                ]
            )
        if rows:
            rows.append(
                [self.env._("Total"), None, None, None, None, None, None, None]
                + [sum(r[c] for r in rows) for c in range(8, 11)]
            )
        return [(self._table_name(), header, rows)]
