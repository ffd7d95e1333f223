from odoo import models

from .event_registration_lead import DISEASE_SIZE


class EventRegistration(models.Model):
    """A withdrawn consent reaches the referral case the attendee became (R-S4, PIPL): see
    ``hospital_referral_consent.py``."""

    _inherit = "event.registration"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        res = super().write(vals)
        if "hm_contact_consent" in vals:
            cases = self.sudo().hm_referral_id
            cases._contact_consent_changed(bool(vals["hm_contact_consent"]))
        return res

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_erase(self, kind):
        copied = {}
        if kind == "health":
            copied = {
                registration.hm_referral_id.id: (registration.hm_screening_result or "")[
                    :DISEASE_SIZE
                ]
                for registration in self.sudo()
                if registration.hm_referral_id
            }
        # the values are read before the registration erases them
        res = super()._hm_erase(kind)
        if copied:
            self.env["hospital.referral"].browse(copied)._health_consent_withdrawn(copied)
        return res
