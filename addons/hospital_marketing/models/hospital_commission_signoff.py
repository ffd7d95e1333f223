from odoo import fields, models

SIGNOFF_STEPS = [
    ("marketing", "Marketing Verification"),
    ("treatment", "Treatment Group Leader"),
    ("finance", "Finance Head"),
    ("vp", "Business Vice-President"),
    ("reject", "Rejected"),
]


class HospitalCommissionSignoff(models.Model):
    """One sign-off of a settlement: who, when, at which step (R-C7); a rejection with its
    reason. Sign-offs given before a rejection are kept, inactive."""

    _name = "hospital.commission.signoff"
    _description = "Commission Settlement Sign-off"
    _order = "date, id"

    settlement_id = fields.Many2one(
        "hospital.commission.settlement", required=True, index=True, ondelete="cascade"
    )
    step = fields.Selection(SIGNOFF_STEPS, required=True)
    user_id = fields.Many2one("res.users", string="Signed By", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    reason = fields.Text()
    active = fields.Boolean(default=True)
