"""A statement of a month without commissions, or without a month, says so plainly."""

import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .commission_common import CommissionCase

EMPTY_MONTH = date(2031, 5, 1)


@tagged("post_install", "-at_install")
class TestCommissionStatementMonth(CommissionCase):
    def _wizard(self, user, **values):
        return self.env["hospital.commission.statement.wizard"].with_user(user).create(values)

    def test_department_summary_of_an_empty_month_is_empty(self):
        wizard = self._wizard(self.user_finance, kind="department", month=EMPTY_MONTH)
        wizard.action_export()
        self.assertEqual(wizard.file_name, "commission-departments-2031-05.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(rows[2][0], "Department")
        self.assertEqual(rows[3][0], "No commission in this month.")
        self.assertEqual(rows[-1][4:6], ("Total", 0))

    def test_payee_statement_of_an_empty_month_says_so(self):
        for role in ("finance", "promoter"):
            wizard = self._wizard(self.users[role], kind="payee", month=EMPTY_MONTH)
            with self.subTest(role=role), self.assertRaisesRegex(UserError, "2031-05"):
                wizard.action_export()

    def test_a_month_is_required(self):
        for kind in ("department", "payee"):
            wizard = self._wizard(self.user_finance, kind=kind, month=False)
            with self.subTest(kind=kind), self.assertRaisesRegex(UserError, "Choose the month"):
                wizard.action_export()
