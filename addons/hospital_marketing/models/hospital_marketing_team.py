from odoo import api, fields, models
from odoo.exceptions import ValidationError

TEAM_KINDS = [
    ("expansion", "Expansion"),
    ("exam", "Physical Exam"),
    ("referral", "Referral"),
    ("magazine", "Magazine"),
    ("office", "Office"),
    ("lecture", "Health Lecture"),
    ("other", "Other"),
]


class HospitalMarketingTeam(models.Model):
    """A team (组) or squad (小组) of the marketing department (seed 001)."""

    _name = "hospital.marketing.team"
    _description = "Marketing Team"
    _inherit = ["mail.thread", "hospital.marketing.tree.mixin"]
    _parent_store = True
    _order = "sequence, complete_name"
    _check_company_auto = True
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(TEAM_KINDS, required=True, default="referral", tracking=True)
    parent_id = fields.Many2one(
        "hospital.marketing.team",
        string="Parent Team",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="A squad belongs to a team, e.g. the free-clinic tour squad of the expansion team.",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("hospital.marketing.team", "parent_id", string="Squads")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one(
        "hr.employee",
        tracking=True,
        check_company=True,
        domain="[('company_id', 'in', (company_id, False))]",
    )
    leader_user_id = fields.Many2one(
        related="leader_id.user_id", string="Leader User", store=True, index=True
    )
    scope_leader_user_ids = fields.Many2many(
        "res.users",
        "hospital_marketing_team_scope_leader_rel",
        "team_id",
        "user_id",
        string="Leaders in Scope",
        compute="_compute_scope_leader_user_ids",
        store=True,
        recursive=True,
        help="The leaders of this team and of the teams above it: the record rules give them "
        "the records of the team.",
    )
    member_ids = fields.One2many("hr.employee", "hm_marketing_team_id", string="Members")
    member_count = fields.Integer(compute="_compute_member_count")
    territory_ids = fields.One2many("hospital.marketing.territory", "team_id", string="Territories")
    color = fields.Integer()
    note = fields.Html()

    # top-level teams have no parent: NULLs would never collide in a plain UNIQUE constraint
    _name_parent_uniq = models.UniqueIndex(
        "(company_id, COALESCE(parent_id, 0), (name->>'en_US'))",
        "A team name must be unique within its parent team and company.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("active", "leader_user_id", "parent_id.scope_leader_user_ids")
    def _compute_scope_leader_user_ids(self):
        """Stored, so the record rules read plain data (``user.id`` only): a change of leader or
        structure is recomputed by the ORM, and no cached rule domain goes stale."""
        for team in self:
            if not team.active:
                team.scope_leader_user_ids = False
                continue
            team.scope_leader_user_ids = team.leader_user_id | team.parent_id.scope_leader_user_ids

    def _compute_member_count(self):
        # how many people a team has is no secret, but most users read employees only
        # through their public profile, which has no _read_group
        counts = dict(
            self.env["hr.employee"]
            .sudo()
            ._read_group(
                [("hm_marketing_team_id", "in", self.ids)], ["hm_marketing_team_id"], ["__count"]
            )
        )
        for team in self:
            team.member_count = counts.get(team, 0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A team cannot be its own parent."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        self._flush_scope()
        return teams

    def write(self, vals):
        res = super().write(vals)
        if {"leader_id", "parent_id", "active"} & vals.keys():
            self._flush_scope()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_members(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Members of %s", self.display_name),
            "res_model": "hr.employee",
            "view_mode": "list,form",
            "domain": [("hm_marketing_team_id", "=", self.id)],
            "context": {"default_marketing_team_id": self.id},
        }

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _flush_scope(self):
        """Odoo's SQL for a condition on a many2many does not flush a pending computation of
        the field: the leaders in scope are written to the database as soon as they change, so
        the record rules of the rest of the transaction read them."""
        self.env["hospital.marketing.team"].flush_model(["scope_leader_user_ids"])
