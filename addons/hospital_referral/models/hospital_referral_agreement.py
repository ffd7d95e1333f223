from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.hospital_marketing.tools.local_time import env_for

MANAGER_GROUPS = "hospital_marketing.group_marketing_manager"
# the terms a signature covers: frozen once the agreement is signed
SIGNED_TERMS = {
    "name",
    "kind",
    "company_id",
    "partner_id",
    "date_start",
    "date_end",
    "document",
    "document_name",
    "offer_green_channel",
    "offer_discount",
    "offer_expert_visits",
    "offer_training",
    "offer_note",
}

AGREEMENT_KINDS = [
    ("two_way", "Two-Way Referral Agreement"),
    ("service", "Service Agreement"),
    ("intermediary", "Intermediary Agreement"),
]


class HospitalReferralAgreement(models.Model):
    """An agreement with a referral partner (R-P5). CONTRACT (commission guard, R-C10): an
    agreement is in force on a date when ``state == 'signed'`` and ``date_start <= date`` and
    (``date_end`` is empty or ``date <= date_end``); see ``_domain_in_force``."""

    _name = "hospital.referral.agreement"
    _description = "Referral Agreement"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "hospital.marketing.owned.mixin",
        "hospital.workflow.mixin",
    ]
    _hm_owner_field = "promoter_id"
    _order = "date_start desc, id desc"
    # signed only by the marketing manager (R-C10), through the Signed button
    _hm_workflow_fields = {
        "state": False,
        "signed_date": MANAGER_GROUPS,
        "signed_by_id": False,
        "promoter_id": "hospital_marketing.group_marketing_leader",
        "user_id": "hospital_marketing.group_marketing_leader",
        "team_id": "hospital_marketing.group_marketing_leader",
    }

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(AGREEMENT_KINDS, required=True, default="two_way", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("signed", "Signed"),
            ("expired", "Expired"),
            ("cancel", "Cancelled"),
        ],
        required=True,
        default="draft",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one("res.partner", required=True, index=True, tracking=True)
    date_start = fields.Date(string="Valid From", required=True, tracking=True)
    date_end = fields.Date(string="Valid Until", tracking=True)
    signed_date = fields.Date(tracking=True)
    signed_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    document = fields.Binary(string="Signed Document", attachment=True)
    document_name = fields.Char()
    # what the hospital offers (R-P5)
    offer_green_channel = fields.Boolean(string="Green Channel")
    offer_discount = fields.Float(string="Discount (%)")
    offer_expert_visits = fields.Boolean(string="Expert Visits")
    offer_training = fields.Boolean(string="Training")
    offer_note = fields.Text(string="Other Terms")
    # the responsible promoter of the partner: reminders and record rules
    promoter_id = fields.Many2one(
        "hr.employee",
        string="Responsible Promoter",
        compute="_compute_promoter_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    days_to_expiry = fields.Integer(compute="_compute_days_to_expiry")

    _discount_range = models.Constraint(
        "CHECK(offer_discount >= 0 AND offer_discount <= 100)",
        "A discount is a percentage between 0 and 100.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_promoter_id(self):
        for agreement in self:
            # sudo: the responsible promoter is part of the partner's marketing profile
            partner = agreement.partner_id.commercial_partner_id.sudo()
            agreement.promoter_id = partner.hm_referral_promoter_id or agreement.promoter_id

    def _compute_days_to_expiry(self):
        today = fields.Date.context_today(self)
        for agreement in self:
            agreement.days_to_expiry = (
                (agreement.date_end - today).days if agreement.date_end else 0
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for agreement in self:
            if agreement.date_end and agreement.date_end < agreement.date_start:
                raise ValidationError(self.env._("An agreement cannot end before it starts."))

    @api.constrains("kind", "partner_id")
    def _check_intermediary_not_clinician(self):
        """R-C10: a licensed clinician is never an intermediary paid per patient."""
        for agreement in self:
            if agreement.kind == "intermediary" and (
                agreement.partner_id.sudo().hm_payee_class == "clinician"
            ):
                raise ValidationError(
                    self.env._(
                        "%s is a licensed clinician: no intermediary agreement may be made "
                        "with a clinician (R-C10).",
                        agreement.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        changed = self._hm_workflow_frozen(SIGNED_TERMS, vals)
        if changed:
            raise AccessError(
                self.env._(
                    "The terms of a signed agreement are frozen (%s): cancel it and sign "
                    "a new one.",
                    ", ".join(sorted(changed)),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_never_signed(self):
        """A signed agreement is a contract of the department (R-S1, class C) and the ground
        of the commissions paid under it (R-C10): cancelled, never deleted."""
        if self.filtered(lambda a: a.state in ("signed", "expired") or a.signed_by_id):
            raise UserError(self.env._("A signed agreement cannot be deleted; cancel it instead."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_sign(self):
        """The marketing manager signs a draft agreement whose signed document is attached;
        nobody signs an agreement they benefit from (R-C10)."""
        if not self.env.su:
            self.check_access("write")
            if not self.env.user.has_groups(MANAGER_GROUPS):
                raise AccessError(self.env._("Only the marketing manager signs an agreement."))
        for agreement in self:
            if agreement.state != "draft":
                continue
            if not agreement.document:
                raise UserError(
                    self.env._(
                        "Attach the signed document of %s before marking it signed.",
                        agreement.name,
                    )
                )
            if not self.env.su and self.env.user in agreement._beneficiary_users():
                raise AccessError(
                    self.env._(
                        "You benefit from %s: another manager or the vice-president signs it.",
                        agreement.name,
                    )
                )
            agreement.sudo().write(
                {
                    "state": "signed",
                    "signed_date": agreement.signed_date or fields.Date.context_today(self),
                    "signed_by_id": self.env.uid,
                }
            )

    def action_cancel(self):
        """A draft is dropped by whoever drafts it; a signed agreement is ended by the
        marketing manager."""
        if not self.env.su:
            self.check_access("write")
            if self.filtered(lambda a: a.state != "draft") and not self.env.user.has_groups(
                MANAGER_GROUPS
            ):
                raise AccessError(
                    self.env._("Only the marketing manager cancels a signed agreement.")
                )
        self.sudo().write({"state": "cancel"})

    def action_draft(self):
        if not self.env.su:
            self.check_access("write")
        self.filtered(lambda a: a.state == "cancel").sudo().write(
            {"state": "draft", "signed_date": False, "signed_by_id": False}
        )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _domain_in_force(self, date):
        """Domain of the agreements in force on ``date``."""
        return [
            ("state", "=", "signed"),
            ("date_start", "<=", date),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", date),
        ]

    # scheduled work: expiry (R-P5), safe to run twice
    @api.model
    def _cron_expiry(self):
        today = fields.Date.context_today(self)
        signed = self.sudo().search([("state", "=", "signed"), ("date_end", "!=", False)])
        signed.filtered(lambda a: a.date_end < today).write({"state": "expired"})
        activity_type = self.env.ref("hospital_referral.mail_activity_agreement_expiry")
        for company, agreements in (
            signed.filtered(lambda a: a.state == "signed").grouped("company_id").items()
        ):
            limit = today + relativedelta(days=company.hm_agreement_notice_days)
            due = agreements.filtered(lambda a, limit=limit: a.date_end <= limit)
            already = due.activity_ids.filtered(
                lambda act: act.activity_type_id == activity_type
            ).mapped("res_id")
            for agreement in due.filtered(lambda a, already=already: a.id not in already):
                user = agreement.user_id or agreement.create_uid
                agreement.activity_schedule(
                    "hospital_referral.mail_activity_agreement_expiry",
                    date_deadline=agreement.date_end,
                    summary=env_for(self.env, user)._(
                        "Agreement ends on %s: renew it", agreement.date_end
                    ),
                    user_id=user.id,
                )

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _beneficiary_users(self):
        """Who benefits from the agreement: the partner's people (its users and those of
        its contacts) and the responsible promoter, paid on the partner's referrals."""
        self.ensure_one()
        partner = self.partner_id.sudo().commercial_partner_id
        people = partner | partner.child_ids | self.partner_id.sudo()
        return people.user_ids | self.promoter_id.sudo().user_id | partner.hm_referral_user_id
