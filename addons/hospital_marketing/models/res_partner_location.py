import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    """The partner's own position, to which check-ins at its visits are compared."""

    _inherit = "res.partner"

    hm_latitude = fields.Float(
        string="Latitude",
        digits=(10, 7),
        help="WGS-84 latitude in degrees, as a phone's GPS gives it. Chinese map services "
        "(Amap, Baidu, Tencent) show GCJ-02 or BD-09 positions, shifted by up to some hundred "
        "metres: do not copy a position from them.",
    )
    hm_longitude = fields.Float(
        string="Longitude",
        digits=(10, 7),
        help="WGS-84 longitude in degrees (see the latitude).",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("hm_latitude", "hm_longitude")
    def _check_hm_position(self):
        for partner in self:
            lat, lon = partner.hm_latitude, partner.hm_longitude
            if not (
                math.isfinite(lat)
                and math.isfinite(lon)
                and -90 <= lat <= 90
                and -180 <= lon <= 180
            ):
                raise ValidationError(
                    self.env._(
                        "The partner's position is not a valid position: the latitude lies "
                        "between -90 and 90 degrees, the longitude between -180 and 180."
                    )
                )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_has_position(self):
        self.ensure_one()
        return bool(self.hm_latitude or self.hm_longitude)
