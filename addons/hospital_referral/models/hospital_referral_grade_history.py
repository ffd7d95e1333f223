from odoo import fields, models

from .res_partner import GRADES, STAGES


class HospitalReferralGradeHistory(models.Model):
    """A change of a referral partner's grade or stage (R-P3: keep the history)."""

    _name = "hospital.referral.grade.history"
    _description = "Referral Partner Grade History"
    _order = "create_date desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    old_grade = fields.Selection(GRADES, string="From Grade")
    grade = fields.Selection(GRADES, string="To Grade")
    old_stage = fields.Selection(STAGES, string="From Stage")
    stage = fields.Selection(STAGES, string="To Stage")
    create_uid = fields.Many2one("res.users", string="Changed By", readonly=True)
    create_date = fields.Datetime(string="Changed At", readonly=True)
