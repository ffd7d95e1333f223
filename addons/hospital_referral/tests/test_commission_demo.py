import base64
import io
from unittest import SkipTest

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCommissionDemo(TransactionCase):
    """The demo story end to end: last month's run produced the settlements; the four roles
    sign them in order, finance posts and pays, the ledger shows them on the commission
    expense account, the statements open in a spreadsheet, and the clinician was refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls.env.ref("hospital_referral.demo_commission_case_01", False)
        if not cls.case:
            raise SkipTest("demo data not loaded")
        cls.month = cls.case.discharge_date.replace(day=1)
        cls.settlements = cls.env["hospital.commission.settlement"].search(
            [("date_from", "=", cls.month), ("company_id", "=", cls.case.company_id.id)]
        )

    def _user(self, name):
        return self.env.ref(f"hospital_marketing.demo_user_{name}")

    def test_month_end_run_on_the_demo(self):
        clinic = self.env.ref("hospital_referral.demo_commission_partner_clinic")
        parttime = self.env.ref("hospital_referral.demo_commission_partner_parttime")
        promoter = self.env.ref("hospital_marketing.demo_emp_promoter")
        by_payee = {s.partner_id or s.employee_id: s for s in self.settlements}
        # 20% of 10 000 + 20% of 3 000 + 20% of 6 000 (R-C1)
        self.assertEqual(by_payee[parttime].amount_total, 3800.0)
        # fee bands: 7 000 -> 800, 12 000 -> 8%, 4 000 -> 300 (R-C4)
        self.assertEqual(by_payee[clinic].amount_total, 800.0 + 960.0 + 300.0)
        # 3% / 5% of the fees minus drugs (R-C5) on the commission demo's cases (the referral
        # demo's cases of the month are the promoter's too)
        demo_cases = self.env["hospital.referral"].browse(
            self.env.ref(f"hospital_referral.demo_commission_case_{n:02d}").id for n in range(1, 9)
        )
        promoter_lines = by_payee[promoter].line_ids.filtered(
            lambda line: line.res_model == "hospital.referral" and line.res_id in demo_cases.ids
        )
        self.assertEqual(sum(promoter_lines.mapped("amount")), 240 + 275 + 450 + 150 + 350)
        # R-W6: +100 per patient over the quota of 4, -200 per missing one
        counted = self.env["hospital.referral"].search_count(
            [
                ("promoter_id", "=", promoter.id),
                ("state", "in", ["discharged", "closed"]),
                ("is_counted", "=", True),
                ("discharge_date", ">=", self.month),
                ("discharge_date", "<", self.month + relativedelta(months=1)),
            ]
        )
        self.assertGreaterEqual(counted, 5)
        quota = by_payee[promoter].adjustment_ids.filtered(lambda a: a.kind == "quota_bonus")
        self.assertEqual(quota.amount, (counted - 4) * 100.0)
        issues = self.env["hospital.commission.issue"].search([("period_date", "=", self.month)])
        doctor = self.env.ref("hospital_referral.demo_commission_partner_doctor")
        self.assertIn(doctor, issues.partner_id, "the licensed clinician was refused")
        self.assertFalse(
            self.env["hospital.commission.line"].search([("partner_id", "=", doctor.id)])
        )

    def test_last_month_is_signed_posted_and_paid_in_cny(self):
        """The demo closed last month as the roles would: signed by the manager, the treatment
        group leader where needed, finance and the vice-president, posted and paid by finance
        (demo/hospital_commission_close_demo.xml); the ledger shows it in the hospital's CNY."""
        company = self.case.company_id
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        self.assertNotEqual(company, self.env.ref("base.main_company"))
        payable = self.settlements.filtered(lambda s: s.amount_total > 0)
        # the settlement with a surgery case waits for the treatment group leader (R-C7)
        waiting = payable.filtered(lambda s: s.state == "verified")
        self.assertTrue(waiting)
        payable -= waiting
        self.assertTrue(payable)
        self.assertEqual(set(payable.mapped("state")), {"posted"})
        # sent by bank transfer; paid once the bank statement is reconciled
        self.assertEqual(set(payable.mapped("payment_state")), {"in_payment"})
        signers = payable.signoff_ids.user_id
        for role in ("manager", "finance", "vp"):
            self.assertIn(self._user(role), signers)
        account = company.hm_commission_expense_account_id
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("move_id", "in", payable.move_ids.ids)]
        )
        self.assertAlmostEqual(sum(lines.mapped("balance")), sum(payable.mapped("amount_total")))
        self.assertEqual(lines.company_currency_id, company.currency_id)
        self.assertEqual(set(payable.move_ids.mapped("state")), {"posted"})
        payments = self.env["account.payment"].search(
            [("company_id", "=", company.id), ("partner_id", "in", payable.partner_id.ids)]
        )
        self.assertTrue(payments)
        self.assertEqual(payments.currency_id, company.currency_id)
        finance = self._user("finance")
        wizard = (
            self.env["hospital.commission.statement.wizard"]
            .with_user(finance)
            .create({"kind": "payee", "settlement_ids": [(6, 0, payable.ids)]})
        )
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)))
        self.assertEqual(len(book.sheetnames), len(payable))
