from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .hospital_work_report import day_of_month


class HospitalPerformanceFine(models.AbstractModel):
    """The fine generators, in one place beside the adjustments they write: quota fines and
    bonuses (R-W6), report penalties (R-W5), and, in hospital_referral, fraud fines (R-R6).

    Each generator is set-wise and idempotent and returns the adjustments it created; the
    month-end run (``hospital.commission.run``), the report penalty job and the case rejection
    call it. The records that cause a fine keep their own lifecycle and deadlines.
    """

    _name = "hospital.performance.fine"
    _description = "Performance Fine Generators"

    # ------------------------------------------------------------------
    # Business: quota (R-W6)
    # ------------------------------------------------------------------
    @api.model
    def _quota_counts(self, date_from, date_to, companies):
        """``{employee id: counted patients}`` of the staff under a referral quota, or ``None``
        when no source of referred patients is installed. The referral addon provides it."""
        return None

    @api.model
    def _quota_employees(self, companies):
        """Staff under the monthly referral quota (R-W6): promoters of referral teams."""
        return self.env["hr.employee"]._hm_promoters(companies, team_kind="referral")

    @api.model
    def _generate_quota_adjustments(self, date_from, date_to, companies):
        """One confirmed adjustment per promoter and month: under the quota -penalty per
        missing patient, over it +bonus per extra patient (R-W6, amounts of the company
        settings). Idempotent: an unchanged figure is not rewritten, a changed one is updated
        while its settlement is still a draft."""
        Adjustment = self.env["hospital.performance.adjustment"]
        counts = self._quota_counts(date_from, date_to, companies)
        if counts is None:
            return Adjustment
        employees = self._quota_employees(companies)
        existing = (
            Adjustment.sudo()
            .search(
                [
                    ("kind", "in", ("quota_penalty", "quota_bonus")),
                    ("date", "=", date_to),
                    ("employee_id", "in", employees.ids),
                    ("state", "!=", "cancel"),
                ],
                order="id",
            )
            .grouped("employee_id")
        )
        to_create = []
        targets = self.env["hospital.marketing.quota"]._referral_targets(
            employees, date_from, date_to
        )
        month = date_from.strftime("%Y-%m")
        for employee in employees:
            company = employee.company_id
            currency = company.currency_id
            quota = targets[employee.id]
            count = counts.get(employee.id, 0)
            if count < quota:
                kind = "quota_penalty"
                amount = -(quota - count) * company.hm_quota_penalty_per_patient
            else:
                kind = "quota_bonus"
                amount = (count - quota) * company.hm_quota_bonus_per_patient
            name = self.env._(
                "Referral quota %(month)s: %(count)s of %(quota)s patients",
                month=month,
                count=count,
                quota=quota,
            )
            adjustments = existing.get(employee, Adjustment)
            signed = adjustments.filtered(
                lambda a: a.settlement_id and a.settlement_id.state != "draft"
            )
            open_ = adjustments - signed
            if signed:
                # R-C11: the signed figure stands; the difference is a correction that the run
                # puts in the month's new draft
                diff = amount - sum(adjustments.mapped("amount"))
                if currency.is_zero(diff):
                    continue
                correction = open_[:1]
                if correction:
                    new_amount = correction.amount + diff
                    if currency.is_zero(new_amount):
                        correction.write({"state": "cancel"})
                    else:
                        correction.write({"amount": new_amount, "name": name})
                    continue
                to_create.append(
                    {
                        "name": self.env._("Correction of %s", name),
                        "kind": kind,
                        "state": "confirmed",
                        "company_id": company.id,
                        "employee_id": employee.id,
                        "date": date_to,
                        "amount": diff,
                        "correction_of_id": signed[:1].id,
                    }
                )
                continue
            adjustment = open_[:1]
            if adjustment:
                if currency.compare_amounts(adjustment.amount, amount):
                    if amount:
                        adjustment.write({"amount": amount, "kind": kind, "name": name})
                    else:
                        adjustment.write({"state": "cancel"})
                continue
            if amount:
                to_create.append(
                    {
                        "name": name,
                        "kind": kind,
                        "state": "confirmed",
                        "company_id": company.id,
                        "employee_id": employee.id,
                        "date": date_to,
                        "amount": amount,
                    }
                )
        return Adjustment.sudo().with_context(tracking_disable=True).create(to_create)

    # ------------------------------------------------------------------
    # Business: report penalties (R-W5)
    # ------------------------------------------------------------------
    @api.model
    def _report_staff(self, companies):
        """Staff who file reports: the promoters of the marketing teams."""
        return self.env["hr.employee"]._hm_promoters(companies)

    @api.model
    def _working_days(self, employees, date_from, date_to):
        """``{employee id: set of local dates}`` the staff works between the two dates, by
        their resource calendar (else the company's), without days off, public holidays and
        their own leaves. One calendar computation per calendar."""
        result = {}
        by_calendar = employees.grouped(
            lambda e: e.resource_calendar_id or e.company_id.resource_calendar_id
        )
        start = pytz.utc.localize(datetime.combine(date_from - timedelta(days=1), time.min))
        stop = pytz.utc.localize(datetime.combine(date_to + timedelta(days=2), time.min))
        for work_calendar, staff in by_calendar.items():
            if not work_calendar:
                result.update({employee_id: set() for employee_id in staff.ids})
                continue
            intervals = work_calendar._work_intervals_batch(
                start, stop, resources=staff.resource_id
            )
            for employee in staff:
                result[employee.id] = {
                    begin.date()
                    for begin, _end, _meta in intervals[employee.resource_id.id]
                    if date_from <= begin.date() <= date_to
                }
        return result

    @api.model
    def _due_periods(self, employee, working_days, date_from, date_to):
        """``[(report type, period start, date of the report)]`` due from ``employee`` with a
        deadline day between the two dates (deadline days are local days)."""
        due = [("daily", day, day) for day in sorted(working_days) if day >= date_from]
        # weeks ending on a Sunday in the range, when they hold a working day
        sunday = date_from + timedelta(days=(6 - date_from.weekday()) % 7)
        while sunday <= date_to:
            monday = sunday - timedelta(days=6)
            if any(monday <= day <= sunday for day in working_days):
                due.append(("weekly", monday, monday))
            sunday += timedelta(days=7)
        company = employee.company_id
        month = date_from.replace(day=1) - relativedelta(months=1)
        while month <= date_to:
            following = month + relativedelta(months=1)
            summary_day = day_of_month(following, company.hm_monthly_summary_day)
            if date_from <= summary_day <= date_to:
                due.append(("monthly_summary", month, month))
            plan_day = day_of_month(month, company.hm_monthly_plan_day)
            if date_from <= plan_day <= date_to:
                due.append(("monthly_plan", following, month))
            month = following
        return due

    @api.model
    def _generate_report_penalties(self, date_from, date_to, companies):
        """The report penalties of the deadlines falling between ``date_from`` and ``date_to``
        (local days) that have passed (R-W5), for the field staff of ``companies``:

        - a working day without a daily report filed by its deadline: a ``missing`` report
          (created, or the draft marked) and -penalty per missing daily report;
        - a weekly summary or a monthly summary/plan filed after its deadline or not by then
          (then marked ``missing``): -penalty per late report for the staff member and
          -leader penalty for the responsible leader.

        A staff member owes reports from the company's *Report Penalties From* date and their
        contract start on: for periods starting on or after them, due on or after them.
        Set-wise and idempotent: a report is fined once per kind and person
        (``res_model``/``res_id``), whatever the state of that fine. Returns the adjustments
        created."""
        Adjustment = self.env["hospital.performance.adjustment"].sudo()
        Report = self.env["hospital.work.report"]
        employees = self._report_staff(companies)
        if not employees:
            return Adjustment
        now = fields.Datetime.now()
        employees.fetch(["company_id", "tz", "resource_calendar_id", "contract_date_start"])
        working = self._working_days(employees, date_from - timedelta(days=6), date_to)
        due = {}  # (employee id, type, period start) -> (employee, report date, deadline)
        for employee in employees:
            company = employee.company_id
            tz = Report._tz(employee, company)
            starts = (company.hm_report_penalty_start, employee.contract_date_start)
            start = max((day for day in starts if day), default=date_from)
            for report_type, period_start, report_date in self._due_periods(
                employee, working[employee.id], date_from, date_to
            ):
                if period_start < start:
                    continue
                period_end = Report._period(report_type, report_date)[1]
                deadline = Report._deadline(report_type, period_start, period_end, company, tz)
                # a plan due before the start (that of the month the start falls in) is not owed
                if deadline <= now and Report._local_date(deadline, tz) >= start:
                    due[employee.id, report_type, period_start] = (employee, report_date)
        if not due:
            return Adjustment
        existing = {
            (r.employee_id.id, r.report_type, r.period_start): r
            for r in Report.sudo().search(
                [
                    ("employee_id", "in", list({key[0] for key in due})),
                    ("period_start", ">=", min(key[2] for key in due)),
                    ("period_start", "<=", max(key[2] for key in due)),
                ]
            )
        }
        to_create = []
        to_mark = Report.browse()
        fined = Report.browse()
        for key, (employee, report_date) in due.items():
            report = existing.get(key)
            if not report:
                to_create.append(
                    {
                        "employee_id": employee.id,
                        "company_id": employee.company_id.id,
                        "report_type": key[1],
                        "date": report_date,
                        "state": "missing",
                    }
                )
                continue
            if report.deadline > now:
                continue  # its own deadline (an older setting) has not passed yet
            if report.submitted_datetime and report.submitted_datetime <= report.deadline:
                continue
            if not report.submitted_datetime and report.state == "draft":
                to_mark |= report
            fined |= report
        to_mark.write({"state": "missing"})
        fined |= Report.sudo().with_context(tracking_disable=True).create(to_create)
        return self._report_fines(fined)

    @api.model
    def _report_fines(self, reports):
        """Confirmed adjustments for ``reports`` (missing or late), once per report, kind and
        person."""
        Adjustment = self.env["hospital.performance.adjustment"].sudo()
        Report = self.env["hospital.work.report"]
        done = {
            (adj.res_id, adj.kind, adj.employee_id.id)
            for adj in Adjustment.search(
                [
                    ("res_model", "=", Report._name),
                    ("res_id", "in", reports.ids),
                    ("kind", "in", ("missing_report", "late_report", "leader_penalty")),
                ]
            )
        }
        vals_list = []
        for report in reports:
            employee = report.employee_id
            company = report.company_id
            tz = Report._tz(employee, company)
            day = Report._local_date(report.deadline, tz)
            fines = []
            if report.report_type == "daily":
                fines.append(
                    (
                        "missing_report",
                        employee,
                        company.hm_penalty_missing_daily,
                        self.env._("Missing daily report %(day)s", day=report.period_start),
                    )
                )
            else:
                fines.append(
                    (
                        "late_report",
                        employee,
                        company.hm_penalty_late_report,
                        self.env._("Late report: %(report)s", report=report.name),
                    )
                )
                if report.leader_id:
                    fines.append(
                        (
                            "leader_penalty",
                            report.leader_id,
                            company.hm_penalty_late_report_leader,
                            self.env._(
                                "Late report of a team member: %(report)s", report=report.name
                            ),
                        )
                    )
            for kind, person, amount, name in fines:
                if not amount or (report.id, kind, person.id) in done:
                    continue
                vals_list.append(
                    {
                        "name": name,
                        "kind": kind,
                        "state": "confirmed",
                        "company_id": company.id,
                        "employee_id": person.id,
                        "date": day,
                        "amount": -abs(amount),
                        "res_model": Report._name,
                        "res_id": report.id,
                    }
                )
        return Adjustment.with_context(tracking_disable=True).create(vals_list)
