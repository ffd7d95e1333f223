"""R-C3 splits to the cent, R-C12 withholding tax on individuals' bills, R-C8 "paid"."""

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import BaseCase, tagged

from odoo.addons.hospital_marketing.models.hospital_commission_engine import split_exactly

from .commission_common import CommissionCase


@tagged("post_install", "-at_install")
class TestSplitExactly(BaseCase):
    """The largest remainder split, as a pure function (no database)."""

    def test_event_split_of_the_issue(self):
        # 6% of 1 000.09 = 60.0054 → 60.01, shared 50/30/20
        self.assertEqual(split_exactly(60.01, [50, 30, 20]), [30.01, 18.0, 12.0])

    @settings(max_examples=300, deadline=None)
    @given(
        cents=st.integers(min_value=-(10**9), max_value=10**9),
        weights=st.lists(st.floats(min_value=0.01, max_value=100.0), min_size=1, max_size=6),
    )
    def test_parts_sum_to_the_total_and_stay_within_a_cent(self, cents, weights):
        total = cents / 100
        parts = split_exactly(total, weights)
        self.assertEqual(len(parts), len(weights))
        self.assertEqual(round(sum(parts) * 100), cents, "not a cent lost or made")
        for part, weight in zip(parts, weights, strict=True):
            exact = total * weight / sum(weights)
            self.assertLess(abs(part - exact), 0.01 + 1e-9, "within a cent of its share")
            self.assertGreaterEqual(part * total, 0, "never of the other sign")


@tagged("post_install", "-at_install")
class TestCommissionPayouts(CommissionCase):
    def _withholding_tax(self):
        account = self.env["account.account"].create(
            {
                "name": "Individual income tax withheld",
                "code": "222199",
                "account_type": "liability_current",
                "company_ids": [Command.link(self.company.id)],
            }
        )
        repartition = [
            Command.create({"repartition_type": "base"}),
            Command.create({"repartition_type": "tax", "account_id": account.id}),
        ]
        tax = self.env["account.tax"].create(
            {
                "name": "劳务报酬 IIT 20%",
                "amount_type": "percent",
                "amount": -20.0,
                "type_tax_use": "purchase",
                "company_id": self.company.id,
                "invoice_repartition_line_ids": repartition,
                "refund_repartition_line_ids": repartition,
            }
        )
        return tax, account

    def test_individuals_are_paid_net_of_the_withholding_tax(self):
        tax, tax_account = self._withholding_tax()
        settings_form = self.env["res.config.settings"].create({})
        settings_form.hm_commission_withholding_tax_id = tax
        settings_form.execute()
        self.assertEqual(self.company.hm_commission_withholding_tax_id, tax)
        self._case(referring_partner_id=self.part_timer.id)  # 2 000 to an individual
        self._case(referring_partner_id=self.clinic.id)  # 800 to an institution
        self._run()
        individual = self._settlement_of(self.part_timer)
        institution = self._settlement_of(self.clinic)
        institution.partner_invoice_ref = "YL-1"
        for settlement in individual | institution:
            for role in ("manager", "treatment_leader", "finance", "vp"):
                if role == "treatment_leader" and settlement.state != "verified":
                    continue
                settlement.with_user(self.users[role]).action_sign()
        (individual | institution).with_user(self.user_finance).action_post()
        move = individual.move_id
        self.assertEqual(move.state, "posted")
        lines = move.line_ids
        expense = lines.filtered(lambda line: line.account_id == self.expense_account)
        tax_line = lines.filtered(lambda line: line.display_type == "tax")
        payable = lines.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(expense.balance, 2000.0, "the expense is gross")
        self.assertEqual(expense.tax_ids, tax)
        self.assertEqual((tax_line.account_id, tax_line.balance), (tax_account, -400.0))
        self.assertEqual(tax_line.tax_line_id, tax)
        self.assertEqual(tax_line.tax_base_amount, 2000.0)
        self.assertEqual(payable.balance, -1600.0, "the payable is net")
        self.assertEqual(move.amount_total, 1600.0)
        self.assertEqual(move.amount_tax, -400.0)
        # an institution invoices its own fee: nothing withheld
        self.assertFalse(
            institution.move_id.line_ids.filtered(lambda line: line.display_type == "tax")
        )
        self.assertEqual(institution.move_id.amount_total, 500.0)
        # paid net by bank transfer; paid only once the bank statement shows it
        payments = individual.with_user(self.user_finance).action_register_payment()
        self.assertEqual(payments.amount, 1600.0)
        self.assertEqual(individual.payment_state, "in_payment")
        self.assertFalse(individual.is_paid)
        self._bank_match(payments)
        self.assertEqual(individual.payment_state, "paid")
