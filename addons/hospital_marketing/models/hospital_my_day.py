from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError

PROMOTER_GROUP = "hospital_marketing.group_marketing_promoter"


class HospitalMyDay(models.AbstractModel):
    """The promoter's day on the phone (R-W1, R-W3): today's visits and calls in order, what
    is due, today's contacts against the daily minimum and the big actions.

    :meth:`retrieve_my_day` is what the ``hospital_marketing.my_day`` client action reads, in
    one call, as the user (record rules apply: only the user's own records). Upper addons add
    sections and actions by extending :meth:`_my_day_sections` and :meth:`_my_day_actions`."""

    _name = "hospital.my.day"
    _description = "My Day"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def retrieve_my_day(self):
        """Today's page of the current user (no argument: it reads only the caller's day)."""
        user = self.env.user
        if not user.has_group(PROMOTER_GROUP):
            raise AccessError(self.env._("My day is for the marketing staff."))
        day = self._my_day_context()
        sections = sorted(self._my_day_sections(day), key=lambda s: s["sequence"])
        actions = sorted(self._my_day_actions(day), key=lambda a: a["sequence"])
        return {
            "date": fields.Date.to_string(day["today"]),
            "user": user.name,
            "sections": sections,
            "actions": actions,
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    # sections: {key, sequence, type, title, ...}
    @api.model
    def _my_day_sections(self, day):
        return [
            self._my_day_contacts(day),
            self._my_day_visits(day),
            self._my_day_due(day),
        ]

    @api.model
    def _my_day_contacts(self, day):
        """Distinct people contacted today against the company's minimum (R-W3)."""
        employee = day["employee"]
        count = 0
        if employee:
            contacts = self.env["hospital.visit"]._contacts_by_day(
                employee, day["today"], day["today"], day["tz"]
            )
            count = len(contacts.get((employee.id, day["today"]), ()))
        minimum = self.env.company.hm_min_daily_contacts
        return {
            "key": "contacts",
            "sequence": 10,
            "type": "progress",
            "title": self.env._("Doctors contacted today"),
            "count": count,
            "minimum": minimum,
            "under": count < minimum,
        }

    @api.model
    def _my_day_visits(self, day):
        """Today's visits and calls of the user, in the order of the day."""
        visits = self.env["hospital.visit"].search(
            [
                ("user_id", "=", day["user"].id),
                ("state", "!=", "cancel"),
                ("start_datetime", ">=", day["start"]),
                ("start_datetime", "<", day["end"]),
            ],
            order="start_datetime, id",
        )
        states = dict(visits._fields["state"]._description_selection(self.env))
        kinds = dict(visits._fields["kind"]._description_selection(self.env))
        checkins = dict(visits._fields["checkin_status"]._description_selection(self.env))
        items = []
        for visit in visits:
            local = pytz.utc.localize(visit.start_datetime).astimezone(day["tz"])
            items.append(
                {
                    "id": visit.id,
                    "time": local.strftime("%H:%M"),
                    "partner": visit.partner_id.display_name,
                    "kind": visit.kind,
                    "kind_label": kinds[visit.kind],
                    "state": visit.state,
                    "state_label": states[visit.state],
                    "checkin_status": visit.checkin_status or "",
                    "checkin_label": checkins.get(visit.checkin_status, ""),
                    "far": visit.checkin_far,
                    "purpose": visit.purpose or "",
                }
            )
        return {
            "key": "visits",
            "sequence": 20,
            "type": "visits",
            "title": self.env._("Today's visits and calls"),
            "empty": self.env._("Nothing planned today: log a visit or a call."),
            "items": items,
        }

    @api.model
    def _my_day_due(self, day):
        """The user's activities due today or overdue (a doctor to inform, an agreement to
        renew, a partner due a visit...) and today's daily report until it is filed."""
        activities = self.env["mail.activity"].search(
            [("user_id", "=", day["user"].id), ("date_deadline", "<=", day["today"])],
            order="date_deadline, id",
            limit=50,
        )
        items = [
            {
                "key": f"activity-{activity.id}",
                "title": activity.summary or activity.activity_type_id.name or "",
                "record": activity.res_name or "",
                "deadline": fields.Date.to_string(activity.date_deadline),
                "overdue": activity.date_deadline < day["today"],
                "res_model": activity.res_model,
                "res_id": activity.res_id,
            }
            for activity in activities
        ]
        report = self._my_day_report_due(day)
        if report:
            items.insert(0, report)
        return {
            "key": "due",
            "sequence": 30,
            "type": "todo",
            "title": self.env._("Due"),
            "empty": self.env._("Nothing due."),
            "items": items,
        }

    @api.model
    def _my_day_report_due(self, day):
        """Today's daily report, until it is submitted (R-W4)."""
        employee = day["employee"]
        if not employee:
            return None
        Report = self.env["hospital.work.report"]
        report = Report.search(
            [
                ("employee_id", "=", employee.id),
                ("report_type", "=", "daily"),
                ("period_start", "=", day["today"]),
            ],
            limit=1,
        )
        if report and report.state in ("submitted", "approved"):
            return None
        hour = self.env.company.hm_daily_report_hour
        due = f"{int(hour):02d}:{round(hour % 1 * 60):02d}"
        return {
            "key": "daily-report",
            "title": self.env._("Daily report due at %(hour)s", hour=due),
            "record": report.display_name if report else "",
            "deadline": fields.Date.to_string(day["today"]),
            "overdue": day["now"].hour + day["now"].minute / 60.0 >= hour,
            "res_model": "hospital.work.report",
            "res_id": report.id or False,
        }

    # actions: {key, sequence, label, icon, action}
    @api.model
    def _my_day_actions(self, day):
        return [
            {
                "key": "log_visit",
                "sequence": 20,
                "label": self.env._("Log a visit or call"),
                "icon": "fa-map-marker",
                "action": {
                    "type": "ir.actions.act_window",
                    "name": self.env._("New Visit"),
                    "res_model": "hospital.visit",
                    "views": [[False, "form"]],
                    "target": "current",
                },
            }
        ]

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _my_day_context(self):
        """The user's employee, time zone, local day and its bounds in UTC."""
        user = self.env.user
        employee = user.employee_id
        tz = self.env["hospital.work.report"]._tz(employee, self.env.company)
        now = pytz.utc.localize(fields.Datetime.now()).astimezone(tz)
        today = now.date()
        start = tz.localize(datetime.combine(today, time.min)).astimezone(pytz.utc)
        end = tz.localize(datetime.combine(today + timedelta(days=1), time.min)).astimezone(
            pytz.utc
        )
        return {
            "user": user,
            "employee": employee,
            "tz": tz,
            "now": now,
            "today": today,
            "start": start.replace(tzinfo=None),
            "end": end.replace(tzinfo=None),
        }
