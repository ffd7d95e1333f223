import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from odoo.addons.hospital_marketing.tools.local_time import env_for, local_datetime_text

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

    # what the form lets the current user edit (a view is no security: write() decides, see
    # _hm_workflow_fields; these only spare users an error on saving)
    hm_can_edit_arrival = fields.Boolean(
        string="May Record the Arrival", compute="_compute_hm_can_edit"
    )
    hm_can_edit_credit = fields.Boolean(string="May Reassign", compute="_compute_hm_can_edit")
    hm_can_edit_registration = fields.Boolean(
        string="May Type the Registration Time", compute="_compute_hm_can_edit"
    )

    _registered_before_arrival = models.Constraint(
        "CHECK(arrival_datetime IS NULL OR channel = 'walk_in' OR arrival_datetime >= "
        "registered_at - interval '1 minute')",
        "A registered patient cannot arrive before the registration.",
    )

    @api.model
    def _hm_workflow_create_allowed(self, fname, value):
        """Only the office types the registration time, when it records a paper registration
        after the fact; everyone else registers now (see create). The time is then frozen: it
        decides whether the case counts (R-R1, R-R2) and what the fraud checks compare."""
        if fname == "registered_at":
            return self.env.user.has_groups(OFFICE_GROUPS)
        return super()._hm_workflow_create_allowed(fname, value)

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
            self._hm_check_patient_values({"patient_phone": value}, case.name)
            case.sudo().patient_phone = value

    def _search_patient_phone_masked(self, operator, value):
        """Search on the masked phone without making it an oracle (R-S4).

        - ``= False`` / ``!= False``: the cases without (with) a phone, which the masked value
          shows anyway;
        - the marketing line, who reads phones in clear, searches the phone itself (within
          its record rules);
        - the guide desk looks a patient up by ONE full number per search (``=`` or
          ``ilike``); each lookup is written to the secret access trace (who, when, which
          cases; never the number). A partial number, a second number in the same search
          (large OR domains) and every other role find nothing.

        Negative operators are answered by Odoo negating the positive lookup.
        """
        if operator not in ("=", "in", "ilike"):
            return NotImplemented
        if operator == "in" and isinstance(value, (str, bytes)):
            return NotImplemented
        values = list(value) if operator == "in" else [value]
        numbers = [v for v in values if v not in (False, None, "")]
        domain = Domain.FALSE
        if len(numbers) < len(values):
            # the cases without a phone: the masked value tells it anyway
            domain = Domain("id", "in", self.sudo()._search([("patient_phone_norm", "=", False)]))
        if not numbers:
            return domain
        if not all(isinstance(number, str) for number in numbers):
            return NotImplemented
        norms = {normalize_phone(number) for number in numbers} - {False}
        if self.env.su or self.env.user.has_group(PHONE_GROUPS):
            # no oracle: the phone is readable in clear on every case the user may find
            return domain | Domain("patient_phone_norm", "in", list(norms))
        scope = self.env.context.get("hm_phone_lookup")
        if not isinstance(scope, PhoneLookupScope):
            scope = PhoneLookupScope()
        if (
            not self.env.user.has_group(LOOKUP_GROUP)
            or len(norms) != 1
            or any(len(norm) < 11 for norm in norms)
            or scope.numbers - norms
        ):
            return domain
        scope.numbers |= norms
        found = self.sudo().search([("patient_phone_norm", "in", list(norms))])
        self.env["hospital.secret.access.log"]._log_lookup(self._name, found)
        return domain | Domain("id", "in", found.ids)

    @api.model
    def _search(self, domain, *args, **kwargs):
        # one scope of phone lookups per search, shared with its sub-searches
        if isinstance(self.env.context.get("hm_phone_lookup"), PhoneLookupScope):
            return super()._search(domain, *args, **kwargs)
        model = self.with_context(hm_phone_lookup=PhoneLookupScope())
        return super(HospitalReferral, model)._search(domain, *args, **kwargs)

    @api.model
    def _search_display_name(self, operator, value):
        """A user who does not read the patient's name (a referring doctor, portal) finds a
        case by its number or voucher only: a search on names would tell the names."""
        if self._has_field_access(self._fields["patient_name"], "read"):
            return super()._search_display_name(operator, value)
        if operator.endswith("like") and not value and "=" not in operator:
            return Domain.FALSE if operator in Domain.NEGATIVE_OPERATORS else Domain.TRUE
        aggregator = Domain.AND if operator in Domain.NEGATIVE_OPERATORS else Domain.OR
        return aggregator(Domain(fname, operator, value) for fname in ("name", "voucher_number"))

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

    @api.depends_context("uid")
    def _compute_hm_can_edit(self):
        user = self.env.user
        arrival = self.env.su or user.has_groups(ARRIVAL_GROUPS)
        credit = self.env.su or user.has_groups(LEADER_GROUPS)
        registration = self.env.su or user.has_groups(OFFICE_GROUPS)
        for case in self:
            case.hm_can_edit_arrival = arrival
            case.hm_can_edit_credit = credit
            case.hm_can_edit_registration = registration

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
                raise ValidationError(self.env._("Say why the case %s is not counted.", case.name))

    # Checked in Python before writing, so that PostgreSQL never refuses a row of user input:
    # its error message would carry the whole row (the patient's name, phone, ID number) into
    # the server log (R-S4). Messages name the case by its number.
    @api.model
    def _hm_patient_value_errors(self, vals):
        """What is wrong with the patient values of ``vals`` (a name of 100 000 characters, a
        phone "abc"...): a list of (field name, message); the messages never repeat the
        values."""
        errors = []
        for fname, size in PATIENT_FIELD_SIZES.items():
            value = vals.get(fname)
            if not value:
                continue
            label = self._fields[fname].get_description(self.env, ["string"])["string"]
            if not isinstance(value, str):
                errors.append((fname, self.env._("%s must be text.", label)))
            elif len(value) > size:
                errors.append(
                    (
                        fname,
                        self.env._(
                            "%(field)s is too long: at most %(size)s characters.",
                            field=label,
                            size=size,
                        ),
                    )
                )
            elif any(ord(char) < 32 or 0xD800 <= ord(char) <= 0xDFFF for char in value):
                errors.append(
                    (fname, self.env._("%s contains invisible control characters.", label))
                )
        failed = {fname for fname, _message in errors}
        if "patient_name" in vals and not (vals["patient_name"] or "").strip():
            errors.append(("patient_name", self.env._("Give the name of the patient.")))
        phone = vals.get("patient_phone")
        if phone and "patient_phone" not in failed and not is_valid_phone(phone):
            errors.append(
                (
                    "patient_phone",
                    self.env._(
                        "The phone number is not valid: 7 to 15 digits, with spaces, dashes or "
                        "a leading + if you like."
                    ),
                )
            )
        id_number = vals.get("patient_id_number")
        if (
            id_number
            and "patient_id_number" not in failed
            and not ID_NUMBER_CHARS.fullmatch(id_number)
        ):
            errors.append(
                (
                    "patient_id_number",
                    self.env._("The ID number is not valid: letters and digits only."),
                )
            )
        return errors

    def _hm_check_patient_values(self, vals, case_name):
        errors = self._hm_patient_value_errors(vals)
        if errors:
            raise ValidationError(
                self.env._(
                    "Case %(case)s: %(errors)s",
                    case=case_name,
                    errors=" ".join(message for _fname, message in errors),
                )
            )

    def _hm_check_arrival_after_registration(self, values):
        """``values``: (case number, channel, registered at, arrived at) of each case to
        write; the same rule as the constraint ``_registered_before_arrival``."""
        for case_name, channel, registered_at, arrived_at in values:
            if not (arrived_at and registered_at) or channel == "walk_in":
                continue
            registered_at = fields.Datetime.to_datetime(registered_at)
            arrived_at = fields.Datetime.to_datetime(arrived_at)
            if arrived_at < registered_at - timedelta(minutes=1):
                raise ValidationError(
                    self.env._(
                        "The patient of the case %s cannot arrive before the registration.",
                        case_name,
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    def _hm_registration_time(self, vals_list):
        """A case is registered now (R-R2, R-R6 compare this time with the arrival and the
        HIS bills): a registration time typed by anyone but the office is ignored; the office
        records paper registrations after the fact, never in the future. Returns the
        positions in ``vals_list`` of the office's late registrations."""
        if self.env.su:
            return []
        if not self.env.user.has_groups(OFFICE_GROUPS):
            for vals in vals_list:
                vals.pop("registered_at", None)
            return []
        now = fields.Datetime.now()
        late = []
        for index, vals in enumerate(vals_list):
            if not vals.get("registered_at"):
                continue
            typed = fields.Datetime.to_datetime(vals["registered_at"])
            if typed > now + REGISTRATION_TOLERANCE:
                raise ValidationError(
                    self.env._(
                        "Case %s: the registration time cannot be in the future.",
                        vals.get("name") or "/",
                    )
                )
            if typed < now - REGISTRATION_TOLERANCE:
                late.append(index)
        return late

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
            self._hm_check_patient_values(
                dict(vals, patient_name=vals.get("patient_name") or ""), vals["name"]
            )
        late = self._hm_registration_time(vals_list)
        self._hm_check_arrival_after_registration(
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
        cases._hm_check_fraud()
        cases.filtered(lambda c: c.state == "arrived")._hm_schedule_feedback()
        discharged = cases.filtered(lambda c: c.state == "discharged")
        if discharged:
            discharged._hm_after_discharge()
        return cases

    @api.model
    def _hm_credit_fields(self):
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
            self._hm_check_patient_values(vals, self[0].name)
        if {"arrival_datetime", "registered_at", "channel"} & vals.keys():
            self._hm_check_arrival_after_registration(
                (
                    case.name,
                    vals.get("channel", case.channel),
                    vals.get("registered_at", case.registered_at),
                    vals.get("arrival_datetime", case.arrival_datetime),
                )
                for case in self
            )
        credit = self._hm_credit_fields() & vals.keys()
        if not self.env.su and credit:
            came = self.filtered(lambda c: c.state not in ("registered", "not_counted"))
            changed = {fname for fname in credit if not came._hm_workflow_same(fname, vals[fname])}
            if came and changed and not self.env.user.has_groups(LEADER_GROUPS):
                raise self._hm_workflow_error(changed)
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
                            "Possible duplicate registration: the team leader decides."
                        ),
                        "fraud_detail": self.env._(
                            "The same patient was registered as %(case)s on %(date)s.",
                            case=first.name,
                            date=local_datetime_text(
                                self.env, first.registered_at, case.company_id
                            ),
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
                detail = (
                    self.env._("The patient came to the hospital before as %s.", came[0].name)
                    if came
                    else self.env._(
                        "The hospital billed the patient before (HIS bill %s).",
                        billed[0].his_reference,
                    )
                )
                case.write(
                    {
                        "fraud_flag": "existing",
                        "fraud_decision": "pending",
                        "fraud_reason": self.env._(
                            "Possibly a patient the hospital already had: the team leader decides."
                        ),
                        "fraud_detail": detail,
                    }
                )
        flagged = cases.filtered("fraud_flag")
        if flagged:
            flagged._hm_notify_fraud_flag()

    def _hm_notify_fraud_flag(self):
        """An activity for the team leader (or the manager) to decide the flag."""
        for case in self:
            leader = case.team_id.sudo().leader_user_id
            recipient = leader or self.env.user
            case.activity_schedule(
                "hospital_referral.mail_activity_referral_fraud",
                # in the language of whom it is for, not of whom triggered the check
                summary=env_for(self.env, recipient)._("Decide the flag of %s", case.name),
                user_id=recipient.id,
            )

    def _hm_check_decider(self):
        """A team leader of the case's team, the manager or the vice-president decides a
        flag (R-R6); nobody decides a flag on a case that credits themselves."""
        self._hm_check_role(
            LEADER_GROUPS,
            self.env._("Only a team leader or the business vice-president decides a flag."),
        )
        if not self.env.su and any(case.user_id == self.env.user for case in self):
            raise AccessError(self.env._("Nobody decides the flag of their own case."))

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
            case.sudo().write(vals)
        self.sudo().activity_feedback(["hospital_referral.mail_activity_referral_fraud"])

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
        else:
            # the promoter (or anyone of the marketing line who may change the case) rejects a
            # case that will not come
            self._hm_check_role(
                "hospital_marketing.group_marketing_promoter",
                self.env._("Only the marketing staff of the case rejects it."),
            )

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
            case.sudo().write(vals)
        self.sudo().activity_feedback(["hospital_referral.mail_activity_referral_fraud"])

    # ------------------------------------------------------------------
    # arrival, treatment, closing (R-R3)
    # ------------------------------------------------------------------
    def action_confirm_arrival(self):
        """The guide desk (or the office) confirms that the patient came (R-R3)."""
        self._hm_check_role(
            ARRIVAL_GROUPS, self.env._("Only the guide desk or the office confirms an arrival.")
        )
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
        if any(case.fraud_decision == "pending" for case in self):
            raise UserError(self.env._("A flagged case arrives once the flag is decided."))
        self.sudo().write(
            {
                "state": "arrived",
                "arrival_user_id": self.env.uid,
            }
        )
        for case in self.sudo().filtered(lambda c: not c.arrival_datetime):
            case.arrival_datetime = fields.Datetime.now()
        self._hm_schedule_feedback()

    def action_start_treatment(self):
        self._hm_check_role(
            ARRIVAL_GROUPS, self.env._("Only the guide desk or the office records a treatment.")
        )
        self.filtered(lambda c: c.state == "arrived").sudo().write({"state": "in_treatment"})

    def action_close(self):
        """The office closes a discharged case once its loop is done."""
        self._hm_check_role(OFFICE_GROUPS, self.env._("Only the office closes a case."))
        for case in self:
            if case.state != "discharged":
                raise UserError(self.env._("Only a discharged case can be closed."))
        self.sudo().write({"state": "closed"})

    def action_reset(self):
        """The office puts a case rejected by mistake (not a decided flag) back."""
        self._hm_check_role(OFFICE_GROUPS, self.env._("Only the office puts a rejected case back."))
        self.filtered(lambda c: c.state == "rejected" and not c.fraud_flag).sudo().write(
            {"state": "registered", "decision_note": False}
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
            case.sudo().write({"feedback_deadline": deadline, "feedback_status": "pending"})
            user = case.user_id or self.env.user
            case.sudo().activity_schedule(
                "hospital_referral.mail_activity_referral_feedback",
                date_deadline=fields.Date.context_today(case, deadline),
                summary=env_for(self.env, user)._(
                    "Tell the referring doctor that the patient of %s arrived", case.name
                ),
                user_id=user.id,
            )

    def action_feedback_done(self):
        self._hm_check_role(
            "hospital_marketing.group_marketing_promoter",
            self.env._("Only the marketing staff of the case tells the referring doctor."),
        )
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
            case.sudo().write(
                {"feedback_done_at": now, "feedback_status": "on_time" if on_time else "late"}
            )

    @api.model
    def _cron_feedback_overdue(self):
        self.sudo().search(
            [("feedback_status", "=", "pending"), ("feedback_deadline", "<", fields.Datetime.now())]
        ).write({"feedback_status": "overdue"})

    # ------------------------------------------------------------------
    # portal (R-R1: registration by the referring doctor)
    # ------------------------------------------------------------------
    @api.model
    def _hm_portal_register(
        self, patient_name, patient_phone, disease=None, voucher_number=None, department_id=None
    ):
        """Register a patient for the portal user, a referring doctor, from the values of the
        registration form (parsed by the portal controller: texts, the department's id);
        returns the case as the portal user sees it."""
        user = self.env.user
        doctor = user.partner_id
        if not (doctor.referral_partner_kind or doctor.parent_id.referral_partner_kind):
            raise UserError(self.env._("Only a referring doctor of a partner registers patients."))
        department = self.env["hospital.clinical.department"]
        if department_id:
            # a department of the doctor's hospital only, whatever id the form sent
            department = department.sudo().search(
                [("id", "=", department_id), ("company_id", "=", user.company_id.id)]
            )
        vals = {
            "patient_name": patient_name,
            "patient_phone": patient_phone,
            "disease": disease or False,
            "voucher_number": voucher_number or False,
            "department_id": department.id,
            "referring_doctor_id": doctor.id,
            "referring_partner_id": doctor.commercial_partner_id.id,
            "channel": "portal",
            "company_id": user.company_id.id,
        }
        errors = self._hm_patient_value_errors(vals)
        if errors:
            raise ValidationError(" ".join(message for _fname, message in errors))
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
