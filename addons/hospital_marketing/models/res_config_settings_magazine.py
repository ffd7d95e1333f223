from odoo import fields, models


# the magazine feature keeps its fields in its own file (one feature, one file)
class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    hm_magazine_squad_capacity = fields.Integer(
        related="company_id.hm_magazine_squad_capacity", readonly=False
    )
    hm_magazine_squad_size = fields.Integer(
        related="company_id.hm_magazine_squad_size", readonly=False
    )
    hm_placement_maintenance_days = fields.Integer(
        related="company_id.hm_placement_maintenance_days", readonly=False
    )
    hm_placement_reminder_days = fields.Integer(
        related="company_id.hm_placement_reminder_days", readonly=False
    )
