import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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

# who reads the patient's name in clear (R-S4): staff; a referring doctor (portal) reads the
# name masked once the patient is discharged (``portal_patient_name``)
NAME_GROUPS = "base.group_user"
# who reads the patient's phone and ID number in clear (R-S4): the marketing line
PHONE_GROUPS = "hospital_marketing.group_marketing_promoter"
# who reads the details of a fraud flag (the other case, the HIS bill): who decides it
FRAUD_DETAIL_GROUPS = "hospital_marketing.group_marketing_leader"
# who looks a patient up by full phone number on the masked phone (R-R3)
LOOKUP_GROUP = "hospital_marketing.group_marketing_guide_desk"
# sane sizes of what a user types about a patient (portal, RPC): longer is refused
PATIENT_FIELD_SIZES = {
    "patient_name": 100,
    "patient_phone": 32,
    "patient_id_number": 32,
    "voucher_number": 64,
    "disease": 200,
    "diagnosis": 200,
    "attending_doctor": 100,
    "patient_mindset": 200,
    "place": 200,
}
PHONE_CHARS = re.compile(r"\+?[0-9 ()\-.]+")
ID_NUMBER_CHARS = re.compile(r"[0-9A-Za-z\-]+")
# who reads the HIS bills of a case
BILL_GROUPS = (
    "hospital_marketing.group_marketing_promoter,hospital_marketing.group_marketing_finance"
)
# who reads fees (the guide desk does not)
FEE_GROUPS = (
    "hospital_marketing.group_marketing_promoter,hospital_marketing.group_marketing_finance,"
    "hospital_marketing.group_marketing_treatment_leader"
)
# who confirms arrivals (R-R3): the guide desk, and the office clerk (and so the manager and
# the vice-president) when the desk is not staffed; never a promoter or a team leader, who get
# the credit of the case
ARRIVAL_GROUPS = (
    "hospital_marketing.group_marketing_guide_desk,hospital_marketing.group_marketing_office"
)
# who assigns a case to a promoter, and decides fraud flags (R-R6): a team leader (so the
# manager and the vice-president)
LEADER_GROUPS = "hospital_marketing.group_marketing_leader"
# what the registration says about the patient, and the department, once the patient came:
# corrected by the triage (guide desk, office) and the leaders only
ARRIVED_FIELDS = frozenset(
    {"patient_name", "patient_phone", "patient_id_number", "voucher_number", "department_id"}
)
ARRIVED_GROUPS = f"{ARRIVAL_GROUPS},{LEADER_GROUPS}"
OFFICE_GROUPS = "hospital_marketing.group_marketing_office"
# what the final HIS bills give a case (R-R5): computed, written by nobody
BILL_TOTAL_FIELDS = frozenset({"discharge_date", "total_fees", "drug_cost"})
# clock drift between the office's watch and the server: within it, a typed time is "now"
REGISTRATION_TOLERANCE = timedelta(minutes=5)


class PhoneLookupScope:
    """The phone numbers looked up by one search (and its sub-searches) on the masked phone:
    one number at most. Held in the context, where an RPC caller cannot put one."""

    __slots__ = ("numbers",)

    def __init__(self):
        self.numbers = set()


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


def is_valid_phone(phone):
    """A phone number as people write it: digits with spaces, dashes, dots, brackets and a
    leading +, 7 to 15 digits once the Chinese country prefix is dropped (E.164 allows 15)."""
    if not isinstance(phone, str) or not PHONE_CHARS.fullmatch(phone.strip()):
        return False
    digits = normalize_phone(phone) or ""
    return 7 <= len(digits) <= 15


