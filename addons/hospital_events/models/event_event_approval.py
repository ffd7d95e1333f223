from odoo import api, fields, models
from odoo.exceptions import UserError

HM_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

LEADER = "hospital_marketing.group_marketing_leader"
MANAGER = "hospital_marketing.group_marketing_manager"
VP = "hospital_marketing.group_marketing_vp"


class EventEvent(models.Model):
    """The plan of an outreach event is approved before it runs (R-E2): draft, submitted by a
    team leader, approved by the marketing manager (and the business vice-president above the
    configured budget), done or cancelled. Each step is an action that checks the caller's
    role on the server; on approval the event gets its analytic account and its team a
    calendar entry."""

    _inherit = "event.event"  # pylint: disable=consider-merging-classes-inherited

    _hm_workflow_fields = {
        "hm_state": False,
        "hm_manager_approval_uid": False,
        "hm_approval_uid": False,
        "hm_approval_date": False,
        "hm_analytic_account_id": False,
        "hm_calendar_event_id": False,
    }

    hm_state = fields.Selection(
        HM_STATES,
        string="Approval",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    hm_manager_approval_uid = fields.Many2one(
        "res.users", string="Approved by the Manager", copy=False, readonly=True
    )
    hm_approval_uid = fields.Many2one("res.users", string="Approved By", copy=False, readonly=True)
    hm_approval_date = fields.Datetime(string="Approved On", copy=False, readonly=True)
    hm_needs_vp = fields.Boolean(
        string="Needs the VP",
        compute="_compute_hm_needs_vp",
        help="The budget is above the amount the marketing manager approves alone.",
    )
    hm_calendar_event_id = fields.Many2one(
        "calendar.event", string="Team Calendar Entry", copy=False, readonly=True
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("hm_budget", "company_id.hm_event_vp_budget")
    def _compute_hm_needs_vp(self):
        for event in self:
            company = event.company_id or self.env.company
            threshold = company.hm_event_vp_budget
            event.hm_needs_vp = bool(threshold) and event.sudo().hm_budget > threshold

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        res = super().write(vals)
        if {"name", "date_begin", "date_end"} & vals.keys():
            # the team's calendar entry follows the approved event
            for event in self.sudo().filtered("hm_calendar_event_id"):
                event.hm_calendar_event_id.write(
                    {"name": event.name, "start": event.date_begin, "stop": event.date_end}
                )
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_hm_submit(self):
        """A team leader submits the plan for approval (R-E2)."""
        self._hm_check_role(LEADER, self.env._("Only a team leader submits an event plan."))
        self._hm_check_state(("draft",))
        for event in self:
            if not event.hm_team_line_ids:
                raise UserError(self.env._("The event %s has no team yet.", event.display_name))
        self.sudo().write({"hm_state": "submitted"})
        return True

    def action_hm_approve(self):
        """The marketing manager approves; above the configured budget the vice-president
        approves after the manager (R-E2). A permit expired by the date of the event blocks
        the approval."""
        self._hm_check_role(MANAGER, self.env._("Only the marketing manager approves an event."))
        self._hm_check_state(("submitted",))
        expired = self.hm_permit_ids.filtered("expired")
        if expired:
            raise UserError(
                self.env._(
                    "These permits are expired by the date of the event: %s. Renew them first.",
                    ", ".join(f"{p.event_id.name}: {p.name}" for p in expired),
                )
            )
        undocumented = self.hm_team_line_ids.filtered(
            lambda line: line.licensed_clinician
            and line.role in ("lecturer", "doctor")
            and not line.fee_agreement_ref
        )
        if undocumented:
            raise UserError(
                self.env._(
                    "A licensed clinician on an event is paid a fixed fee under a written "
                    "agreement, never a share (R-C10): enter the fee agreement of %s.",
                    ", ".join(undocumented.employee_id.mapped("name")),
                )
            )
        is_vp = self.env.su or self.env.user.has_group(VP)
        now = fields.Datetime.now()
        for event in self:
            if event.hm_needs_vp and not is_vp:
                if event.hm_manager_approval_uid:
                    raise UserError(
                        self.env._(
                            "The event %s awaits the approval of the vice-president.",
                            event.display_name,
                        )
                    )
                event.sudo().write({"hm_manager_approval_uid": self.env.uid})
                event.sudo().message_post(
                    body=self.env._(
                        "Approved by the marketing manager; the budget needs the "
                        "vice-president's approval too."
                    )
                )
                continue
            values = {
                "hm_state": "approved",
                "hm_approval_uid": self.env.uid,
                "hm_approval_date": now,
            }
            if not event.hm_manager_approval_uid:
                values["hm_manager_approval_uid"] = self.env.uid
            event.sudo().write(values)
            event._hm_on_approved()
        return True

    def action_hm_done(self):
        """The team leader closes an event that ran."""
        self._hm_check_role(LEADER, self.env._("Only a team leader closes an event."))
        self._hm_check_state(("approved",))
        self.sudo().write({"hm_state": "done"})
        return True

    def action_hm_cancel(self):
        """A team leader cancels a plan not approved yet; the manager an approved event."""
        if any(event.hm_state == "approved" for event in self):
            self._hm_check_role(
                MANAGER, self.env._("Only the marketing manager cancels an approved event.")
            )
        else:
            self._hm_check_role(LEADER, self.env._("Only a team leader cancels an event plan."))
        self._hm_check_state(("draft", "submitted", "approved"))
        self.sudo().write({"hm_state": "cancelled"})
        self.hm_calendar_event_id.sudo().action_archive()
        return True

    def action_hm_reset_draft(self):
        """A team leader takes a submitted or cancelled plan back to draft."""
        self._hm_check_role(LEADER, self.env._("Only a team leader reopens an event plan."))
        self._hm_check_state(("submitted", "cancelled"))
        self.sudo().write({"hm_state": "draft", "hm_manager_approval_uid": False})
        return True

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_check_state(self, states):
        wrong = self.filtered(lambda event: event.hm_state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "This step is not possible for the events %s in their current state.",
                    ", ".join(wrong.mapped("display_name")),
                )
            )

    def _hm_on_approved(self):
        self._hm_create_analytic_accounts()
        self._hm_sync_calendar()

    def _hm_create_analytic_accounts(self):
        """One analytic account per event, in the plan of the settings (or the default plan
        of outreach events): the expenses and vendor bills of the event carry it (R-E5)."""
        default_plan = self.env.ref("hospital_events.analytic_plan_outreach_events")
        Analytic = self.env["account.analytic.account"].sudo()
        for event in self.sudo().filtered(lambda event: not event.hm_analytic_account_id):
            company = event.company_id or self.env.company
            event.hm_analytic_account_id = Analytic.create(
                {
                    "name": event.name,
                    "plan_id": (company.hm_event_analytic_plan_id or default_plan).id,
                    "company_id": event.company_id.id,
                }
            )

    def _hm_sync_calendar(self):
        """The team members of an approved event have it in their calendars: one calendar
        entry per event, its attendees the members' work contacts."""
        Calendar = self.env["calendar.event"].sudo()
        for event in self.sudo().filtered(lambda event: event.hm_state == "approved"):
            partners = event.hm_team_line_ids.employee_id.work_contact_id
            if event.hm_calendar_event_id:
                event.hm_calendar_event_id.partner_ids = [fields.Command.set(partners.ids)]
                continue
            event.hm_calendar_event_id = Calendar.create(
                {
                    "name": event.name,
                    "start": event.date_begin,
                    "stop": event.date_end,
                    "partner_ids": [fields.Command.set(partners.ids)],
                    "res_model_id": self.env["ir.model"]._get_id("event.event"),
                    "res_id": event.id,
                    "location": event.hm_place_partner_id.display_name or False,
                }
            )
