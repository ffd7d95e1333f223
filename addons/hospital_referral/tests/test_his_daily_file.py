"""The HIS file import's second record type (R-K1): a daily report (Chinese headers under a
title row, XLSX or CSV) is recognised by its headers and imported as the hospital's daily
actuals through the same contract as the API's days; all or nothing, again changes nothing,
a bill file is still a bill file, and only the office imports."""

import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReferralCase

REPORT = [
    ["长沙仁和医院 2037年3月 每日运营报表"],
    ["日期", "科室", "营业收入(元)", "门诊人次", "入院人次", "在院人数", "开放床位", "备注"],
    [date(2037, 3, 2), None, 176500.5, 96, 21, 288, 360, ""],
    ["2037-03-03", "", "182,300.00", "104", 24.0, 306, 360, "周二"],
    [date(2037, 3, 2), "TNK", 48200, 31, 3, 72, 80, None],
    [None, None, None, None, None, None, None, None],
    ["合计", None, 407000.5, 231, 48, None, None, None],
]


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestHisDailyFile(ReferralCase):
    def _wizard(self, content, name="daily.xlsx", user=None):
        return (
            self.env["hospital.referral.bill.import"]
            .with_user(user or self.user_office)
            .create({"file": base64.b64encode(content), "file_name": name})
        )

    def _days(self):
        return self.env["hospital.his.daily"].search(
            [("date", ">=", date(2037, 3, 1)), ("date", "<", date(2037, 4, 1))]
        )

    def test_daily_report_checked_then_imported_then_unchanged(self):
        wizard = self._wizard(xlsx(REPORT))
        wizard.action_preview()
        self.assertEqual((wizard.record_type, wizard.state), ("daily", "preview"))
        self.assertFalse(wizard.has_errors, wizard.summary)
        self.assertIn("3 new", wizard.summary)
        self.assertEqual(wizard.header_row, 2)
        self.assertFalse(self._days(), "a check writes nothing")
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        days = self._days()
        self.assertEqual(len(days), 3)
        hospital = days.filtered(lambda d: not d.department_id).sorted("date")
        self.assertEqual(
            [
                (d.date, d.revenue, d.outpatient_visits, d.inpatient_admissions, d.occupied_beds)
                for d in hospital
            ],
            [
                (date(2037, 3, 2), 176500.5, 96, 21, 288),
                (date(2037, 3, 3), 182300.0, 104, 24, 306),
            ],
        )
        self.assertEqual(hospital.mapped("beds"), [360, 360])
        group = days.filtered("department_id")
        self.assertEqual(
            (group.department_id, group.occupied_beds, group.beds), (self.dept_internal, 72, 80)
        )
        # the same file again: nothing changes
        again = self._wizard(xlsx(REPORT))
        again.action_import()
        self.assertIn("3 unchanged", again.summary)
        self.assertEqual(len(self._days()), 3)
        # a corrected figure replaces the day
        corrected = [row[:] for row in REPORT]
        corrected[2][3] = 99
        self._wizard(xlsx(corrected)).action_import()
        self.assertEqual(hospital[0].outpatient_visits, 99)

    def test_a_bad_row_blocks_the_whole_file(self):
        rows = [row[:] for row in REPORT]
        rows[3][3] = "一百"  # not a number
        rows[4][1] = "NOPE"  # unknown treatment group
        rows.append([date(2037, 3, 2), None, 1, 1, 1, 1, 1, None])  # 2 March again
        wizard = self._wizard(xlsx(rows))
        wizard.action_import()
        self.assertEqual(wizard.state, "preview")
        self.assertTrue(wizard.has_errors)
        self.assertIn("Row 4, column 门诊人次: a whole number is expected", wizard.summary)
        self.assertIn("Row 5, column 科室: unknown department", wizard.summary)
        self.assertIn("Row 8, column 日期: the same day is already row 3", wizard.summary)
        self.assertFalse(self._days(), "nothing is written while a row is in error")

    def test_csv_daily_report_and_bill_files_apart(self):
        content = "date,revenue,outpatient_visits,occupied_beds,beds\n2037-03-09,1000,5,300,360\n"
        wizard = self._wizard(content.encode(), name="daily.csv")
        wizard.action_import()
        self.assertEqual((wizard.record_type, wizard.state), ("daily", "done"))
        self.assertEqual(self._days().occupied_beds, 300)
        bills = (
            "his_reference,kind,department_code,total_fees,drug_cost,admission_date,is_final\n"
            "ZY-9,inpatient,TNK,100,10,2037-03-02,no\n"
        )
        wizard = self._wizard(bills.encode(), name="bills.csv")
        wizard.action_preview()
        self.assertEqual(wizard.record_type, "bills")
        self.assertEqual(len(self._days()), 1)

    def test_only_the_office_imports_daily_actuals(self):
        for role in ("promoter", "leader", "guide_desk", "finance", "treatment_leader"):
            with self.subTest(role=role):
                wizard = self._wizard(xlsx(REPORT))  # created by the office
                with self.assertRaises(AccessError):
                    wizard.with_user(self.users[role]).action_import()
        self.assertFalse(self._days())
