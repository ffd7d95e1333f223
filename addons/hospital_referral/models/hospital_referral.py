import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

REFERRAL_STATES = [
    ("registered", "Registered"),
    ("arrived", "Arrived"),
    ("in_treatment", "In Treatment"),
    ("discharged", "Discharged"),
    ("closed", "Closed"),
    ("rejected", "Rejected"),
    ("duplicate", "Duplicate"),
    ("not_counted", "Not Counted"),
]
UNCOUNTED_STATES = ("rejected", "duplicate", "not_counted")

# who reads the patient's phone and ID number in clear (R-S4): the marketing line
PHONE_GROUPS = "hospital_marketing.group_marketing_promoter"
# who reads the HIS bills of a case
BILL_GROUPS = (
    "hospital_marketing.group_marketing_promoter,hospital_marketing.group_marketing_finance"
)
# who reads fees (the guide desk does not)
FEE_GROUPS = (
    "hospital_marketing.group_marketing_promoter,hospital_marketing.group_marketing_finance,"
    "hospital_marketing.group_marketing_treatment_leader"
)


def normalize_phone(phone):
    """Digits of a Chinese phone number without the country prefix: "+86 138-1234-5678",
    "0086 13812345678" and "13812345678" give the same key (R-R6)."""
    if not phone:
        return False
    digits = re.sub(r"\D", "", phone)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            digits = digits[len(prefix) :]
    return digits or False


def mask_phone(phone):
    digits = normalize_phone(phone)
    if not digits:
        return False
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:3] + "*" * max(len(digits) - 7, 1) + digits[-4:]


def mask_name(name):
    if not name:
        return False
    return name[0] + "*" * max(len(name) - 1, 1)


