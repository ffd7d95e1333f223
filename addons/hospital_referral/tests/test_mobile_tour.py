from odoo.tests import HttpCase, tagged

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestMobileRegistration(ReferralCase, HttpCase):
    """R-R1: a promoter registers a patient on a phone-sized screen."""

    browser_size = "375x667"
    touch_enabled = True

    def test_promoter_registers_on_a_phone(self):
        self.start_tour(
            "/odoo/action-hospital_referral.action_hospital_referral/new",
            "hospital_referral_mobile_registration",
            login="hm_promoter",
        )
        case = self.env["hospital.referral"].search([("patient_name", "=", "吴晓梅")])
        self.assertEqual(case.state, "registered")
        self.assertEqual(case.user_id, self.user_promoter)
        self.assertEqual(case.sudo().patient_phone_norm, "13655550123")
        self.assertTrue(case.name.startswith("ZZ/"))
