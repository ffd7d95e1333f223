from odoo import fields, models


class HospitalReferral(models.Model):
    _inherit = "hospital.referral"

    event_id = fields.Many2one(
        "event.event",
        string="Outreach Event",
        index=True,
        domain="[('outreach_kind', '!=', False)]",
        help="The outreach event through which the patient came (R-E4, R-C3).",
    )
