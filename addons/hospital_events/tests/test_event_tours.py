"""Outreach events on a 390 px phone, on the demo hospital (the test database has demo data)."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestEventTours(HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_vp_approves_above_the_threshold_on_a_phone(self):
        event = self.env.ref("hospital_events.demo_event_two_cancers")
        self.assertEqual(event.hm_state, "submitted")
        self.assertTrue(event.hm_needs_vp)
        self.start_tour("/odoo", "hospital_events_approve_phone", login="vp")
        self.assertEqual(event.hm_state, "approved")
        self.assertEqual(event.hm_approval_uid.login, "vp")
        self.assertTrue(event.hm_analytic_account_id)

    def test_promoter_sees_the_team_not_the_costs_on_a_phone(self):
        self.start_tour("/odoo", "hospital_events_team_phone", login="promoter")