class HospitalReferral(models.Model):
    """One referred patient, one credit (R-R1..R-R6). CONTRACT: the field names below are used
    by the commission engine, the HIS import and the events addon."""

    _name = "hospital.referral"
    _description = "Referral Case"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "hospital.secret.mixin",
        "hospital.marketing.owned.mixin",
    ]
    _hm_owner_field = "promoter_id"
    _order = "registered_at desc, id desc"
    _rec_names_search = ["name", "patient_name", "voucher_number"]

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    state = fields.Selection(REFERRAL_STATES, required=True, default="registered", tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # patient (R-S4: minimum fields; phone and ID number in clear for the marketing line only)
    patient_name = fields.Char(required=True, tracking=True)
    patient_phone = fields.Char(groups=PHONE_GROUPS)
    patient_phone_norm = fields.Char(
        index=True,
        readonly=True,
        compute="_compute_patient_phone_norm",
        store=True,
        groups=PHONE_GROUPS,
    )
    patient_phone_masked = fields.Char(
        string="Phone",
        compute="_compute_patient_phone_masked",
        inverse="_inverse_patient_phone_masked",
        search="_search_patient_phone_masked",
        help="The patient's phone, masked. Search with the full number.",
    )
    patient_id_number = fields.Char(string="Patient ID Number", groups=PHONE_GROUPS)
    portal_patient_name = fields.Char(
        string="Patient",
        compute="_compute_portal_patient_name",
        help="The patient's name, masked once the patient is discharged.",
    )
    # credit (R-R3)
    referring_partner_id = fields.Many2one(
        "res.partner",
        index=True,
        tracking=True,
        compute="_compute_referring_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('referral_partner_kind', '!=', False), ('is_company', '=', True)]",
    )
    partner_grade = fields.Selection(
        related="referring_partner_id.referral_grade", string="Partner Grade", store=True
    )
    partner_kind = fields.Selection(
        related="referring_partner_id.referral_partner_kind", string="Partner Kind", store=True
    )
    territory_id = fields.Many2one(
        related="referring_partner_id.referral_territory_id", string="Territory", store=True
    )
    referring_doctor_id = fields.Many2one(
        "res.partner",
        index=True,
        tracking=True,
        domain="[('is_company', '=', False), '|', ('referral_partner_kind', '!=', False),"
        " ('parent_id.referral_partner_kind', '!=', False)]",
    )
    promoter_id = fields.Many2one(
        "hr.employee",
        index=True,
        tracking=True,
        compute="_compute_promoter_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    # the owner and team may be corrected by hand
    user_id = fields.Many2one(readonly=False)
    team_id = fields.Many2one(readonly=False)
    # registration (R-R1)
    channel = fields.Selection(
        [
            ("promoter", "Promoter"),
            ("office", "Office"),
            ("portal", "Referring Doctor (Portal)"),
            ("walk_in", "Walk-in at the Guide Desk"),
        ],
        string="Registered By",
        required=True,
        default=lambda self: self._default_channel(),
    )
    voucher_number = fields.Char(
        index=True, tracking=True, help="Referral slip or exam card number (R-R1)."
    )
    department_id = fields.Many2one("hospital.clinical.department", tracking=True)
    department_name = fields.Char(related="department_id.name", string="Department Name")
    disease = fields.Char()
    severity = fields.Selection(
        [("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe"), ("critical", "Critical")]
    )
    patient_mindset = fields.Char(string="Mindset of the Patient")
    place = fields.Char(string="Where From")
    registered_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    # arrival (R-R3)
    arrival_datetime = fields.Datetime(string="Arrived At", tracking=True)
    identity_confirmed = fields.Boolean()
    diagnosis = fields.Char()
    attending_doctor = fields.Char()
    arrival_user_id = fields.Many2one("res.users", string="Confirmed By", readonly=True)
    not_counted_reason = fields.Text(
        help="Why this case does not count (R-R2), e.g. no registration before the first visit."
    )
    # discharge and money (from final HIS bills, R-R5)
    discharge_date = fields.Date(
        index=True, compute="_compute_bill_totals", store=True, readonly=False
    )
    is_counted = fields.Boolean(
        string="Counted", compute="_compute_is_counted", store=True, readonly=False
    )
    bill_ids = fields.One2many(
        "hospital.referral.bill", "referral_id", string="HIS Bills", groups=BILL_GROUPS
    )
    bill_count = fields.Integer(compute="_compute_bill_totals", store=True, groups=BILL_GROUPS)
    total_fees = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_bill_totals",
        store=True,
        readonly=False,
        groups=FEE_GROUPS,
    )
    drug_cost = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_bill_totals",
        store=True,
        readonly=False,
        groups=FEE_GROUPS,
    )
    care_kind = fields.Selection(
        [("inpatient", "Inpatient"), ("outpatient", "Outpatient")],
        string="Inpatient or Outpatient",
        compute="_compute_care_kind",
        store=True,
        help="Inpatient when one of the final HIS bills is, else outpatient (R-R5); commission "
        "rules may apply to one kind only (R-C4's fee bands are inpatient).",
    )
    # feedback loop (R-R4)
    feedback_deadline = fields.Datetime(string="Tell the Doctor By", readonly=True)
    feedback_done_at = fields.Datetime(string="Doctor Told At", readonly=True)
    feedback_status = fields.Selection(
        [
            ("pending", "Pending"),
            ("on_time", "On Time"),
            ("late", "Late"),
            ("overdue", "Overdue"),
        ],
        readonly=True,
        tracking=True,
        index=True,
    )
    # fraud checks (R-R6)
    fraud_flag = fields.Selection(
        [("duplicate", "Duplicate Registration"), ("existing", "Existing Patient")],
        readonly=True,
        tracking=True,
        index=True,
    )
    fraud_reason = fields.Text(string="Why Flagged", readonly=True)
    duplicate_of_id = fields.Many2one("hospital.referral", readonly=True)
    fraud_decision = fields.Selection(
        [("pending", "To Decide"), ("accepted", "Accepted"), ("rejected", "Rejected")],
        readonly=True,
        tracking=True,
    )
    decision_note = fields.Text(string="Decision Reason", readonly=True, tracking=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_at = fields.Datetime(readonly=True)
    adjustment_id = fields.Many2one(
        "hospital.performance.adjustment", string="Fine", readonly=True, copy=False
    )

    _registered_before_arrival = models.Constraint(
        "CHECK(arrival_datetime IS NULL OR channel = 'walk_in' OR arrival_datetime >= "
        "registered_at - interval '1 minute')",
        "A registered patient cannot arrive before the registration.",
    )

    # ------------------------------------------------------------------
    # defaults and compute
    # ------------------------------------------------------------------
    @api.model
    def _default_channel(self):
        user = self.env.user
        if user._is_portal():
            return "portal"
        if user.has_group("hospital_marketing.group_marketing_office"):
            return "office"
        if user.has_group("hospital_marketing.group_marketing_guide_desk") and not user.has_group(
            "hospital_marketing.group_marketing_promoter"
        ):
            return "walk_in"
        return "promoter"

    @api.depends("patient_phone")
    def _compute_patient_phone_norm(self):
        for case in self:
            case.patient_phone_norm = normalize_phone(case.patient_phone)

    @api.depends_context("uid")
    @api.depends("patient_phone")
    def _compute_patient_phone_masked(self):
        for case, phone in zip(self, self.sudo().mapped("patient_phone"), strict=True):
            case.patient_phone_masked = mask_phone(phone)

    def _inverse_patient_phone_masked(self):
        """A role that does not read phones may still type one for a new case (a walk-in at
        the guide desk): it is stored, never shown back in clear."""
        for case in self:
            value = case.patient_phone_masked
            if not value or "*" in value:
                continue
            if case.sudo().patient_phone:
                raise UserError(self.env._("You cannot change the phone of a registered patient."))
            case.sudo().patient_phone = value

    def _search_patient_phone_masked(self, operator, value):
        if operator not in ("=", "ilike") or not isinstance(value, str):
            return NotImplemented
        norm = normalize_phone(value)
        if not norm:
            return Domain.FALSE
        if operator == "ilike" and len(norm) < 11:
            # partial numbers would let a role enumerate phones: full numbers only
            return Domain.FALSE
        ids = self.sudo()._search([("patient_phone_norm", "=", norm)])
        return Domain("id", "in", ids)

    @api.depends("patient_name", "state")
    def _compute_portal_patient_name(self):
        for case in self:
            if case.state in ("discharged", "closed"):
                case.portal_patient_name = mask_name(case.patient_name)
            else:
                case.portal_patient_name = case.patient_name

    @api.depends("referring_doctor_id")
    def _compute_referring_partner_id(self):
        for case in self:
            doctor = case.referring_doctor_id.sudo()
            case.referring_partner_id = case.referring_partner_id or doctor.commercial_partner_id

    @api.depends("referring_partner_id", "channel")
    def _compute_promoter_id(self):
        """The promoter who registers gets the credit; a case registered by the office, the
        portal or the desk goes to the partner's responsible promoter (R-R3, R-P4)."""
        user_employee = self.env.user.employee_id
        for case in self:
            partner = case.referring_partner_id.sudo().commercial_partner_id
            if case.promoter_id:
                case.promoter_id = case.promoter_id
            elif case.channel == "promoter" and user_employee:
                case.promoter_id = user_employee
            elif case.channel == "walk_in":
                case.promoter_id = partner.referral_promoter_id
            else:
                case.promoter_id = partner.referral_promoter_id or user_employee

    @api.depends(
        "bill_ids.is_final",
        "bill_ids.total_fees",
        "bill_ids.drug_cost",
        "bill_ids.discharge_date",
        "bill_ids.refund_of_id",
    )
    def _compute_bill_totals(self):
        for case in self:
            bills = case.sudo().bill_ids
            final = bills.filtered("is_final")
            case.bill_count = len(bills)
            # refund (credit) bills carry negative amounts and lower the totals (R-C11)
            case.total_fees = sum(final.mapped("total_fees"))
            case.drug_cost = sum(final.mapped("drug_cost"))
            # a refund issued later does not move the discharge
            dates = [
                d
                for d in final.filtered(lambda b: not b.refund_of_id).mapped("discharge_date")
                if d
            ]
            case.discharge_date = max(dates) if dates else False

    @api.depends("bill_ids.is_final", "bill_ids.kind")
    def _compute_care_kind(self):
        for case in self:
            kinds = set(case.sudo().bill_ids.filtered("is_final").mapped("kind"))
            case.care_kind = (
                "inpatient" if "inpatient" in kinds else "outpatient" if kinds else False
            )

    @api.depends("state", "fraud_flag", "fraud_decision")
    def _compute_is_counted(self):
        for case in self:
            case.is_counted = case.state not in UNCOUNTED_STATES and not (
                case.fraud_flag and case.fraud_decision != "accepted"
            )

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------
    @api.constrains("state", "not_counted_reason")
    def _check_not_counted_reason(self):
        for case in self:
            if case.state == "not_counted" and not (case.not_counted_reason or "").strip():
                raise ValidationError(
                    self.env._("Say why the case of %s is not counted.", case.patient_name)
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("hospital.referral") or "/"
            if vals.get("channel", self._default_channel()) == "walk_in":
                # R-R2: no registration before the first visit, the case does not count
                if vals.get("state", "registered") == "registered":
                    vals["state"] = "not_counted"
                if not vals.get("arrival_datetime"):
                    vals["arrival_datetime"] = fields.Datetime.now()
        cases = super().create(vals_list)
        # a phone typed masked-side (walk-in) is shown masked from now on
        cases.invalidate_recordset(["patient_phone_masked"])
        cases._hm_check_fraud()
        cases.filtered(lambda c: c.state == "arrived")._hm_schedule_feedback()
        discharged = cases.filtered(lambda c: c.state == "discharged")
        if discharged:
            discharged._hm_after_discharge()
        return cases

    def write(self, vals):
        newly_discharged = self.browse()
        if vals.get("state") == "discharged":
            newly_discharged = self.filtered(lambda c: c.state != "discharged")
        res = super().write(vals)
        if {"patient_phone", "patient_id_number"} & vals.keys():
            # a corrected phone or ID number is checked like a new registration (R-R6)
            self.filtered(lambda c: not c.fraud_flag and c.state == "registered")._hm_check_fraud()
        if newly_discharged:
            newly_discharged._hm_after_discharge()
        return res

    # ------------------------------------------------------------------
    # fraud checks (R-R6)
    # ------------------------------------------------------------------
    def _hm_check_fraud(self):
        """Flag, set-wise, the cases of ``self`` whose patient was registered before within the
        company's window (duplicate) or was already known to the hospital before the
        registration time (an earlier case that arrived, or an earlier HIS bill)."""
        cases = self.sudo().filtered(
            lambda c: (c.patient_phone_norm or c.patient_id_number) and c.channel != "walk_in"
        )
        if not cases:
            return
        phones = {c.patient_phone_norm for c in cases if c.patient_phone_norm}
        id_numbers = {c.patient_id_number for c in cases if c.patient_id_number}
        key_domain = Domain.OR(
            [
                Domain("patient_phone_norm", "in", list(phones)) if phones else Domain.FALSE,
                Domain("patient_id_number", "in", list(id_numbers)) if id_numbers else Domain.FALSE,
            ]
        )
        others = self.sudo().search(
            key_domain
            & Domain("company_id", "in", cases.company_id.ids)
            & Domain("state", "not in", ["rejected"]),
            order="registered_at, id",
        )
        bills = (
            self.env["hospital.referral.bill"]
            .sudo()
            .search(
                [
                    ("patient_phone_norm", "in", list(phones)),
                    ("company_id", "in", cases.company_id.ids),
                ]
            )
            if phones
            else self.env["hospital.referral.bill"]
        )
        for case in cases:
            window = timedelta(days=case.company_id.hm_duplicate_window_days)

            def same_patient(other, case=case):
                return other.company_id == case.company_id and (
                    (
                        case.patient_phone_norm
                        and other.patient_phone_norm == case.patient_phone_norm
                    )
                    or (
                        case.patient_id_number and other.patient_id_number == case.patient_id_number
                    )
                )

            earlier = others.filtered(
                lambda o, case=case, same_patient=same_patient: o != case
                and same_patient(o)
                and (o.registered_at, o.id) < (case.registered_at, case.id)
            )
            recent = earlier.filtered(
                lambda o, case=case, window=window: case.registered_at - o.registered_at <= window
            )
            if recent:
                first = recent[0]
                case.write(
                    {
                        "fraud_flag": "duplicate",
                        "fraud_decision": "pending",
                        "duplicate_of_id": first.id,
                        "state": "duplicate",
                        "fraud_reason": self.env._(
                            "The same patient was registered as %(case)s on %(date)s.",
                            case=first.name,
                            date=fields.Datetime.to_string(first.registered_at),
                        ),
                    }
                )
                continue
            came = earlier.filtered(
                lambda o, case=case: o.arrival_datetime and o.arrival_datetime < case.registered_at
            )
            registered_on = case.registered_at.date()
            billed = bills.filtered(
                lambda b, case=case, registered_on=registered_on: b.company_id == case.company_id
                and b.patient_phone_norm == case.patient_phone_norm
                and (b.admission_date or b.discharge_date or registered_on) < registered_on
            )
            if came or billed:
                reason = (
                    self.env._("The patient came to the hospital before as %s.", came[0].name)
                    if came
                    else self.env._(
                        "The hospital billed the patient before (HIS bill %s).",
                        billed[0].his_reference,
                    )
                )
                case.write(
                    {"fraud_flag": "existing", "fraud_decision": "pending", "fraud_reason": reason}
                )
        flagged = cases.filtered("fraud_flag")
        if flagged:
            flagged._hm_notify_fraud_flag()

    def _hm_notify_fraud_flag(self):
        """An activity for the team leader (or the manager) to decide the flag."""
        for case in self:
            leader = case.team_id.sudo().leader_user_id
            case.activity_schedule(
                "hospital_referral.mail_activity_referral_fraud",
                summary=self.env._("Decide the flag: %s", case.fraud_reason),
                user_id=(leader or self.env.user).id,
            )

    def _hm_check_decider(self):
        if not self.env.user.has_group("hospital_marketing.group_marketing_leader"):
            raise UserError(
                self.env._("Only a team leader or the business vice-president decides a flag.")
            )

    def action_fraud_accept(self):
        """The flag is wrong: the case counts."""
        self._hm_check_decider()
        for case in self.filtered(lambda c: c.fraud_decision == "pending"):
            vals = {
                "fraud_decision": "accepted",
                "decided_by_id": self.env.uid,
                "decided_at": fields.Datetime.now(),
            }
            if case.state == "duplicate":
                vals["state"] = "arrived" if case.arrival_datetime else "registered"
            case.write(vals)
        self.activity_feedback(["hospital_referral.mail_activity_referral_fraud"])

    def action_open_reject(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject the Case"),
            "res_model": "hospital.referral.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_referral_ids": self.ids},
        }

    def _hm_reject(self, reason, fine_amount=0.0, fine_percent=0.0):
        """Reject the cases with ``reason``; a flagged case's rejection is decided by a leader
        and may fine the promoter (R-R6): a fixed amount (a fake referral deducts 300) or a
        share of the promoter's commission of the month (claiming a patient the hospital
        already had deducts 30%, set by the month-end run)."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the rejection."))
        if self.filtered("fraud_flag") or fine_amount or fine_percent:
            self._hm_check_decider()
        Adjustment = self.env["hospital.performance.adjustment"].sudo()
        for case in self:
            vals = {"state": "rejected", "decision_note": reason}
            if case.fraud_flag:
                vals.update(
                    fraud_decision="rejected",
                    decided_by_id=self.env.uid,
                    decided_at=fields.Datetime.now(),
                )
            if (fine_amount or fine_percent) and case.promoter_id and not case.adjustment_id:
                vals["adjustment_id"] = Adjustment.create(
                    {
                        "name": self.env._(
                            "%(case)s rejected: %(reason)s", case=case.name, reason=reason
                        ),
                        "kind": "fraud",
                        "employee_id": case.promoter_id.id,
                        "company_id": case.company_id.id,
                        "amount": 0.0 if fine_percent else -abs(fine_amount),
                        "commission_percent": abs(fine_percent),
                        "state": "confirmed",
                        "res_model": self._name,
                        "res_id": case.id,
                    }
                ).id
            case.write(vals)
        self.activity_feedback(["hospital_referral.mail_activity_referral_fraud"])

    # ------------------------------------------------------------------
    # arrival, treatment, closing (R-R3)
    # ------------------------------------------------------------------
    def action_confirm_arrival(self):
        for case in self:
            if case.state != "registered":
                raise UserError(
                    self.env._("Only a registered case can arrive (%s is not).", case.name)
                )
            missing = [
                label
                for field, label in (
                    ("identity_confirmed", self.env._("identity checked")),
                    ("diagnosis", self.env._("diagnosis")),
                    ("attending_doctor", self.env._("attending doctor")),
                )
                if not case[field]
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Before confirming the arrival of %(case)s fill in: %(missing)s.",
                        case=case.name,
                        missing=", ".join(missing),
                    )
                )
        self.write(
            {
                "state": "arrived",
                "arrival_user_id": self.env.uid,
            }
        )
        for case in self.filtered(lambda c: not c.arrival_datetime):
            case.arrival_datetime = fields.Datetime.now()
        self._hm_schedule_feedback()

    def action_start_treatment(self):
        self.filtered(lambda c: c.state == "arrived").write({"state": "in_treatment"})

    def action_close(self):
        for case in self:
            if case.state != "discharged":
                raise UserError(self.env._("Only a discharged case can be closed."))
        self.write({"state": "closed"})

    def action_reset(self):
        self.filtered(lambda c: c.state == "rejected" and not c.fraud_flag).write(
            {"state": "registered"}
        )

    def _hm_update_discharge(self):
        """Cases whose patient came and who have a final HIS bill are discharged (R-R5)."""
        cases = self.sudo().filtered(
            lambda c: c.state in ("arrived", "in_treatment") and c.bill_ids.filtered("is_final")
        )
        if cases:
            cases.write({"state": "discharged"})
        return cases

    def _hm_after_discharge(self):
        """Hook called set-wise on the cases that have just become 'discharged' (the commission
        bridge overrides it)."""
        return True

    # ------------------------------------------------------------------
    # feedback loop (R-R4)
    # ------------------------------------------------------------------
    def _hm_schedule_feedback(self):
        for case in self:
            arrived = case.arrival_datetime or fields.Datetime.now()
            deadline = arrived + timedelta(hours=case.company_id.hm_feedback_hours)
            case.write({"feedback_deadline": deadline, "feedback_status": "pending"})
            user = case.user_id or self.env.user
            case.activity_schedule(
                "hospital_referral.mail_activity_referral_feedback",
                date_deadline=fields.Date.context_today(case, deadline),
                summary=self.env._("Tell the referring doctor that %s arrived", case.patient_name),
                user_id=user.id,
            )

    def action_feedback_done(self):
        activities = self.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("hospital_referral.mail_activity_referral_feedback")
        )
        if activities:
            activities.action_feedback(feedback=self.env._("The referring doctor was told."))
        else:
            self._hm_feedback_done()

    def _hm_feedback_done(self):
        now = fields.Datetime.now()
        for case in self.filtered(lambda c: c.feedback_status in ("pending", "overdue")):
            on_time = case.feedback_deadline and now <= case.feedback_deadline
            case.write(
                {"feedback_done_at": now, "feedback_status": "on_time" if on_time else "late"}
            )

    @api.model
    def _cron_feedback_overdue(self):
        self.search(
            [("feedback_status", "=", "pending"), ("feedback_deadline", "<", fields.Datetime.now())]
        ).write({"feedback_status": "overdue"})

    # ------------------------------------------------------------------
    # portal (R-R1: registration by the referring doctor)
    # ------------------------------------------------------------------
    @api.model
    def _hm_portal_register(self, post):
        """Register a patient for the portal user, a referring doctor; returns the case as
        the portal user sees it."""
        user = self.env.user
        doctor = user.partner_id
        if not (doctor.referral_partner_kind or doctor.parent_id.referral_partner_kind):
            raise UserError(self.env._("Only a referring doctor of a partner registers patients."))
        department = False
        if str(post.get("department_id") or "").isdigit():
            department = (
                self.env["hospital.clinical.department"]
                .sudo()
                .search(
                    [
                        ("id", "=", int(post["department_id"])),
                        ("company_id", "=", user.company_id.id),
                    ]
                )
            )
        vals = {
            "patient_name": post["patient_name"].strip(),
            "patient_phone": post["patient_phone"].strip(),
            "disease": (post.get("disease") or "").strip() or False,
            "voucher_number": (post.get("voucher_number") or "").strip() or False,
            "department_id": department.id if department else False,
            "referring_doctor_id": doctor.id,
            "referring_partner_id": doctor.commercial_partner_id.id,
            "channel": "portal",
            "company_id": user.company_id.id,
        }
        # sudo: a portal user creates no marketing records by itself; the values are the
        # doctor's own and the promoter is the partner's responsible promoter
        case = self.sudo().with_context(tracking_disable=False).create(vals)
        return case.with_env(self.env)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_open_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hospital_referral.action_hospital_referral_bill"
        )
        action["domain"] = [("referral_id", "=", self.id)]
        action["context"] = {"default_referral_id": self.id}
        return action
