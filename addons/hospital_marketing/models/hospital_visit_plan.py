from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

LEADER_GROUPS = "hospital_marketing.group_marketing_leader"


class HospitalVisitPlan(models.Model):
    """A promoter's visit plan for one week (R-W7): the visits and calls they mean to make,
    by day; submitted by the promoter, approved by their team leader. Each line is a planned
    ``hospital.visit`` on the promoter's day; the plan counts how many of them were done."""

    _name = "hospital.visit.plan"
    _description = "Weekly Visit Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "hospital.marketing.owned.mixin",
        "hospital.workflow.mixin",
    ]
    _hm_owner_field = "employee_id"
    # the state moves only through the actions; a leader plans for a promoter of the team
    _hm_workflow_fields = {
        "state": False,
        "approved_by_id": False,
        **dict.fromkeys(("employee_id", "user_id", "team_id"), LEADER_GROUPS),
    }
    _order = "week_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Promoter",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user.employee_id,
    )
    week_start = fields.Date(
        required=True,
        index=True,
        default=lambda self: self._default_week_start(),
        help="The Monday the week of the plan begins.",
    )
    week_end = fields.Date(compute="_compute_name", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved")],
        required=True,
        default="draft",
        tracking=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    line_ids = fields.One2many("hospital.visit.plan.line", "plan_id", string="Planned Visits")
    planned_count = fields.Integer(string="Planned", compute="_compute_counts")
    done_count = fields.Integer(string="Done", compute="_compute_counts")
    done_rate = fields.Float(string="Done (%)", compute="_compute_counts")
    note = fields.Text()

    _employee_week_uniq = models.UniqueIndex(
        "(employee_id, week_start)", "A promoter has one visit plan per week."
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.model
    def _default_week_start(self):
        today = fields.Date.context_today(self)
        return today - timedelta(days=today.weekday())

    @api.depends("employee_id.name", "week_start")
    def _compute_name(self):
        for plan in self:
            plan.week_end = plan.week_start and plan.week_start + timedelta(days=6)
            plan.name = (
                self.env._(
                    "%(promoter)s · week of %(week)s",
                    promoter=plan.employee_id.name or "",
                    week=plan.week_start,
                )
                if plan.week_start
                else False
            )

    @api.depends("line_ids.done")
    def _compute_counts(self):
        """Planned and done visits of each plan, one query for all plans (R-W7)."""
        counts = {
            (plan.id, done): count
            for plan, done, count in self.env["hospital.visit.plan.line"]._read_group(
                [("plan_id", "in", self._origin.ids)], ["plan_id", "done"], ["__count"]
            )
        }
        for plan in self:
            done = counts.get((plan._origin.id, True), 0)
            planned = done + counts.get((plan._origin.id, False), 0)
            plan.planned_count = planned
            plan.done_count = done
            plan.done_rate = 100.0 * done / planned if planned else 0.0

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("week_start")
    def _check_week_start(self):
        for plan in self:
            if plan.week_start.weekday() != 0:
                raise ValidationError(self.env._("A visit plan's week starts on a Monday."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        """The promoter (or their leader) hands the plan in for approval."""
        self._hm_check_role(
            "hospital_marketing.group_marketing_promoter",
            self.env._("Only marketing staff submit visit plans."),
        )
        if any(plan.state != "draft" for plan in self):
            raise UserError(self.env._("Only a draft visit plan is submitted."))
        if any(not plan.line_ids for plan in self):
            raise UserError(self.env._("A visit plan without any planned visit is not submitted."))
        self.sudo().write({"state": "submitted"})

    def action_approve(self):
        """The team leader approves the plan of a promoter of their team (R-W7); the record
        rules give the scope, and nobody approves their own plan."""
        self._hm_check_role(LEADER_GROUPS, self.env._("Only a team leader approves visit plans."))
        if any(plan.state != "submitted" for plan in self):
            raise UserError(self.env._("Only a submitted visit plan is approved."))
        if not self.env.su and any(plan.user_id == self.env.user for plan in self):
            raise UserError(self.env._("Nobody approves their own visit plan."))
        self.sudo().write({"state": "approved", "approved_by_id": self.env.uid})
        self.line_ids._create_visits()

    def action_draft(self):
        """Back to draft: the promoter takes back a submitted plan, the leader reopens an
        approved one."""
        for plan in self:
            if plan.state == "approved":
                plan._hm_check_role(
                    LEADER_GROUPS, self.env._("Only a team leader reopens an approved visit plan.")
                )
            else:
                plan._hm_check_role(
                    "hospital_marketing.group_marketing_promoter",
                    self.env._("Only marketing staff change visit plans."),
                )
        self.sudo().write({"state": "draft", "approved_by_id": False})

    def action_open_visits(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Planned Visits"),
            "res_model": "hospital.visit",
            "view_mode": "list,form",
            "domain": [("id", "in", self.line_ids.visit_id.ids)],
        }
