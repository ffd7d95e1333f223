from odoo import api, fields, models

OUTREACH_KINDS = [
    ("campus_lecture", "Campus Adolescent-Health Lecture"),
    ("rural_exam", "Rural Free Physical Exam"),
    ("clinic_tour", "Free-Clinic Tour"),
    ("community", "Community Event"),
    ("health_day", "Public-Health Day"),
    ("two_cancers", "Rural Women Two-Cancers Screening"),
    ("group_exam", "Company Group Exam"),
    ("onboarding_exam", "Onboarding Exam"),
    ("school_exam", "School-Entry Exam"),
    ("partner_gathering", "Tea Party or Partner Gathering"),
    ("conference", "Conference Marketing"),
]

# the commission roles of the team lines and their shortcut fields (R-C3)
ROLE_FIELDS = {
    "contact": "hm_contact_employee_id",
    "executor": "hm_executor_employee_id",
    "lecturer": "hm_lecturer_employee_id",
}

# the cases that count as patients who came (R-E4)
ARRIVED_STATES = ("arrived", "in_treatment", "discharged", "closed")

PLACE_KINDS = [
    ("school", "School"),
    ("village", "Village"),
    ("community", "Community"),
    ("company", "Company"),
    ("hospital", "Hospital"),
    ("other", "Other"),
]


