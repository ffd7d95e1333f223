from odoo import models
from odoo.fields import Domain


class HospitalWorkloadExport(models.TransientModel):
    """The monthly workload table (工作量统计表, R-K3): per promoter, the visits and phone
    follow-ups done in the month, the partners contacted, the work reports filed and how many
    of them late. Counted set-wise as the user, under the record rules."""

    _name = "hospital.workload.export"
    _inherit = ["hospital.table.export"]
    _description = "Monthly Workload Table"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _table_name(self):
        return self.env._("Monthly Workload Table")

    def _base_domain(self, team_field="team_id"):
        domain = Domain("company_id", "=", self.company_id.id)
        team_ids = self._team_ids()
        if team_ids is not None:
            domain &= Domain(team_field, "in", team_ids)
        return domain

    def _workload(self):
        """``{employee: {"visit": n, "call": n, "contacts": n, "reports": n, "late": n}}``"""
        start, end = self._month_datetimes()
        visit_domain = (
            self._base_domain()
            & Domain("state", "=", "done")
            & Domain("start_datetime", ">=", start)
            & Domain("start_datetime", "<", end)
            & Domain("promoter_id", "!=", False)
        )
        Visit = self.env["hospital.visit"]
        table = {}
        for employee, kind, count in Visit._read_group(
            visit_domain, ["promoter_id", "kind"], ["__count"]
        ):
            table.setdefault(employee, {})[kind] = count
        # contacts as on the daily report (R-W3): the distinct people named on the done visits
        # and calls, or the partner itself when nobody was named
        contacted = {}
        for employee, contact in Visit._read_group(
            visit_domain & Domain("contact_ids", "!=", False), ["promoter_id", "contact_ids"]
        ):
            contacted.setdefault(employee, set()).add(contact.id)
        for employee, partner in Visit._read_group(
            visit_domain & Domain("contact_ids", "=", False), ["promoter_id", "partner_id"]
        ):
            contacted.setdefault(employee, set()).add(partner.id)
        for employee, partner_ids in contacted.items():
            table.setdefault(employee, {})["contacts"] = len(partner_ids)
        first, next_first = self._month_dates()
        report_domain = (
            self._base_domain()
            & Domain("state", "in", ["submitted", "approved"])
            & Domain("period_start", ">=", first)
            & Domain("period_start", "<", next_first)
        )
        for employee, late, count in self.env["hospital.work.report"]._read_group(
            report_domain, ["employee_id", "is_late"], ["__count"]
        ):
            row = table.setdefault(employee, {})
            row["reports"] = row.get("reports", 0) + count
            if late:
                row["late"] = row.get("late", 0) + count
        return table

    def _table_sheets(self):
        header = [
            self.env._("Promoter"),
            self.env._("Team"),
            self.env._("Visits Done"),
            self.env._("Calls Done"),
            self.env._("People Contacted"),
            self.env._("Reports Filed"),
            self.env._("Reports Late"),
        ]
        table = self._workload()
        # names of colleagues are not secret: the rows are the ones the user may count
        employees = self.env["hr.employee"].browse([e.id for e in table]).sudo()
        rows = []
        for employee in employees.sorted(lambda e: (e.hm_marketing_team_id.name or "", e.name)):
            counts = table[employee]
            rows.append(
                [
                    employee.name,
                    employee.hm_marketing_team_id.name or "",
                    counts.get("visit", 0),
                    counts.get("call", 0),
                    counts.get("contacts", 0),
                    counts.get("reports", 0),
                    counts.get("late", 0),
                ]
            )
        if rows:
            rows.append(
                [self.env._("Total"), None] + [sum(r[c] for r in rows) for c in range(2, 7)]
            )
        return [(self._table_name(), header, rows)]
