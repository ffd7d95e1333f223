import base64
import io

import openpyxl

from odoo.tests import tagged

from .commission_common import MONTH, CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionStatements(CommissionCase):
    """Statements: XLSX per payee and per department (R-K3), printable statement for
    external payees. wkhtmltopdf may be missing on a test machine: the report is checked on
    its HTML rendering, which is what the PDF is printed from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._case(
            patient_name="Zhang San",
            promoter_id=cls.employees["promoter"].id,
            referring_partner_id=cls.part_timer.id,
        )
        cls._case(
            promoter_id=cls.employees["promoter"].id,
            department_id=cls.dept_surgery.id,
            total_fees=10000.0,
            drug_cost=4000.0,
        )
        cls._run()
        cls.external = cls.Settlement.search(
            [("partner_id", "=", cls.part_timer.id), ("date_from", "=", MONTH)]
        )
        cls.staff = cls.Settlement.search(
            [("employee_id", "=", cls.employees["promoter"].id), ("date_from", "=", MONTH)]
        )

    def _export(self, user, **values):
        wizard = self.env["hospital.commission.statement.wizard"].with_user(user).create(values)
        action = wizard.action_export()
        self.assertIn(f"/web/content/{wizard._name}/{wizard.id}/file/", action["url"])
        self.assertTrue(wizard.file_name.endswith(".xlsx"))
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)))

    def test_payee_statement_lists_every_case(self):
        book = self._export(
            self.user_finance, kind="payee", settlement_ids=[(6, 0, self.staff.ids)]
        )
        sheet = book[self.staff.name.replace("/", "")]
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[4]
        self.assertEqual(header[0], "Case")
        self.assertEqual(header[9], "Amount")
        body = [row for row in rows[5:] if row[4] == self.rule_staff.name]
        self.assertEqual(len(body), 2)
        self.assertEqual(sorted(row[6] for row in body), [6000.0, 10000.0])
        self.assertEqual(sorted(row[9] for row in body), [300.0, 300.0])
        self.assertEqual(rows[-1][9], self.staff.amount_total)
        self.assertNotIn("Zhang San", str(rows), "no patient name in a statement (R-S4)")

    def test_promoter_exports_only_own_statement(self):
        book = self._export(self.user_promoter, kind="payee", month=MONTH)
        self.assertEqual(book.sheetnames, [self.staff.name.replace("/", "")])

    def test_department_summary(self):
        book = self._export(self.user_finance, kind="department", month=MONTH)
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(rows[2][0], "Department")
        by_department = {(row[0], row[1]): row for row in rows[3:-1]}
        surgery = by_department[("Surgery", "Staff Promoter")]
        self.assertEqual(surgery[3], 1)
        self.assertEqual(surgery[5], 300.0)
        self.assertEqual(rows[-1][5], self.external.amount_total + self.staff.amount_commission)

    def test_printable_statement(self):
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_finance)
            ._render_qweb_html(
                "hospital_marketing.action_report_commission_statement", self.external.ids
            )[0]
            .decode()
        )
        self.assertIn(self.external.name, html)
        self.assertIn(self.part_timer.name, html)
        self.assertIn(self.rule_external.name, html)
        self.assertIn("2,000.00", html)
