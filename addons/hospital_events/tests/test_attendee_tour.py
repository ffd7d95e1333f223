from odoo.tests import HttpCase, tagged

from .attendee_common import AttendeeCase


@tagged("post_install", "-at_install")
class TestAttendeeTour(AttendeeCase, HttpCase):
    """R-E3, R-E4, R-S4 on a phone-sized screen: a promoter on the event's team opens the
    event, adds an attendee with consent, marks them as needing care and makes the case."""

    browser_size = "390x844"
    touch_enabled = True

    def test_promoter_enters_an_attendee_and_makes_a_case(self):
        self.department.name = "心内科巡诊"
        self.start_tour(
            "/odoo/action-hospital_events.action_hm_event_run",
            "hospital_events_outreach_attendee",
            login="hm_promoter",
        )
        attendee = self.event.registration_ids
        self.assertEqual(attendee.name, "吴秀英")
        self.assertEqual(attendee.hm_age_band, "senior")
        self.assertTrue(attendee.hm_contact_consent_at)
        self.assertTrue(attendee.hm_health_consent_at)
        self.assertEqual(attendee.hm_department_id, self.department)
        case = attendee.hm_referral_id
        self.assertEqual(case.event_id, self.event)
        self.assertEqual(case.sudo().patient_phone_norm, "13655550188")
        self.assertEqual(case.promoter_id, self.employees["promoter"])
        self.assertEqual(case.activity_ids.user_id, self.user_promoter)
