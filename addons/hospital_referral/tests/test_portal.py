from odoo import http
from odoo.tests import BaseCase, HttpCase, tagged

from odoo.addons.hospital_referral.controllers.portal import parse_registration

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestReferralPortal(ReferralCase, HttpCase):
    """R-R1: a referring doctor with a portal account registers patients and sees only their
    own cases, the patient's name masked after discharge."""

    def test_doctor_registers_and_follows_own_cases(self):
        self._case(
            user=self.user_promoter_b,
            patient_name="别人的病人",
            patient_phone="13000000000",
            referring_partner_id=self.clinic_b.id,
            referring_doctor_id=False,
        )
        self.authenticate("hm_portal_doctor", "hm_portal_doctor")
        response = self.url_open(
            "/my/referrals/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "patient_name": "周建国",
                "patient_phone": "13812349876",
                "department_id": str(self.dept_surgery.id),
                "disease": "腹股沟疝",
            },
        )
        self.assertEqual(response.status_code, 200)
        case = self.env["hospital.referral"].search([("patient_name", "=", "周建国")])
        self.assertEqual(case.channel, "portal")
        self.assertEqual(case.referring_doctor_id, self.doctor)
        self.assertEqual(case.referring_partner_id, self.clinic)
        self.assertEqual(case.promoter_id, self.employees["promoter"])
        self.assertEqual(case.user_id, self.user_promoter)
        self.assertEqual(case.department_id, self.dept_surgery)
        listing = self.url_open("/my/referrals").text
        self.assertIn("周建国", listing)
        home = self.url_open("/my").text
        self.assertIn("/my/referrals", home)
        self.assertNotIn("别人的病人", listing)
        case.state = "discharged"
        listing = self.url_open("/my/referrals").text
        self.assertNotIn("周建国", listing)
        self.assertIn("周**", listing)
        page = self.url_open(f"/my/referrals/{case.id}").text
        self.assertIn("周**", page)
        self.assertNotIn("13812349876", page)

    def test_other_cases_redirect(self):
        other = self._case(
            user=self.user_promoter_b,
            patient_phone="13000000001",
            referring_partner_id=self.clinic_b.id,
            referring_doctor_id=False,
        )
        self.authenticate("hm_portal_doctor", "hm_portal_doctor")
        response = self.url_open(f"/my/referrals/{other.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)


@tagged("post_install", "-at_install")
class TestRegistrationForm(BaseCase):
    """The controller hands the model typed values, never the request's form."""

    def test_the_form_is_parsed_into_typed_values(self):
        self.assertEqual(
            parse_registration(
                {
                    "patient_name": " 周建国 ",
                    "patient_phone": "138 0000 3333 ",
                    "disease": "  ",
                    "department_id": " 7",
                    "csrf_token": "x",
                }
            ),
            {
                "patient_name": "周建国",
                "patient_phone": "138 0000 3333",
                "disease": None,
                "voucher_number": None,
                "department_id": 7,
            },
        )

    def test_a_department_that_is_no_number_is_none(self):
        for value in ("", "abc", "-3", "²", "7; DROP", None):
            self.assertIsNone(parse_registration({"department_id": value})["department_id"])
