from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    hm_checkin_radius = fields.Integer(
        string="Check-in Radius (m)",
        default=300,
        help="A check-in farther than this from the partner's position is flagged for the "
        "team leader; a position no more precise than this cannot set the partner's position.",
    )
