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
    settlement_id = fields.Many2one(
        "hospital.commission.settlement",
        index=True,
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The settlement that pays or deducts this adjustment.",
    )

    def _hm_check_not_own(self):
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

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("correction_of_id") for vals in vals_list):
            self._hm_refuse_correction_link()
        adjustments = super().create(vals_list)
        adjustments._hm_check_not_own()
        return adjustments

    def _hm_check_decider(self):
        """A team leader of the staff member (record rules), the manager or the VP decides;
        never on their own pay."""
        if self.env.su:
            return
        self.check_access("write")
        if not self.env.user.has_groups(LEADER_GROUPS):
            raise AccessError(
                self.env._("Only a team leader or the marketing manager decides an adjustment.")
            )
        self._hm_check_not_own()

    def _hm_refuse_correction_link(self):
        raise AccessError(
            self.env._(
                "Only the settlement run and the cancellation of a signed adjustment write "
                "corrections."
            )
        )

    def action_confirm(self):
        self._hm_check_decider()
        self.filtered(lambda a: a.state == "draft").sudo().write({"state": "confirmed"})

    def action_cancel(self):
        """Cancel; an adjustment a signed settlement holds stays as signed and gets a
        reversing correction, dated in its month, which the next run of that month puts in a
        new draft (R-C11)."""
        self._hm_check_decider()
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
        self._hm_check_decider()
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
    # settlement (R-W6, R-C2): amounts are frozen once the settlement is signed off
    # ------------------------------------------------------------------
    def write(self, vals):
        if "correction_of_id" in vals and not self.env.su:
            self._hm_refuse_correction_link()
        if "settlement_id" in vals and not self.env.su:
            raise AccessError(
                self.env._("Only the month-end settlement run puts an adjustment in a settlement.")
            )
        if vals.keys() - {"settlement_id", "note"}:
            self.settlement_id._hm_check_open()
            self._hm_check_not_own()
        if not self.env.su and DECIDED_FIELDS & vals.keys():
            decided = self.filtered(lambda a: a.state != "draft")
            changed = {
                fname
                for fname in DECIDED_FIELDS & vals.keys()
                if not decided._hm_workflow_same(fname, vals[fname])
            }
            if decided and changed:
                raise self._hm_workflow_error(changed)
        if vals.get("settlement_id"):
            self.env["hospital.commission.settlement"].browse(
                vals["settlement_id"]
            )._hm_check_open()
        res = super().write(vals)
        if "employee_id" in vals:
            self._hm_check_not_own()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_settled(self):
        if self.settlement_id:
            raise UserError(
                self.env._("An adjustment included in a settlement cannot be deleted; cancel it.")
            )

    def _hm_apply_commission_percent(self):
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

    @api.model
    def _hm_quota_counts(self, date_from, date_to, companies):
        """``{employee id: counted patients}`` of the staff under a referral quota, or ``None``
        when no source of referred patients is installed. The referral addon provides it."""
        return None

    @api.model
    def _hm_quota_employees(self, companies):
        """Staff under the monthly referral quota (R-W6): promoters of referral teams."""
        return self.env["hr.employee"]._hm_promoters(companies, team_kind="referral")

    @api.model
    def _hm_generate_quota_adjustments(self, date_from, date_to, companies):
        """One confirmed adjustment per promoter and month: under the quota -penalty per
        missing patient, over it +bonus per extra patient (R-W6, amounts of the company
        settings). Idempotent: an unchanged figure is not rewritten, a changed one is updated
        while its settlement is still a draft."""
        counts = self._hm_quota_counts(date_from, date_to, companies)
        if counts is None:
            return self.browse()
        employees = self._hm_quota_employees(companies)
        existing = (
            self.sudo()
            .search(
                [
                    ("kind", "in", ("quota_penalty", "quota_bonus")),
                    ("date", "=", date_to),
                    ("employee_id", "in", employees.ids),
                    ("state", "!=", "cancel"),
                ],
                order="id",
            )
            .grouped("employee_id")
        )
        to_create = []
        targets = self.env["hospital.marketing.quota"]._referral_targets(
            employees, date_from, date_to
        )
        month = date_from.strftime("%Y-%m")
        for employee in employees:
            company = employee.company_id
            currency = company.currency_id
            quota = targets[employee.id]
            count = counts.get(employee.id, 0)
            if count < quota:
                kind = "quota_penalty"
                amount = -(quota - count) * company.hm_quota_penalty_per_patient
            else:
                kind = "quota_bonus"
                amount = (count - quota) * company.hm_quota_bonus_per_patient
            name = self.env._(
                "Referral quota %(month)s: %(count)s of %(quota)s patients",
                month=month,
                count=count,
                quota=quota,
            )
            adjustments = existing.get(employee, self.browse())
            signed = adjustments.filtered(
                lambda a: a.settlement_id and a.settlement_id.state != "draft"
            )
            open_ = adjustments - signed
            if signed:
                # R-C11: the signed figure stands; the difference is a correction that the run
                # puts in the month's new draft
                diff = amount - sum(adjustments.mapped("amount"))
                if currency.is_zero(diff):
                    continue
                correction = open_[:1]
                if correction:
                    new_amount = correction.amount + diff
                    if currency.is_zero(new_amount):
                        correction.write({"state": "cancel"})
                    else:
                        correction.write({"amount": new_amount, "name": name})
                    continue
                to_create.append(
                    {
                        "name": self.env._("Correction of %s", name),
                        "kind": kind,
                        "state": "confirmed",
                        "company_id": company.id,
                        "employee_id": employee.id,
                        "date": date_to,
                        "amount": diff,
                        "correction_of_id": signed[:1].id,
                    }
                )
                continue
            adjustment = open_[:1]
            if adjustment:
                if currency.compare_amounts(adjustment.amount, amount):
                    if amount:
                        adjustment.write({"amount": amount, "kind": kind, "name": name})
                    else:
                        adjustment.write({"state": "cancel"})
                continue
            if amount:
                to_create.append(
                    {
                        "name": name,
                        "kind": kind,
                        "state": "confirmed",
                        "company_id": company.id,
                        "employee_id": employee.id,
                        "date": date_to,
                        "amount": amount,
                    }
                )
        return self.sudo().with_context(tracking_disable=True).create(to_create)
