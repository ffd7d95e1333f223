"""R-R6 in the settlement: claiming a patient the hospital already had deducts 30% of the
promoter's commission of the month; a fake referral a fixed 300."""

from odoo.tests import Form, tagged

from .commission_common import DISCHARGE, CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionFraud(CommissionCase):
    def _reject(self, case, reason):
        case.sudo().fraud_flag = "existing"
        action = case.with_user(self.user_leader).action_open_reject()
        wizard = Form(
            self.env["hospital.referral.reject"]
            .with_user(self.user_leader)
            .with_context(**action["context"])
        )
        wizard.reason = reason
        wizard.fine = True
        return wizard

    def test_existing_patient_deducts_a_share_of_the_months_commission(self):
        promoter = self.employees["promoter"]
        for _n in range(2):  # 3% of 10 000 each (R-C5)
            self._case(promoter_id=promoter.id)
        claimed = self._case(promoter_id=promoter.id, state="registered", discharge_date=False)
        wizard = self._reject(claimed, "在院病人作为自己业绩")
        self.assertEqual(wizard.fine_percent, 30.0)
        self.assertEqual(wizard.fine_amount, 0.0)
        wizard.save().action_reject()
        deduction = claimed.adjustment_id
        self.assertEqual((deduction.kind, deduction.commission_percent), ("fraud", 30.0))
        deduction.sudo().date = DISCHARGE  # rejected in the month of the settlement
        self._run()
        settlement = self._settlement_of(promoter)
        self.assertEqual(settlement.amount_commission, 600.0)
        self.assertEqual(deduction.settlement_id, settlement)
        self.assertEqual(deduction.amount, -180.0)
        # a line arriving before the sign-off raises the deduction with the commission
        self._case(promoter_id=promoter.id)
        self._run()
        self.assertEqual(settlement.amount_commission, 900.0)
        self.assertEqual(deduction.amount, -270.0)

    def test_a_duplicate_fines_the_configured_amount(self):
        case = self._case(
            promoter_id=self.employees["promoter"].id, state="registered", discharge_date=False
        )
        case.sudo().fraud_flag = "duplicate"
        action = case.with_user(self.user_leader).action_open_reject()
        wizard = Form(
            self.env["hospital.referral.reject"]
            .with_user(self.user_leader)
            .with_context(**action["context"])
        )
        wizard.reason = "虚假转诊"
        wizard.fine = True
        self.assertEqual((wizard.fine_amount, wizard.fine_percent), (300.0, 0.0))
        wizard.save().action_reject()
        self.assertEqual(case.adjustment_id.amount, -300.0)
        self.assertFalse(case.adjustment_id.commission_percent)
