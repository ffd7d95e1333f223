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
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
