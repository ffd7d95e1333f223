from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

TASK_STATES = [
    ("draft", "Draft"),
    ("assigned", "Assigned"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]

# who plans and closes distribution tasks: the squad's leader (record rules give the team), the
# office and the manager
PLAN_GROUPS = "hospital_marketing.group_marketing_leader,hospital_marketing.group_marketing_office"


class HospitalDistributionTask(models.Model):
    """A squad or a person distributes an issue of the magazine or a material to drop points
    over a date range (R-M2)."""

    _name = "hospital.distribution.task"
    _description = "Distribution Task"
    _inherit = ["mail.thread", "mail.activity.mixin", "hospital.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _hm_workflow_fields = {"state": False}

    name = fields.Char(required=True, tracking=True)
    state = fields.Selection(
        TASK_STATES, required=True, default="draft", readonly=True, tracking=True, copy=False
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    issue_id = fields.Many2one(
        "hospital.magazine.issue",
        string="Magazine Issue",
        index=True,
        check_company=True,
        ondelete="restrict",
        tracking=True,
    )
    material_id = fields.Many2one(
        "hospital.marketing.material",
        index=True,
        check_company=True,
        ondelete="restrict",
        tracking=True,
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Person",
        index=True,
        check_company=True,
        tracking=True,
        help="A task may go to one person instead of a whole squad.",
    )
    team_id = fields.Many2one(
        "hospital.marketing.team",
        string="Squad",
        index=True,
        check_company=True,
        tracking=True,
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    member_user_ids = fields.Many2many(
        "res.users",
        "hospital_distribution_task_member_rel",
        "task_id",
        "user_id",
        string="Distributors",
        compute="_compute_member_user_ids",
        store=True,
        help="The users who hand out the copies: the squad's members and leader, or the person. "
        "The record rules give them the task.",
    )
    territory_id = fields.Many2one(
        "hospital.marketing.territory", index=True, check_company=True, tracking=True
    )
    date_start = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    qty_allocated = fields.Integer(
        string="Allocated",
        tracking=True,
        help="Copies or pieces given to the squad for the task, to spread over its drop points.",
    )
    line_ids = fields.One2many("hospital.distribution.line", "task_id", string="Drop Points")
    qty_planned = fields.Integer(string="Planned", compute="_compute_totals", store=True)
    qty_received = fields.Integer(string="Taken Out", compute="_compute_totals", store=True)
    qty_handed_out = fields.Integer(string="Handed Out", compute="_compute_totals", store=True)
    qty_returned = fields.Integer(string="Returned", compute="_compute_totals", store=True)
    qty_left = fields.Integer(string="Left with the Squad", compute="_compute_totals", store=True)
    drop_count = fields.Integer(
        string="Number of Drop Points", compute="_compute_totals", store=True
    )
    drop_done_count = fields.Integer(string="Drops Done", compute="_compute_totals", store=True)
    note = fields.Html()

    _period_ordered = models.Constraint(
        "CHECK(date_end >= date_start)", "A task cannot end before it starts."
    )
    _one_source = models.Constraint(
        "CHECK((issue_id IS NULL) != (material_id IS NULL))",
        "A task distributes either a magazine issue or a material.",
    )
    _someone = models.Constraint(
        "CHECK(team_id IS NOT NULL OR employee_id IS NOT NULL)",
        "A task goes to a squad or a person.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("employee_id")
    def _compute_team_id(self):
        for task in self:
            if task.employee_id and not task.team_id:
                task.team_id = task.employee_id.sudo().hm_marketing_team_id

    @api.depends(
        "employee_id.user_id",
        "team_id.member_ids.user_id",
        "team_id.leader_user_id",
    )
    def _compute_member_user_ids(self):
        for task in self:
            if task.employee_id:
                task.member_user_ids = task.employee_id.user_id
            else:
                team = task.team_id
                task.member_user_ids = team.member_ids.user_id | team.leader_user_id

    @api.depends(
        "line_ids.state",
        "line_ids.qty_planned",
        "line_ids.qty_received",
        "line_ids.qty_handed_out",
        "line_ids.qty_returned",
    )
    def _compute_totals(self):
        for task in self:
            lines = task.line_ids
            task.qty_planned = sum(lines.mapped("qty_planned"))
            task.qty_received = sum(lines.mapped("qty_received"))
            task.qty_handed_out = sum(lines.mapped("qty_handed_out"))
            task.qty_returned = sum(lines.mapped("qty_returned"))
            task.qty_left = task.qty_received - task.qty_handed_out - task.qty_returned
            task.drop_count = len(lines.filtered(lambda line: line.state != "cancel"))
            task.drop_done_count = len(lines.filtered(lambda line: line.state == "done"))

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("team_id", "employee_id")
    def _check_distributor(self):
        for task in self:
            if not task.team_id and not task.employee_id:
                raise ValidationError(self.env._("A task goes to a squad or a person."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if not self.env.su and any(task.state in ("done", "cancel") for task in self):
            raise UserError(self.env._("A finished task can no longer be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(task.state != "draft" for task in self):
            raise UserError(self.env._("Only a draft task can be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_assign(self):
        """Give the task to the squad: each drop point takes its planned copies out of stock
        (refused when the stock does not hold them)."""
        self._check_plan()
        for task in self:
            if task.state != "draft":
                raise UserError(self.env._("Only a draft task can be assigned."))
            if not task.line_ids:
                raise UserError(self.env._("Task %s has no drop point.", task.name))
            if task.issue_id and task.issue_id.state not in ("printed", "distributing"):
                raise UserError(self.env._("Issue %s is not printed yet.", task.issue_id.name))
        tasks = self.sudo()
        tasks.write({"state": "assigned"})
        todo = tasks.line_ids.filtered(lambda ln: ln.state == "todo")
        for qty, lines in todo.grouped("qty_planned").items():
            lines.write({"qty_received": qty})
        tasks.issue_id.filtered(lambda i: i.state == "printed").write({"state": "distributing"})
        tasks.line_ids._check_stock()
        return True

    def action_done(self):
        self._check_plan()
        if any(task.state != "assigned" for task in self):
            raise UserError(self.env._("Only an assigned task can be closed."))
        self.sudo()._finish()
        return True

    def action_cancel(self):
        self._check_plan()
        for task in self:
            if task.state not in ("draft", "assigned"):
                raise UserError(self.env._("Only a draft or assigned task can be cancelled."))
            if any(line.state == "done" for line in task.line_ids):
                raise UserError(
                    self.env._(
                        "Task %s has confirmed drops: close it instead of cancelling it.",
                        task.name,
                    )
                )
        tasks = self.sudo()
        for qty, lines in tasks.line_ids.grouped("qty_received").items():
            lines.write({"qty_returned": qty})
        tasks.line_ids.write({"state": "cancel"})
        tasks.write({"state": "cancel"})
        return True

    def action_open_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Drop Points of %s", self.name),
            "res_model": "hospital.distribution.line",
            "view_mode": "kanban,list,form",
            "domain": [("task_id", "=", self.id)],
            "context": {"default_task_id": self.id},
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _finish(self):
        """Close (as superuser) the tasks of ``self``: every leftover goes back to stock, the
        drop points never reached are cancelled."""
        lines = self.line_ids
        for qty, group in lines.grouped(lambda ln: ln.qty_received - ln.qty_handed_out).items():
            group.write({"qty_returned": qty})
        lines.filtered(lambda ln: ln.state == "todo").write({"state": "cancel"})
        self.write({"state": "done"})

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _check_plan(self):
        self._hm_check_role(
            PLAN_GROUPS,
            self.env._("Only the squad's leader, the office or the manager moves a task on."),
        )