class EventEvent(models.Model):
    """An outreach event of the marketing department (R-E1..R-E4) on top of Odoo's events."""

    _name = "event.event"
    _inherit = ["event.event", "hospital.workflow.mixin"]

    hm_outreach_kind = fields.Selection(OUTREACH_KINDS, string="Outreach Kind", tracking=True)
    hm_place_kind = fields.Selection(PLACE_KINDS, string="Place Kind")
    hm_target_population = fields.Char(string="Target Population")
    hm_territory_id = fields.Many2one("hospital.marketing.territory", string="Territory")
    hm_place_partner_id = fields.Many2one(
        "res.partner",
        string="Place",
        tracking=True,
        help="The school, village committee, community or company where the event takes place.",
    )
    hm_partner_org_ids = fields.Many2many(
        "res.partner",
        "event_event_hm_partner_org_rel",
        "event_id",
        "partner_id",
        string="Partner Organisations",
    )
    hm_expected_attendees = fields.Integer(string="Expected Attendees", tracking=True)
    hm_expected_patients = fields.Integer(string="Expected Patients", tracking=True)
    # the team and its roles; the commission roles come from these lines (R-E2, R-C3)
    hm_team_line_ids = fields.One2many("hospital.event.team.line", "event_id", string="Team")
    hm_leader_employee_id = fields.Many2one(
        "hr.employee", string="Leader", compute="_compute_hm_leader_employee_id"
    )
    # the holders of the commission roles, read and written through the team lines (the team
    # lines are the truth; these are the shortcuts the older code and imports use)
    hm_contact_employee_id = fields.Many2one(
        "hr.employee",
        string="Contact Person",
        compute="_compute_hm_contact_employee_id",
        inverse="_inverse_hm_contact_employee_id",
    )
    hm_executor_employee_id = fields.Many2one(
        "hr.employee",
        string="Executor",
        compute="_compute_hm_executor_employee_id",
        inverse="_inverse_hm_executor_employee_id",
    )
    hm_lecturer_employee_id = fields.Many2one(
        "hr.employee",
        string="Lecturer",
        compute="_compute_hm_lecturer_employee_id",
        inverse="_inverse_hm_lecturer_employee_id",
    )
    hm_permit_ids = fields.One2many("hospital.event.permit", "event_id", string="Permits")
    hm_material_line_ids = fields.One2many(
        "hospital.event.material.line", "event_id", string="Materials"
    )
    hm_currency_id = fields.Many2one(related="company_id.currency_id", string="Budget Currency")
    hm_screenings = fields.Integer(string="Screenings Done")
    hm_referral_ids = fields.One2many("hospital.referral", "event_id", string="Patients Referred")
    hm_patient_count = fields.Integer(string="Patients Came", compute="_compute_hm_effect")
    hm_patient_spending = fields.Monetary(
        string="Spending of the Patients",
        compute="_compute_hm_effect",
        currency_field="hm_currency_id",
    )
    hm_roi = fields.Float(
        string="ROI (%)",
        compute="_compute_hm_effect",
        help="(Spending of the patients who came through the event - actual cost) / actual cost.",
    )
    hm_analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic Account",
        help="The commission expense of the patients who came through the event goes to this "
        "analytic account when the analytic distribution of commissions is on.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("hm_team_line_ids.role", "hm_team_line_ids.employee_id")
    def _compute_hm_leader_employee_id(self):
        for event in self:
            leader = event.hm_team_line_ids.filtered(lambda line: line.role == "leader")[:1]
            event.hm_leader_employee_id = leader.employee_id

    def _hm_compute_role(self, role):
        for event in self:
            event[ROLE_FIELDS[role]] = event._hm_role_line(role).employee_id

    def _hm_inverse_role(self, role):
        """The shortcut written: the team line of the role follows (created, changed or
        removed)."""
        for event in self:
            line = event._hm_role_line(role)
            employee = event[ROLE_FIELDS[role]]
            if line and not employee:
                line.unlink()
            elif line:
                line.employee_id = employee
            elif employee:
                self.env["hospital.event.team.line"].create(
                    {"event_id": event.id, "employee_id": employee.id, "role": role}
                )

    @api.depends("hm_team_line_ids.role", "hm_team_line_ids.employee_id")
    def _compute_hm_contact_employee_id(self):
        self._hm_compute_role("contact")

    def _inverse_hm_contact_employee_id(self):
        self._hm_inverse_role("contact")

    @api.depends("hm_team_line_ids.role", "hm_team_line_ids.employee_id")
    def _compute_hm_executor_employee_id(self):
        self._hm_compute_role("executor")

    def _inverse_hm_executor_employee_id(self):
        self._hm_inverse_role("executor")

    @api.depends("hm_team_line_ids.role", "hm_team_line_ids.employee_id")
    def _compute_hm_lecturer_employee_id(self):
        self._hm_compute_role("lecturer")

    def _inverse_hm_lecturer_employee_id(self):
        self._hm_inverse_role("lecturer")

    @api.depends_context("uid")
    @api.depends("hm_referral_ids.total_fees", "hm_referral_ids.state")
    def _compute_hm_effect(self):
        """The patients who came through the event and their spending, as far as the reader may
        see them (R-S3): the cases they read, the fees only for the roles that read fees; the
        ROI only for the readers of the costs (secret class D, R-S1)."""
        Referral = self.env["hospital.referral"]
        readable = Referral.has_access("read")
        with_fees = readable and Referral._has_field_access(Referral._fields["total_fees"], "read")
        data = {}
        if readable and self.ids:
            aggregates = ["__count", "total_fees:sum"] if with_fees else ["__count"]
            data = {
                event: (count, spending[0] if spending else 0.0)
                for event, count, *spending in Referral._read_group(
                    [("event_id", "in", self.ids), ("state", "in", ARRIVED_STATES)],
                    ["event_id"],
                    aggregates,
                )
            }
        with_costs = with_fees and self._hm_may_read_costs()
        costs = self._hm_actual_costs() if with_costs else {}
        for event in self:
            count, spending = data.get(event, (0, 0.0))
            event.hm_patient_count = count
            event.hm_patient_spending = spending
            cost = sum(costs.get(event.id, {}).values())
            event.hm_roi = (spending - cost) / cost * 100.0 if cost else 0.0

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_role_line(self, role):
        return self.hm_team_line_ids.filtered(lambda line: line.role == role)[:1]

    def _hm_arrived_cases(self):
        """The referral cases of the events of ``self`` whose patient came (R-E4): the one
        definition the counts and the effect figures share."""
        return self.hm_referral_ids.filtered(lambda case: case.state in ARRIVED_STATES)
