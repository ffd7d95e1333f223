from odoo import api, models

from .res_partner_visit import VISIT_DUE_ACTIVITY


class HospitalVisit(models.Model):
    """A done visit or call closes the partner's "visit due" activity (R-W7)."""

    _inherit = "hospital.visit"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._referral_close_visit_due()
        return visits

    def write(self, vals):
        res = super().write(vals)
        if {"state", "partner_id"} & vals.keys():
            self._referral_close_visit_due()
        return res

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _referral_close_visit_due(self):
        partners = self.filtered(lambda v: v.state == "done").partner_id
        if partners:
            # sudo: the promoter logging the visit need not be allowed to write the partner
            partners.sudo().activity_feedback(
                [VISIT_DUE_ACTIVITY], feedback=self.env._("Visit logged")
            )
