from odoo import fields, models

from .hospital_publicity_placement import PLACEMENT_STATUSES


class HospitalPublicityPlacementHistory(models.Model):
    """What happened to a placement, when and by whom: placed, damaged, maintained, back live,
    removed, with the content version and photo of the moment. Written by the placement's
    actions only."""

    _name = "hospital.publicity.placement.history"
    _description = "Publicity Placement History"
    _order = "date desc, id desc"

    placement_id = fields.Many2one(
        "hospital.publicity.placement", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="placement_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="By", default=lambda self: self.env.user, readonly=True
    )
    status = fields.Selection(PLACEMENT_STATUSES, readonly=True)
    content_version = fields.Char(readonly=True)
    photo = fields.Image(max_width=1024, max_height=1024, readonly=True)
    note = fields.Char(readonly=True)
