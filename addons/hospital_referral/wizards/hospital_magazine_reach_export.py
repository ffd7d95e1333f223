from odoo import models


class HospitalMagazineReachExport(models.TransientModel):
    _inherit = "hospital.magazine.reach.export"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _kind_fields(self):
        """Referral partners' kinds are a sheet of the reach too (R-K2)."""
        return ["referral_partner_kind", *super()._kind_fields()]
