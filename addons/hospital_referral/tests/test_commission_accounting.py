from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .commission_common import MONTH, CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionAccounting(CommissionCase):
    """R-C8, R-C9: approved settlements become payables on the commission expense account,
    finance pays them by bank transfer, and nothing is posted or paid twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.promoter = cls.employees["promoter"]
        cls._case(promoter_id=cls.promoter.id, referring_partner_id=cls.part_timer.id)
        cls._case(
            promoter_id=cls.promoter.id,
            referring_partner_id=cls.clinic.id,
            department_id=cls.dept_surgery.id,
            total_fees=7000.0,
            drug_cost=1000.0,
        )
        for _i in range(3):
            cls._case(promoter_id=cls.promoter.id, total_fees=1000.0)
        cls._run()
        cls.external = cls.Settlement.search(
            [("partner_id", "=", cls.part_timer.id), ("date_from", "=", MONTH)]
        )
        cls.institution = cls.Settlement.search(
            [("partner_id", "=", cls.clinic.id), ("date_from", "=", MONTH)]
        )
        cls.institution.partner_invoice_ref = "YL-2030-031"
        cls.staff = cls.Settlement.search(
            [("employee_id", "=", cls.promoter.id), ("date_from", "=", MONTH)]
        )
        for settlement in cls.external | cls.institution | cls.staff:
            for role in ("manager", "treatment_leader", "finance", "vp"):
                if settlement.state == "approved":
                    break
                if role == "treatment_leader" and settlement.state != "verified":
                    continue
                settlement.with_user(cls.users[role]).action_sign()

    def _expense_balance(self, settlement):
        return sum(
            settlement.move_ids.line_ids.filtered(
                lambda line: line.account_id == self.expense_account
            ).mapped("balance")
        )

    def test_approved(self):
        self.assertEqual(
            (self.external | self.institution | self.staff).mapped("state"), ["approved"] * 3
        )
        # staff: 3% of 10 000 + 5% of 6 000 + 3 x 3% of 1 000 = 690; quota 5 of 4 = +100
        self.assertEqual(self.staff.amount_total, 790.0)

    def test_post_vendor_bill_for_external_payee(self):
        self.external.with_user(self.user_finance).action_post()
        move = self.external.move_id
        self.assertEqual(self.external.state, "posted")
        self.assertEqual(move.move_type, "in_invoice")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.partner_id, self.part_timer)
        self.assertEqual(move.amount_total, 2000.0)
        self.assertEqual(self._expense_balance(self.external), 2000.0)
        self.assertEqual(move.partner_bank_id, self.part_timer.bank_ids)
        self.assertEqual(move.amount_residual, 2000.0)
        self.assertEqual(move.payment_state, "not_paid")
        self.assertEqual(move.invoice_date_due, self.external.date_due)
        payable = move.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(payable.account_id, self.part_timer.property_account_payable_id)
        self.assertEqual(payable.balance, -2000.0)

    def test_institution_is_paid_against_its_invoice(self):
        self.institution.partner_invoice_ref = False
        with self.assertRaisesRegex(UserError, "against its invoice"):
            self.institution.with_user(self.user_finance).action_post()
        self.institution.partner_invoice_ref = "YL-2030-031"
        self.institution.with_user(self.user_finance).action_post()
        self.assertEqual(self.institution.move_id.ref, "YL-2030-031")

    def test_post_payable_entry_for_staff(self):
        self.staff.with_user(self.user_finance).action_post()
        move = self.staff.move_id
        self.assertEqual(move.move_type, "entry")
        self.assertEqual(move.state, "posted")
        payable = move.line_ids.filtered(
            lambda line: line.account_id.account_type == "liability_payable"
        )
        self.assertEqual(payable.balance, -790.0)
        self.assertEqual(payable.partner_id, self.promoter.work_contact_id)
        self.assertEqual(self._expense_balance(self.staff), 790.0)

    def test_analytic_distribution_by_department(self):
        plan = self.env["account.analytic.plan"].create({"name": "Departments"})
        analytic = self.env["account.analytic.account"].create(
            {"name": "Surgery", "plan_id": plan.id}
        )
        self.dept_surgery.analytic_account_id = analytic
        self.company.hm_commission_analytic = True
        self.staff.with_user(self.user_finance).action_post()
        surgery_line = self.staff.move_id.line_ids.filtered(
            lambda line: line.analytic_distribution == {str(analytic.id): 100.0}
        )
        self.assertEqual(surgery_line.balance, 300.0)
        # posting wrote the analytic item of the distribution
        item = surgery_line.analytic_line_ids
        self.assertEqual(item[analytic.plan_id._column_name()], analytic)
        self.assertEqual(item.amount, -300.0)

    def _hand_bill(self):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.part_timer.id,
                "invoice_date": self.external.date_to,
                "date": self.external.date_to,
                "invoice_line_ids": [
                    Command.create({"name": "Cups", "quantity": 1, "price_unit": 10.0})
                ],
            }
        )
        bill.action_post()
        return bill

    def test_first_time_suppliers_are_ranked_once(self):
        settlements = self.external | self.institution | self.staff
        payees = self.part_timer | self.clinic | self.promoter.work_contact_id
        self.assertEqual(payees.mapped("supplier_rank"), [0, 0, 0])
        settlements.with_user(self.user_finance).action_post()
        # what Odoo adds after the commit to partners already ranked
        pending = self.env.cr.postcommit.data.get("account.res.partner.increase_rank.supplier_rank")
        after_commit = [p.supplier_rank + (pending or {}).get(p.id, 0) for p in payees]
        self.assertEqual(after_commit, [1, 1, 1])

    def test_batch_numbering_follows_the_journal_sequence(self):
        """Posting many settlements at once numbers their bills in the journal's sequence,
        after a bill posted by hand and before the next one, each number once."""
        before = self._hand_bill()
        settlements = self.external | self.institution
        moves = settlements.with_user(self.user_finance).action_post()
        after = self._hand_bill()
        bills = before | moves | after
        self.assertEqual(len(set(bills.mapped("journal_id"))), 1)
        self.assertEqual(len(set(bills.mapped("sequence_prefix"))), 1)
        numbers = bills.mapped("sequence_number")
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 4)))
        self.assertEqual(len(set(bills.mapped("name"))), 4)

    def test_only_finance_posts_and_pays(self):
        for role in ("manager", "vp", "promoter", "treatment_leader"):
            with self.assertRaises(AccessError):
                self.external.with_user(self.users[role]).action_post()
        self.external.with_user(self.user_finance).action_post()
        with self.assertRaises(AccessError):
            self.external.with_user(self.user_vp).action_register_payment()

    def test_posting_twice_and_paying_twice_do_nothing(self):
        settlements = (self.external | self.staff).with_user(self.user_finance)
        settlements.action_post()
        moves = settlements.move_ids
        self.assertFalse(settlements.action_post())
        self.assertEqual(settlements.move_ids, moves)
        payments = settlements.action_register_payment()
        self.assertEqual(len(payments), 2)
        self.assertEqual(payments.mapped("payment_type"), ["outbound"] * 2)
        self.assertEqual(
            set(payments.mapped("partner_bank_id")),
            {self.part_timer.bank_ids, self.promoter.bank_account_ids},
        )
        # sent, not yet on the bank statement: in payment, not paid, and not paid again
        self.assertEqual(settlements.mapped("payment_state"), ["in_payment"] * 2)
        self.assertFalse(any(settlements.mapped("is_paid")))
        self.assertFalse(settlements.action_register_payment(), "in payment already")
        self._bank_match(payments)
        self.assertTrue(all(settlements.mapped("is_paid")))
        self.assertEqual(settlements.mapped("payment_state"), ["paid"] * 2)
        self.assertFalse(settlements.action_register_payment(), "paid already")

    def test_pay_all_at_once(self):
        everything = (self.external | self.institution | self.staff).with_user(self.user_finance)
        everything.action_post()
        # the menu "Pay All Posted Settlements" of finance: count and total first, then pay
        wizard = self.env["hospital.commission.pay.wizard"].with_user(self.user_finance).create({})
        self.assertEqual(wizard.settlement_ids, everything)
        wizard.action_pay()
        self.assertEqual(everything.mapped("payment_state"), ["in_payment"] * 3)
        # a transfer in payment is not offered again
        self.assertFalse(
            self.env["hospital.commission.pay.wizard"]
            .with_user(self.user_finance)
            .create({})
            .settlement_ids
        )
        self._bank_match(everything.move_id.line_ids.matched_debit_ids.debit_move_id.payment_id)
        self.assertTrue(all(everything.mapped("is_paid")))

    def test_pay_needs_a_bank_account(self):
        self.part_timer.bank_ids.unlink()
        self.external.with_user(self.user_finance).action_post()
        with self.assertRaisesRegex(UserError, "No bank account"):
            self.external.with_user(self.user_finance).action_register_payment()

    def test_cancel_reverses_and_repost(self):
        settlement = self.external.with_user(self.user_finance)
        settlement.action_post()
        first = settlement.move_id
        settlement.action_cancel()
        self.assertEqual(settlement.state, "cancel")
        self.assertFalse(settlement.move_id)
        reversal = settlement.move_ids - first
        self.assertEqual(reversal.reversed_entry_id, first)
        self.assertEqual(self._expense_balance(settlement), 0.0, "reversed")
        self.assertIn(first.payment_state, ("reversed", "paid"))
        # back to draft, approved again, posted again: one live entry
        settlement.with_user(self.user_manager).action_draft()
        for role in ("manager", "treatment_leader", "finance", "vp"):
            settlement.with_user(self.users[role]).action_sign()
        settlement.action_post()
        self.assertEqual(len(settlement.move_ids), 3)
        self.assertEqual(self._expense_balance(settlement), 2000.0)

    def test_paid_settlement_cannot_be_cancelled(self):
        settlement = self.external.with_user(self.user_finance)
        settlement.action_post()
        settlement.action_register_payment()
        with self.assertRaisesRegex(UserError, "cancel its payment first"):
            settlement.action_cancel()

    def test_reset_to_draft_refuses_a_second_draft(self):
        self.external.with_user(self.user_manager).action_cancel()
        self._case(referring_partner_id=self.part_timer.id)
        self._run()  # the new case goes to a new draft of the month
        with self.assertRaisesRegex(UserError, "already has a draft settlement"):
            self.external.with_user(self.user_manager).action_draft()

    def test_overdue(self):
        from freezegun import freeze_time

        self.external.with_user(self.user_finance).action_post()
        with freeze_time("2030-04-05"):
            self.external.invalidate_recordset(["is_overdue"])
            self.assertTrue(self.external.is_overdue)
        self.external.with_user(self.user_finance).action_register_payment()
        with freeze_time("2030-04-05"):
            self.external.invalidate_recordset(["is_overdue"])
            self.assertFalse(self.external.is_overdue)
