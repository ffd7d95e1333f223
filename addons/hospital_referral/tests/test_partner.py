from odoo.tests import tagged

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestReferralPartner(ReferralCase):
    def test_grade_and_stage_history(self):
        """R-P3: the grade and stage changes are kept."""
        self.clinic.with_user(self.user_leader).write({"hm_referral_grade": "b"})
        self.clinic.with_user(self.user_leader).write({"hm_referral_stage": "key"})
        history = self.clinic.hm_referral_grade_history_ids.sorted("id")
        self.assertEqual(
            [(h.old_grade, h.grade, h.old_stage, h.stage) for h in history],
            [
                (False, "a", False, "cooperating"),
                ("a", "b", "cooperating", "cooperating"),
                ("b", "b", "cooperating", "key"),
            ],
        )
        self.assertEqual(history[-1].create_uid, self.user_leader)

    def test_owner_follows_the_responsible_promoter(self):
        """R-P4: a doctor belongs to the promoter of the institution."""
        self.assertEqual(self.clinic.hm_referral_user_id, self.user_promoter)
        self.assertEqual(self.doctor.hm_referral_user_id, self.user_promoter)
        self.clinic.hm_referral_promoter_id = self.employees["promoter_b"]
        self.assertEqual(self.doctor.hm_referral_user_id, self.user_promoter_b)
        self.assertEqual(self.doctor.hm_referral_team_id, self.team_b)

    def test_smart_button_counts_include_doctors(self):
        self._case()
        self._case(patient_phone="13500000000", referring_doctor_id=False)
        self.env["hospital.visit"].create(
            {"partner_id": self.doctor.id, "promoter_id": self.employees["promoter"].id}
        )
        clinic = self.clinic.with_user(self.user_promoter)
        self.assertEqual(clinic.hm_referral_case_count, 2)
        self.assertEqual(clinic.hm_referral_visit_count, 1)
        action = clinic.action_open_referrals()
        self.assertEqual(action["res_model"], "hospital.referral")

    def test_gifts_yearly_total_and_cap(self):
        """R-P6: gifts are recorded with value; a partner's yearly total over the cap warns."""
        self.env.company.hm_gift_yearly_cap = 500
        Gift = self.env["hospital.referral.gift"].with_user(self.user_promoter)
        first = Gift.create(
            {
                "name": "中秋月饼",
                "kind": "holiday",
                "partner_id": self.clinic.id,
                "receiver_id": self.doctor.id,
                "value": 300,
                "date": "2026-09-20",
            }
        )
        self.assertEqual(first.giver_id, self.employees["promoter"])
        self.assertFalse(first.over_cap)
        second = Gift.create(
            {
                "name": "春节礼盒",
                "kind": "holiday",
                "partner_id": self.doctor.id,
                "value": 260,
                "date": "2026-12-01",
            }
        )
        self.assertEqual(second.year_total, 560)
        self.assertTrue(second.over_cap)
        self.assertIn("over the yearly cap", second.message_ids[:1].body)
        last_year = Gift.create(
            {"name": "雨伞", "partner_id": self.clinic.id, "value": 400, "date": "2025-06-01"}
        )
        self.assertFalse(last_year.over_cap)
        totals = self.env["hospital.referral.gift"]._yearly_totals(self.clinic, 2026)
        self.assertEqual(totals[self.clinic.id], 560)
