from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestFraudChecks(ReferralCase):
    """R-R6: the same patient registered twice, a patient already known to the hospital; the
    leader or the vice-president decides, and a rejection may fine the promoter (300)."""

    def test_same_phone_within_window_is_duplicate(self):
        first = self._case(registered_at=datetime(2026, 3, 1, 8, 0))
        second = self._case(
            user=self.user_promoter_b,
            patient_phone="+86 13800001111",
            registered_at=datetime(2026, 3, 20, 8, 0),
        )
        self.assertFalse(first.fraud_flag)
        self.assertEqual(second.fraud_flag, "duplicate")
        self.assertEqual(second.state, "duplicate")
        self.assertEqual(second.sudo().duplicate_of_id, first)
        self.assertFalse(second.is_counted)
        self.assertIn(first.name, second.sudo().fraud_detail)
        # the registering promoter reads "possible duplicate", nothing of the other case
        as_promoter = second.with_user(self.user_promoter_b)
        self.assertNotIn(first.name, as_promoter.fraud_reason)
        self.assertIn("leader decides", as_promoter.fraud_reason)
        # the leader of the second promoter's team is asked to decide (here: nobody leads
        # the expansion team, so the registering context's user gets it)
        self.assertTrue(second.activity_ids)

    def test_same_id_number_is_duplicate(self):
        self._case(patient_phone="13100000000", patient_id_number="430104199001011234")
        second = self._case(patient_phone="13200000000", patient_id_number="430104199001011234")
        self.assertEqual(second.fraud_flag, "duplicate")

    def test_window_is_configurable_and_an_old_visit_makes_an_existing_patient(self):
        self.env.company.hm_duplicate_window_days = 10
        first = self._case(registered_at=datetime(2026, 1, 5, 8, 0))
        self._arrive(first, self.user_guide_desk)
        first.with_user(self.user_office).arrival_datetime = datetime(2026, 1, 5, 9, 0)
        later = self._case(registered_at=datetime(2026, 3, 1, 8, 0))
        self.assertEqual(later.fraud_flag, "existing")
        self.assertEqual(later.state, "registered")
        self.assertFalse(later.is_counted)

    def test_earlier_his_bill_makes_an_existing_patient(self):
        self.env["hospital.referral.bill"].create(
            {
                "his_reference": "OLD-1",
                "patient_phone": "13800001111",
                "kind": "outpatient",
                "admission_date": "2025-12-01",
                "total_fees": 200,
            }
        )
        case = self._case(registered_at=datetime(2026, 3, 1, 8, 0))
        self.assertEqual(case.fraud_flag, "existing")
        self.assertIn("OLD-1", case.with_user(self.user_leader).fraud_detail)
        self.assertNotIn("OLD-1", case.with_user(self.user_promoter).fraud_reason)

    def test_a_corrected_phone_is_checked_again(self):
        self._case(registered_at=datetime(2026, 3, 1, 8, 0))
        second = self._case(patient_phone="13500000009", registered_at=datetime(2026, 3, 2, 8, 0))
        self.assertFalse(second.fraud_flag)
        second.patient_phone = "13800001111"
        self.assertEqual(second.fraud_flag, "duplicate")

    def test_a_new_patient_is_not_flagged(self):
        self._case(patient_phone="13500000001")
        case = self._case(patient_phone="13500000002")
        self.assertFalse(case.fraud_flag)

    def test_promoter_cannot_decide(self):
        self._case(registered_at=datetime(2026, 3, 1, 8, 0))
        second = self._case(registered_at=datetime(2026, 3, 2, 8, 0))
        with self.assertRaises(UserError):
            second.with_user(self.user_promoter).action_fraud_accept()
        wizard = (
            self.env["hospital.referral.reject"]
            .with_user(self.user_promoter)
            .create({"referral_ids": second.ids, "reason": "假转诊"})
        )
        with self.assertRaises(UserError):
            wizard.action_reject()

    def test_leader_accepts_the_flag(self):
        self._case(registered_at=datetime(2026, 3, 1, 8, 0))
        second = self._case(registered_at=datetime(2026, 3, 2, 8, 0))
        second.with_user(self.user_leader).action_fraud_accept()
        self.assertEqual(second.fraud_decision, "accepted")
        self.assertEqual(second.state, "registered")
        self.assertTrue(second.is_counted)
        self.assertEqual(second.decided_by_id, self.user_leader)

    def test_vp_rejects_with_reason_and_fines_300(self):
        self._case(registered_at=datetime(2026, 3, 1, 8, 0))
        second = self._case(registered_at=datetime(2026, 3, 2, 8, 0))
        action = second.with_user(self.user_vp).action_open_reject()
        wizard_form = Form(
            self.env["hospital.referral.reject"]
            .with_user(self.user_vp)
            .with_context(**action["context"])
        )
        wizard_form.reason = "同一患者重复登记 虚假转诊"
        wizard_form.fine = True
        self.assertEqual(wizard_form.fine_amount, 300.0)
        wizard_form.save().action_reject()
        self.assertEqual(second.state, "rejected")
        self.assertEqual(second.fraud_decision, "rejected")
        fine = second.adjustment_id
        self.assertEqual(fine.amount, -300.0)
        self.assertEqual(fine.kind, "fraud")
        self.assertEqual(fine.employee_id, self.employees["promoter"])
        self.assertEqual((fine.res_model, fine.res_id), ("hospital.referral", second.id))
        self.assertIn("虚假转诊", fine.name)
        # rejecting again never fines twice
        second.with_user(self.user_vp)._reject("again", 300.0)
        self.assertEqual(
            self.env["hospital.performance.adjustment"].search_count(
                [("res_model", "=", "hospital.referral"), ("res_id", "=", second.id)]
            ),
            1,
        )

    def test_rejection_needs_a_reason(self):
        case = self._case()
        with self.assertRaises(UserError):
            case.with_user(self.user_promoter)._reject("  ")
