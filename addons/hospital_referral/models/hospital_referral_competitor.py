from odoo import fields, models


class HospitalReferralCompetitor(models.Model):
    """A competitor hospital a partner works with, and its referral policy (R-P2)."""

    _name = "hospital.referral.competitor"
    _description = "Competitor Hospital of a Referral Partner"
    _order = "partner_id, id"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    name = fields.Char(string="Competitor Hospital", required=True)
    policy = fields.Text(string="Referral Policy and Prices")
    referrals_per_month = fields.Integer(string="Referrals to It per Month")
