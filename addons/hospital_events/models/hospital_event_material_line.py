from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# who hands out and takes back an event's materials: the event's team leader (the record
# rules give the team's events) and the office
HAND_OUT_GROUPS = (
    "hospital_marketing.group_marketing_leader,hospital_marketing.group_marketing_office"
)

LINE_STATES = [("todo", "To Hand Out"), ("done", "Handed Out"), ("cancel", "Cancelled")]

# a source of the stock and the field of its copies received (hospital_marketing's ledger)
STOCK_SOURCES = (("issue_id", "copies_received"), ("material_id", "qty_received"))

# what is planned: fixed once the line is handed out or cancelled
PLAN_FIELDS = frozenset({"issue_id", "material_id", "qty_planned", "qty_handed_out"})


class HospitalEventMaterialLine(models.Model):
    """Magazines and flyers planned for an outreach event and handed out there (R-E2, R-E3).

    They come from the department's stock (``hospital_marketing``'s ledger of issues and
    materials): a line handed out (confirmed, or its event done) takes its copies out of the
    stock of its issue or material, never more than the stock holds; a cancelled line gives
    them back. The stock figures of the magazine screens count them (see
    ``distribution_line_event_stock.py``)."""

    _name = "hospital.event.material.line"
    _description = "Outreach Event Material"
    _inherit = ["hospital.workflow.mixin"]
    _order = "event_id, id"
    _check_company_auto = True
    _hm_workflow_fields = {"state": False}

    event_id = fields.Many2one("event.event", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="event_id.company_id", store=True)
    issue_id = fields.Many2one(
        "hospital.magazine.issue",
        string="Magazine Issue",
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    material_id = fields.Many2one(
        "hospital.marketing.material", index=True, check_company=True, ondelete="restrict"
    )
    state = fields.Selection(
        LINE_STATES,
        string="Status",
        required=True,
        default="todo",
        readonly=True,
        copy=False,
        index=True,
    )
    qty_planned = fields.Integer(string="Planned")
    qty_handed_out = fields.Integer(string="Handed Out")
    qty_in_stock = fields.Integer(
        string="In Stock",
        compute="_compute_qty_in_stock",
        help="What the department's stock of the issue or material holds now.",
    )

    _quantities_positive = models.Constraint(
        "CHECK (qty_planned >= 0 AND qty_handed_out >= 0)",
        "Material quantities cannot be negative.",
    )
    _one_source = models.Constraint(
        "CHECK ((issue_id IS NULL) != (material_id IS NULL))",
        "A material line hands out either a magazine issue or a material.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("issue_id", "material_id", "state")
    def _compute_qty_in_stock(self):
        for line in self:
            if line.issue_id:
                line.qty_in_stock = line.issue_id.sudo().copies_left
            else:
                line.qty_in_stock = line.material_id.sudo().qty_available

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if not self.env.su and PLAN_FIELDS & vals.keys() and any(ln.state != "todo" for ln in self):
            raise UserError(
                self.env._("A material line handed out or cancelled can no longer be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_handed_out(self):
        if any(line.state == "done" for line in self):
            raise UserError(
                self.env._("A material line handed out is cancelled, not deleted: cancel it.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_hand_out(self):
        """The copies are handed out at the event: they leave the stock (everything planned
        when no quantity was entered); refused beyond what the stock holds."""
        self._hm_check_role(
            HAND_OUT_GROUPS,
            self.env._("Only the event's team leader or the office hands out materials."),
        )
        if any(line.state != "todo" for line in self):
            raise UserError(self.env._("Only a planned material line can be handed out."))
        if any(line.event_id.hm_state not in ("approved", "done") for line in self):
            raise UserError(self.env._("Materials are handed out at an approved event."))
        self.sudo()._hand_out()
        return True

    def action_cancel(self):
        """The line is cancelled; copies it handed out go back to the stock."""
        self._hm_check_role(
            HAND_OUT_GROUPS,
            self.env._("Only the event's team leader or the office cancels materials."),
        )
        if any(line.state == "cancel" for line in self):
            raise UserError(self.env._("This material line is already cancelled."))
        self.sudo().write({"state": "cancel"})
        return True

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hand_out(self):
        """Hand out (as superuser) the planned lines of ``self``, set-wise, then check the
        stock of their issues and materials."""
        lines = self.filtered(lambda line: line.state == "todo")
        for qty, group in (
            lines.filtered(lambda ln: not ln.qty_handed_out).grouped("qty_planned").items()
        ):
            group.write({"qty_handed_out": qty})
        lines.write({"state": "done"})
        lines._check_stock()

    def _check_stock(self):
        """Refuse a stock of an issue or material that would go below zero."""
        Ledger = self.env["hospital.distribution.line"]
        for fname, received in STOCK_SOURCES:
            sources = self.sudo()[fname]
            totals = Ledger._stock_totals(fname, sources)
            for source in sources:
                issued, _handed_out, returned = totals.get(source, (0, 0, 0))
                if issued - returned > source[received]:
                    raise ValidationError(
                        self.env._(
                            "%(what)s: only %(stock)s copies are in stock, not enough for "
                            "this hand-out.",
                            what=source.display_name,
                            stock=source[received] - issued + returned + self._qty_of(source),
                        )
                    )

    def _qty_of(self, source):
        """The copies of ``source`` (an issue or material) the lines of ``self`` hand out."""
        return sum(
            line.qty_handed_out
            for line in self
            if source in (line.issue_id, line.material_id) and line.state == "done"
        )
