from collections import defaultdict

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, LockError, UserError
from odoo.tools import SQL

from .account_move import BATCH_SEQUENCE, RANKED_SUPPLIERS
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
SIGNOFF_STEPS = [
    ("marketing", "Marketing Verification"),
    ("treatment", "Treatment Group Leader"),
    ("finance", "Finance Head"),
    ("vp", "Business Vice-President"),
    ("reject", "Rejected"),
]
FINANCE_GROUP = "hospital_marketing.group_marketing_finance"
VP_GROUP = "hospital_marketing.group_marketing_vp"


class HospitalCommissionSettlement(models.Model):
    """What one payee is owed for one month (R-C1, R-C7..R-C9): commission lines of the cases
    discharged that month and, for staff, the month's performance adjustments.

    Flow: the month-end run builds the drafts → marketing verifies → each concerned treatment
    group leader → finance head → vice-president sign (R-C7); the amounts are frozen from the
    first sign-off → finance posts the vendor bill or the payable entry (R-C9) → finance pays
    by bank transfer (R-C8). A month's draft is unique per payee; lines that arrive after the
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
    # compute
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

    @api.model
    def _hm_workflow_spec(self):
        """Everything but the payee's invoice number (and the chatter) changes only through
        the sign-off, posting and payment actions, which check who may do what."""
        return {
            fname: False
            for fname in self._fields
            if fname not in ("partner_invoice_ref", "id") and not fname.startswith(FREE_PREFIXES)
        }

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

    def _hm_check_open(self):
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

    # ------------------------------------------------------------------
    # month-end run
    # ------------------------------------------------------------------
    @api.model
    def _cron_month_end(self):
        """Scheduled on the first of the month: settle the previous month for every company,
        the month before today in the company's time zone (at 00:30 in Beijing it is still the
        last day of the month in UTC)."""
        touched = self.browse()
        companies = self.env["res.company"].sudo().search([])
        by_month = companies.grouped(
            lambda company: self._hm_company_today(company).replace(day=1) - relativedelta(months=1)
        )
        for month, month_companies in by_month.items():
            touched |= self.sudo()._hm_run(month, month_companies)
        return touched

    @api.model
    def _hm_company_today(self, company):
        """Today in the company's time zone: its working calendar's, else its address's."""
        company = company.sudo()
        name = company.resource_calendar_id.tz or company.partner_id.tz or "UTC"
        now = pytz.utc.localize(fields.Datetime.now())
        return now.astimezone(pytz.timezone(name)).date()

    @api.model
    def _hm_check_month_over(self, date_from, companies):
        """A month is settled once it is over in every company's time zone: the cases of its
        last day are not all billed before."""
        date_to = date_from.replace(day=1) + relativedelta(months=1, days=-1)
        for company in companies:
            if date_to >= self._hm_company_today(company):
                raise UserError(
                    self.env._(
                        "The month %(month)s is not over yet in %(company)s: it can be settled "
                        "from %(day)s on.",
                        month=date_from.strftime("%Y-%m"),
                        company=company.name,
                        day=date_to + relativedelta(days=1),
                    )
                )

    @api.model
    def _hm_lock_run(self, companies):
        """Serialise the runs of a company. A concurrent run holding the lock makes this one
        stop with a message; a run that committed after this transaction began makes
        PostgreSQL raise a serialisation failure, which Odoo retries with fresh data. Either
        way two runs never write the same lines twice."""
        try:
            companies.sudo().lock_for_update(allow_referencing=True)
        except LockError:
            raise UserError(
                self.env._(
                    "A settlement run is already in progress for this company; try again in "
                    "a moment."
                )
            ) from None
        self.env.execute_query(
            SQL(
                "UPDATE res_company SET hm_commission_run_date = now() at time zone 'UTC' "
                "WHERE id IN %s",
                tuple(companies.ids),
            )
        )
        companies.invalidate_recordset(["hm_commission_run_date"])

    @api.model
    def _hm_run(self, date_from, companies=None):
        """Build the settlements of the month starting ``date_from`` for all payees: the lines
        still missing for the month's billable cases, the quota adjustments, and a draft
        settlement per payee holding every line and confirmed adjustment not yet settled.
        Idempotent: a second run adds only what is new. Returns the settlements touched."""
        companies = companies or self.env.companies
        date_from = date_from.replace(day=1)
        date_to = date_from + relativedelta(months=1, days=-1)
        self._hm_lock_run(companies)
        Line = self.env["hospital.commission.line"].sudo()
        Adjustment = self.env["hospital.performance.adjustment"].sudo()
        cases = Line._hm_collect_candidates(date_from, date_to, companies)
        vals_list, issues = Line._hm_prepare_lines(cases)
        self.env["hospital.commission.issue"].sudo()._hm_replace(date_from, companies, issues)
        Adjustment._hm_generate_quota_adjustments(date_from, date_to, companies)
        self.env["hospital.work.report"].sudo()._hm_generate_report_penalties(
            date_from, date_to, companies
        )
        # the lines of the month not settled yet (most were written at discharge), with their
        # payee: tens of thousands of rows, read in one query
        self.env.flush_all()
        orphan_rows = self.env.execute_query(
            SQL(
                "SELECT id, company_id, employee_id, partner_id FROM hospital_commission_line "
                "WHERE settlement_id IS NULL AND period_date = %s AND company_id IN %s",
                date_from,
                tuple(companies.ids),
            )
        )
        orphan_rows = self._hm_check_guard_before_settling(orphan_rows, date_from, companies)
        orphan_adjustments = Adjustment.search(
            [
                ("settlement_id", "=", False),
                ("state", "=", "confirmed"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
                ("company_id", "in", companies.ids),
            ]
        )

        def key_of(company_id, employee_id, partner_id):
            return (company_id, employee_id or 0, partner_id or 0)

        keys = {key_of(v["company_id"], v["employee_id"], v["partner_id"]) for v in vals_list}
        keys.update(key_of(*row[1:]) for row in orphan_rows)
        keys.update(key_of(adj.company_id.id, adj.employee_id.id, 0) for adj in orphan_adjustments)
        settlements = self._hm_draft_settlements(date_from, date_to, keys)
        for vals in vals_list:
            vals["settlement_id"] = settlements[
                key_of(vals["company_id"], vals["employee_id"], vals["partner_id"])
            ].id
        Line._hm_bulk_create(vals_list)
        Line.browse(row[0] for row in orphan_rows)._hm_attach_to(
            [settlements[key_of(*row[1:])] for row in orphan_rows]
        )
        for key, adjustments in orphan_adjustments.grouped(
            lambda adj: key_of(adj.company_id.id, adj.employee_id.id, 0)
        ).items():
            adjustments.write({"settlement_id": settlements[key].id})
        touched = self.browse([s.id for s in settlements.values()])
        # the office runs the month end without reading settlements
        touched.sudo().adjustment_ids._hm_apply_commission_percent()
        return touched

    @api.model
    def _hm_check_guard_before_settling(self, rows, date_from, companies):
        """R-C10 at the month end: the compliance guard again on every line of the month about
        to be settled, the unsettled ``rows`` (id, company, employee, partner) and those of
        the month's open drafts. A payee reclassified as a licensed clinician, a staff
        member flagged clinician, an agreement ended or cancelled since the line was written
        at discharge: the line stays unsettled (taken out of its draft) and is listed under
        Commission Issues with the reason. Returns the rows that may be settled."""
        Line = self.env["hospital.commission.line"].sudo()
        drafted = Line.search(
            [
                ("settlement_id.state", "=", "draft"),
                ("period_date", "=", date_from),
                ("company_id", "in", companies.ids),
            ]
        )
        lines = Line.browse(row[0] for row in rows) | drafted
        if not lines:
            return rows
        lines.fetch(["employee_id", "partner_id", "date", "res_model", "res_id", "rule_id"])
        refusals = Line._hm_guard(
            [
                {"employee_id": line.employee_id.id, "partner_id": line.partner_id.id}
                for line in lines
            ],
            [line.date for line in lines],
        )
        refused = Line.browse(
            line.id for line, refusal in zip(lines, refusals, strict=True) if refusal
        )
        if not refused:
            return rows
        issues = [
            Line._hm_issue(
                {
                    "company_id": line.company_id.id,
                    "date": line.date,
                    "res_model": line.res_model,
                    "res_id": line.res_id,
                    "source_name": line.source_name,
                },
                {"employee_id": line.employee_id.id, "partner_id": line.partner_id.id},
                "refused",
                rules=line.rule_id,
                message=refusal,
            )
            for line, refusal in zip(lines, refusals, strict=True)
            if refusal
        ]
        self.env["hospital.commission.issue"].sudo().create(issues)
        refused.filtered("settlement_id").write({"settlement_id": False})
        refused_ids = set(refused.ids)
        return [row for row in rows if row[0] not in refused_ids]

    @api.model
    def _hm_draft_settlements(self, date_from, date_to, keys):
        """``{key: draft settlement}`` for the payee keys ``(company, employee, partner)``,
        creating the missing drafts in one batch."""
        existing = self.sudo().search(
            [
                ("state", "=", "draft"),
                ("date_from", "=", date_from),
                ("company_id", "in", list({key[0] for key in keys})),
            ]
        )
        result = {
            (s.company_id.id, s.employee_id.id or 0, s.partner_id.id or 0): s for s in existing
        }
        missing = sorted(key for key in keys if key not in result)
        employees = self.env["hr.employee"].sudo().browse([key[1] for key in missing if key[1]])
        employees.fetch(["user_id", "marketing_team_id"])
        vals_list = []
        for company_id, employee_id, partner_id in missing:
            employee = employees.browse(employee_id) if employee_id else employees.browse()
            vals_list.append(
                {
                    "company_id": company_id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "payee_kind": "staff" if employee_id else "external",
                    "employee_id": employee_id or False,
                    "partner_id": partner_id or False,
                    "user_id": employee.user_id.id,
                    "team_id": employee.marketing_team_id.id,
                }
            )
        created = self.sudo().with_context(tracking_disable=True).create(vals_list)
        result.update(zip(missing, created, strict=True))
        return result

    # ------------------------------------------------------------------
    # approvals (R-C7)
    # ------------------------------------------------------------------
    def action_sign(self):
        for settlement in self:
            settlement._hm_sign()
        return True

    def _hm_sign(self):
        self.ensure_one()
        self.check_access("read")
        user = self.env.user
        if self.user_id == user or (self.employee_id and self.employee_id.sudo().user_id == user):
            raise AccessError(self.env._("Nobody signs their own settlement."))
        active = self.signoff_ids.filtered("active")
        if user in active.user_id:
            raise UserError(
                self.env._(
                    "You have signed settlement %s already: each sign-off needs another person.",
                    self.name,
                )
            )
        state = self.state
        if state == "draft":
            self._hm_require_group("hospital_marketing.group_marketing_manager", "marketing")
            if user.has_group(VP_GROUP):
                # the vice-president holds the manager's rights, but signs the last step: a
                # verification by them would leave nobody to approve
                raise AccessError(
                    self.env._(
                        "Settlement %s is verified by the marketing manager. As vice-president "
                        "you approve it once finance has signed.",
                        self.name,
                    )
                )
            step = "marketing"
            next_state = "verified" if self.treatment_user_ids else "clinical_signed"
        elif state == "verified":
            if user not in self.treatment_user_ids:
                raise AccessError(
                    self.env._(
                        "Settlement %(name)s waits for the leaders of the treatment groups "
                        "concerned: %(leaders)s.",
                        name=self.name,
                        leaders=", ".join(self.treatment_user_ids.mapped("name")),
                    )
                )
            step = "treatment"
            signed = active.filtered(lambda s: s.step == "treatment").user_id | user
            next_state = "clinical_signed" if not (self.treatment_user_ids - signed) else state
        elif state == "clinical_signed":
            self._hm_require_group(FINANCE_GROUP, "finance")
            step = "finance"
            next_state = "finance_signed"
        elif state == "finance_signed":
            self._hm_require_group("hospital_marketing.group_marketing_vp", "vp")
            step = "vp"
            next_state = "approved"
        else:
            raise UserError(self.env._("Settlement %s needs no more sign-off.", self.name))
        self.env["hospital.commission.signoff"].sudo().create(
            {"settlement_id": self.id, "step": step, "user_id": user.id}
        )
        self.sudo().state = next_state

    def _hm_require_group(self, group, step):
        if not self.env.user.has_group(group):
            label = dict(SIGNOFF_STEPS)[step]
            raise AccessError(
                self.env._(
                    "Settlement %(name)s waits for the sign-off of: %(step)s.",
                    name=self.name,
                    step=label,
                )
            )

    def _hm_reject(self, reason):
        """Send back to draft with a reason; the earlier sign-offs no longer count."""
        for settlement in self:
            if settlement.state not in (
                "verified",
                "clinical_signed",
                "finance_signed",
                "approved",
            ):
                raise UserError(
                    self.env._("Settlement %s is not waiting for a sign-off.", settlement.name)
                )
            user = self.env.user
            allowed = {
                "verified": user in settlement.treatment_user_ids,
                "clinical_signed": user.has_group(FINANCE_GROUP),
                "finance_signed": user.has_group("hospital_marketing.group_marketing_vp"),
                "approved": user.has_group("hospital_marketing.group_marketing_vp"),
            }[settlement.state]
            if not allowed:
                raise AccessError(
                    self.env._("Only the next signer may reject settlement %s.", settlement.name)
                )
            sudo = settlement.sudo()
            sudo._hm_absorb_late_draft()
            sudo.signoff_ids.filtered("active").active = False
            self.env["hospital.commission.signoff"].sudo().create(
                {
                    "settlement_id": settlement.id,
                    "step": "reject",
                    "user_id": user.id,
                    "reason": reason,
                    "active": False,
                }
            )
            sudo.state = "draft"
            sudo.message_post(
                body=self.env._("Rejected by %(user)s: %(reason)s", user=user.name, reason=reason)
            )

    def _hm_absorb_late_draft(self):
        """Before this settlement goes back to draft, take in the lines and adjustments of the
        late draft of the same payee and month (one draft per payee and month) and delete it."""
        self.ensure_one()
        late = self.search(
            [
                ("state", "=", "draft"),
                ("id", "!=", self.id),
                ("company_id", "=", self.company_id.id),
                ("date_from", "=", self.date_from),
                ("employee_id", "=", self.employee_id.id),
                ("partner_id", "=", self.partner_id.id),
            ]
        )
        if not late:
            return
        lines = late.line_ids
        adjustments = late.adjustment_ids
        late_name = late.name
        late.unlink()  # releases them
        self.state = "draft"
        lines._hm_attach_to([self] * len(lines))
        adjustments.write({"settlement_id": self.id})
        self.message_post(
            body=self.env._(
                "The cases and adjustments of the later draft %s were added here.", late_name
            )
        )

    def action_reject(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Settlement"),
            "res_model": "hospital.commission.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_settlement_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # accounting (R-C8, R-C9)
    # ------------------------------------------------------------------
    def _hm_check_finance(self):
        if not self.env.user.has_group(FINANCE_GROUP):
            raise AccessError(self.env._("Only finance posts and pays commission settlements."))
        self.check_access("write")

    def _hm_lock(self):
        try:
            self.lock_for_update()
        except LockError:
            raise UserError(
                self.env._("Another person is posting or paying these settlements right now.")
            ) from None
        self.invalidate_recordset(["state", "move_id"])

    def action_post(self):
        """Approved settlements become a vendor bill (external payee) or a payable entry to the
        employee (staff) on the commission expense account; posting twice does nothing."""
        self._hm_check_finance()
        self._hm_lock()
        todo = self.filtered(lambda s: s.state == "approved" and not s.move_id).sudo()
        nothing_due = todo.filtered(
            lambda s: s.currency_id.compare_amounts(s.amount_total, 0.0) <= 0
        )
        nothing_due._hm_carry_forward()
        todo -= nothing_due
        if not todo:
            return self.env["account.move"]
        for settlement in todo:
            if settlement.partner_id.hm_payee_class == "institution" and not (
                settlement.partner_invoice_ref
            ):
                raise UserError(
                    self.env._(
                        "%s is an institution: it is paid only against its invoice. Enter the "
                        "number of its invoice on the settlement first.",
                        settlement.partner_id.display_name,
                    )
                )
        journals = todo._hm_journals()
        Move = (
            self.env["account.move"]
            .sudo()
            .with_context(tracking_disable=True, skip_invoice_sync=True)
        )
        # draft lines have no analytic items to keep in sync: their distribution is stored as
        # given, and posting creates the analytic items
        expense_groups = todo._hm_expense_groups()
        moves = Move.with_context(skip_analytic_sync=True).create(
            [settlement._hm_move_vals(journals, expense_groups[settlement]) for settlement in todo]
        )
        moves = moves.with_env(Move.env)
        ranked = moves._hm_rank_new_suppliers()
        moves.with_context(**{BATCH_SEQUENCE: True, RANKED_SUPPLIERS: ranked}).action_post()
        for settlement, move in zip(todo, moves, strict=True):
            settlement.move_id = move
        todo.state = "posted"
        return moves

    def _hm_carry_forward(self):
        """Close approved settlements whose total is not positive without posting anything
        (nothing is payable), carrying a negative total into the payee's draft of the next
        month as a line pointing at it: what was overpaid is deducted from the next payment,
        visibly, instead of being stranded."""
        if not self:
            return
        Line = self.env["hospital.commission.line"].sudo()
        vals_list = []
        for month, settlements in self.grouped(
            lambda s: s.date_from + relativedelta(months=1)
        ).items():
            negative = settlements.filtered(
                lambda s: s.currency_id.compare_amounts(s.amount_total, 0.0) < 0
            )
            drafts = self._hm_draft_settlements(
                month,
                month + relativedelta(months=1, days=-1),
                {(s.company_id.id, s.employee_id.id or 0, s.partner_id.id or 0) for s in negative},
            )
            for settlement in negative:
                draft = drafts[
                    settlement.company_id.id,
                    settlement.employee_id.id or 0,
                    settlement.partner_id.id or 0,
                ]
                settlement.carried_to_id = draft
                payee_class = settlement.partner_id.hm_payee_class
                vals_list.append(
                    {
                        "company_id": settlement.company_id.id,
                        "date": month,
                        "period_date": month,
                        "res_model": self._name,
                        "res_id": settlement.id,
                        "source_name": settlement.name,
                        "role": "carry",
                        "payee_kind": "staff"
                        if settlement.employee_id
                        else "institution"
                        if payee_class == "institution"
                        else "part_time",
                        "employee_id": settlement.employee_id.id or False,
                        "partner_id": settlement.partner_id.id or False,
                        "user_id": settlement.user_id.id or False,
                        "team_id": settlement.team_id.id or False,
                        "line_type": "carry",
                        "base_kind": "total",
                        "base_amount": 0.0,
                        "rate": 0.0,
                        "share": 100.0,
                        "amount": settlement.amount_total,
                        "carried_from_id": settlement.id,
                        "cause": self.env._(
                            "Negative total of %(name)s (%(month)s) carried forward",
                            name=settlement.name,
                            month=settlement.date_from.strftime("%Y-%m"),
                        ),
                        "settlement_id": draft.id,
                    }
                )
        Line._hm_bulk_create(vals_list)
        self.state = "carried"
        for settlement in self:
            if settlement.carried_to_id:
                body = self.env._(
                    "Closed without posting: the negative total is carried into %s.",
                    settlement.carried_to_id.name,
                )
            else:
                body = self.env._("Closed without posting: the total is zero.")
            settlement.message_post(body=body)

    def _hm_expense_groups(self):
        """``{settlement: {analytic account id or False: amount}}`` of the commission lines of
        the settlements: summed in the database, line by line where the company distributes the
        expense on analytic accounts."""
        groups = defaultdict(lambda: defaultdict(float))
        plain = self.filtered(lambda s: not s.company_id.hm_commission_analytic)
        Line = self.env["hospital.commission.line"].sudo()
        for settlement, amount in Line._read_group(
            [("settlement_id", "in", plain.ids)], ["settlement_id"], ["amount:sum"]
        ):
            groups[settlement][False] += amount
        for line in (self - plain).line_ids:
            groups[line.settlement_id][line._hm_analytic_account_id()] += line.amount
        return groups

    def _hm_journals(self):
        """``{(company, journal type): journal}`` the settlements are posted in: the journals of
        the Marketing settings, else the company's first purchase / miscellaneous journal."""
        Journal = self.env["account.journal"]
        journals = {}
        for company in self.company_id:
            for journal_type, configured in (
                ("purchase", company.hm_commission_purchase_journal_id),
                ("general", company.hm_commission_misc_journal_id),
            ):
                journals[company, journal_type] = configured or Journal.search(
                    [*Journal._check_company_domain(company), ("type", "=", journal_type)],
                    limit=1,
                )
        return journals

    def _hm_move_vals(self, journals, expense_groups):
        """Values of the vendor bill or payable entry of the settlement; ``journals`` and
        ``expense_groups`` (of this settlement) as returned by :meth:`_hm_journals` and
        :meth:`_hm_expense_groups`."""
        self.ensure_one()
        company = self.company_id
        account = company.hm_commission_expense_account_id
        if not account:
            raise UserError(
                self.env._(
                    "Set the commission expense account in the Marketing settings of %s first.",
                    company.name,
                )
            )
        label = self.env._("Commission %(month)s", month=self.date_from.strftime("%Y-%m"))
        expense_lines = []
        for analytic_id, amount in expense_groups.items():
            expense_lines.append(
                {
                    "name": f"{label} {self.name}",
                    "account_id": account.id,
                    "analytic_distribution": {str(analytic_id): 100.0} if analytic_id else False,
                    "amount": amount,
                }
            )
        if self.amount_adjustment:
            expense_lines.append(
                {
                    "name": self.env._("Performance adjustments %s", self.name),
                    "account_id": account.id,
                    "analytic_distribution": False,
                    "amount": self.amount_adjustment,
                }
            )
        vals = {
            "hm_commission_settlement_id": self.id,
            "company_id": company.id,
            "ref": self.partner_invoice_ref or self.name,
        }
        if self.payee_kind == "external":
            journal = journals[company, "purchase"]
            tax = self._hm_withholding_tax()
            product_cmds, tax_cmds, payable_total = self._hm_taxed_lines(expense_lines, tax)
            vals.update(
                {
                    "move_type": "in_invoice",
                    "journal_id": journal.id,
                    "partner_id": self.partner_id.id,
                    "invoice_date": self.date_to,
                    "invoice_date_due": self.date_due or self.date_to,
                    "date": self.date_to,
                    "partner_bank_id": self.partner_id.bank_ids[:1].id,
                    # complete lines (taxes computed here, one due date): posted without the
                    # invoice line synchronisation, which costs most of the time of a bill
                    "line_ids": [
                        *product_cmds,
                        *tax_cmds,
                        Command.create(
                            {
                                "display_type": "payment_term",
                                "name": self.partner_invoice_ref or self.name,
                                "account_id": self.partner_id.with_company(
                                    company
                                ).property_account_payable_id.id,
                                "partner_id": self.partner_id.id,
                                "balance": -payable_total,
                                "amount_currency": -payable_total,
                                "currency_id": self.currency_id.id,
                                "date_maturity": self.date_due or self.date_to,
                            }
                        ),
                    ],
                }
            )
            return vals
        journal = journals[company, "general"]
        partner = self._hm_payee_partner()
        payable = partner.with_company(company).property_account_payable_id
        line_cmds = [
            Command.create(
                {
                    "name": line["name"],
                    "account_id": line["account_id"],
                    "partner_id": partner.id,
                    "balance": line["amount"],
                    "analytic_distribution": line["analytic_distribution"],
                }
            )
            for line in expense_lines
        ]
        line_cmds.append(
            Command.create(
                {
                    "name": self.env._("Commission payable to %s", self.employee_id.name),
                    "account_id": payable.id,
                    "partner_id": partner.id,
                    "balance": -self.amount_total,
                }
            )
        )
        vals.update(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": self.date_to,
                "partner_id": partner.id,
                "line_ids": line_cmds,
            }
        )
        return vals

    def _hm_withholding_tax(self):
        """The individual income tax withheld on this settlement's bill (R-C12): the
        company's withholding tax, for a non-clinical individual external payee."""
        self.ensure_one()
        if self.payee_kind == "external" and self.partner_id.hm_payee_class == "individual":
            return self.company_id.hm_commission_withholding_tax_id
        return self.env["account.tax"]

    def _hm_taxed_lines(self, expense_lines, tax):
        """``(product line commands, tax line commands, payable total)`` of a vendor bill
        with the ``expense_lines`` taxed by ``tax``, computed as the invoice line
        synchronisation would (``account.tax.compute_all`` per line, the expense without the
        tax, tax lines grouped by repartition line): the batched posting skips that
        synchronisation."""
        currency = self.currency_id
        partner = self.partner_id
        product_cmds = []
        tax_groups = {}
        total = 0.0
        for line in expense_lines:
            vals = {
                "display_type": "product",
                "name": line["name"],
                "account_id": line["account_id"],
                "partner_id": partner.id,
                "quantity": 1.0,
                "price_unit": line["amount"],
                "balance": line["amount"],
                "amount_currency": line["amount"],
                "currency_id": currency.id,
                "analytic_distribution": line["analytic_distribution"],
                "tax_ids": [Command.set(tax.ids)],
            }
            if tax:
                result = tax.compute_all(line["amount"], currency=currency, partner=partner)
                # a tax included in the price leaves the expense without it
                excluded = currency.round(result["total_excluded"])
                vals.update(balance=excluded, amount_currency=excluded)
                vals["tax_tag_ids"] = [Command.set(result["base_tags"])]
                for detail in result["taxes"]:
                    key = (
                        detail["tax_repartition_line_id"],
                        detail["account_id"],
                        tuple(sorted(detail["tag_ids"])),
                    )
                    group = tax_groups.setdefault(
                        key, {"name": detail["name"], "amount": 0.0, "base": 0.0}
                    )
                    group["amount"] += detail["amount"]
                    group["base"] += detail["base"]
            product_cmds.append(Command.create(vals))
            total += vals["balance"]
        tax_cmds = []
        for (repartition_id, account_id, tag_ids), group in tax_groups.items():
            amount = currency.round(group["amount"])
            if currency.is_zero(amount):
                continue
            total += amount
            tax_cmds.append(
                Command.create(
                    {
                        "display_type": "tax",
                        "name": group["name"],
                        "account_id": account_id,
                        "partner_id": partner.id,
                        "tax_repartition_line_id": repartition_id,
                        "tax_ids": [],
                        "tax_tag_ids": [Command.set(list(tag_ids))],
                        "tax_base_amount": currency.round(group["base"]),
                        "balance": amount,
                        "amount_currency": amount,
                        "currency_id": currency.id,
                    }
                )
            )
        return product_cmds, tax_cmds, currency.round(total)

    def _hm_payee_partner(self):
        self.ensure_one()
        if self.partner_id:
            return self.partner_id
        employee = self.employee_id.sudo()
        if not employee.work_contact_id:
            employee._create_work_contacts()
        return employee.work_contact_id

    def _hm_payee_bank(self):
        self.ensure_one()
        if self.partner_id:
            return self.partner_id.bank_ids[:1]
        employee = self.employee_id.sudo()
        return employee.primary_bank_account_id or employee.bank_account_ids[:1]

    def action_register_payment(self):
        """Pay posted settlements by bank transfer to each payee's bank account (R-C8), one or
        many at once; paying a paid settlement again does nothing."""
        self._hm_check_finance()
        self._hm_lock()
        # a payment in process (not yet matched with the bank) is not paid again
        todo = self.filtered(
            lambda s: s.state == "posted" and s.move_id and s.payment_state == "not_paid"
        ).sudo()
        if not todo:
            return self.env["account.payment"]
        missing = todo.filtered(lambda s: not s._hm_payee_bank())
        if missing:
            raise UserError(
                self.env._(
                    "No bank account for %s: commissions are paid by bank transfer to the "
                    "payee's bank account.",
                    ", ".join(missing.mapped("payee_name")),
                )
            )
        payments = self.env["account.payment"]
        for company, settlements in todo.grouped("company_id").items():
            journal = company.hm_commission_bank_journal_id or self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(company),
                    ("type", "=", "bank"),
                ],
                limit=1,
            )
            for settlement in settlements:
                if not settlement.move_id.partner_bank_id:
                    settlement.move_id.partner_bank_id = settlement._hm_payee_bank()
            lines = settlements.move_id.line_ids.filtered(
                lambda line: line.account_id.account_type == "liability_payable"
                and not line.reconciled
            )
            wizard = (
                self.env["account.payment.register"]
                .sudo()
                .with_context(active_model="account.move.line", active_ids=lines.ids)
                .create({"journal_id": journal.id, "group_payment": False})
            )
            payments |= wizard._create_payments()
        return payments

    def action_cancel(self):
        """Cancel; a posted settlement's entry is reversed (R-C9). A paid settlement must have
        its payment cancelled first."""
        posted = self.filtered("move_id")
        if posted:
            posted._hm_check_finance()
            posted._hm_lock()
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


class HospitalCommissionSignoff(models.Model):
    """One sign-off of a settlement: who, when, at which step (R-C7); a rejection with its
    reason. Sign-offs given before a rejection are kept, inactive."""

    _name = "hospital.commission.signoff"
    _description = "Commission Settlement Sign-off"
    _order = "date, id"

    settlement_id = fields.Many2one(
        "hospital.commission.settlement", required=True, index=True, ondelete="cascade"
    )
    step = fields.Selection(SIGNOFF_STEPS, required=True)
    user_id = fields.Many2one("res.users", string="Signed By", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    reason = fields.Text()
    active = fields.Boolean(default=True)
