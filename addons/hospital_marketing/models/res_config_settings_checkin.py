from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    hm_checkin_radius = fields.Integer(related="company_id.hm_checkin_radius", readonly=False)
