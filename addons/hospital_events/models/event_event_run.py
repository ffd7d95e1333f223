from odoo import api, fields, models
from odoo.fields import Domain

# who sees the attendees of every outreach event and acts on them without being on the team:
# the office (and so the manager and the vice-president)
EVENT_OFFICE_GROUPS = "hospital_marketing.group_marketing_office"


class EventEvent(models.Model):
    """Running an outreach event (R-E3): who is on its team, and what the attendees gave."""

    _inherit = "event.event"  # pylint: disable=consider-merging-classes-inherited

    hm_is_team_member = fields.Boolean(
        string="I Staff It",
        compute="_compute_hm_is_team_member",
        search="_search_hm_is_team_member",
        help="The current user is on the event's team: they see and enter its attendees.",
    )
    hm_attendee_count = fields.Integer(
        string="Attendees Entered", compute="_compute_hm_run_counts", store=True, compute_sudo=True
    )
    hm_screening_count = fields.Integer(
        string="Screenings", compute="_compute_hm_run_counts", store=True, compute_sudo=True
    )
    hm_needs_care_count = fields.Integer(
        string="Needing Care", compute="_compute_hm_run_counts", store=True, compute_sudo=True
    )
    hm_lead_count = fields.Integer(
        string="Leads",
        compute="_compute_hm_run_counts",
        store=True,
        compute_sudo=True,
        help="Attendees turned into referral cases.",
    )
    hm_arrival_count = fields.Integer(
        string="Arrivals",
        compute="_compute_hm_arrival_count",
        store=True,
        compute_sudo=True,
        help="Referral cases of the event whose patient came to the hospital (R-E4).",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    @api.depends("hm_team_line_ids.employee_id.user_id")
    def _compute_hm_is_team_member(self):
        for event in self:
            event.hm_is_team_member = self.env.user in event._hm_team_users()

    def _search_hm_is_team_member(self, operator, value):
        if operator != "in":
            return NotImplemented
        mine = Domain.OR(Domain(path, "=", self.env.uid) for path in self._hm_team_user_paths())
        return mine if True in value else ~mine

    @api.depends(
        "registration_ids.state",
        "registration_ids.hm_screened",
        "registration_ids.hm_needs_care",
        "registration_ids.hm_referral_id",
    )
    def _compute_hm_run_counts(self):
        for event in self:
            attendees = event.registration_ids.filtered(lambda r: r.state != "cancel")
            event.hm_attendee_count = len(attendees)
            event.hm_screening_count = len(attendees.filtered("hm_screened"))
            event.hm_needs_care_count = len(attendees.filtered("hm_needs_care"))
            event.hm_lead_count = len(attendees.filtered("hm_referral_id"))

    @api.depends("hm_referral_ids.state")
    def _compute_hm_arrival_count(self):
        for event in self:
            event.hm_arrival_count = len(event._hm_arrived_cases())

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_hm_open_attendees(self):
        """The attendees of the event, as cards to enter and follow them on a phone."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hospital_events.action_hm_outreach_attendees"
        )
        action["domain"] = [("event_id", "=", self.id)]
        action["context"] = {"default_event_id": self.id}
        action["display_name"] = self.env._("Attendees of %s", self.name)
        return action

    def action_hm_open_cases(self):
        """The referral cases that came through the event (R-E4)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hospital_referral.action_hospital_referral"
        )
        action["domain"] = [("event_id", "=", self.id)]
        action["context"] = {"default_event_id": self.id}
        action["display_name"] = self.env._("Cases of %s", self.name)
        return action

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _hm_team_user_paths(self):
        """The paths from an event to the users of its team: the employees of its team
        lines. The one place here that knows how a team is recorded."""
        return ["hm_team_line_ids.employee_id.user_id"]

    def _hm_team_users(self):
        """The users on the team of the events of ``self``."""
        events = self.sudo()
        users = self.env["res.users"]
        for path in self._hm_team_user_paths():
            users |= events.mapped(path)
        return users.with_env(self.env)
