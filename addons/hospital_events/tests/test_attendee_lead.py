"""A "needs care" attendee with consent becomes a referral case in one tap (R-E4)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .attendee_common import AttendeeCase


@tagged("post_install", "-at_install")
class TestAttendeeLead(AttendeeCase):
    def test_team_member_turns_an_attendee_into_a_case(self):
        attendee = self._consented(self.user_promoter)
        action = attendee.with_user(self.user_promoter).action_hm_create_referral()
        case = attendee.hm_referral_id
        self.assertEqual(action["res_id"], case.id)
        self.assertEqual(case.event_id, self.event)
        self.assertEqual(case.sudo().patient_name, "刘桂兰")
        self.assertEqual(case.sudo().patient_phone_norm, "13655550123")
        self.assertEqual(case.department_id, self.department)
        self.assertEqual(case.state, "registered")
        self.assertEqual(case.promoter_id, self.employees["promoter"])
        activity = case.activity_ids
        self.assertEqual(activity.user_id, self.user_promoter, "the event's contact person")
        self.assertEqual(self.event.hm_lead_count, 1)
        # one case per attendee
        with self.assertRaises(UserError):
            attendee.with_user(self.user_promoter).action_hm_create_referral()

    def test_the_office_turns_an_attendee_into_a_case(self):
        attendee = self._consented(self.user_promoter)
        attendee.with_user(self.user_office).action_hm_create_referral()
        self.assertEqual(attendee.hm_referral_id.event_id, self.event)
        # the follow-up still goes to the event's contact person
        self.assertEqual(attendee.hm_referral_id.activity_ids.user_id, self.user_promoter)

    def test_no_case_without_consent_or_need(self):
        for values in (
            {"hm_contact_consent": False},
            {"hm_health_consent": False},
            {"hm_needs_care": False},
        ):
            with self.subTest(values=values):
                attendee = self._consented(self.user_promoter, **values)
                with self.assertRaises(UserError):
                    attendee.with_user(self.user_promoter).action_hm_create_referral()
                self.assertFalse(attendee.hm_referral_id)

    def test_off_the_team_no_case(self):
        attendee = self._consented(self.user_promoter)
        # a promoter of another team does not even see the attendee
        with self.assertRaises(AccessError):
            attendee.with_user(self.user_promoter_b).action_hm_create_referral()
        # nor a team leader who is not on the event's team
        with self.assertRaises(AccessError):
            attendee.with_user(self.user_leader).action_hm_create_referral()
        self.assertFalse(attendee.hm_referral_id)

    def test_the_case_link_is_the_actions_only(self):
        attendee = self._consented(self.user_promoter)
        case = self.env["hospital.referral"].create({"patient_name": "X"})
        with self.assertRaises(AccessError):
            attendee.with_user(self.user_promoter).write({"hm_referral_id": case.id})


@tagged("post_install", "-at_install")
class TestCaseSourceEvent(AttendeeCase):
    """The case form shows the source event; once the patient came, the office and the leaders
    set it, the promoter who earns on it does not."""

    def test_office_and_leader_set_the_event_after_arrival(self):
        case = (
            self.env["hospital.referral"]
            .with_user(self.user_promoter)
            .create({"patient_name": "P1"})
        )
        case.sudo().state = "arrived"
        with self.assertRaises(AccessError):
            case.with_user(self.user_promoter).write({"event_id": self.event.id})
        case.with_user(self.user_office).write({"event_id": self.event.id})
        self.assertEqual(case.event_id, self.event)
        case.with_user(self.user_leader).write({"event_id": False})
        self.assertFalse(case.event_id)
        self.assertTrue(case.with_user(self.user_office).hm_can_edit_event)
        self.assertFalse(case.with_user(self.user_promoter).hm_can_edit_event)

    def test_the_case_form_shows_the_event(self):
        arch = self.env["hospital.referral"].get_view(view_type="form")["arch"]
        self.assertIn('name="event_id"', arch)