def mask_phone(phone):
    """``138****1111``: the first three and the last four digits of a mobile number, never
    more than half of the digits of a shorter one."""
    digits = normalize_phone(phone)
    if not digits:
        return False
    if len(digits) < 11:
        shown = len(digits) // 4
        return digits[:shown] + "*" * (len(digits) - 2 * shown) + digits[len(digits) - shown :]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_name(name):
    """``周**``: the first character of the name, the rest as stars."""
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
        "hospital.workflow.mixin",
    ]
    _hm_owner_field = "promoter_id"
    _order = "registered_at desc, id desc"
    # a promoter's list (record rule user_id = uid) reads its first page from this index
    _user_registered_idx = models.Index("(user_id, company_id, registered_at DESC, id DESC)")
    # what only the actions change (see hospital.workflow.mixin): the state and the arrival
    # stamp, the fraud decision, the feedback loop, and what the final HIS bills give (R-R5)
    _hm_workflow_fields = {
        "state": False,
        "channel": False,
        "registered_at": False,
        "registered_late": False,
        "arrival_user_id": False,
        "arrival_datetime": ARRIVAL_GROUPS,
        "identity_confirmed": ARRIVAL_GROUPS,
        "diagnosis": ARRIVAL_GROUPS,
        "attending_doctor": ARRIVAL_GROUPS,
        "fraud_flag": False,
        "fraud_reason": False,
        "fraud_detail": False,
        "fraud_decision": False,
        "duplicate_of_id": False,
        "decision_note": False,
        "decided_by_id": False,
        "decided_at": False,
        "adjustment_id": False,
        "feedback_deadline": False,
        "feedback_done_at": False,
        "feedback_status": False,
        "discharge_date": False,
        "total_fees": False,
        "drug_cost": False,
        "bill_count": False,
        "is_counted": False,
        "promoter_id": LEADER_GROUPS,
        "user_id": LEADER_GROUPS,
        "team_id": LEADER_GROUPS,
    }
    # the patient's name only for those who read it (see _search_display_name)
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
    patient_name = fields.Char(required=True, tracking=True, groups=NAME_GROUPS)
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
        help="The patient's phone, masked. The guide desk looks a patient up with the full "
        "number, one number at a time; each lookup is traced.",
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
        related="referring_partner_id.hm_referral_grade", string="Partner Grade", store=True
    )
    partner_kind = fields.Selection(
        related="referring_partner_id.referral_partner_kind", string="Partner Kind", store=True
    )
    territory_id = fields.Many2one(
        related="referring_partner_id.hm_referral_territory_id", string="Territory", store=True
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
    # the department picks the rule and rate (R-C5): archived, never deleted under a case
    department_id = fields.Many2one(
        "hospital.clinical.department", tracking=True, ondelete="restrict"
    )
    department_name = fields.Char(related="department_id.name", string="Department Name")
    disease = fields.Char()
    severity = fields.Selection(
        [("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe"), ("critical", "Critical")]
    )
    patient_mindset = fields.Char(string="Mindset of the Patient")
    place = fields.Char(string="Where From")
    # now, at creation; only the office types an earlier time (a paper registration recorded
    # afterwards), which then shows as late (see create)
    registered_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    registered_late = fields.Boolean(
        string="Registered Late by the Office",
        readonly=True,
        copy=False,
        help="The registration time was typed earlier than the moment the case was entered: "
        "a paper registration the office recorded afterwards. It still decides whether the "
        "case counts (R-R2) and the fraud checks (R-R6).",
    )
    # arrival (R-R3)
    arrival_datetime = fields.Datetime(string="Arrived At", tracking=True)
    identity_confirmed = fields.Boolean()
    diagnosis = fields.Char()
    attending_doctor = fields.Char()
    arrival_user_id = fields.Many2one("res.users", string="Confirmed By", readonly=True)
    not_counted_reason = fields.Text(
        help="Why this case does not count (R-R2), e.g. no registration before the first visit."
    )
    # discharge and money: from the final HIS bills only (R-R5), nobody writes them, not even
    # the superuser (see BILL_TOTAL_FIELDS)
    discharge_date = fields.Date(index=True, compute="_compute_bill_totals", store=True)
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
        groups=FEE_GROUPS,
    )
    drug_cost = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_bill_totals",
        store=True,
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
    # what the registering promoter or doctor reads: nothing about other people's patients
    fraud_reason = fields.Text(string="Why Flagged", readonly=True)
    # what the leader who decides reads: the other case, the HIS bill
    fraud_detail = fields.Text(string="Flag Details", readonly=True, groups=FRAUD_DETAIL_GROUPS)
    duplicate_of_id = fields.Many2one(
        "hospital.referral", readonly=True, groups=FRAUD_DETAIL_GROUPS
    )
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
    # Compute methods
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
            self._check_patient_values({"patient_phone": value}, case.name)
            case.sudo().patient_phone = value

    @api.depends("patient_name", "state")
    def _compute_portal_patient_name(self):
        for case, name in zip(self, self.sudo().mapped("patient_name"), strict=True):
            if case.state in ("discharged", "closed"):
                case.portal_patient_name = mask_name(name)
            else:
                case.portal_patient_name = name

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
                case.promoter_id = partner.hm_referral_promoter_id
            else:
                case.promoter_id = partner.hm_referral_promoter_id or user_employee

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
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("state", "not_counted_reason")
    def _check_not_counted_reason(self):
        for case in self:
            if case.state == "not_counted" and not (case.not_counted_reason or "").strip():
                raise ValidationError(self.env._("Say why the case %s is not counted.", case.name))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        now = fields.Datetime.now()
        vals_list = [dict(vals) for vals in vals_list]
        given = {fname for vals in vals_list for fname in BILL_TOTAL_FIELDS & vals.keys()}
        if given:
            raise self._hm_workflow_error(given)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("hospital.referral") or "/"
            # a missing name would fail PostgreSQL's NOT NULL, which logs the row
            self._check_patient_values(
                dict(vals, patient_name=vals.get("patient_name") or ""), vals["name"]
            )
        late = self._registration_time(vals_list)
        self._check_arrival_after_registration(
            (
                vals["name"],
                vals.get("channel", self._default_channel()),
                vals.get("registered_at") or now,
                vals.get("arrival_datetime"),
            )
            for vals in vals_list
        )
        cases = super().create(vals_list)
        if late:
            # sudo: the flag is the record's own, set only here
            self.browse([cases[index].id for index in late]).sudo().write({"registered_late": True})
        # R-R2: a walk-in was not registered before the first visit: it does not count; the
        # patient is at the desk now
        walk_ins = cases.filtered(lambda c: c.channel == "walk_in" and c.state == "registered")
        for case in walk_ins.sudo():
            case.write(
                {
                    "state": "not_counted",
                    "arrival_datetime": case.arrival_datetime or fields.Datetime.now(),
                }
            )
        # a phone typed masked-side (walk-in) is shown masked from now on
        cases.invalidate_recordset(["patient_phone_masked"])
        cases._check_fraud()
        cases.filtered(lambda c: c.state == "arrived")._schedule_feedback()
        discharged = cases.filtered(lambda c: c.state == "discharged")
        if discharged:
            discharged._after_discharge()
        return cases

    @api.model
    def _credit_fields(self):
        """Who gets credit (R-R3): free until the patient comes, then corrected by a team
        leader only (a payee swapped after discharge would be paid by the next run)."""
        return {"referring_partner_id", "referring_doctor_id"}

    def write(self, vals):
        totals = {
            fname
            for fname in BILL_TOTAL_FIELDS & vals.keys()
            if not self._hm_workflow_same(fname, vals[fname])
        }
        if totals:
            raise self._hm_workflow_error(totals)
        if self:
            self._check_patient_values(vals, self[0].name)
        if {"arrival_datetime", "registered_at", "channel"} & vals.keys():
            self._check_arrival_after_registration(
                (
                    case.name,
                    vals.get("channel", case.channel),
                    vals.get("registered_at", case.registered_at),
                    vals.get("arrival_datetime", case.arrival_datetime),
                )
                for case in self
            )
        # who gets credit (R-R3), then who the patient is and the department (which decides
        # the rule and rate the case earns by, R-C5): set freely until the patient comes
        self._refuse_after_arrival(vals, self._credit_fields(), LEADER_GROUPS)
        self._refuse_after_arrival(vals, ARRIVED_FIELDS, ARRIVED_GROUPS)
        newly_discharged = self.browse()
        if vals.get("state") == "discharged":
            newly_discharged = self.filtered(lambda c: c.state != "discharged")
        res = super().write(vals)
        if {"patient_phone", "patient_id_number"} & vals.keys():
            # a corrected phone or ID number is checked like a new registration (R-R6)
            self.filtered(lambda c: not c.fraud_flag and c.state == "registered")._check_fraud()
        if newly_discharged:
            newly_discharged._after_discharge()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_registered_unflagged(self):
        """A case the patient came for, or one flagged or decided (R-R6), is a record of the
        department: it is closed or not counted, never deleted (which would hide a flag or
        the money it earned)."""
        if self.filtered(lambda c: c.state != "registered" or c.fraud_flag):
            raise UserError(
                self.env._(
                    "Only a registered case without a flag can be deleted; mark the others as "
                    "not counted."
                )
            )
