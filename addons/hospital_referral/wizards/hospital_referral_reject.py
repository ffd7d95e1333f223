from odoo import api, fields, models


class HospitalReferralReject(models.TransientModel):
    """Reject referral cases with a reason; for a flagged case, optionally fine the promoter
    (R-R6: a fake referral deducts the configured amount)."""

    _name = "hospital.referral.reject"
    _description = "Reject Referral Cases"

    referral_ids = fields.Many2many("hospital.referral", string="Cases", required=True)
    reason = fields.Text(required=True)
    is_flagged = fields.Boolean(compute="_compute_is_flagged")
    is_existing_patient = fields.Boolean(compute="_compute_is_flagged")
    fine = fields.Boolean(string="Fine the Promoter")
    currency_id = fields.Many2one(related="company_id.currency_id")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    fine_amount = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_fine_amount",
        store=True,
        readonly=False,
    )

    fine_percent = fields.Float(
        string="Deduct % of the Monthly Commission",
        compute="_compute_fine_amount",
        store=True,
        readonly=False,
        help="R-R6: claiming a patient the hospital already had deducts this share of the "
        "promoter's commission of the month, instead of a fixed fine.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("referral_ids")
    def _compute_is_flagged(self):
        for wizard in self:
            wizard.is_flagged = bool(wizard.referral_ids.filtered("fraud_flag"))
            wizard.is_existing_patient = any(
                case.fraud_flag == "existing" for case in wizard.referral_ids
            )

    @api.depends("fine", "company_id", "referral_ids")
    def _compute_fine_amount(self):
        for wizard in self:
            existing = wizard.fine and wizard.is_existing_patient
            wizard.fine_percent = wizard.company_id.hm_existing_patient_percent if existing else 0.0
            wizard.fine_amount = (
                wizard.company_id.hm_fraud_fine_amount if wizard.fine and not existing else 0.0
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_reject(self):
        self.ensure_one()
        self.referral_ids._reject(
            self.reason,
            self.fine_amount if self.fine else 0.0,
            fine_percent=self.fine_percent if self.fine else 0.0,
        )
        return {"type": "ir.actions.act_window_close"}
