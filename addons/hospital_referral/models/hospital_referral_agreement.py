from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
    _inherit = ["mail.thread", "mail.activity.mixin", "hospital.marketing.owned.mixin"]
    _hm_owner_field = "promoter_id"
    _order = "date_start desc, id desc"

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

    @api.depends("partner_id")
    def _compute_promoter_id(self):
        for agreement in self:
            # sudo: the responsible promoter is part of the partner's marketing profile
            partner = agreement.partner_id.commercial_partner_id.sudo()
            agreement.promoter_id = partner.referral_promoter_id or agreement.promoter_id

    def _compute_days_to_expiry(self):
        today = fields.Date.context_today(self)
        for agreement in self:
            agreement.days_to_expiry = (
                (agreement.date_end - today).days if agreement.date_end else 0
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for agreement in self:
            if agreement.date_end and agreement.date_end < agreement.date_start:
                raise ValidationError(self.env._("An agreement cannot end before it starts."))

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

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_sign(self):
        for agreement in self:
            if agreement.state != "draft":
                continue
            agreement.write(
                {
                    "state": "signed",
                    "signed_date": agreement.signed_date or fields.Date.context_today(self),
                }
            )

    def action_cancel(self):
        self.write({"state": "cancel"})

    def action_draft(self):
        self.filtered(lambda a: a.state == "cancel").write({"state": "draft"})

    # ------------------------------------------------------------------
    # scheduled work: expiry (R-P5), safe to run twice
    # ------------------------------------------------------------------
    @api.model
    def _cron_expiry(self):
        today = fields.Date.context_today(self)
        signed = self.search([("state", "=", "signed"), ("date_end", "!=", False)])
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
                    summary=self.env._("Agreement ends on %s: renew it", agreement.date_end),
                    user_id=user.id,
                )
