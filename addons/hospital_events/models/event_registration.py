from odoo import api, fields, models

from .event_event_run import EVENT_OFFICE_GROUPS

AGE_BANDS = [
    ("child", "0-14"),
    ("youth", "15-24"),
    ("adult", "25-44"),
    ("middle", "45-59"),
    ("senior", "60+"),
]
SEXES = [("female", "Female"), ("male", "Male")]
# what an attendee's consent allows to keep (PIPL, R-S4): without consent to be contacted no
# contact data, without consent to keep health data no health data; the counts stay
CONTACT_FIELDS = ("partner_id", "phone", "email")
HEALTH_FIELDS = ("hm_screening_result", "hm_department_id")
CONSENT_FIELDS = {
    "contact": ("hm_contact_consent", CONTACT_FIELDS),
    "health": ("hm_health_consent", HEALTH_FIELDS),
}


class EventRegistration(models.Model):
    """An attendee of an outreach event, entered on a phone at the event (R-E3). What is kept
    of them follows their consent (R-S4); the server enforces it whatever the client sends."""

    _name = "event.registration"
    _inherit = ["event.registration", "hospital.workflow.mixin"]
    _hm_workflow_fields = {
        "hm_contact_consent_at": False,
        "hm_contact_wording_id": False,
        "hm_contact_withdrawn_at": False,
        "hm_health_consent_at": False,
        "hm_health_wording_id": False,
        "hm_health_withdrawn_at": False,
        "hm_referral_id": False,
    }

    hm_outreach_kind = fields.Selection(related="event_id.hm_outreach_kind", string="Outreach Kind")
    hm_age_band = fields.Selection(AGE_BANDS, string="Age Band")
    hm_sex = fields.Selection(SEXES, string="Sex")
    hm_place = fields.Char(string="Village or School")
    hm_screened = fields.Boolean(string="Screened")
    hm_screening = fields.Char(
        string="Screened For", help="What was screened, e.g. blood pressure."
    )
    hm_screening_result = fields.Text(
        string="Screening Result", help="Kept only with the consent to keep health data."
    )
    hm_needs_care = fields.Boolean(string="Needs Care")
    hm_department_id = fields.Many2one(
        "hospital.clinical.department",
        string="Department",
        help="The clinical department the attendee needs; kept only with the consent to keep "
        "health data.",
    )
    # consent (PIPL, R-S4): time and wording version are set by the server
    hm_contact_consent = fields.Boolean(string="Consents to Be Contacted", tracking=True)
    hm_contact_consent_at = fields.Datetime(string="Contact Consent Given At", readonly=True)
    hm_contact_wording_id = fields.Many2one(
        "hospital.consent.wording", string="Contact Consent Wording", readonly=True
    )
    hm_contact_purpose = fields.Char(
        related="hm_contact_wording_id.purpose", string="Contact Consent Purpose"
    )
    hm_contact_withdrawn_at = fields.Datetime(
        string="Contact Consent Withdrawn At", readonly=True, tracking=True
    )
    hm_health_consent = fields.Boolean(string="Consents to Keep Health Data", tracking=True)
    hm_health_consent_at = fields.Datetime(string="Health Consent Given At", readonly=True)
    hm_health_wording_id = fields.Many2one(
        "hospital.consent.wording", string="Health Consent Wording", readonly=True
    )
    hm_health_purpose = fields.Char(
        related="hm_health_wording_id.purpose", string="Health Consent Purpose"
    )
    hm_health_withdrawn_at = fields.Datetime(
        string="Health Consent Withdrawn At", readonly=True, tracking=True
    )
    hm_contact_wording_text = fields.Text(
        string="Contact Consent Text", compute="_compute_hm_wording_text"
    )
    hm_health_wording_text = fields.Text(
        string="Health Consent Text", compute="_compute_hm_wording_text"
    )
    hm_referral_id = fields.Many2one(
        "hospital.referral", string="Referral Case", readonly=True, index="btree_not_null"
    )
    hm_can_act = fields.Boolean(string="May Act", compute="_compute_hm_can_act")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("hm_contact_wording_id", "hm_health_wording_id", "company_id")
    def _compute_hm_wording_text(self):
        """The text read to the attendee: the version consented to, else the one in force."""
        Wording = self.env["hospital.consent.wording"]
        current = {}
        for registration in self:
            company = registration.company_id or self.env.company
            for kind in ("contact", "health"):
                wording = registration[f"hm_{kind}_wording_id"]
                if not wording:
                    if (kind, company) not in current:
                        current[kind, company] = Wording._current(kind, company)
                    wording = current[kind, company]
                registration[f"hm_{kind}_wording_text"] = wording.sudo().body

    @api.depends_context("uid")
    @api.depends("event_id")
    def _compute_hm_can_act(self):
        office = self.env.user.has_groups(EVENT_OFFICE_GROUPS)
        for registration in self:
            registration.hm_can_act = office or (
                self.env.user in registration.event_id._hm_team_users()
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        default_event = self.env.context.get("default_event_id")
        events = self.env["event.event"].browse(
            {vals.get("event_id", default_event) for vals in vals_list} - {None, False}
        )
        outreach = set(events.sudo().filtered("hm_outreach_kind").ids)
        clean = []
        for vals in vals_list:
            if vals.get("event_id", default_event) in outreach:
                consents = {
                    kind: bool(vals.get(consent_field))
                    for kind, (consent_field, _f) in CONSENT_FIELDS.items()
                }
                vals = dict(vals)
                for kind, (_consent_field, fnames) in CONSENT_FIELDS.items():
                    if not consents[kind]:
                        # given as False: nor computed from a partner
                        vals.update(dict.fromkeys(fnames, False))
            clean.append(vals)
        registrations = super().create(clean)
        registrations._hm_enforce_consent()
        registrations._hm_stamp_consents({"contact", "health"})
        return registrations

    def write(self, vals):
        touched = {
            fname for _consent_field, fnames in CONSENT_FIELDS.values() for fname in fnames
        } | {consent_field for consent_field, _f in CONSENT_FIELDS.values()}
        if not touched & vals.keys():
            res = super().write(vals)
            if "event_id" in vals:
                # moved onto an outreach event: what its consents do not allow goes
                self._hm_enforce_consent()
            return res
        withdrawn = {
            kind: self.filtered(consent_field)
            for kind, (consent_field, _f) in CONSENT_FIELDS.items()
            if consent_field in vals and not vals[consent_field]
        }
        given = {
            kind for kind, (consent_field, _f) in CONSENT_FIELDS.items() if vals.get(consent_field)
        }

        def consents_after(registration):
            return tuple(
                bool(vals[consent_field]) if consent_field in vals else registration[consent_field]
                for consent_field, _f in CONSENT_FIELDS.values()
            )

        outreach = self.filtered("hm_outreach_kind")
        super(EventRegistration, self - outreach).write(vals)
        for (contact, health), group in outreach.grouped(consents_after).items():
            group_vals = self._hm_without_unconsented(vals, {"contact": contact, "health": health})
            super(EventRegistration, group).write(group_vals)
        if given:
            self._hm_stamp_consents(given)
        for kind, registrations in withdrawn.items():
            registrations._hm_erase(kind)
        return True

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _hm_without_unconsented(self, vals, consents):
        """``vals`` without what the consents of the record (``{kind: bool}``) do not allow."""
        vals = dict(vals)
        for kind, (_consent_field, fnames) in CONSENT_FIELDS.items():
            if not consents[kind]:
                vals.update({fname: False for fname in fnames if fname in vals})
        return vals

    def _hm_enforce_consent(self):
        """Erase from the outreach registrations of ``self`` what their consents do not allow
        (whatever a creation or a move computed or received), untracked."""
        for consent_field, fnames in CONSENT_FIELDS.values():
            holding = self.sudo().filtered(
                lambda r, c=consent_field, f=fnames: r.hm_outreach_kind
                and not r[c]
                and any(r[fname] for fname in f)
            )
            if holding:
                holding.with_context(mail_notrack=True).write(dict.fromkeys(fnames, False))
                holding._track_discard()

    def _hm_stamp_consents(self, kinds):
        """Record when a consent was given and on which wording, for the registrations that
        hold it without a stamp (the server's clock, the wording in force)."""
        Wording = self.env["hospital.consent.wording"]
        for kind in kinds:
            consent_field = CONSENT_FIELDS[kind][0]
            unstamped = self.filtered(
                lambda r, c=consent_field, k=kind: r[c] and not r[f"hm_{k}_consent_at"]
            )
            for company, registrations in unstamped.grouped("company_id").items():
                # sudo: the stamp is the server's, a protected field no user writes
                registrations.sudo().write(
                    {
                        f"hm_{kind}_consent_at": fields.Datetime.now(),
                        f"hm_{kind}_wording_id": Wording._current(
                            kind, company or self.env.company
                        ).id,
                        f"hm_{kind}_withdrawn_at": False,
                    }
                )
