import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .hospital_distribution_task import PLAN_GROUPS
from .hospital_marketing_material import COST_GROUPS

PLACE_KINDS = [
    ("community", "Community"),
    ("clinic", "Clinic"),
    ("school", "School"),
    ("station", "Station"),
    ("factory", "Factory"),
    ("other", "Other"),
]

LINE_STATES = [("todo", "To Do"), ("done", "Done"), ("cancel", "Cancelled")]

# what the distributor fills in on the phone before confirming a drop
PROOF_FIELDS = frozenset(
    {"qty_handed_out", "photo", "latitude", "longitude", "recipient_id", "recipient_name", "note"}
)


class HospitalDistributionLine(models.Model):
    """One drop point of a distribution task (R-M2): a partner or a free address, with the
    copies planned, taken out of stock, handed out and brought back, and the proof of the drop
    (photo, time, position, recipient).

    This is the stock ledger of the magazine and the materials: copies are counted per drop
    point, never per copy, and rolled up to the task, the issue and the material set-wise.
    """

    _name = "hospital.distribution.line"
    _description = "Distribution Drop Point"
    _inherit = ["mail.thread", "hospital.workflow.mixin"]
    _order = "task_id, sequence, id"
    _rec_name = "drop_point"
    _check_company_auto = True
    _hm_workflow_fields = dict.fromkeys(
        (
            "state",
            "qty_received",
            "qty_returned",
            "done_datetime",
            "done_user_id",
            "photo_datetime",
        ),
        False,
    )

    task_id = fields.Many2one(
        "hospital.distribution.task",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="task_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    task_state = fields.Selection(related="task_id.state", string="Task Status")
    issue_id = fields.Many2one(related="task_id.issue_id", store=True, index=True)
    material_id = fields.Many2one(related="task_id.material_id", store=True, index=True)
    team_id = fields.Many2one(related="task_id.team_id", store=True, index=True, string="Squad")
    state = fields.Selection(
        LINE_STATES, required=True, default="todo", readonly=True, tracking=True, copy=False
    )
    # the drop point
    partner_id = fields.Many2one(
        "res.partner",
        index=True,
        help="The clinic, school, company or community office the copies are left with.",
    )
    address = fields.Char(help="A drop point that is no partner: a street, a station, a square.")
    place_kind = fields.Selection(PLACE_KINDS, string="Kind of Place", default="community")
    drop_point = fields.Char(compute="_compute_drop_point", store=True)
    territory_id = fields.Many2one(
        "hospital.marketing.territory",
        index=True,
        check_company=True,
        compute="_compute_territory_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    # the ledger
    qty_planned = fields.Integer(string="Planned")
    qty_received = fields.Integer(string="Taken Out", readonly=True, copy=False)
    qty_handed_out = fields.Integer(string="Handed Out", copy=False)
    qty_returned = fields.Integer(string="Returned", readonly=True, copy=False)
    qty_left = fields.Integer(
        string="Leftover",
        compute="_compute_qty_left",
        store=True,
        help="Taken out, not handed out nor returned.",
    )
    unit_cost = fields.Monetary(compute="_compute_cost", store=True, groups=COST_GROUPS)
    cost = fields.Monetary(
        string="Material Cost",
        compute="_compute_cost",
        store=True,
        groups=COST_GROUPS,
        help="Cost of the copies handed out at this drop point.",
    )
    # the proof
    photo = fields.Image(max_width=1920, max_height=1920, copy=False)
    photo_datetime = fields.Datetime(string="Photo Time", readonly=True, copy=False)
    latitude = fields.Float(digits=(10, 7), copy=False)
    longitude = fields.Float(digits=(10, 7), copy=False)
    recipient_id = fields.Many2one(
        "res.partner",
        help="The person of the partner who received the copies.",
    )
    recipient_name = fields.Char(string="Received By")
    done_datetime = fields.Datetime(string="Dropped At", readonly=True, copy=False, index=True)
    done_user_id = fields.Many2one("res.users", string="Dropped By", readonly=True, copy=False)
    note = fields.Text()

    _quantities_positive = models.Constraint(
        "CHECK(qty_planned >= 0 AND qty_received >= 0 AND qty_handed_out >= 0 "
        "AND qty_returned >= 0)",
        "Quantities cannot be negative.",
    )
    _not_more_than_received = models.Constraint(
        "CHECK(qty_handed_out + qty_returned <= qty_received)",
        "A drop point cannot hand out or return more copies than it took out.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("partner_id.name", "address")
    def _compute_drop_point(self):
        for line in self:
            line.drop_point = line.partner_id.sudo().display_name or line.address or False

    @api.depends("task_id.territory_id")
    def _compute_territory_id(self):
        for line in self:
            if not line.territory_id:
                line.territory_id = line.task_id.territory_id

    @api.depends("qty_received", "qty_handed_out", "qty_returned")
    def _compute_qty_left(self):
        for line in self:
            line.qty_left = line.qty_received - line.qty_handed_out - line.qty_returned

    @api.depends(
        "qty_handed_out",
        "issue_id.printing_cost",
        "issue_id.print_run",
        "material_id.unit_cost",
    )
    def _compute_cost(self):
        for line in self:
            if line.issue_id:
                issue = line.issue_id
                unit = issue.printing_cost / issue.print_run if issue.print_run else 0.0
            else:
                unit = line.material_id.unit_cost
            line.unit_cost = unit
            line.cost = unit * line.qty_handed_out

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("qty_received", "qty_handed_out", "qty_returned")
    def _check_not_more_than_received(self):
        for line in self:
            if line.qty_handed_out + line.qty_returned > line.qty_received:
                raise ValidationError(
                    self.env._(
                        "%(drop)s: %(out)s copies handed out or returned, but only %(taken)s "
                        "were taken out.",
                        drop=line.drop_point,
                        out=line.qty_handed_out + line.qty_returned,
                        taken=line.qty_received,
                    )
                )

    @api.constrains("latitude", "longitude")
    def _check_position(self):
        for line in self:
            if not (
                math.isfinite(line.latitude)
                and math.isfinite(line.longitude)
                and -90 <= line.latitude <= 90
                and -180 <= line.longitude <= 180
            ):
                raise ValidationError(self.env._("The position of the photo is not valid."))

    @api.constrains("partner_id", "address")
    def _check_drop_point(self):
        for line in self:
            if not line.partner_id and not (line.address or "").strip():
                raise ValidationError(self.env._("A drop point is a partner or an address."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_position_vals(vals)
        if not self.env.su and not self.env.user.has_groups(PLAN_GROUPS):
            raise AccessError(
                self.env._("Only the squad's leader, the office or the manager adds drop points.")
            )
        lines = super().create(vals_list)
        if not self.env.su and any(line.task_id.state != "draft" for line in lines):
            raise UserError(self.env._("Drop points are added while the task is a draft."))
        return lines

    def write(self, vals):
        self._check_position_vals(vals)
        if not self.env.su:
            self._hm_check_workflow_write(vals)
            plan_fields = vals.keys() - PROOF_FIELDS - self._hm_workflow_fields.keys()
            if plan_fields and not self.env.user.has_groups(PLAN_GROUPS):
                raise AccessError(
                    self.env._(
                        "Only the squad's leader, the office or the manager changes a drop "
                        "point's plan."
                    )
                )
            if any(line.state != "todo" for line in self) and vals.keys() - {"note"}:
                raise UserError(
                    self.env._("A confirmed or cancelled drop can no longer be changed.")
                )
            if plan_fields and any(line.task_id.state != "draft" for line in self):
                raise UserError(
                    self.env._("The plan of an assigned task can no longer be changed.")
                )
            if "qty_handed_out" in vals and any(line.task_id.state != "assigned" for line in self):
                raise UserError(self.env._("Copies are handed out once the task is assigned."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_plans(self):
        if any(line.qty_received or line.state != "todo" for line in self):
            raise UserError(self.env._("Only a drop point that took nothing out can be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm_drop(self):
        """The copies are left at the drop point: the photo proves it, its time is taken now;
        a partner's delivery names its recipient. Everything taken out counts as handed out
        when no quantity was entered."""
        self._check_distributor()
        for line in self:
            if line.state != "todo" or line.task_id.state != "assigned":
                raise UserError(
                    self.env._(
                        "%s: only a drop of an assigned task can be confirmed.", line.drop_point
                    )
                )
            if not line.photo:
                raise UserError(self.env._("%s: take a photo of the drop first.", line.drop_point))
            if line.partner_id and not (line.recipient_id or (line.recipient_name or "").strip()):
                raise UserError(self.env._("%s: say who received the copies.", line.drop_point))
        now = fields.Datetime.now()
        for line in self.sudo():
            vals = {
                "state": "done",
                "done_datetime": now,
                "done_user_id": self.env.uid,
                "photo_datetime": now,
            }
            if not line.qty_handed_out:
                vals["qty_handed_out"] = line.qty_received - line.qty_returned
            line.write(vals)
        self._drop_confirmed()
        return True

    def action_return_leftover(self):
        """Bring the copies not handed out back to stock."""
        self._check_distributor()
        for line in self:
            if line.task_id.state != "assigned":
                raise UserError(self.env._("Leftovers are returned while the task is assigned."))
        lines = self.sudo().filtered("qty_left")
        for qty, group in lines.grouped(lambda ln: ln.qty_returned + ln.qty_left).items():
            group.write({"qty_returned": qty})
        return True

    def action_open_drop_wizard(self):
        """One photo closes several drop points at one place."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Confirm the Drops"),
            "res_model": "hospital.distribution.drop.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    # the ledger, set-wise
    @api.model
    def _stock_totals(self, fname, sources):
        """{source: (taken out, handed out, returned)} for the issues or materials ``sources``
        (``fname`` is ``issue_id`` or ``material_id``), over every drop point, in one query.
        Stock figures are not secret: they are summed over the lines the caller may not read."""
        if not sources.ids:
            return {}
        groups = self.sudo()._read_group(
            [(fname, "in", sources.ids)],
            [fname],
            ["qty_received:sum", "qty_handed_out:sum", "qty_returned:sum"],
        )
        return {
            source.with_env(sources.env): (issued, handed_out, returned)
            for source, issued, handed_out, returned in groups
        }

    def _drop_confirmed(self):
        """Hook called (on the caller's records) once drops are confirmed; the referral addon
        logs a delivery to a referral partner as a contact of the distributor."""
        return True

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _check_stock(self):
        """Refuse taking out more copies than the issue or material holds (returns count back)."""
        for fname, received in (("issue_id", "copies_received"), ("material_id", "qty_received")):
            sources = self.sudo()[fname]
            totals = self._stock_totals(fname, sources)
            for source in sources:
                issued, _handed_out, returned = totals.get(source, (0, 0, 0))
                if issued - returned > source[received]:
                    raise ValidationError(
                        self.env._(
                            "%(what)s: %(wanted)s copies would be out but only %(stock)s "
                            "were received.",
                            what=source.display_name,
                            wanted=issued - returned,
                            stock=source[received],
                        )
                    )

    def _check_position_vals(self, vals):
        """A position that is no number (NaN, infinity) is refused before the ORM converts it."""
        for fname in ("latitude", "longitude"):
            value = vals.get(fname)
            if isinstance(value, float) and not math.isfinite(value):
                raise ValidationError(self.env._("The position of the photo is not valid."))

    def _check_distributor(self):
        self._hm_check_role(
            "hospital_marketing.group_marketing_promoter",
            self.env._("Only the squad's distributors confirm drops."),
        )
