from odoo import fields, models
from odoo.fields import Domain

from odoo.addons.hospital_marketing.tools.local_time import local_tz
from odoo.addons.hospital_referral.models.hospital_referral import mask_phone

from ..models.event_event import ARRIVED_STATES

# the outreach events that are physical exams (seed 002: 体检客户表)
EXAM_KINDS = ("group_exam", "onboarding_exam", "rural_exam", "school_exam", "two_cancers")


class HospitalExamClientExport(models.TransientModel):
    """The physical-exam client table (体检客户表, R-K3): the exam events of the month (company
    group exams, onboarding exams, rural and school exams) with their attendees and the patients
    who came to the hospital through them; a second sheet lists the attendees, phone masked,
    for whoever may read the attendees. Read as the user, counted set-wise."""

    _name = "hospital.exam.client.export"
    _inherit = ["hospital.table.export"]
    _description = "Physical-Exam Client Table"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _table_name(self):
        return self.env._("Physical-Exam Client Table")

    def _events(self):
        start, end = self._month_datetimes()
        domain = (
            Domain("hm_outreach_kind", "in", EXAM_KINDS)
            & Domain("company_id", "in", [self.company_id.id, False])
            & Domain("date_begin", ">=", start)
            & Domain("date_begin", "<", end)
        )
        team_ids = self._team_ids()
        if team_ids is not None:
            domain &= Domain(
                "hm_contact_employee_id.hm_marketing_team_id", "in", team_ids
            ) | Domain("hm_executor_employee_id.hm_marketing_team_id", "in", team_ids)
        return self.env["event.event"].search(domain, order="date_begin, id")

    def _counts(self, model, domain, groupby):
        """``{(event id, group value): count}`` of ``model`` rows the user may read."""
        Model = self.env[model]
        if not Model.has_access("read"):
            return {}
        return {
            (event.id, value): count
            for event, value, count in Model._read_group(domain, ["event_id", groupby], ["__count"])
        }

    def _table_sheets(self):
        Event = self.env["event.event"]
        kinds = dict(Event._fields["hm_outreach_kind"]._description_selection(self.env))
        events = self._events()
        tz = local_tz(self.env, self.company_id)
        registrations = self._counts(
            "event.registration",
            [("event_id", "in", events.ids), ("state", "!=", "cancel")],
            "state",
        )
        cases = self._counts(
            "hospital.referral",
            [("event_id", "in", events.ids), ("company_id", "=", self.company_id.id)],
            "state",
        )

        def total(counts, event, states=None):
            return sum(
                n
                for (e, s), n in counts.items()
                if e == event.id and (states is None or s in states)
            )

        header = [
            self.env._("Exam Date"),
            self.env._("Event"),
            self.env._("Exam Kind"),
            self.env._("Place"),
            self.env._("Target Population"),
            self.env._("Registered"),
            self.env._("Attended"),
            self.env._("Screenings Done"),
            self.env._("Patients Came"),
            self.env._("Arrived"),
        ]
        rows = []
        for event in events:
            rows.append(
                [
                    fields.Datetime.context_timestamp(
                        event.with_context(tz=tz), event.date_begin
                    ).date(),
                    event.name,
                    kinds.get(event.hm_outreach_kind, ""),
                    event.address_id.display_name or "",
                    event.hm_target_population or "",
                    total(registrations, event),
                    total(registrations, event, ("done",)),
                    event.hm_screenings,
                    total(cases, event),
                    total(cases, event, ARRIVED_STATES),
                ]
            )
        if rows:
            rows.append(
                [None, self.env._("Total"), None, None, None]
                + [sum(r[c] for r in rows) for c in range(5, 10)]
            )
        sheets = [(self._table_name(), header, rows)]
        Registration = self.env["event.registration"]
        if Registration.has_access("read"):
            states = dict(Registration._fields["state"]._description_selection(self.env))
            attendees = Registration.search(
                [("event_id", "in", events.ids), ("state", "!=", "cancel")],
                order="event_id, name, id",
            )
            sheets.append(
                (
                    self.env._("Exam Clients"),
                    [
                        self.env._("Event"),
                        self.env._("Name"),
                        self.env._("Company"),
                        self.env._("Phone"),
                        self.env._("Status"),
                    ],
                    [
                        [
                            a.event_id.name,
                            a.name or "",
                            a.company_name or "",
                            mask_phone(a.phone) or "",
                            states.get(a.state, ""),
                        ]
                        for a in attendees
                    ],
                )
            )
        return sheets
