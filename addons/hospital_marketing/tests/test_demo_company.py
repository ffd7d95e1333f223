from unittest import SkipTest

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoCompany(TransactionCase):
    """The demo hospital is its own company in CNY (the first company keeps Odoo's USD demo
    entries and cannot change currency), with a chart of accounts; the demo logins belong to
    it only, in Chinese and in Asia/Shanghai; the suite's demo records are its records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("hospital_marketing.demo_company_hospital", False)
        if not cls.company:
            raise SkipTest("demo data not loaded")

    def test_the_hospital_company_keeps_its_books_in_cny(self):
        self.assertEqual(self.company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(self.company.country_id, self.env.ref("base.cn"))
        self.assertEqual(self.company.partner_id.tz, "Asia/Shanghai")
        self.assertTrue(self.company.chart_template)
        journals = self.env["account.journal"].search([("company_id", "=", self.company.id)])
        self.assertTrue({"purchase", "bank"} <= set(journals.mapped("type")))

    def test_demo_logins_belong_to_the_hospital_only(self):
        data = self.env["ir.model.data"].search(
            [("module", "=like", "hospital_%"), ("model", "=", "res.users")]
        )
        users = self.env["res.users"].browse(data.mapped("res_id"))
        self.assertGreaterEqual(len(users), 9)
        for user in users:
            with self.subTest(login=user.login):
                self.assertEqual(user.company_id, self.company)
                self.assertEqual(user.company_ids, self.company)
                self.assertEqual(user.lang, "zh_CN")
                self.assertEqual(user.tz, "Asia/Shanghai")

    def test_demo_records_are_the_hospitals(self):
        for xmlid in (
            "hospital_marketing.demo_emp_promoter",
            "hospital_marketing.demo_visit_5",
            "hospital_referral.demo_case_arrived",
        ):
            with self.subTest(record=xmlid):
                record = self.env.ref(xmlid, False)
                if record is None:
                    continue
                self.assertEqual(record.company_id, self.company)
