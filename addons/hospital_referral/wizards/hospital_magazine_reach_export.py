from odoo import models


class HospitalMagazineReachExport(models.TransientModel):
    _inherit = "hospital.magazine.reach.export"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_kind_fields(self):
        """Referral partners' kinds are a sheet of the reach too (R-K2)."""
        return ["referral_partner_kind", *super()._hm_kind_fields()]
