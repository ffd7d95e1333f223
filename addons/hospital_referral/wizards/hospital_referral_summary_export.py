from collections import defaultdict

from odoo import models
from odoo.fields import Domain

ARRIVED_STATES = ("arrived", "in_treatment", "discharged", "closed")
DISCHARGED_STATES = ("discharged", "closed")
UNCOUNTED_STATES = ("rejected", "duplicate", "not_counted")


class HospitalReferralSummaryExport(models.TransientModel):
    """The referral summary table (转诊汇总统计表, R-K3): the cases registered in the month by
    referring partner, promoter and clinical department, how many came, were discharged or do
    not count, and the hospital fees for whoever may read fees. Sums of the cases the user
    may read (record rules), computed with one ``_read_group``."""

    _name = "hospital.referral.summary.export"
    _inherit = ["hospital.table.export"]
    _description = "Referral Summary Table"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _table_name(self):
        return self.env._("Referral Summary Table")

    def _with_fees(self):
        Case = self.env["hospital.referral"]
        return Case._has_field_access(Case._fields["total_fees"], "read")

    def _summary(self):
        """``{(partner, employee, department): {"count", "arrived", "discharged",
        "uncounted", "fees"}}``"""
        start, end = self._month_datetimes()
        domain = (
            Domain("company_id", "=", self.company_id.id)
            & Domain("registered_at", ">=", start)
            & Domain("registered_at", "<", end)
        )
        team_ids = self._team_ids()
        if team_ids is not None:
            domain &= Domain("team_id", "in", team_ids)
        aggregates = ["__count"] + (["total_fees:sum"] if self._with_fees() else [])
        summary = defaultdict(
            lambda: dict.fromkeys(("count", "arrived", "discharged", "uncounted", "fees"), 0)
        )
        for partner, employee, department, state, count, *fees in self.env[
            "hospital.referral"
        ]._read_group(
            domain, ["referring_partner_id", "promoter_id", "department_id", "state"], aggregates
        ):
            row = summary[partner, employee, department]
            row["count"] += count
            row["arrived"] += count if state in ARRIVED_STATES else 0
            row["discharged"] += count if state in DISCHARGED_STATES else 0
            row["uncounted"] += count if state in UNCOUNTED_STATES else 0
            row["fees"] += fees[0] if fees else 0.0
        return summary

    def _table_sheets(self):
        with_fees = self._with_fees()
        figures = [
            self.env._("Registered"),
            self.env._("Arrived"),
            self.env._("Discharged"),
            self.env._("Not Counted"),
        ]
        keys = ["count", "arrived", "discharged", "uncounted"]
        if with_fees:
            figures.append(self.env._("Hospital Fees"))
            keys.append("fees")
        summary = self._summary()

        def name(record):
            # names only: the rows are the cases the user may read
            return record.sudo().display_name if record else self.env._("(none)")

        detail = sorted(
            (
                [name(partner), name(employee), name(department)] + [row[k] for k in keys]
                for (partner, employee, department), row in summary.items()
            ),
            key=lambda r: r[:3],
        )
        sheets = [
            (
                self.env._("Details"),
                [
                    self.env._("Referring Partner"),
                    self.env._("Promoter"),
                    self.env._("Department"),
                    *figures,
                ],
                detail + ([self._total_row(detail, 3)] if detail else []),
            )
        ]
        for title, column, index in (
            (self.env._("By Partner"), self.env._("Referring Partner"), 0),
            (self.env._("By Promoter"), self.env._("Promoter"), 1),
            (self.env._("By Department"), self.env._("Department"), 2),
        ):
            totals = {}
            for row in detail:
                sums = totals.setdefault(row[index], [0] * len(keys))
                for i, value in enumerate(row[3:]):
                    sums[i] += value
            rows = [[key, *sums] for key, sums in sorted(totals.items())]
            sheets.append(
                (title, [column, *figures], rows + ([self._total_row(rows, 1)] if rows else []))
            )
        return sheets

    def _total_row(self, rows, first_figure):
        return (
            [self.env._("Total")]
            + [None] * (first_figure - 1)
            + [sum(r[c] for r in rows) for c in range(first_figure, len(rows[0]))]
        )
