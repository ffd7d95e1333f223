from odoo import api, fields, models

MARKETING_ROLES = [
    ("promoter", "Promoter"),
    ("leader", "Team Leader"),
    ("office", "Office Clerk"),
    ("manager", "Marketing Manager"),
    ("vp", "Business Vice-President"),
    ("guide_desk", "Guide Desk"),
    ("finance", "Finance"),
    ("treatment_leader", "Treatment Group Leader"),
    ("lecturer", "Health Lecturer"),
]


# who sets a staff member's marketing role, team and clinician flag (R-C10): the marketing
# manager or finance
STAFF_CLASS_GROUPS = (
    "hospital_marketing.group_marketing_manager,hospital_marketing.group_marketing_finance"
)


class HrEmployee(models.Model):
    _inherit = ["hr.employee", "hospital.workflow.mixin"]
    _name = "hr.employee"
    _hm_workflow_fields = {
        "hm_marketing_role": STAFF_CLASS_GROUPS,
        "hm_marketing_team_id": STAFF_CLASS_GROUPS,
        "hm_licensed_clinician": STAFF_CLASS_GROUPS,
    }

    hm_marketing_role = fields.Selection(
        MARKETING_ROLES,
        string="Marketing Role",
        tracking=True,
    )
    hm_marketing_team_id = fields.Many2one(
        "hospital.marketing.team",
        string="Marketing Team",
        index=True,
        check_company=True,
        tracking=True,
    )
    hm_marketing_led_team_ids = fields.One2many(
        "hospital.marketing.team",
        "leader_id",
        string="Teams Led",
    )
    hm_marketing_territory_ids = fields.Many2many(
        "hospital.marketing.territory",
        "hospital_marketing_territory_employee_rel",
        "employee_id",
        "territory_id",
        string="Territories",
        check_company=True,
    )
    # not prefetched: a marketing manager without HR rights reads employees through their
    # public profile, which lacks this field; prefetching it with the name of a report's
    # or a case's staff member refused the whole read
    hm_licensed_clinician = fields.Boolean(
        string="Licensed Clinician",
        tracking=True,
        groups="hr.group_hr_user,hospital_marketing.group_marketing_manager,"
        "hospital_marketing.group_marketing_finance",
        prefetch=False,
        help="A licensed clinician is never paid a per-case or percentage commission (R-C10); "
        "lectures and expert visits are paid as documented services.",
    )

    # the form shows role, team and clinician flag read-only to whoever write() would refuse
    # (an HR officer alone; no security, see _hm_workflow_fields)
    hm_can_edit_staff_class = fields.Boolean(
        string="May Classify Marketing Staff", compute="_compute_hm_can_edit_staff_class"
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_hm_can_edit_staff_class(self):
        self.hm_can_edit_staff_class = self.env.su or self.env.user.has_groups(STAFF_CLASS_GROUPS)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("hm_marketing_team_id", "hm_marketing_territory_ids", "company_id")
    def _hm_check_marketing_company(self):
        """The company check of ``_check_company_auto``, on the fields added here only: the
        employee model of ``hr`` does not set it, and setting it would change the checks of
        its own fields."""
        self._check_company(["hm_marketing_team_id", "hm_marketing_territory_ids"])

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        res = super().write(vals)
        if "user_id" in vals:
            # a leader's new login is in scope of the team's records at once
            self.env["hospital.marketing.team"]._flush_scope()
        return res

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _hm_promoters(self, companies, team_kind=None):
        """The promoters of the marketing teams of ``companies``, of teams of ``team_kind``
        only when given: who files work reports, who has a referral quota."""
        domain = [
            ("company_id", "in", companies.ids),
            ("hm_marketing_role", "=", "promoter"),
            ("hm_marketing_team_id", "!=", False),
        ]
        if team_kind:
            domain.append(("hm_marketing_team_id.kind", "=", team_kind))
        return self.sudo().search(domain)


class HrEmployeePublic(models.Model):
    """Users without HR rights read employees through their public profile: the marketing
    fields are public inside the company (team structure is not a secret)."""

    _inherit = "hr.employee.public"

    hm_marketing_role = fields.Selection(MARKETING_ROLES, string="Marketing Role", readonly=True)
    hm_marketing_team_id = fields.Many2one(
        "hospital.marketing.team", string="Marketing Team", readonly=True
    )
    hm_marketing_led_team_ids = fields.One2many(related="employee_id.hm_marketing_led_team_ids")
    hm_marketing_territory_ids = fields.Many2many(related="employee_id.hm_marketing_territory_ids")
    # read with the employee form's fields: without it a user without HR rights could not read
    # employees at all (Odoo's hr test_employee_fields_groups)
    hm_can_edit_staff_class = fields.Boolean(
        string="May Classify Marketing Staff", compute="_compute_hm_can_edit_staff_class"
    )

    @api.depends_context("uid")
    def _compute_hm_can_edit_staff_class(self):
        self.hm_can_edit_staff_class = self.env.su or self.env.user.has_groups(STAFF_CLASS_GROUPS)
