from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .commission_common import MONTH, CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionSettlement(CommissionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.promoter = cls.employees["promoter"]
        cls.cases = cls._case(
            promoter_id=cls.promoter.id,
            referring_partner_id=cls.part_timer.id,
            total_fees=10000.0,
            drug_cost=0.0,
        ) | cls._case(promoter_id=cls.promoter.id, referring_partner_id=cls.clinic.id)

    def test_one_settlement_per_payee_and_month_and_idempotent_run(self):
        settlements = self._run()
        promoter_settlement = self._settlement_of(self.promoter)
        self.assertEqual(len(promoter_settlement), 1)
        self.assertEqual(promoter_settlement.line_count, 2)
        self.assertEqual(promoter_settlement.amount_commission, 600.0)  # 2 x 3% of 10 000
        self.assertEqual(self._settlement_of(self.part_timer).amount_total, 2000.0)
        self.assertEqual(self._settlement_of(self.clinic).amount_total, 500.0)
        self.assertEqual(promoter_settlement.payee_kind, "staff")
        self.assertEqual(promoter_settlement.user_id, self.user_promoter)
        # running again adds nothing and rewrites nothing
        lines = self.Line.search([("period_date", "=", MONTH)])
        write_dates = lines.mapped("write_date")
        self.assertTrue(settlements)
        self.assertFalse(self._run(), "the second run touches no settlement")
        self.assertEqual(self.Line.search([("period_date", "=", MONTH)]), lines)
        self.assertEqual(lines.mapped("write_date"), write_dates)
        # a new case discharged later in the month joins the same draft
        self._case(referring_partner_id=self.part_timer.id, total_fees=5000.0)
        self._run()
        self.assertEqual(self._settlement_of(self.part_timer).amount_total, 3000.0)

    def test_quota_adjustments(self):
        """R-W6: quota 4 a month; 2 of 4 patients = -400, 6 of 4 = +200."""
        for _i in range(6):
            self._case(promoter_id=self.promoter3.id)
        self._run()
        penalty = self._settlement_of(self.promoter).adjustment_ids
        self.assertEqual(penalty.kind, "quota_penalty")
        self.assertEqual(penalty.amount, -400.0)
        bonus = self._settlement_of(self.promoter3).adjustment_ids
        self.assertEqual(bonus.kind, "quota_bonus")
        self.assertEqual(bonus.amount, 200.0)
        settlement = self._settlement_of(self.promoter)
        self.assertEqual(settlement.amount_total, 600.0 - 400.0)
        # another patient before the settlement is signed updates the figure, once
        self._case(promoter_id=self.promoter.id)
        self._run()
        self.assertEqual(penalty.amount, -200.0)
        self.assertEqual(len(settlement.adjustment_ids), 1)
        # the promoter of another team has no referral quota
        self.assertFalse(self._settlement_of(self.employees["promoter_b"]).adjustment_ids)

    def test_other_adjustments_of_the_month_are_included(self):
        """R-W5/R-R6: confirmed fines of the month go into the staff member's settlement."""
        fine = self.env["hospital.performance.adjustment"].create(
            {
                "name": "Weekly report late",
                "kind": "late_report",
                "state": "confirmed",
                "employee_id": self.promoter.id,
                "date": MONTH.replace(day=20),
                "amount": -50.0,
            }
        )
        draft = self.env["hospital.performance.adjustment"].create(
            {
                "name": "Draft fine",
                "employee_id": self.promoter.id,
                "date": MONTH.replace(day=21),
                "amount": -999.0,
            }
        )
        self._run()
        settlement = self._settlement_of(self.promoter)
        self.assertIn(fine, settlement.adjustment_ids)
        self.assertNotIn(draft, settlement.adjustment_ids)
        self.assertEqual(settlement.amount_adjustment, -50.0 - 400.0)

    def _sign(self, settlement, role):
        settlement.with_user(self.users[role]).action_sign()

    def test_approval_order_and_signoff_records(self):
        """R-C7: marketing → treatment group leader → finance head → vice-president."""
        self._run()
        settlement = self._settlement_of(self.part_timer)
        self.assertEqual(settlement.treatment_user_ids, self.user_treatment_leader)
        for wrong in ("finance", "treatment_leader", "promoter", "office"):
            with self.assertRaises(AccessError):
                self._sign(settlement, wrong)
        self._sign(settlement, "manager")
        self.assertEqual(settlement.state, "verified")
        for wrong in ("finance", "vp"):
            with self.assertRaises(AccessError):
                self._sign(settlement, wrong)
        self._sign(settlement, "treatment_leader")
        self.assertEqual(settlement.state, "clinical_signed")
        with self.assertRaises(AccessError):
            self._sign(settlement, "vp")
        self._sign(settlement, "finance")
        self.assertEqual(settlement.state, "finance_signed")
        self._sign(settlement, "vp")
        self.assertEqual(settlement.state, "approved")
        self.assertEqual(
            settlement.signoff_ids.mapped("step"), ["marketing", "treatment", "finance", "vp"]
        )
        self.assertEqual(
            settlement.signoff_ids.user_id,
            self.user_manager | self.user_treatment_leader | self.user_finance | self.user_vp,
        )
        self.assertTrue(all(settlement.signoff_ids.mapped("date")))

    def test_no_treatment_group_concerned_skips_that_step(self):
        case = self._case(referring_partner_id=self.clinic.id, department_id=self.dept_surgery.id)
        self._run()
        settlement = self._settlement_of(self.clinic)
        self.assertEqual(settlement.line_ids.referral_id, self.cases[1] | case)
        # internal medicine case is in it: its leader signs; surgery has none
        self.assertEqual(settlement.treatment_user_ids, self.user_treatment_leader)
        surgery_only = self._case(
            referring_partner_id=self.part_timer.id,
            department_id=self.dept_surgery.id,
            discharge_date=MONTH.replace(month=4, day=2),
        )
        self._run(MONTH.replace(month=4))
        april = self._settlement_of(self.part_timer, MONTH.replace(month=4))
        self.assertEqual(april.line_ids.referral_id, surgery_only)
        self._sign(april, "manager")
        self.assertEqual(april.state, "clinical_signed")

    def test_nobody_signs_their_own_settlement(self):
        manager = self.employees["manager"]
        self._case(promoter_id=manager.id)
        self._run()
        settlement = self._settlement_of(manager)
        with self.assertRaisesRegex(AccessError, "own settlement"):
            self._sign(settlement, "manager")

    def test_one_person_one_signoff(self):
        self._run()
        settlement = self._settlement_of(self.part_timer)
        self._sign(settlement, "manager")
        self._sign(settlement, "treatment_leader")
        self.user_manager.group_ids += self.env.ref("hospital_marketing.group_marketing_finance")
        with self.assertRaisesRegex(UserError, "signed settlement"):
            self._sign(settlement, "manager")

    def test_amounts_frozen_after_first_signoff_and_reject_sends_back(self):
        self._run()
        settlement = self._settlement_of(self.part_timer)
        self._sign(settlement, "manager")
        late = self._case(referring_partner_id=self.part_timer.id, total_fees=5000.0)
        self._run()
        self.assertEqual(settlement.amount_total, 2000.0, "frozen")
        with self.assertRaisesRegex(UserError, "frozen"):
            settlement.line_ids.sudo().write({"amount": 1.0})
        supplement = self.Settlement.search(
            [("partner_id", "=", self.part_timer.id), ("state", "=", "draft")]
        )
        self.assertEqual(supplement.line_ids.referral_id, late, "late lines go to a new draft")
        # reject with a reason: back to draft, earlier sign-offs no longer count
        self._sign(settlement, "treatment_leader")
        wizard = (
            self.env["hospital.commission.reject.wizard"]
            .with_user(self.user_finance)
            .create({"settlement_ids": [(6, 0, settlement.ids)], "reason": "Wrong fee"})
        )
        supplement.unlink()
        wizard.action_reject()
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(settlement.signoff_ids.filtered("active"))
        reject = settlement.signoff_ids.filtered(lambda s: s.step == "reject")
        self.assertEqual(reject.reason, "Wrong fee")
        self.assertEqual(reject.user_id, self.user_finance)
        self._sign(settlement, "manager")
        self.assertEqual(settlement.state, "verified")

    def test_cron_settles_the_previous_month(self):
        cron = self.env.ref("hospital_marketing.ir_cron_hospital_commission_month_end")
        self.assertEqual(cron.model_id.model, "hospital.commission.run")
        self.assertEqual(cron.code, "model._cron_month_end()")
        from freezegun import freeze_time

        with freeze_time("2030-04-01 02:00:00"):
            self.env["hospital.commission.run"]._cron_month_end()
        self.assertEqual(self._settlement_of(self.part_timer).amount_total, 2000.0)
