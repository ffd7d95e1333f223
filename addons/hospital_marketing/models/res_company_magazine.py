from odoo import fields, models


# the magazine feature keeps its fields in its own file (one feature, one file)
class ResCompany(models.Model):
    """Magazine and placement defaults (R-M1, R-M3): data, never constants in code."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    hm_magazine_squad_capacity = fields.Integer(
        string="Copies per Squad per Month",
        default=100000,
        help="How many magazine copies one squad hands out in a month (seed 001: one squad up "
        "to 100 000 copies a month, two above).",
    )
    hm_magazine_squad_size = fields.Integer(
        string="People per Squad",
        default=4,
        help="One squad is one leader and three members.",
    )
    hm_placement_maintenance_days = fields.Integer(
        string="Placement Maintenance Every (days)",
        default=30,
        help="Default interval between two maintenance rounds of a publicity placement.",
    )
    hm_placement_reminder_days = fields.Integer(
        string="Placement Reminder (days before)",
        default=3,
        help="The daily job reminds the responsible person this many days before a maintenance, "
        "a content update or the end of a placement.",
    )
