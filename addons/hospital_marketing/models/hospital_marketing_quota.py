from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# the figures a quota sets a target for, and the field of each target and achievement
FIGURES = ("patients", "contacts", "new_partners", "field_days", "events")


class HospitalMarketingQuota(models.Model):
    """Targets of a promoter or a team for a period (R-W6): referred patients, contacts with
    referral doctors, new partners, field days, events run; the achievement is computed live
    from the records, for all quotas at once.

    The core counts what it knows: contacts (the distinct people met or called each day,
    summed over the period) and field days (:meth:`_field_days`). Upper addons extend
    :meth:`_figures_by_employee`: ``hospital_referral`` adds referred patients and new
    partners; ``events`` (outreach events run) is the hook ``hospital_events`` fills.
    The month-end run reads the referred-patient target of a promoter's monthly quota
    (:meth:`_referral_targets`), the company setting when there is none."""

    _name = "hospital.marketing.quota"
    _description = "Marketing Quota"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    employee_id = fields.Many2one(
        "hr.employee", string="Promoter", index=True, tracking=True, check_company=True
    )
    team_id = fields.Many2one(
        "hospital.marketing.team", index=True, tracking=True, check_company=True
    )
    # the owner and the team in scope: the record rules read them
    user_id = fields.Many2one(
        "res.users", string="Owner", compute="_compute_scope", store=True, index=True
    )
    scope_team_id = fields.Many2one(
        "hospital.marketing.team", string="Team in Scope", compute="_compute_scope", store=True
    )
    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: self._default_date_from() + relativedelta(months=1, days=-1),
    )
    target_patients = fields.Integer(
        string="Referred Patients",
        default=lambda self: self.env.company.hm_monthly_referral_quota,
        tracking=True,
    )
    target_contacts = fields.Integer(
        string="Doctor Contacts",
        help="Contacts with referral doctors in the period: the distinct people met or called "
        "each day, added up.",
        tracking=True,
    )
    target_new_partners = fields.Integer(string="New Partners", tracking=True)
    target_field_days = fields.Integer(
        string="Field Days",
        default=lambda self: round(self.env.company.hm_field_days_per_year / 12),
        help="Days with a visit in the field (240 a year by default).",
        tracking=True,
    )
    target_events = fields.Integer(string="Events Run", tracking=True)
    achieved_patients = fields.Integer(
        string="Referred Patients Achieved", compute="_compute_achievement"
    )
    achieved_contacts = fields.Integer(
        string="Doctor Contacts Achieved", compute="_compute_achievement"
    )
    achieved_new_partners = fields.Integer(
        string="New Partners Achieved", compute="_compute_achievement"
    )
    achieved_field_days = fields.Integer(
        string="Field Days Achieved", compute="_compute_achievement"
    )
    achieved_events = fields.Integer(string="Events Run Achieved", compute="_compute_achievement")
    achievement_rate = fields.Float(
        string="Achievement (%)",
        compute="_compute_achievement",
        help="The average, over the targets set, of the share achieved (each capped at 100%).",
    )
    note = fields.Text()

    _period_valid = models.Constraint(
        "CHECK(date_to >= date_from)", "A quota's period ends after it starts."
    )
    _one_holder = models.Constraint(
        "CHECK((employee_id IS NULL) != (team_id IS NULL))",
        "A quota is set for a promoter or for a team, not both.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.model
    def _default_date_from(self):
        return fields.Date.context_today(self).replace(day=1)

    @api.depends("employee_id.name", "team_id.complete_name", "date_from", "date_to")
    def _compute_name(self):
        for quota in self:
            holder = quota.employee_id.name or quota.team_id.complete_name or ""
            quota.name = f"{holder} {quota.date_from or ''} - {quota.date_to or ''}"

    @api.depends("employee_id.user_id", "employee_id.hm_marketing_team_id", "team_id")
    def _compute_scope(self):
        for quota in self:
            employee = quota.employee_id.sudo()
            quota.user_id = employee.user_id
            quota.scope_team_id = quota.team_id or employee.hm_marketing_team_id

    @api.depends(
        "employee_id",
        "team_id",
        "date_from",
        "date_to",
        *(f"target_{figure}" for figure in FIGURES),
    )
    def _compute_achievement(self):
        figures = self._achievements()
        for quota in self:
            achieved = figures.get(quota.id, {})
            shares = []
            for figure in FIGURES:
                value = achieved.get(figure, 0)
                quota[f"achieved_{figure}"] = value
                target = quota[f"target_{figure}"]
                if target > 0:
                    shares.append(min(value / target, 1.0))
            quota.achievement_rate = 100.0 * sum(shares) / len(shares) if shares else 0.0

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("employee_id", "team_id", "date_from", "date_to")
    def _check_overlap(self):
        """One quota per promoter (or team) and period: periods of the same holder do not
        overlap."""
        for quota in self:
            holder = ("employee_id", "=", quota.employee_id.id)
            if quota.team_id:
                holder = ("team_id", "=", quota.team_id.id)
            if self.sudo().search_count(
                [
                    ("id", "!=", quota.id),
                    holder,
                    ("date_from", "<=", quota.date_to),
                    ("date_to", ">=", quota.date_from),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._("%s already has a quota overlapping this period.", quota.name)
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    # the manager edits every quota, a leader their team's but not their own (R-W6); the
    # record rules give the team scope
    def _check_editor(self):
        if self.env.su or self.env.user.has_groups("hospital_marketing.group_marketing_manager"):
            return
        if any(quota.user_id == self.env.user for quota in self):
            raise AccessError(self.env._("A team leader does not set their own quota."))

    @api.model_create_multi
    def create(self, vals_list):
        quotas = super().create(vals_list)
        quotas._check_editor()
        return quotas

    def write(self, vals):
        self._check_editor()
        res = super().write(vals)
        self._check_editor()
        return res

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    # the achievement, set-wise
    def _members(self):
        """``{quota id: employees}`` counted by each quota: its promoter, or the members of
        its team and of the team's squads (one search for all team quotas)."""
        members = {quota.id: quota.employee_id for quota in self if quota.employee_id}
        teams = self.team_id
        if teams:
            staff = (
                self.env["hr.employee"]
                .sudo()
                .search([("hm_marketing_team_id", "child_of", teams.ids)])
            )
            for quota in self.filtered("team_id"):
                key = str(quota.team_id.id)
                members[quota.id] = staff.filtered(
                    lambda e, key=key: key in e.hm_marketing_team_id.parent_path.split("/")
                )
        return members

    def _achievements(self):
        """``{quota id: {figure: achieved}}`` of ``self``: one computation per distinct
        period for all the staff of the quotas of that period."""
        members = self._members()
        result = {}
        for (date_from, date_to), quotas in self.grouped(
            lambda q: (q.date_from, q.date_to)
        ).items():
            if not (date_from and date_to):
                continue
            employees = self.env["hr.employee"].browse(
                {e.id for quota in quotas for e in members.get(quota.id, [])}
            )
            figures = self._figures_by_employee(employees, date_from, date_to)
            for quota in quotas:
                total = defaultdict(int)
                for employee in members.get(quota.id, []):
                    for figure, value in figures.get(employee.id, {}).items():
                        total[figure] += value
                result[quota.id] = dict(total)
        return result

    @api.model
    def _figures_by_employee(self, employees, date_from, date_to):
        """``{employee id: {figure: value}}`` from ``date_from`` to ``date_to`` (both
        included). EXTENSION POINT: upper addons call super and add their figures
        (``patients``, ``new_partners``, ``events``)."""
        figures = defaultdict(dict)
        if not employees:
            return figures
        contacts = self._contacts(employees, date_from, date_to)
        days = self._field_days(employees, date_from, date_to)
        for employee in employees:
            figures[employee.id]["contacts"] = contacts.get(employee.id, 0)
            figures[employee.id]["field_days"] = days.get(employee.id, 0)
        return figures

    @api.model
    def _contacts(self, employees, date_from, date_to):
        """``{employee id: contacts}``: the distinct people each met or called per local day
        (R-W3), added up over the period; one query per time zone."""
        Visit = self.env["hospital.visit"]
        counts = defaultdict(int)
        for tz, staff in employees.grouped(self._employee_tz).items():
            by_day = Visit._contacts_by_day(staff, date_from, date_to, tz)
            for (employee_id, _day), people in by_day.items():
                counts[employee_id] += len(people)
        return counts

    @api.model
    def _field_days(self, employees, date_from, date_to):
        """``{employee id: days}``: the local days with at least one done visit in the field
        whose check-in recorded a position (R-W6; calls, and visits without a position, do
        not count)."""
        Visit = self.env["hospital.visit"].sudo()
        days = defaultdict(set)
        for tz, staff in employees.grouped(self._employee_tz).items():
            start = tz.localize(datetime.combine(date_from, time.min))
            stop = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min))
            visits = Visit.search_fetch(
                [
                    ("promoter_id", "in", staff.ids),
                    ("kind", "=", "visit"),
                    ("state", "=", "done"),
                    ("checkin_status", "=", "ok"),
                    ("start_datetime", ">=", start.astimezone(pytz.utc).replace(tzinfo=None)),
                    ("start_datetime", "<", stop.astimezone(pytz.utc).replace(tzinfo=None)),
                ],
                ["promoter_id", "start_datetime"],
            )
            for visit in visits:
                local = pytz.utc.localize(visit.start_datetime).astimezone(tz)
                days[visit.promoter_id.id].add(local.date())
        return {employee_id: len(day_set) for employee_id, day_set in days.items()}

    @api.model
    def _referral_targets(self, employees, date_from, date_to):
        """``{employee id: referred patients target}`` of the month-end run (R-W6): the
        target of the promoter's quota whose period is the month, else of their team's, else
        the company's setting (one search for all)."""
        quotas = self.sudo().search(
            [
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
                "|",
                ("employee_id", "in", employees.ids),
                ("team_id", "in", employees.hm_marketing_team_id.ids),
            ]
        )
        by_employee = {q.employee_id.id: q.target_patients for q in quotas if q.employee_id}
        by_team = {q.team_id.id: q.target_patients for q in quotas if q.team_id}
        targets = {}
        for employee in employees.sudo():
            target = by_employee.get(employee.id)
            if target is None:
                target = by_team.get(employee.hm_marketing_team_id.id)
            if target is None:
                target = employee.company_id.hm_monthly_referral_quota
            targets[employee.id] = target
        return targets

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _employee_tz(self, employee):
        employee = employee.sudo()
        return pytz.timezone(employee.tz or employee.company_id.resource_calendar_id.tz or "UTC")
