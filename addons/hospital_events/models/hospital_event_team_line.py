from odoo import api, fields, models

TEAM_ROLES = [
    ("leader", "Leader"),
    ("doctor", "Doctor"),
    ("lecturer", "Lecturer"),
    ("contact", "Contact Person"),
    ("executor", "Executor"),
]

# the roles of the event commission split (R-C3); one holder each per event
COMMISSION_ROLES = ("contact", "executor", "lecturer")

DOCTOR_SKILLS = [
    ("ultrasound", "Ultrasound"),
    ("consultation", "Consultation"),
    ("colposcopy", "Colposcopy"),
    ("gynecology", "Gynaecological Exam"),
    ("laboratory", "Laboratory"),
    ("pediatrics", "Paediatrics"),
    ("other", "Other"),
]


class HospitalEventTeamLine(models.Model):
    """A member of an outreach event's team and their role (R-E2); the contact person, executor
    and lecturer lines are the event's commission roles (R-C3)."""

    _name = "hospital.event.team.line"
    _description = "Outreach Event Team Member"
    _order = "event_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    event_id = fields.Many2one("event.event", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="event_id.company_id", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, check_company=True, ondelete="restrict"
    )
    user_id = fields.Many2one(related="employee_id.user_id", string="User")
    role = fields.Selection(TEAM_ROLES, required=True, default="executor")
    skill = fields.Selection(DOCTOR_SKILLS, help="What the doctor does at the event.")
    licensed_clinician = fields.Boolean(related="employee_id.hm_licensed_clinician")
    fee_agreement_ref = fields.Char(
        string="Fee Agreement",
        help="A licensed clinician is paid a documented fixed fee under a written agreement, never "
        "a share of the patients' spending (R-C10): the number of that agreement.",
    )
    note = fields.Char()

    _one_holder_per_role = models.UniqueIndex(
        "(event_id, role) WHERE role IN ('leader', 'contact', 'executor', 'lecturer')",
        "An event has one leader, one contact person, one executor and one lecturer.",
    )
    _doctor_skill = models.Constraint(
        "CHECK (role != 'doctor' OR skill IS NOT NULL)",
        "A doctor of an event team needs a skill (ultrasound, consultation, colposcopy, ...).",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._post_team_change("added")
        return lines

    def write(self, vals):
        if {"employee_id", "role"} & vals.keys():
            self._post_team_change("removed")
            res = super().write(vals)
            self._post_team_change("added")
            return res
        return super().write(vals)

    def unlink(self):
        self._post_team_change("removed")
        events = self.event_id
        res = super().unlink()
        events._hm_sync_calendar()
        return res

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _post_team_change(self, change):
        """A team changed after the approval: the event's chatter says who and the members'
        calendar entry follows (R-E2)."""
        approved = self.filtered(lambda line: line.event_id.hm_state == "approved")
        if not approved:
            return
        role_labels = dict(self._fields["role"]._description_selection(self.env))
        for event, lines in approved.grouped("event_id").items():
            members = ", ".join(
                f"{line.employee_id.name} ({role_labels[line.role]})" for line in lines
            )
            body = (
                self.env._("Team changed after approval, added: %s", members)
                if change == "added"
                else self.env._("Team changed after approval, removed: %s", members)
            )
            event.sudo().message_post(body=body)
            if change == "added":
                event._hm_sync_calendar()
