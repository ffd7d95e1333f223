"""A consent withdrawn by an attendee who already became a referral case reaches the case
(R-S4, PIPL): the screening result copied into the case is erased, the case's contact
consent follows, its chatter records the withdrawal without personal data; the case keeps
what the hospital needs (the patient, the department)."""

from odoo.tests import tagged

from .attendee_common import PHONE, AttendeeCase


@tagged("post_install", "-at_install")
class TestAttendeeCaseConsent(AttendeeCase):
    def setUp(self):
        super().setUp()
        self.attendee = self._consented(self.user_promoter)
        self.attendee.with_user(self.user_promoter).action_hm_create_referral()
        self.case = self.attendee.hm_referral_id.sudo()
        self.assertEqual(self.case.disease, "血压 172/104")
        self.assertTrue(self.case.contact_consent)

    def _notes(self):
        return self.case.message_ids.filtered(lambda m: "withdrew" in str(m.body or ""))

    def _assert_no_personal_data(self, messages):
        for message in messages:
            body = str(message.body)
            for personal in ("刘桂兰", PHONE, "172/104", "血压"):
                self.assertNotIn(personal, body)

    def test_withdrawing_health_consent_erases_the_result_on_the_case(self):
        self.attendee.with_user(self.user_promoter).action_hm_withdraw_health_consent()
        self.case.invalidate_recordset()
        self.assertFalse(self.case.disease)
        self.assertFalse(self.attendee.sudo().hm_screening_result)
        # what the hospital needs stays
        self.assertEqual(self.case.patient_name, "刘桂兰")
        self.assertEqual(self.case.department_id, self.department)
        self.assertTrue(self.case.contact_consent, "only the health consent was withdrawn")
        notes = self._notes()
        self.assertEqual(len(notes), 1)
        self._assert_no_personal_data(self.case.message_ids)

    def test_a_result_the_hospital_changed_stays(self):
        self.case.disease = "高血压 (门诊诊断)"
        self.attendee.with_user(self.user_office).action_hm_withdraw_health_consent()
        self.assertEqual(self.case.disease, "高血压 (门诊诊断)")
        self.assertEqual(len(self._notes()), 1, "the withdrawal is still recorded")

    def test_withdrawing_contact_consent_clears_the_case_flag(self):
        self.attendee.with_user(self.user_promoter).action_hm_withdraw_contact_consent()
        self.case.invalidate_recordset()
        self.assertFalse(self.case.contact_consent)
        self.assertEqual(self.case.disease, "血压 172/104", "the health consent stands")
        self.assertEqual(len(self._notes()), 1)
        self._assert_no_personal_data(self.case.message_ids)
        # given again: the flag follows
        self.attendee.with_user(self.user_promoter).write(
            {"hm_contact_consent": True, "phone": PHONE}
        )
        self.assertTrue(self.case.contact_consent)

    def test_the_flag_changes_only_through_the_consent(self):
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            self.case.with_user(self.user_office).sudo(False).contact_consent = False
        self.assertTrue(self.case.contact_consent)
