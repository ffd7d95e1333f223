from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .hospital_visit_plan import LEADER_GROUPS

# the hour of the day a planned visit is put at on the promoter's day, local time
PLANNED_HOUR = 9


class HospitalVisitPlanLine(models.Model):
    """One planned visit or call of a weekly plan (R-W7). It is a planned ``hospital.visit``
    from the moment it is entered, so it shows on the promoter's day; it counts as done when
    that visit is logged done."""

    _name = "hospital.visit.plan.line"
    _description = "Planned Visit"
    _order = "date, sequence, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "hospital.visit.plan", required=True, index=True, ondelete="cascade", check_company=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    # the owner, team and promoter of the plan: record rules and the report read them
    employee_id = fields.Many2one(
        related="plan_id.employee_id", string="Promoter", store=True, index=True
    )
    user_id = fields.Many2one(related="plan_id.user_id", string="Owner", store=True, index=True)
    team_id = fields.Many2one(related="plan_id.team_id", store=True, index=True)
    date = fields.Date(required=True, index=True)
    partner_id = fields.Many2one("res.partner", required=True, index=True)
    kind = fields.Selection(
        [("visit", "Visit"), ("call", "Phone Follow-up")], required=True, default="visit"
    )
    purpose = fields.Char()
    visit_id = fields.Many2one("hospital.visit", readonly=True, copy=False, index="btree_not_null")
    visit_state = fields.Selection(related="visit_id.state", string="Visit Status")
    done = fields.Boolean(string="Visit Done", compute="_compute_done", store=True)
    # measures of the "Planned vs done" report
    planned_count = fields.Integer(string="Planned", compute="_compute_done", store=True)
    done_count = fields.Integer(string="Done", compute="_compute_done", store=True)

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("visit_id.state")
    def _compute_done(self):
        for line in self:
            line.done = line.visit_id.state == "done"
            line.planned_count = 1
            line.done_count = int(line.done)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date", "plan_id")
    def _check_date_in_week(self):
        for line in self:
            plan = line.plan_id
            if not plan.week_start <= line.date <= plan.week_end:
                raise ValidationError(
                    self.env._(
                        "A planned visit falls in its plan's week (%(start)s to %(end)s).",
                        start=plan.week_start,
                        end=plan.week_end,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    # an approved plan is changed by the leader only
    def _check_plan_open(self, plans):
        if self.env.su or self.env.user.has_groups(LEADER_GROUPS):
            return
        if any(plan.state == "approved" for plan in plans):
            raise UserError(self.env._("Only a team leader changes an approved visit plan."))

    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["hospital.visit.plan"].browse(
            {vals["plan_id"] for vals in vals_list if vals.get("plan_id")}
        )
        self._check_plan_open(plans)
        lines = super().create(vals_list)
        lines._create_visits()
        return lines

    def write(self, vals):
        if "visit_id" in vals and not self.env.su:
            raise UserError(self.env._("A planned visit is linked to its visit by the plan."))
        self._check_plan_open(self.plan_id)
        res = super().write(vals)
        if {"date", "partner_id", "kind", "purpose"} & vals.keys():
            self._update_visits()
        return res

    def unlink(self):
        self._check_plan_open(self.plan_id)
        # a planned visit taken off the plan is cancelled, a logged one stays in the log
        self.visit_id.filtered(lambda v: v.state == "planned").write({"state": "cancel"})
        return super().unlink()

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    # the planned visits
    def _visit_start(self):
        """The moment a planned visit is put at: 09:00 on its day, in the promoter's time
        zone (the user's, else the company's, else UTC), as naive UTC."""
        self.ensure_one()
        user = self.plan_id.employee_id.user_id
        tz = pytz.timezone(user.tz or self.env.user.tz or "UTC")
        local = tz.localize(datetime.combine(self.date, time(PLANNED_HOUR)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _visit_vals(self):
        self.ensure_one()
        return {
            "kind": self.kind,
            "state": "planned",
            "partner_id": self.partner_id.id,
            "promoter_id": self.plan_id.employee_id.id,
            "company_id": self.company_id.id,
            "start_datetime": self._visit_start(),
            "purpose": self.purpose or False,
        }

    def _create_visits(self):
        """A planned visit for each line that has none yet, in one create."""
        lines = self.filtered(lambda line: not line.visit_id)
        if not lines:
            return
        visits = self.env["hospital.visit"].create([line._visit_vals() for line in lines])
        for line, visit in zip(lines, visits, strict=True):
            # sudo: the link is the plan's own doing (write() refuses it to anybody else)
            line.sudo().visit_id = visit

    def _update_visits(self):
        for line in self.filtered(lambda line: line.visit_id.state == "planned"):
            vals = line._visit_vals()
            del vals["promoter_id"], vals["company_id"]
            line.visit_id.write(vals)
