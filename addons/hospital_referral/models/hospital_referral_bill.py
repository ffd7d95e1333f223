from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from .hospital_referral import normalize_phone


class HospitalReferralBill(models.Model):
    """One bill of the hospital information system (HIS) for a referred patient (R-R5).
    CONTRACT: the field names below are used by the commission engine and the HIS API."""

    _name = "hospital.referral.bill"
    _description = "HIS Bill of a Referred Patient"
    _inherit = ["mail.thread"]
    _order = "discharge_date desc, id desc"
    _rec_name = "his_reference"

    his_reference = fields.Char(string="HIS Reference", required=True, index=True)
    referral_id = fields.Many2one(
        "hospital.referral", string="Referral Case", index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    patient_name = fields.Char()
    patient_phone = fields.Char()
    patient_phone_norm = fields.Char(
        compute="_compute_patient_phone_norm", store=True, index=True, string="Normalised Phone"
    )
    voucher_number = fields.Char(index=True)
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
        "CHECK(total_fees >= 0 AND drug_cost >= 0)", "Bill amounts cannot be negative."
    )

    @api.depends("patient_phone")
    def _compute_patient_phone_norm(self):
        for bill in self:
            bill.patient_phone_norm = normalize_phone(bill.patient_phone)

    @api.depends("referral_id")
    def _compute_match_state(self):
        for bill in self:
            bill.match_state = "matched" if bill.referral_id else "unmatched"

    # ------------------------------------------------------------------
    # ORM: matching and discharge
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        bills = super().create(vals_list)
        bills.filtered(lambda b: not b.referral_id)._hm_match()
        bills.referral_id._hm_update_discharge()
        return bills

    def write(self, vals):
        res = super().write(vals)
        if {"referral_id", "is_final", "total_fees", "discharge_date"} & vals.keys():
            self.referral_id._hm_update_discharge()
        return res

    def _hm_match(self):
        """Match bills to their cases, set-wise: by voucher number first, then by the
        patient's phone with an arrival within the company's window of the admission (R-R5).
        Unmatched bills stay in the office's queue."""
        if not self:
            return self.browse()
        Referral = self.env["hospital.referral"].sudo()
        vouchers = {b.voucher_number for b in self if b.voucher_number}
        phones = {b.patient_phone_norm for b in self if b.patient_phone_norm}
        domain = Domain("company_id", "in", self.company_id.ids) & Domain(
            "state", "not in", ["rejected", "duplicate"]
        )
        by_voucher = {}
        if vouchers:
            for case in Referral.search(domain & Domain("voucher_number", "in", list(vouchers))):
                by_voucher.setdefault((case.company_id.id, case.voucher_number), case)
        by_phone = {}
        if phones:
            for case in Referral.search(
                domain
                & Domain("patient_phone_norm", "in", list(phones))
                & Domain("arrival_datetime", "!=", False),
                order="arrival_datetime desc",
            ):
                by_phone.setdefault((case.company_id.id, case.patient_phone_norm), []).append(case)
        matched = self.browse()
        assignments = {}
        for bill in self:
            case = by_voucher.get((bill.company_id.id, bill.voucher_number))
            if not case and bill.patient_phone_norm:
                window = timedelta(days=bill.company_id.hm_bill_match_days)
                day = bill.admission_date or bill.discharge_date
                for candidate in by_phone.get((bill.company_id.id, bill.patient_phone_norm), []):
                    if day and abs(candidate.arrival_datetime.date() - day) <= window:
                        case = candidate
                        break
            if case:
                assignments.setdefault(case.id, []).append(bill.id)
                matched |= bill
        for case_id, bill_ids in assignments.items():
            self.browse(bill_ids).write({"referral_id": case_id})
        return matched

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
