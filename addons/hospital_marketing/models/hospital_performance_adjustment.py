from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# who records and decides fines and bonuses: a team leader (so the manager and the VP)
LEADER_GROUPS = "hospital_marketing.group_marketing_leader"
# what a confirmed (or cancelled) adjustment freezes: reset it to draft to change it
DECIDED_FIELDS = {"name", "kind", "company_id", "employee_id", "date", "amount"}

ADJUSTMENT_KINDS = [
    ("quota_penalty", "Under Quota"),
    ("quota_bonus", "Over Quota"),
    ("missing_report", "Missing Report"),
    ("late_report", "Late Report"),
    ("leader_penalty", "Leader Penalty"),
    ("fraud", "Fraud Rule"),
    ("leak", "Confidentiality Breach"),
    ("other", "Other"),
]


class HospitalPerformanceAdjustment(models.Model):
    """A fine or a bonus on a staff member's monthly performance pay (R-W5, R-W6, R-R6, R-S5).

    The amount is signed: negative deducts, positive adds. A confirmed adjustment is included
    in the staff member's settlement of the month of its date. ``res_model``/``res_id`` name the
    record that caused it (a referral case, a report, a quota period).
    """

    _name = "hospital.performance.adjustment"
    _description = "Performance Adjustment"
    _inherit = ["mail.thread", "hospital.marketing.owned.mixin", "hospital.workflow.mixin"]
    _hm_owner_field = "employee_id"
    _order = "date desc, id desc"
    _check_company_auto = True
    # the state moves only through the buttons; the settlement, the percentage deduction and
    # the cause are set by the month-end run and the rules that fine (R-R6, R-W5, R-W6)
    _hm_workflow_fields = {
        "state": False,
        "settlement_id": False,
        "commission_percent": False,
        "res_model": False,
        "res_id": False,
        "user_id": LEADER_GROUPS,
        "team_id": LEADER_GROUPS,
    }

    name = fields.Char(string="Reason", required=True, tracking=True)
    kind = fields.Selection(ADJUSTMENT_KINDS, required=True, default="other", tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancel", "Cancelled")],
        required=True,
        default="draft",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, tracking=True, check_company=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    amount = fields.Monetary(
        currency_field="currency_id",
        required=True,
        tracking=True,
        help="Negative deducts from the performance pay, positive adds to it.",
    )
    commission_percent = fields.Float(
        string="Deduct % of the Monthly Commission",
        readonly=True,
        help="A deduction of this share of the month's commission of the staff member (R-R6: "
        "30% for claiming a patient the hospital already had); the month-end run sets the "
        "amount from the settlement of the month.",
    )
    res_model = fields.Char(string="Source Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Source Record", model_field="res_model", readonly=True
    )
    note = fields.Text()
    correction_of_id = fields.Many2one(
        "hospital.performance.adjustment",
        string="Corrects",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The adjustment of a signed settlement this one corrects: what was signed is "
        "never changed, the difference goes to a new draft of the month (R-C11).",
    )
    # the form shows the decided fields read-only to whoever write() would refuse (no
    # security: _check_decider and write decide)
    can_decide = fields.Boolean(string="May Decide", compute="_compute_can_decide")
    settlement_id = fields.Many2one(
        "hospital.commission.settlement",
        index=True,
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The settlement that pays or deducts this adjustment.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("employee_id")
    @api.depends_context("uid")
    def _compute_can_decide(self):
        """A team leader (so the manager and the VP), never on their own pay."""
        user = self.env.user
        leader = self.env.su or user.has_groups(LEADER_GROUPS)
        for adjustment in self:
            adjustment.can_decide = leader and (
                self.env.su or adjustment.employee_id.sudo().user_id != user
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("correction_of_id") for vals in vals_list):
            self._refuse_correction_link()
        adjustments = super().create(vals_list)
        adjustments._check_not_own()
        return adjustments

    # settlement (R-W6, R-C2): amounts are frozen once the settlement is signed off
    def write(self, vals):
        if "correction_of_id" in vals and not self.env.su:
            self._refuse_correction_link()
        if "settlement_id" in vals and not self.env.su:
            raise AccessError(
                self.env._("Only the month-end settlement run puts an adjustment in a settlement.")
            )
        if vals.keys() - {"settlement_id", "note"}:
            self.settlement_id._check_open()
            self._check_not_own()
        changed = self._hm_workflow_frozen(DECIDED_FIELDS, vals)
        if changed:
            raise self._hm_workflow_error(changed)
        if vals.get("settlement_id"):
            self.env["hospital.commission.settlement"].browse(vals["settlement_id"])._check_open()
        res = super().write(vals)
        if "employee_id" in vals:
            self._check_not_own()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_settled(self):
        if self.settlement_id:
            raise UserError(
                self.env._("An adjustment included in a settlement cannot be deleted; cancel it.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        self._check_decider()
        self.filtered(lambda a: a.state == "draft").sudo().write({"state": "confirmed"})

    def action_cancel(self):
        """Cancel; an adjustment a signed settlement holds stays as signed and gets a
        reversing correction, dated in its month, which the next run of that month puts in a
        new draft (R-C11)."""
        self._check_decider()
        frozen = self.filtered(
            lambda a: a.state == "confirmed"
            and a.settlement_id
            and a.settlement_id.state != "draft"
        )
        # reversed once only
        signed = (
            frozen - self.sudo().search([("correction_of_id", "in", frozen.ids)]).correction_of_id
        )
        if signed:
            self.sudo().with_context(tracking_disable=True).create(
                [
                    {
                        "name": self.env._("Cancelled: %s", adjustment.name),
                        "kind": adjustment.kind,
                        "state": "confirmed",
                        "company_id": adjustment.company_id.id,
                        "employee_id": adjustment.employee_id.id,
                        "date": adjustment.date,
                        "amount": -adjustment.amount,
                        "res_model": adjustment.res_model,
                        "res_id": adjustment.res_id,
                        "correction_of_id": adjustment.id,
                    }
                    for adjustment in signed.sudo()
                ]
            )
            for adjustment in signed:
                adjustment.message_post(
                    body=self.env._(
                        "Cancelled after settlement %s was signed: a reversing correction goes "
                        "to the next settlement run of the month.",
                        adjustment.settlement_id.name,
                    )
                )
        (self - frozen).sudo().write({"state": "cancel"})

    def action_draft(self):
        self._check_decider()
        self.filtered(lambda a: a.state == "cancel").sudo().write({"state": "draft"})

    def action_open_source(self):
        """The record that caused the adjustment (a referral case, a work report...)."""
        self.ensure_one()
        if not self.res_model or not self.res_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _apply_commission_percent(self):
        """Set the amount of the percentage deductions of ``self`` from the commission of the
        (draft) settlement holding them."""
        for adjustment in self.filtered(
            lambda a: a.commission_percent and a.settlement_id.state == "draft"
        ):
            settlement = adjustment.settlement_id
            amount = -settlement.currency_id.round(
                settlement.amount_commission * adjustment.commission_percent / 100.0
            )
            if settlement.currency_id.compare_amounts(adjustment.amount, amount):
                adjustment.sudo().write({"amount": amount})

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _check_not_own(self):
        """Nobody decides on their own fines or bonuses: a leader's penalty is confirmed or
        cancelled by the manager, not by the leader."""
        if self.env.su:
            return
        if any(adjustment.employee_id.sudo().user_id == self.env.user for adjustment in self):
            raise AccessError(
                self.env._(
                    "You cannot create, change, confirm or cancel an adjustment of your own "
                    "performance pay."
                )
            )

    def _check_decider(self):
        """A team leader of the staff member (record rules), the manager or the VP decides;
        never on their own pay."""
        if self.env.su:
            return
        self.check_access("write")
        if not self.env.user.has_groups(LEADER_GROUPS):
            raise AccessError(
                self.env._("Only a team leader or the marketing manager decides an adjustment.")
            )
        self._check_not_own()

    def _refuse_correction_link(self):
        raise AccessError(
            self.env._(
                "Only the settlement run and the cancellation of a signed adjustment write "
                "corrections."
            )
        )
