from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .hospital_commission_line import BILLABLE_STATES
from .hospital_referral import NAME_GROUPS, PHONE_GROUPS, mask_phone, normalize_phone

# the HIS sends the phone in clear; finance reads bills with the phone masked (R-S4)
BILL_PHONE_GROUPS = f"{PHONE_GROUPS},hospital_referral.group_his_integration"

# who writes what the HIS sends (R-R5): the HIS integration (API), the office and finance
# (the import wizard, corrections); the others read bills at most
BILL_GROUPS = (
    "hospital_referral.group_his_integration,hospital_marketing.group_marketing_office,"
    "hospital_marketing.group_marketing_finance"
)
HIS_FIELDS = (
    "his_reference",
    "his_row_hash",
    "referral_id",
    "company_id",
    "patient_name",
    "patient_phone",
    "voucher_number",
    "kind",
    "department_id",
    "total_fees",
    "drug_cost",
    "admission_date",
    "discharge_date",
    "is_final",
)

# a change of these fields of a bill changes what its case earns (R-C11)
COMMISSION_BILL_FIELDS = frozenset(
    {"referral_id", "is_final", "total_fees", "drug_cost", "discharge_date", "kind", "refund_of_id"}
)


class HospitalReferralBill(models.Model):
    """One bill of the hospital information system (HIS) for a referred patient (R-R5).
    CONTRACT: the field names below are used by the commission engine and the HIS API."""

    _name = "hospital.referral.bill"
    _description = "HIS Bill of a Referred Patient"
    _inherit = ["mail.thread", "hospital.workflow.mixin"]
    _order = "discharge_date desc, id desc"
    # the money of a case comes only from its bills: written by the import paths only; the
    # owner follows the case
    _hm_workflow_fields = dict.fromkeys(HIS_FIELDS, BILL_GROUPS) | dict.fromkeys(
        ("patient_phone_norm", "match_state", "user_id", "team_id", "promoter_id"), False
    )
    _rec_name = "his_reference"

    # no index of its own: the unique (his_reference, company_id) index serves the lookups,
    # and every index slows the import's COPY (migrations/19.0.1.2.0); the indexes kept serve
    # a search: referral_id (a case's bills), patient_phone_norm (the fraud check),
    # discharge_date (the list's order), match_state (Bills to Match), user_id and team_id
    # (the record rules), refund_of_id (a bill's refunds)
    his_reference = fields.Char(string="HIS Reference", required=True)
    referral_id = fields.Many2one(
        "hospital.referral", string="Referral Case", index=True, tracking=True
    )
    # no index either (migrations/19.0.1.5.0): the company alone selects nearly all bills;
    # the lookups name it with the reference (the unique index above)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # the same field groups as on the cases (R-S4)
    patient_name = fields.Char(groups=NAME_GROUPS)
    patient_phone = fields.Char(groups=BILL_PHONE_GROUPS)
    patient_phone_norm = fields.Char(
        compute="_compute_patient_phone_norm",
        store=True,
        index=True,
        string="Normalised Phone",
        groups=BILL_PHONE_GROUPS,
    )
    patient_phone_masked = fields.Char(string="Phone", compute="_compute_patient_phone_masked")
    # no index (migrations/19.0.1.5.0): bills are matched by the case's voucher number, and
    # the list searches it with ilike, which a b-tree index does not serve
    voucher_number = fields.Char()
    kind = fields.Selection([("outpatient", "Outpatient"), ("inpatient", "Inpatient")])
    department_id = fields.Many2one("hospital.clinical.department")
    department_kind = fields.Selection(
        related="department_id.kind", string="Kind of Department", store=True
    )
    total_fees = fields.Monetary(currency_field="currency_id", tracking=True)
    drug_cost = fields.Monetary(currency_field="currency_id", tracking=True)
    admission_date = fields.Date()
    discharge_date = fields.Date(index=True)
    is_final = fields.Boolean(string="Final", tracking=True)
    refund_of_id = fields.Many2one(
        "hospital.referral.bill",
        string="Refund of",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="A refund (credit) bill refers to the bill it refunds and carries negative "
        "amounts; the case's fees and commission go down by them (R-C11).",
    )
    his_row_hash = fields.Char(
        string="HIS Row Fingerprint",
        readonly=True,
        copy=False,
        help="Fingerprint of the row the HIS last sent for this bill; any other change clears it.",
    )
    match_state = fields.Selection(
        [("matched", "Matched"), ("unmatched", "To Match")],
        compute="_compute_match_state",
        store=True,
        index=True,
    )
    # ownership of the case: record rules give promoters the bills of their own cases
    user_id = fields.Many2one(related="referral_id.user_id", string="Owner", store=True, index=True)
    team_id = fields.Many2one(related="referral_id.team_id", store=True, index=True)
    promoter_id = fields.Many2one(related="referral_id.promoter_id", store=True)

    _his_reference_uniq = models.Constraint(
        "UNIQUE(his_reference, company_id)", "An HIS bill reference must be unique per company."
    )
    _amounts_positive = models.Constraint(
        "CHECK((refund_of_id IS NULL AND total_fees >= 0 AND drug_cost >= 0) "
        "OR (refund_of_id IS NOT NULL AND total_fees <= 0 AND drug_cost <= 0))",
        "Bill amounts cannot be negative, except on a refund bill, which refers to the bill it "
        "refunds and whose amounts are never positive.",
    )

    @api.depends("patient_phone")
    def _compute_patient_phone_norm(self):
        for bill in self:
            bill.patient_phone_norm = normalize_phone(bill.patient_phone)

    @api.depends_context("uid")
    @api.depends("patient_phone")
    def _compute_patient_phone_masked(self):
        for bill, phone in zip(self, self.sudo().mapped("patient_phone"), strict=True):
            bill.patient_phone_masked = mask_phone(phone)

    @api.depends("referral_id")
    def _compute_match_state(self):
        for bill in self:
            bill.match_state = "matched" if bill.referral_id else "unmatched"

    # ------------------------------------------------------------------
    # ORM: matching and discharge
    # ------------------------------------------------------------------
    @api.constrains("refund_of_id", "referral_id", "company_id")
    def _check_refund_of(self):
        for bill in self.filtered("refund_of_id"):
            original = bill.refund_of_id
            if original == bill or original.refund_of_id:
                raise ValidationError(
                    self.env._("Refund bill %s must refer to an original bill.", bill.his_reference)
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_before_insert(vals_list)
        # a refund bill belongs to the case of the bill it refunds
        originals = self.browse(
            {vals["refund_of_id"] for vals in vals_list if vals.get("refund_of_id")}
        ).sudo()
        for vals in vals_list:
            if vals.get("refund_of_id") and not vals.get("referral_id"):
                vals["referral_id"] = originals.browse(vals["refund_of_id"]).referral_id.id
        bills = super().create(vals_list)
        billable = bills.sudo().referral_id.filtered(lambda c: c.state in BILLABLE_STATES)
        bills.filtered(lambda b: not b.referral_id)._hm_match()
        bills.referral_id._update_discharge()
        # cases discharged before: their commission follows the new final bill (R-C11)
        bills.filtered("is_final")._commission_changed(billable=billable)
        return bills

    @api.model
    def _check_before_insert(self, vals_list):
        """What the table's constraints would refuse, refused first in Python: PostgreSQL's
        refusal logs the whole row, the patient's name and phone with it (R-S4). Bills are
        named by their HIS reference."""
        company_id = self.env.company.id
        keys = [
            (vals.get("company_id") or company_id, vals.get("his_reference")) for vals in vals_list
        ]
        seen = set()
        for key in keys:
            if key in seen:
                raise ValidationError(self.env._("The HIS bill %s is twice in the batch.", key[1]))
            seen.add(key)
        refs = [ref for _company, ref in keys if ref]
        if refs:
            existing = {
                (bill.company_id.id, bill.his_reference)
                for bill in self.sudo()
                .with_context(active_test=False)
                .search([("his_reference", "in", refs)])
            }
            for key in keys:
                if key in existing:
                    raise ValidationError(self.env._("The HIS bill %s exists already.", key[1]))
        self._hm_check_amounts(vals_list, [ref for _company, ref in keys])

    def _hm_check_amounts(self, vals_list, references, bills=None):
        """The rule of ``_amounts_positive`` in Python: amounts are never negative, except on a
        refund bill, whose amounts are never positive. ``bills``: the bills being written (their
        current values fill what ``vals`` does not change)."""
        current = bills if bills is not None else [None] * len(vals_list)
        for vals, reference, bill in zip(vals_list, references, current, strict=True):

            def value(fname, vals=vals, bill=bill):
                if fname in vals:
                    return vals[fname]
                return bill[fname] if bill is not None else False

            refund = bool(value("refund_of_id"))
            amounts = [value("total_fees") or 0, value("drug_cost") or 0]
            if any(amount > 0 for amount in amounts) if refund else any(a < 0 for a in amounts):
                raise ValidationError(
                    self.env._("The amounts of the refund bill %s cannot be positive.", reference)
                    if refund
                    else self.env._("The amounts of the HIS bill %s cannot be negative.", reference)
                )

    def write(self, vals):
        if {"total_fees", "drug_cost", "refund_of_id"} & vals.keys():
            self._hm_check_amounts(
                [vals] * len(self), self.mapped("his_reference"), bills=self.sudo()
            )
        patient = {
            fname: vals[fname] for fname in ("patient_name", "patient_phone") if fname in vals
        }
        if patient and not all(
            self._has_field_access(self._fields[fname], "write") for fname in patient
        ):
            # finance loads the HIS data of the bills it checks without reading the patient
            # back: the values are written as the HIS sent them, and shown masked
            self.check_access("write")
            self.sudo().write(patient)
            vals = {fname: value for fname, value in vals.items() if fname not in patient}
        if "his_row_hash" not in vals and set(vals) - {"referral_id", "match_state"}:
            # changed by hand: the next HIS row is compared field by field again
            vals = dict(vals, his_row_hash=False)
        # only final bills count: a bill that is not and does not become final changes nothing
        money = COMMISSION_BILL_FIELDS & vals.keys() and (
            vals.get("is_final") or any(self.mapped("is_final"))
        )
        if money:
            Referral = self.env["hospital.referral"].sudo()
            old = {bill.id: bill.referral_id.id for bill in self}
            before = (self.referral_id.sudo() | Referral.browse(vals.get("referral_id"))).filtered(
                lambda c: c.state in BILLABLE_STATES
            )
        res = super().write(vals)
        if {"referral_id", "is_final", "total_fees", "discharge_date"} & vals.keys():
            self.referral_id._update_discharge()
        if money:
            # the cases discharged before, the bill's and the one it left, follow (R-C11)
            self._commission_changed(old, before)
        return res

    def unlink(self):
        cases = self.referral_id.sudo().filtered(lambda c: c.state in BILLABLE_STATES)
        causes = {
            bill.referral_id.id: self.env._("HIS bill %s deleted", bill.his_reference)
            for bill in self.sudo().filtered(lambda b: b.referral_id in cases)
        }
        res = super().unlink()
        cases.exists()._commission_recompute(causes)
        return res

    def _commission_changed(self, left=None, billable=None):
        """Recompute the commission of the cases of these bills (and of the cases in ``left``,
        ``{bill id: case it left}``), only those in ``billable`` if given, naming the bill as
        the cause of any correction (R-C11). Set-wise: one recomputation for all the cases."""
        billable_ids = None if billable is None else set(billable.ids)
        causes = {}
        for bill in self.sudo():
            concerned = [bill.referral_id.id, (left or {}).get(bill.id)]
            concerned = [
                case_id
                for case_id in concerned
                if case_id and (billable_ids is None or case_id in billable_ids)
            ]
            if not concerned:
                continue
            if bill.refund_of_id:
                cause = self.env._(
                    "Refund bill %(bill)s of HIS bill %(original)s",
                    bill=bill.his_reference,
                    original=bill.refund_of_id.his_reference,
                )
            else:
                cause = self.env._("HIS bill %s added or corrected", bill.his_reference)
            for case_id in concerned:
                causes[case_id] = cause
        self.env["hospital.referral"].sudo().browse(causes)._commission_recompute(causes)

    def _hm_match(self):
        """Match bills to their cases, set-wise: by voucher number first, then by the
        patient's phone with an arrival within the company's window of the admission (R-R5).
        Unmatched bills stay in the office's queue."""
        if not self:
            return self.browse()
        cases = self._find_cases(
            [
                (
                    bill.company_id.id,
                    bill.voucher_number,
                    bill.patient_phone_norm,
                    bill.admission_date or bill.discharge_date,
                )
                for bill in self
            ]
        )
        assignments = {}
        for bill, case in zip(self, cases, strict=True):
            if case:
                assignments.setdefault(case, self.browse())
                assignments[case] |= bill
        for case, bills in assignments.items():
            bills.write({"referral_id": case.id})
        return self.browse([b.id for bills in assignments.values() for b in bills])

    @api.model
    def _find_cases(self, keys):
        """The case of each (company id, voucher, normalised phone, day) key, or False; two
        queries for the whole set, the vouchers and phones passed as one array each (an IN
        list of 50 000 values costs more to build than the query to run)."""
        Referral = self.env["hospital.referral"].sudo()
        company_ids = list({key[0] for key in keys})
        vouchers = list({key[1] for key in keys if key[1]})
        phones = list({key[2] for key in keys if key[2]})
        domain = Domain("company_id", "in", company_ids) & Domain(
            "state", "not in", ["rejected", "duplicate"]
        )

        def fetch(fname, values, extra=Domain.TRUE, order=None):
            """(id, company id, value of ``fname``) of the cases with one of ``values``, in
            the cases' order (or ``order``)."""
            query = Referral._search(domain & extra, order=order or Referral._order)
            column = SQL.identifier(query.table, fname)
            query.add_where(SQL("%s = ANY(%s)", column, values))
            return self.env.execute_query(
                query.select(
                    SQL.identifier(query.table, "id"),
                    SQL.identifier(query.table, "company_id"),
                    column,
                )
            )

        by_voucher = {}
        if vouchers:
            for case_id, company_id, voucher in fetch("voucher_number", vouchers):
                by_voucher.setdefault((company_id, voucher), case_id)
        by_phone = {}
        if phones:
            rows = fetch(
                "patient_phone_norm",
                phones,
                Domain("arrival_datetime", "!=", False),
                order="arrival_datetime desc",
            )
            for case_id, company_id, phone in rows:
                by_phone.setdefault((company_id, phone), []).append(case_id)
        found = Referral.browse(
            {*by_voucher.values(), *(case_id for ids in by_phone.values() for case_id in ids)}
        )
        # one read of the cases found (their owners are written on the bills)
        found.fetch(["arrival_datetime", "user_id", "team_id", "promoter_id"])
        windows = {
            company.id: timedelta(days=company.hm_bill_match_days)
            for company in self.env["res.company"].browse(company_ids)
        }
        result = []
        for company_id, voucher, phone, day in keys:
            case_id = by_voucher.get((company_id, voucher)) if voucher else False
            if not case_id and phone and day:
                for candidate in Referral.browse(by_phone.get((company_id, phone), [])):
                    if abs(candidate.arrival_datetime.date() - day) <= windows[company_id]:
                        case_id = candidate.id
                        break
            result.append(Referral.browse(case_id) if case_id else False)
        return result

    def action_match(self):
        """Retry the automatic matching on the selected bills (the office's queue)."""
        matched = self.filtered(lambda b: not b.referral_id)._hm_match()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if matched else "warning",
                "message": self.env._("%s bill(s) matched to their case.", len(matched)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
