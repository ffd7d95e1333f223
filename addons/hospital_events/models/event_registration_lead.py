from odoo import models
from odoo.exceptions import UserError

# the sizes the referral case accepts (hospital.referral PATIENT_FIELD_SIZES)
DISEASE_SIZE = 200
PLACE_SIZE = 200


class EventRegistration(models.Model):
    """An attendee who needs care becomes a referral case in one tap (R-E4): the event is the
    case's source, the event's contact person gets the follow-up."""

    _inherit = "event.registration"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_hm_create_referral(self):
        """Turn the attendees into referral cases sourced by their event, with a follow-up
        activity for the event's contact person (or the caller when the event has none)."""
        self._hm_check_team_or_office()
        errors = self._hm_lead_errors()
        if errors:
            raise UserError("\n".join(errors))
        cases = self.env["hospital.referral"].create(
            [registration._hm_case_values() for registration in self]
        )
        for registration, case in zip(self, cases, strict=True):
            # sudo: the link is the action's own (a protected field), and the follow-up goes to
            # the contact person whatever the caller may assign
            registration.sudo().hm_referral_id = case
            contact = registration.event_id.sudo().hm_contact_employee_id.user_id
            case.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Follow up the lead of %s", registration.event_id.name),
                user_id=(contact or self.env.user).id,
            )
        if len(cases) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "hospital.referral",
                "res_id": cases.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return True

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_lead_errors(self):
        errors = []
        for registration in self:
            if not registration.hm_outreach_kind:
                errors.append(self.env._("%s: not an outreach event.", registration.name))
            elif registration.hm_referral_id:
                errors.append(self.env._("%s: already a referral case.", registration.name or ""))
            elif not registration.hm_needs_care:
                errors.append(self.env._("%s: does not need care.", registration.name or ""))
            elif not (registration.hm_contact_consent and registration.hm_health_consent):
                errors.append(
                    self.env._(
                        "%s: without consent to be contacted and to keep health data there is "
                        "no case to follow.",
                        registration.name or "",
                    )
                )
            elif not (registration.name and registration.phone):
                errors.append(self.env._("%s: give the name and the phone.", registration.name))
        return errors

    def _hm_case_values(self):
        self.ensure_one()
        return {
            "patient_name": self.name,
            "patient_phone": self.phone,
            "department_id": self.hm_department_id.id,
            "disease": (self.hm_screening_result or "")[:DISEASE_SIZE] or False,
            "place": (self.hm_place or "")[:PLACE_SIZE] or False,
            "event_id": self.event_id.id,
        }
