from odoo.tests import HttpCase, tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestMyDayTour(MarketingCase, HttpCase):
    """R-W1, R-W3 in the browser on a 390 px phone: My day, one-tap check-in, done, count."""

    browser_size = "390x844"
    touch_enabled = True

    def test_promoter_checks_in_from_my_day_on_a_phone(self):
        clinic = self.env["res.partner"].create(
            {
                "name": "Tour Clinic",
                "is_company": True,
                "hm_latitude": 28.2003,
                "hm_longitude": 112.9420,
            }
        )
        visit = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": clinic.id, "purpose": "Agreement"})
        )
        self.start_tour("/odoo/my-day", "hospital_marketing_my_day_phone", login="hm_promoter")
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.checkin_status, "ok")
        self.assertFalse(visit.checkin_far)
        self.assertLess(visit.checkin_distance, 1.0)
        self.assertAlmostEqual(visit.with_user(self.user_promoter).latitude, 28.2003, places=4)
        self.assertAlmostEqual(visit.with_user(self.user_promoter).checkin_accuracy, 9.0)

    def test_card_check_in_with_refused_position(self):
        clinic = self.env["res.partner"].create({"name": "Card Clinic", "is_company": True})
        visit = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": clinic.id})
        )
        self.start_tour(
            "/odoo/marketing-visits", "hospital_marketing_visit_card_refused", login="hm_promoter"
        )
        self.assertEqual(visit.checkin_status, "denied")
        self.assertEqual(visit.checkin_error, "User denied Geolocation")
        self.assertEqual(visit.state, "started")
        self.assertFalse(visit.with_user(self.user_promoter).latitude)
