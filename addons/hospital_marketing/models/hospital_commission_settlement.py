from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, LockError, UserError

from .hospital_workflow_mixin import FREE_PREFIXES

SETTLEMENT_STATES = [
    ("draft", "Draft"),
    ("verified", "Verified by Marketing"),
    ("clinical_signed", "Signed by Treatment Groups"),
    ("finance_signed", "Signed by Finance"),
    ("approved", "Approved"),
    ("posted", "Posted"),
    ("carried", "Carried Forward"),
    ("cancel", "Cancelled"),
]
FINANCE_GROUP = "hospital_marketing.group_marketing_finance"
VP_GROUP = "hospital_marketing.group_marketing_vp"


class HospitalCommissionSettlement(models.Model):
    """What one payee is owed for one month (R-C1, R-C7..R-C9): commission lines of the cases
    discharged that month and, for staff, the month's performance adjustments.

    Flow: the month-end run (``hospital.commission.run``) builds the drafts → marketing
    verifies → each concerned treatment group leader → finance head → vice-president sign
    (R-C7, ``hospital_commission_settlement_approval.py``); the amounts are frozen from the
    first sign-off → finance posts the vendor bill or the payable entry (R-C9,
    ``hospital_commission_settlement_posting.py``) → finance pays by bank transfer (R-C8,
    ``hospital_commission_settlement_payment.py``). A month's draft is unique per payee; lines
    that arrive after the
    amounts were frozen go to a new draft of the same month.
    """

    _name = "hospital.commission.settlement"
    _description = "Commission Settlement"
    _inherit = ["mail.thread", "mail.activity.mixin", "hospital.workflow.mixin"]
    _order = "date_from desc, id desc"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="Month", required=True, index=True, readonly=True)
    date_to = fields.Date(string="Month End", required=True, readonly=True)
    date_due = fields.Date(string="Due Date", compute="_compute_date_due", store=True, index=True)
    payee_kind = fields.Selection(
        [("staff", "Staff"), ("external", "External")], required=True, readonly=True
    )
    employee_id = fields.Many2one("hr.employee", string="Staff Payee", index=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="External Payee", index=True, readonly=True)
    payee_name = fields.Char(compute="_compute_payee_name")
    user_id = fields.Many2one("res.users", string="Owner", index=True, readonly=True)
    team_id = fields.Many2one("hospital.marketing.team", index=True, readonly=True)
    line_ids = fields.One2many("hospital.commission.line", "settlement_id", string="Lines")
    correction_line_ids = fields.One2many(
        "hospital.commission.line",
        "settlement_id",
        string="Corrections",
        domain=[("line_type", "in", ("correction", "carry"))],
        help="Corrections of cases settled in earlier settlements (R-C11) and negative totals "
        "carried from an earlier month.",
    )
    adjustment_ids = fields.One2many(
        "hospital.performance.adjustment", "settlement_id", string="Adjustments"
    )
    signoff_ids = fields.One2many(
        "hospital.commission.signoff",
        "settlement_id",
        string="Sign-offs",
        context={"active_test": False},
    )
    line_count = fields.Integer(compute="_compute_amounts", store=True)
    amount_commission = fields.Monetary(
        compute="_compute_amounts", store=True, currency_field="currency_id"
    )
    amount_correction = fields.Monetary(
        string="Of Which Corrections",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
        help="Part of the commission that corrects earlier settlements or carries an earlier "
        "negative total (R-C11).",
    )
    amount_adjustment = fields.Monetary(
        compute="_compute_amounts", store=True, currency_field="currency_id"
    )
    amount_total = fields.Monetary(
        compute="_compute_amounts", store=True, currency_field="currency_id", tracking=True
    )
    state = fields.Selection(
        SETTLEMENT_STATES, required=True, default="draft", readonly=True, tracking=True, index=True
    )
    treatment_user_ids = fields.Many2many(
        "res.users",
        "hospital_commission_settlement_treatment_rel",
        "settlement_id",
        "user_id",
        string="Treatment Group Leaders",
        compute="_compute_treatment_user_ids",
        store=True,
    )
    partner_invoice_ref = fields.Char(
        string="Payee Invoice Number",
        tracking=True,
        help="An institution is paid only against its invoice (R-C10).",
    )
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True, copy=False)
    carried_to_id = fields.Many2one(
        "hospital.commission.settlement",
        readonly=True,
        copy=False,
        help="The settlement of the next month that carries this negative total.",
    )
    move_ids = fields.One2many(
        "account.move", "hm_commission_settlement_id", string="Journal Entries", readonly=True
    )
    payment_state = fields.Selection(
        [("not_paid", "Not Paid"), ("in_payment", "In Payment"), ("paid", "Paid")],
        string="Payment Status",
        compute="_compute_payment_state",
        store=True,
    )
    is_paid = fields.Boolean(compute="_compute_payment_state", store=True, index=True)
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    _draft_payee_month_uniq = models.UniqueIndex(
        "(company_id, date_from, COALESCE(employee_id, 0), COALESCE(partner_id, 0)) "
        "WHERE state = 'draft'",
        "A payee has one draft settlement per month.",
    )
    _one_payee = models.Constraint(
        "CHECK((employee_id IS NULL) <> (partner_id IS NULL))",
        "A settlement is paid either to a staff member or to an external payee.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("date_to", "company_id.hm_commission_due_days")
    def _compute_date_due(self):
        for settlement in self:
            settlement.date_due = settlement.date_to and settlement.date_to + relativedelta(
                days=settlement.company_id.hm_commission_due_days
            )

    @api.depends("employee_id", "partner_id")
    def _compute_payee_name(self):
        for settlement in self:
            payee = settlement.employee_id.sudo() or settlement.partner_id.sudo()
            settlement.payee_name = payee.display_name

    @api.depends(
        "line_ids.amount", "line_ids.line_type", "adjustment_ids.amount", "adjustment_ids.state"
    )
    def _compute_amounts(self):
        ids = [sid for sid in self.ids if sid]
        lines = defaultdict(lambda: (0.0, 0))
        corrections = defaultdict(float)
        for settlement, line_type, total, count in (
            self.env["hospital.commission.line"]
            .sudo()
            ._read_group(
                [("settlement_id", "in", ids)],
                ["settlement_id", "line_type"],
                ["amount:sum", "__count"],
            )
        ):
            lines[settlement.id] = (
                lines[settlement.id][0] + total,
                lines[settlement.id][1] + count,
            )
            if line_type != "commission":
                corrections[settlement.id] += total
        adjustments = {
            settlement.id: total
            for settlement, total in self.env["hospital.performance.adjustment"]
            .sudo()
            ._read_group(
                [("settlement_id", "in", ids), ("state", "=", "confirmed")],
                ["settlement_id"],
                ["amount:sum"],
            )
        }
        for settlement in self:
            commission, count = lines.get(settlement.id, (0.0, 0))
            adjustment = adjustments.get(settlement.id, 0.0)
            settlement.line_count = count
            settlement.amount_commission = commission
            settlement.amount_correction = corrections.get(settlement.id, 0.0)
            settlement.amount_adjustment = adjustment
            settlement.amount_total = commission + adjustment

    @api.depends("line_ids.department_id.treatment_leader_user_id")
    def _compute_treatment_user_ids(self):
        ids = [sid for sid in self.ids if sid]
        departments = defaultdict(list)
        for settlement, department in (
            self.env["hospital.commission.line"]
            .sudo()
            ._read_group(
                [("settlement_id", "in", ids), ("department_id", "!=", False)],
                ["settlement_id", "department_id"],
            )
        ):
            departments[settlement.id].append(department.id)
        Department = self.env["hospital.clinical.department"].sudo()
        for settlement in self:
            leaders = Department.browse(departments.get(settlement.id, [])).treatment_leader_user_id
            settlement.treatment_user_ids = leaders

    @api.depends(
        "move_id.state",
        "move_id.payment_state",
        "move_id.line_ids.amount_residual",
        "move_id.line_ids.matched_debit_ids.debit_move_id.move_id.origin_payment_id.is_matched",
        "move_id.line_ids.matched_credit_ids.credit_move_id.move_id.origin_payment_id.is_matched",
    )
    def _compute_payment_state(self):
        """Paid when the payable of its entry is fully reconciled with payments that are
        themselves reconciled with the bank: a payment "in process" (booked on the outstanding
        payments account, not yet matched with a bank statement line) has not paid it yet.
        The state flows back from accounting, whoever registered the payment."""
        for settlement in self:
            move = settlement.move_id
            payables = move.line_ids.filtered(
                lambda line: line.account_id.account_type == "liability_payable"
            )
            counterparts = (
                payables.matched_debit_ids.debit_move_id
                | payables.matched_credit_ids.credit_move_id
            )
            settled = (
                move.state == "posted"
                and bool(payables)
                and all(line.currency_id.is_zero(line.amount_residual) for line in payables)
            )
            paid = settled and all(counterparts.move_id.origin_payment_id.mapped("is_matched"))
            settlement.is_paid = paid
            settlement.payment_state = (
                ("paid" if paid else "in_payment" if settled else "not_paid") if move else False
            )

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for settlement in self:
            settlement.is_overdue = (
                settlement.state in ("approved", "posted")
                and settlement.payment_state not in ("paid", "in_payment")
                and settlement.amount_total > 0
                and bool(settlement.date_due)
                and settlement.date_due < today
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # numbered in the settlement's month, not the day the run happens
                month = fields.Date.to_date(vals.get("date_from")) or fields.Date.context_today(
                    self
                )
                vals["name"] = (
                    sequence.with_context(ir_sequence_date=month).next_by_code(
                        "hospital.commission.settlement", sequence_date=month
                    )
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if "partner_invoice_ref" in vals and not self.env.su and self.filtered("move_id"):
            raise UserError(
                self.env._("The invoice number of a posted settlement cannot be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if any(
            settlement.state not in ("draft", "cancel") or settlement.move_ids
            for settlement in self
        ):
            raise UserError(
                self.env._("Only a draft settlement without journal entries can be deleted.")
            )

    def unlink(self):
        # a deleted draft releases its lines and adjustments to the next run
        self.line_ids.write({"settlement_id": False})
        self.adjustment_ids.write({"settlement_id": False})
        return super().unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cancel(self):
        """Cancel; a posted settlement's entry is reversed (R-C9). A paid settlement must have
        its payment cancelled first."""
        posted = self.filtered("move_id")
        if posted:
            posted._check_finance()
            posted._lock()
        elif not self.env.user.has_group("hospital_marketing.group_marketing_manager"):
            raise AccessError(self.env._("Only marketing managers and finance cancel settlements."))
        if self.filtered("carried_to_id"):
            raise UserError(
                self.env._(
                    "A settlement carried into the next month cannot be cancelled: correct the "
                    "next month's settlement instead."
                )
            )
        if any(settlement.payment_state in ("paid", "in_payment") for settlement in self):
            raise UserError(
                self.env._("A paid settlement cannot be cancelled: cancel its payment first.")
            )
        for settlement in posted.sudo():
            move = settlement.move_id
            move._reverse_moves(
                [
                    {
                        "date": fields.Date.context_today(self),
                        "ref": self.env._("Reversal of %s", move.name),
                        "hm_commission_settlement_id": settlement.id,
                    }
                ],
                cancel=True,
            )
        self.sudo().write({"state": "cancel", "move_id": False})
        return True

    def action_draft(self):
        """A cancelled settlement goes back to draft to be signed off again."""
        if not self.env.user.has_group("hospital_marketing.group_marketing_manager"):
            raise AccessError(self.env._("Only marketing managers reset settlements to draft."))
        cancelled = self.filtered(lambda s: s.state == "cancel").sudo()
        drafts = self.sudo().search(
            [
                ("state", "=", "draft"),
                ("date_from", "in", cancelled.mapped("date_from")),
                ("company_id", "in", cancelled.company_id.ids),
            ]
        )
        keys = {(d.company_id, d.date_from, d.employee_id, d.partner_id) for d in drafts}
        clash = cancelled.filtered(
            lambda s: (s.company_id, s.date_from, s.employee_id, s.partner_id) in keys
        )
        if clash:
            raise UserError(
                self.env._(
                    "%s already has a draft settlement for this month: add the cases there, "
                    "or delete that draft first.",
                    clash[0].payee_name,
                )
            )
        cancelled.signoff_ids.filtered("active").active = False
        cancelled.state = "draft"
        return True

    def action_open_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.move_id.id,
        }

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _hm_workflow_spec(self):
        """Everything but the payee's invoice number (and the chatter) changes only through
        the sign-off, posting and payment actions, which check who may do what."""
        return {
            fname: False
            for fname in self._fields
            if fname not in ("partner_invoice_ref", "id") and not fname.startswith(FREE_PREFIXES)
        }

    def _check_open(self):
        """Amounts are frozen once the first sign-off is given (R-C7)."""
        frozen = self.filtered(lambda s: s.state != "draft")
        if frozen:
            raise UserError(
                self.env._(
                    "The amounts of settlement %s are frozen: it has been signed off already. "
                    "Reject it back to draft to change them.",
                    frozen[0].name,
                )
            )

    def _check_finance(self):
        if not self.env.user.has_group(FINANCE_GROUP):
            raise AccessError(self.env._("Only finance posts and pays commission settlements."))
        self.check_access("write")

    def _lock(self):
        try:
            self.lock_for_update()
        except LockError:
            raise UserError(
                self.env._("Another person is posting or paying these settlements right now.")
            ) from None
        self.invalidate_recordset(["state", "move_id"])
