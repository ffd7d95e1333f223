import calendar
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.local_time import env_for

REPORT_TYPES = [
    ("daily", "Daily Report"),
    ("weekly", "Weekly Summary and Plan"),
    ("monthly_summary", "Monthly Summary"),
    ("monthly_plan", "Next-Month Plan"),
]

# set only by the workflow (actions, the penalty job), never written by hand
WORKFLOW_FIELDS = {
    "state",
    "submitted_datetime",
    "reviewer_id",
    "reviewed_datetime",
    "return_reason",
    "deadline",
    "is_late",
    "period_start",
    "period_end",
}
# what a submitted report freezes (the leader returns it for changes)
CONTENT_FIELDS = {
    "report_type",
    "date",
    "employee_id",
    "company_id",
    "whereabouts",
    "new_clients",
    "call_notes",
    "summary",
    "plan",
}


def _local_time(hour):
    """The time of day of a float hour of the settings (17.5 is 17:30)."""
    hour = min(max(hour or 0.0, 0.0), 24.0)
    minutes = min(round(hour * 60), 24 * 60 - 1)
    return time(minutes // 60, minutes % 60)


def day_of_month(month_start, day):
    """``day`` of the month starting ``month_start``, kept inside the month (31 is its end)."""
    last = calendar.monthrange(month_start.year, month_start.month)[1]
    return month_start.replace(day=min(max(day, 1), last))


class HospitalWorkReport(models.Model):
    """A promoter's daily report, weekly summary and plan, monthly summary or next-month plan
    (R-W4), reviewed by the team leader; missing and late reports are fined (R-W5).

    A report is a field-work record like a visit: its owner, the leader of its team and the
    department read it, and it may carry a secret class (a plan not yet launched is class B,
    R-S1), which narrows readers to the owner, the people it was given to and the
    vice-president.
    """

    _name = "hospital.work.report"
    _description = "Work Report"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "hospital.secret.mixin",
        "hospital.marketing.owned.mixin",
        "hospital.workflow.mixin",
    ]
    _hm_owner_field = "employee_id"
    _order = "period_start desc, report_type, id desc"
    _check_company_auto = True
    # the workflow moves only through the buttons and the penalty job; a report changes hands
    # (another staff member, owner or team) only by a team leader's hand (R-W4, R-W5)
    _hm_workflow_fields = dict.fromkeys(WORKFLOW_FIELDS, False) | dict.fromkeys(
        ("employee_id", "user_id", "team_id", "leader_id"),
        "hospital_marketing.group_marketing_leader",
    )
    _rec_names_search = ["employee_id", "summary"]

    # not stored: the type is shown in the reader's language
    name = fields.Char(compute="_compute_name")
    report_type = fields.Selection(
        REPORT_TYPES, string="Type", required=True, default="daily", tracking=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("missing", "Missing"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        help="Missing: not filed by its deadline (set by the daily penalty job); it can still "
        "be filed, late.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user.employee_id,
    )
    # the owner and team may be corrected by hand
    user_id = fields.Many2one(readonly=False)
    team_id = fields.Many2one(readonly=False, check_company=True)
    leader_id = fields.Many2one(
        "hr.employee",
        string="Responsible Leader",
        compute="_compute_leader_id",
        store=True,
        index=True,
        precompute=True,
        help="The leader of the team (or of the nearest team above a squad without one): "
        "reviews the report and is fined with the promoter when a weekly or monthly report is "
        "late.",
    )
    leader_user_id = fields.Many2one(
        "res.users", related="leader_id.user_id", string="Reviewer User", store=True, index=True
    )
    date = fields.Date(
        string="Report Date",
        required=True,
        default=fields.Date.context_today,
        help="The day of a daily report, any day of the week or month of a summary; a "
        "next-month plan plans the month after this date.",
    )
    period_start = fields.Date(
        compute="_compute_period", store=True, index=True, precompute=True, readonly=True
    )
    period_end = fields.Date(compute="_compute_period", store=True, precompute=True, readonly=True)
    deadline = fields.Datetime(
        compute="_compute_deadline",
        store=True,
        precompute=True,
        readonly=True,
        help="From the company settings (daily report hour, weekly report hour on Sunday, "
        "monthly summary and plan days), in the staff member's time zone; a change of setting "
        "applies to the reports created after it and to the drafts not due yet.",
    )
    submitted_datetime = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        store=True,
        help="Filed after its deadline, or not filed by then.",
    )
    reviewer_id = fields.Many2one("res.users", string="Reviewed By", readonly=True, copy=False)
    reviewed_datetime = fields.Datetime(string="Reviewed On", readonly=True, copy=False)
    return_reason = fields.Text(readonly=True, copy=False, tracking=True)
    # contents (seeds 001 7-1, 002 二)
    whereabouts = fields.Text(help="Where the day was spent, partner by partner.")
    new_clients = fields.Text()
    call_notes = fields.Text(string="Phone Follow-ups")
    summary = fields.Text()
    plan = fields.Text(string="Plan for the Next Period")
    # figures of the period from the visit log
    visit_count = fields.Integer(string="Visits", compute="_compute_activity_counts")
    call_count = fields.Integer(string="Calls", compute="_compute_activity_counts")
    # the daily minimum of referral doctors contacted (R-W3), on daily reports
    contact_count = fields.Integer(
        string="Contacts Today",
        compute="_compute_contact_count",
        help="Distinct referral doctors (or partners, when nobody was named) visited or "
        "called on the day, from the visit log, in the staff member's time zone.",
    )
    under_minimum = fields.Boolean(
        string="Under the Minimum",
        compute="_compute_contact_count",
        help="Fewer contacts than the daily minimum of the settings (Referral doctors "
        "contacted per day).",
    )

    _employee_period_uniq = models.Constraint(
        "UNIQUE(employee_id, report_type, period_start)",
        "A staff member files one report of each type per period.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("report_type", "period_start", "period_end", "employee_id")
    def _compute_name(self):
        labels = dict(self._fields["report_type"]._description_selection(self.env))
        for report in self:
            if not report.period_start:
                report.name = labels.get(report.report_type)
                continue
            period = (
                str(report.period_start)
                if report.period_start == report.period_end
                else f"{report.period_start} - {report.period_end}"
            )
            label = labels.get(report.report_type)
            report.name = f"{label} {period} {report.employee_id.name or ''}".strip()

    @api.depends("team_id", "employee_id")
    def _compute_leader_id(self):
        for report in self:
            report.leader_id = self._responsible_leader(report.employee_id, report.team_id)

    @api.depends("report_type", "date")
    def _compute_period(self):
        for report in self:
            if report.date:
                report.period_start, report.period_end = self._period(
                    report.report_type, report.date
                )
            else:
                report.period_start = report.period_end = False

    @api.depends("report_type", "period_start", "period_end", "company_id", "employee_id")
    def _compute_deadline(self):
        for report in self:
            if report.period_start and report.period_end:
                report.deadline = self._deadline(
                    report.report_type,
                    report.period_start,
                    report.period_end,
                    report.company_id,
                    self._tz(report.employee_id, report.company_id),
                )
            else:
                report.deadline = False

    @api.depends("state", "submitted_datetime", "deadline")
    def _compute_is_late(self):
        for report in self:
            report.is_late = report.state == "missing" or bool(
                report.submitted_datetime
                and report.deadline
                and report.submitted_datetime > report.deadline
            )

    def _compute_activity_counts(self):
        """Visits and calls done in the period, from the visit log: one ``_read_group`` per
        time zone, by promoter, kind and local day. Counted with sudo: the reviewer sees the
        figures of visits they may not read (a secret visit)."""
        counts = defaultdict(int)
        reports = self.filtered(lambda r: r.employee_id and r.period_start and r.period_end)
        Visit = self.env["hospital.visit"].sudo()
        for tz_name, group in reports.grouped(
            lambda r: self._tz(r.employee_id, r.company_id).zone
        ).items():
            tz = pytz.timezone(tz_name)
            start = min(group.mapped("period_start"))
            stop = max(group.mapped("period_end")) + timedelta(days=1)
            domain = [
                ("promoter_id", "in", group.employee_id.ids),
                ("state", "=", "done"),
                ("start_datetime", ">=", self._hm_to_utc(datetime.combine(start, time.min), tz)),
                ("start_datetime", "<", self._hm_to_utc(datetime.combine(stop, time.min), tz)),
            ]
            for employee, kind, day, count in Visit.with_context(tz=tz_name)._read_group(
                domain, ["promoter_id", "kind", "start_datetime:day"], ["__count"]
            ):
                day = day.date() if isinstance(day, datetime) else day
                counts[employee.id, kind, day] += count
        for report in self:
            visits = calls = 0
            if report in reports:
                day = report.period_start
                while day <= report.period_end:
                    visits += counts.get((report.employee_id.id, "visit", day), 0)
                    calls += counts.get((report.employee_id.id, "call", day), 0)
                    day += timedelta(days=1)
            report.visit_count = visits
            report.call_count = calls

    def _compute_contact_count(self):
        """The distinct people contacted on the day of a daily report, one visit-log
        query per time zone (``hospital.visit._contacts_by_day``)."""
        daily = self.filtered(
            lambda r: r.report_type == "daily" and r.employee_id and r.period_start
        )
        contacts = {}
        Visit = self.env["hospital.visit"]
        for tz_name, group in daily.grouped(
            lambda r: self._tz(r.employee_id, r.company_id).zone
        ).items():
            contacts.update(
                Visit._contacts_by_day(
                    group.employee_id,
                    min(group.mapped("period_start")),
                    max(group.mapped("period_start")),
                    pytz.timezone(tz_name),
                )
            )
        for report in self:
            if report in daily:
                count = len(contacts.get((report.employee_id.id, report.period_start), ()))
                report.contact_count = count
                report.under_minimum = count < report.company_id.hm_min_daily_contacts
            else:
                report.contact_count = 0
                report.under_minimum = False

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if (
            not self.env.su
            and CONTENT_FIELDS & vals.keys()
            and any(r.state in ("submitted", "approved") for r in self)
        ):
            raise UserError(
                self.env._(
                    "A submitted report can no longer be changed; the leader returns it "
                    "to its author for corrections."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(r.state != "draft" or r.submitted_datetime for r in self):
            raise UserError(self.env._("Only a draft report that was never filed can be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        """The author files their own report: nobody else, not their leader (whose own
        penalty counts the team's missing reports) nor the manager, files it for them."""
        self.check_access("write")
        if not self.env.su and self.filtered(lambda r: r.employee_id.user_id != self.env.user):
            raise AccessError(self.env._("Only the author submits a report."))
        for report in self:
            if report.state not in ("draft", "missing"):
                raise UserError(self.env._("Only a draft or missing report can be submitted."))
        now = fields.Datetime.now()
        for report in self.sudo():
            vals = {"state": "submitted", "return_reason": False}
            if not report.submitted_datetime:
                # the first filing counts for the deadline, a correction after a return does not
                vals["submitted_datetime"] = now
            report.write(vals)
            reviewer = report._reviewer_user()
            if reviewer:
                report.activity_schedule(
                    "hospital_marketing.mail_activity_type_report_review",
                    user_id=reviewer.id,
                    summary=env_for(self.env, reviewer)._("Review %s", report.name),
                )
        return True

    def action_approve(self):
        self._check_reviewer()
        self.sudo().write(
            {
                "state": "approved",
                "reviewer_id": self.env.uid,
                "reviewed_datetime": fields.Datetime.now(),
            }
        )
        self.sudo().activity_feedback(["hospital_marketing.mail_activity_type_report_review"])
        return True

    def action_open_return_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return the Report"),
            "res_model": "hospital.work.report.return.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_report_ids": self.ids},
        }

    def action_open_adjustments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Fines of %s", self.name),
            "res_model": "hospital.performance.adjustment",
            "view_mode": "list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _check_reviewer(self):
        """The leader responsible for the report, or the marketing manager / vice-president,
        reviews it; nobody reviews their own report."""
        self.check_access("write")
        user = self.env.user
        is_manager = user.has_group("hospital_marketing.group_marketing_manager")
        for report in self:
            if report.user_id == user or report.employee_id.sudo().user_id == user:
                raise AccessError(self.env._("Nobody reviews their own report."))
            if not is_manager and report.leader_id.user_id != user:
                raise AccessError(
                    self.env._(
                        "Only the leader of %(employee)s's team or the marketing manager reviews "
                        "this report.",
                        employee=report.employee_id.name,
                    )
                )
            if report.state != "submitted":
                raise UserError(self.env._("Only a submitted report can be reviewed."))

    def _return_to_author(self, reason):
        """Send the report back to its author as a draft, with the reason (the return wizard's
        action: private, a public method with an argument would be callable over RPC)."""
        self._check_reviewer()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the report is returned."))
        self.sudo().write(
            {
                "state": "draft",
                "return_reason": reason,
                "reviewer_id": self.env.uid,
                "reviewed_datetime": fields.Datetime.now(),
            }
        )
        self.sudo().activity_unlink(["hospital_marketing.mail_activity_type_report_review"])
        for report in self:
            report.message_post(
                body=self.env._("Returned for corrections: %s", reason),
                partner_ids=report.user_id.partner_id.ids,
            )
        return True

    @api.model
    def _reschedule_open(self, companies):
        """Give the drafts of ``companies`` not due yet the deadline of the current settings.
        A report already due keeps its deadline, and so does a draft whose new deadline would
        already be past: changing a setting never makes a report late by itself."""
        now = fields.Datetime.now()
        drafts = self.search(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "draft"),
                ("submitted_datetime", "=", False),
                ("deadline", ">", now),
            ]
        )
        for report in drafts:
            deadline = self._deadline(
                report.report_type,
                report.period_start,
                report.period_end,
                report.company_id,
                self._tz(report.employee_id, report.company_id),
            )
            if deadline > now and deadline != report.deadline:
                report.deadline = deadline

    @api.model
    def _cron_report_penalties(self):
        """Daily job: the penalties of the reports due since the first day of the previous
        month (a bounded look-back: a late run catches up, an old database is not fined for
        years), generated by ``hospital.performance.fine``."""
        today = fields.Date.context_today(self)
        date_from = today.replace(day=1) - relativedelta(months=1)
        companies = self.env["res.company"].sudo().search([])
        return (
            self.env["hospital.performance.fine"]
            .sudo()
            ._generate_report_penalties(date_from, today, companies)
        )

    def _reviewer_user(self):
        """Who reviews: the responsible leader, else the staff member's manager."""
        self.ensure_one()
        user = self.leader_id.user_id or self.employee_id.sudo().parent_id.user_id
        return user if user != self.user_id else self.env["res.users"]

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _period(self, report_type, day):
        """``(start, end)`` of the period of a report of ``report_type`` dated ``day``."""
        if report_type == "weekly":
            start = day - timedelta(days=day.weekday())
            return start, start + timedelta(days=6)
        if report_type in ("monthly_summary", "monthly_plan"):
            start = day.replace(day=1)
            if report_type == "monthly_plan":
                start += relativedelta(months=1)
            return start, start + relativedelta(months=1, days=-1)
        return day, day

    @api.model
    def _deadline(self, report_type, period_start, period_end, company, tz):
        """The deadline (naive UTC) of a report: the daily report on its day at the daily
        hour, the weekly one on the Sunday ending the week at the weekly hour, the monthly
        summary on the summary day of the next month and the plan on the plan day of the
        month before the month it plans, both until the end of that day (R-W4)."""
        if report_type == "daily":
            local = datetime.combine(period_start, _local_time(company.hm_daily_report_hour))
        elif report_type == "weekly":
            local = datetime.combine(period_end, _local_time(company.hm_weekly_report_hour))
        elif report_type == "monthly_summary":
            due = day_of_month(
                period_start + relativedelta(months=1), company.hm_monthly_summary_day
            )
            local = datetime.combine(due, time(23, 59, 59))
        else:
            due = day_of_month(period_start - relativedelta(months=1), company.hm_monthly_plan_day)
            local = datetime.combine(due, time(23, 59, 59))
        return self._hm_to_utc(local, tz)

    @api.model
    def _hm_to_utc(self, local, tz):
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _local_date(self, utc_datetime, tz):
        return pytz.utc.localize(utc_datetime).astimezone(tz).date()

    @api.model
    def _tz(self, employee, company):
        """The time zone of the deadlines: the staff member's, else the company calendar's."""
        employee = employee.sudo()
        name = (
            employee.tz
            or company.sudo().resource_calendar_id.tz
            or self.env.context.get("tz")
            or "UTC"
        )
        return pytz.timezone(name)

    @api.model
    def _responsible_leader(self, employee, team):
        """The leader of ``team`` or of the nearest team above it that has one, never the
        staff member themselves."""
        team = team.sudo()
        while team:
            if team.leader_id and team.leader_id != employee:
                return team.leader_id
            team = team.parent_id
        return self.env["hr.employee"]
