from odoo import models


class HospitalVisit(models.Model):
    """The partner's responsible promoter may set its position from a verified check-in."""

    _inherit = "hospital.visit"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _may_locate_partner(self):
        self.ensure_one()
        partner = self.partner_id.sudo()
        promoter = partner.hm_referral_promoter_id or partner.parent_id.hm_referral_promoter_id
        return super()._may_locate_partner() or (
            bool(promoter.user_id) and promoter.user_id == self.env.user
        )
