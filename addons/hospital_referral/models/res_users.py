from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_home_actions(self):
        """The guide desk lands on the patients expected, searchable by full phone number."""
        return [
            *super()._hm_home_actions(),
            (
                "hospital_marketing.group_marketing_guide_desk",
                "hospital_referral.action_hospital_referral_home_guidedesk",
            ),
        ]
