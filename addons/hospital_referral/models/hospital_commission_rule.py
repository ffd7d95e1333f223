from odoo import api, models


class HospitalCommissionRule(models.Model):
    """A rule may be scoped to a kind of referring partner (R-C6); the referral candidates
    carry their partner's kind (see ``hospital.referral._commission_candidates``)."""

    _inherit = "hospital.commission.rule"

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.model
    def _selection_partner_kind(self):
        # the partner kinds, with their labels in the user's language
        kinds = self.env["res.partner"]._fields["referral_partner_kind"]
        return super()._selection_partner_kind() + kinds._description_selection(self.env)
