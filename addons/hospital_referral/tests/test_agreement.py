import base64

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestReferralAgreement(ReferralCase):
    """R-P5: agreements with what the hospital offers; the responsible promoter is reminded a
    configurable number of days before the end; ended agreements expire."""

    def setUp(self):
        super().setUp()
        Agreement = self.env["hospital.referral.agreement"].with_user(self.user_promoter)
        self.agreement = Agreement.create(
            {
                "name": "双向转诊协议",
                "partner_id": self.clinic.id,
                "date_start": "2026-01-01",
                "date_end": "2026-06-30",
                "offer_green_channel": True,
                "offer_discount": 10,
                "document": base64.b64encode(b"%PDF-1.4 signed"),
                "document_name": "agreement.pdf",
            }
        )
        self.agreement.with_user(self.user_manager).action_sign()
        self.activity_type = self.env.ref("hospital_referral.mail_activity_agreement_expiry")

    def _reminders(self):
        return self.agreement.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )

    def test_signed_agreement_is_in_force(self):
        self.assertEqual(self.agreement.state, "signed")
        self.assertTrue(self.agreement.signed_date)
        Agreement = self.env["hospital.referral.agreement"]
        self.assertIn(self.agreement, Agreement.search(Agreement._domain_in_force("2026-03-01")))
        self.assertNotIn(self.agreement, Agreement.search(Agreement._domain_in_force("2026-07-01")))

    def test_reminder_before_the_end_once(self):
        Agreement = self.env["hospital.referral.agreement"]
        with freeze_time("2026-05-01"):
            Agreement._cron_expiry()
            self.assertFalse(self._reminders())
        with freeze_time("2026-06-05"):
            Agreement._cron_expiry()
            Agreement._cron_expiry()
        reminder = self._reminders()
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.user_promoter)
        self.assertEqual(str(reminder.date_deadline), "2026-06-30")

    def test_notice_days_are_configurable(self):
        self.env.company.hm_agreement_notice_days = 60
        with freeze_time("2026-05-05"):
            self.env["hospital.referral.agreement"]._cron_expiry()
        self.assertEqual(len(self._reminders()), 1)

    def test_ended_agreement_expires(self):
        with freeze_time("2026-07-01"):
            self.env["hospital.referral.agreement"]._cron_expiry()
        self.assertEqual(self.agreement.state, "expired")

    def test_end_before_start_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["hospital.referral.agreement"].with_user(self.user_promoter).create(
                {
                    "name": "倒签协议",
                    "partner_id": self.clinic.id,
                    "date_start": "2026-01-01",
                    "date_end": "2025-01-01",
                }
            )
