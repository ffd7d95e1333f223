from odoo import api, models
from odoo.exceptions import UserError, ValidationError


class HospitalReferral(models.Model):
    """Registration by the referring doctor on the portal (R-R1), from the values the
    portal controller parsed."""

    _inherit = "hospital.referral"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _portal_register(
        self, patient_name, patient_phone, disease=None, voucher_number=None, department_id=None
    ):
        """Register a patient for the portal user, a referring doctor, from the values of the
        registration form (parsed by the portal controller: texts, the department's id);
        returns the case as the portal user sees it."""
        user = self.env.user
        doctor = user.partner_id
        if not (doctor.referral_partner_kind or doctor.parent_id.referral_partner_kind):
            raise UserError(self.env._("Only a referring doctor of a partner registers patients."))
        department = self.env["hospital.clinical.department"]
        if department_id:
            # a department of the doctor's hospital only, whatever id the form sent
            department = department.sudo().search(
                [("id", "=", department_id), ("company_id", "=", user.company_id.id)]
            )
        vals = {
            "patient_name": patient_name,
            "patient_phone": patient_phone,
            "disease": disease or False,
            "voucher_number": voucher_number or False,
            "department_id": department.id,
            "referring_doctor_id": doctor.id,
            "referring_partner_id": doctor.commercial_partner_id.id,
            "channel": "portal",
            "company_id": user.company_id.id,
        }
        errors = self._patient_value_errors(vals)
        if errors:
            raise ValidationError(" ".join(message for _fname, message in errors))
        # sudo: a portal user creates no marketing records by itself; the values are the
        # doctor's own and the promoter is the partner's responsible promoter
        case = self.sudo().with_context(tracking_disable=False).create(vals)
        return case.with_env(self.env)
