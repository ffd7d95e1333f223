"""Attendees of an outreach event and their consent (R-E3, PIPL R-S4): the server keeps what
the consent allows, whatever the client sends; a withdrawal erases the rest, chatter included."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .attendee_common import PHONE, AttendeeCase


@tagged("post_install", "-at_install")
class TestAttendeeConsent(AttendeeCase):
    def test_consent_kept_with_time_purpose_and_wording(self):
        attendee = self._consented(self.user_promoter)
        row = self._row(attendee)
        self.assertIn("13655550123", row["phone"].replace(" ", ""))
        self.assertEqual(row["result"], "血压 172/104")
        self.assertEqual(row["department"], self.department.id)
        wording = self.env.ref("hospital_events.consent_wording_contact_v1")
        self.assertEqual(attendee.hm_contact_wording_id, wording)
        self.assertEqual(attendee.hm_contact_purpose, wording.purpose)
        self.assertTrue(attendee.hm_contact_consent_at)
        self.assertEqual(
            attendee.hm_health_wording_id, self.env.ref("hospital_events.consent_wording_health_v1")
        )
        self.assertTrue(attendee.hm_health_consent_at)

    def test_a_new_wording_version_applies_to_new_consents_only(self):
        first = self._consented(self.user_promoter)
        old = self.env.ref("hospital_events.consent_wording_contact_v1")
        new = self.env["hospital.consent.wording"].create(
            {"kind": "contact", "version": "2027-1", "purpose": "回访", "body": "新版告知"}
        )
        old.action_archive()
        second = self._consented(self.user_promoter, name="周德明")
        self.assertEqual(first.hm_contact_wording_id, old)
        self.assertEqual(second.hm_contact_wording_id, new)

    def test_refused_consent_keeps_no_phone_and_no_result_only_counts(self):
        attendee = self._attendee(
            self.user_promoter,
            phone=PHONE,
            email="liu@example.com",
            hm_screened=True,
            hm_screening_result="血压 172/104",
            hm_needs_care=True,
            hm_department_id=self.department.id,
        )
        row = self._row(attendee)
        self.assertEqual(
            row,
            {
                "phone": None,
                "email": None,
                "partner_id": None,
                "result": None,
                "department": None,
                "screened": True,
                "care": True,
            },
        )
        self.assertEqual(self.event.hm_attendee_count, 1)
        self.assertEqual(self.event.hm_screening_count, 1)
        self.assertEqual(self.event.hm_needs_care_count, 1)

    def test_no_phone_written_later_without_consent(self):
        attendee = self._attendee(self.user_promoter)
        attendee.write({"phone": PHONE, "hm_screening_result": "异常"})
        row = self._row(attendee)
        self.assertIsNone(row["phone"])
        self.assertIsNone(row["result"])
        # consent given later: the phone is kept from then on
        attendee.write({"hm_contact_consent": True, "phone": PHONE})
        self.assertTrue(self._row(attendee)["phone"])
        self.assertTrue(attendee.hm_contact_consent_at)

    def test_a_contact_from_a_partner_needs_consent_too(self):
        partner = self.env["res.partner"].create({"name": "刘桂兰", "phone": PHONE})
        attendee = self._attendee(self.user_promoter, partner_id=partner.id)
        row = self._row(attendee)
        self.assertIsNone(row["partner_id"])
        self.assertIsNone(row["phone"])

    def test_no_phone_through_a_default_event_or_a_move(self):
        Registration = self.env["event.registration"].with_user(self.user_promoter)
        attendee = Registration.with_context(default_event_id=self.event.id).create(
            {"name": "周德明", "phone": PHONE, "hm_screening_result": "异常"}
        )
        self.assertEqual(attendee.event_id, self.event)
        row = self._row(attendee)
        self.assertIsNone(row["phone"])
        self.assertIsNone(row["result"])
        other_event = self.env["event.event"].create(
            {
                "name": "Open day",
                "date_begin": self.event.date_begin,
                "date_end": self.event.date_end,
            }
        )
        visitor = self.env["event.registration"].create(
            {"event_id": other_event.id, "name": "Visitor", "phone": PHONE}
        )
        visitor.event_id = self.event
        self.assertIsNone(self._row(visitor)["phone"])

    def test_the_consent_stamp_is_the_servers(self):
        with self.assertRaises(AccessError):
            self._attendee(
                self.user_promoter,
                hm_contact_consent=True,
                hm_contact_consent_at="2020-01-01 00:00:00",
            )
        attendee = self._consented(self.user_promoter)
        with self.assertRaises(AccessError):
            attendee.write({"hm_contact_consent_at": "2020-01-01 00:00:00"})

    def test_other_events_keep_odoos_behaviour(self):
        event = self.env["event.event"].create(
            {
                "name": "Open day",
                "date_begin": self.event.date_begin,
                "date_end": self.event.date_end,
            }
        )
        registration = self.env["event.registration"].create(
            {"event_id": event.id, "name": "Visitor", "phone": PHONE}
        )
        self.assertTrue(self._row(registration)["phone"])


@tagged("post_install", "-at_install")
class TestConsentWithdrawal(AttendeeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the chatter records changes here, as in production
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))

    def _tracked_values(self, attendee):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT coalesce(v.old_value_char, '') || '|' || coalesce(v.new_value_char, '') "
            "FROM mail_tracking_value v JOIN mail_message m ON m.id = v.mail_message_id "
            "WHERE m.model = 'event.registration' AND m.res_id = %s",
            [attendee.id],
        )
        return " ".join(value for (value,) in self.env.cr.fetchall())

    def _bodies(self, attendee):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT string_agg(body, ' ') FROM mail_message "
            "WHERE model = 'event.registration' AND res_id = %s",
            [attendee.id],
        )
        return self.env.cr.fetchone()[0] or ""

    def test_withdrawing_contact_consent_erases_phone_and_its_tracking(self):
        attendee = self._consented(self.user_promoter, phone="13655550123")
        self.env.cr.precommit.run()
        attendee.with_user(self.user_promoter).phone = "13788880000"
        self.env.cr.precommit.run()
        attendee.with_user(self.user_promoter).message_post(body="回访电话 13788880000")
        self.assertIn("13788880000", self._tracked_values(attendee).replace(" ", ""))
        self.assertIn("13788880000", self._bodies(attendee))

        attendee.with_user(self.user_promoter).action_hm_withdraw_contact_consent()
        self.env.cr.precommit.run()

        row = self._row(attendee)
        self.assertIsNone(row["phone"])
        tracked = self._tracked_values(attendee).replace(" ", "")
        self.assertNotIn("13788880000", tracked)
        self.assertNotIn("13655550123", tracked)
        self.assertNotIn("13788880000", self._bodies(attendee))
        self.assertFalse(attendee.hm_contact_consent)
        self.assertTrue(attendee.hm_contact_withdrawn_at)
        # the health data stays: only its own consent is withdrawn
        self.assertEqual(row["result"], "血压 172/104")
        # and no phone can come back without a new consent
        attendee.with_user(self.user_promoter).phone = "13788880000"
        self.assertIsNone(self._row(attendee)["phone"])

    def test_withdrawing_health_consent_erases_the_result(self):
        attendee = self._consented(self.user_promoter)
        self.env.cr.precommit.run()
        attendee.with_user(self.user_promoter).action_hm_withdraw_health_consent()
        self.env.cr.precommit.run()
        row = self._row(attendee)
        self.assertIsNone(row["result"])
        self.assertIsNone(row["department"])
        self.assertTrue(row["care"], "the count of people needing care stays")
        self.assertTrue(row["phone"], "the contact consent stays")
        self.assertTrue(attendee.hm_health_withdrawn_at)

    def test_only_the_team_and_the_office_withdraw(self):
        attendee = self._consented(self.user_promoter)
        with self.assertRaises(AccessError):
            attendee.with_user(self.user_promoter_b).action_hm_withdraw_contact_consent()
        attendee.with_user(self.user_office).action_hm_withdraw_contact_consent()
        self.assertIsNone(self._row(attendee)["phone"])
        with self.assertRaises(UserError):
            attendee.with_user(self.user_office).action_hm_withdraw_contact_consent()
