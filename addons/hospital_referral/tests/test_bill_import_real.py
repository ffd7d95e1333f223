import base64
import datetime
import io
import logging
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models import hospital_his_importer_file
from .common import ReferralCase

TITLE = "长沙某某医院 出院病人费用明细 2026年11月"
HEADER = ["住院号", "姓名", "科室", "床位", "总费用", "药费", "入院日期", "出院日期"]


def his_export(rows, header=None, title=TITLE):
    """An XLSX as the HIS exports it: a merged title row above the header."""
    import xlsxwriter

    header = header or HEADER

    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream)
    sheet = book.add_worksheet()
    sheet.merge_range(0, 0, 0, len(header) - 1, title)
    sheet.write_row(1, 0, header)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(index, column, value, date_format)
            elif value is not None:
                sheet.write(index, column, value)
    book.close()
    return stream.getvalue()


@tagged("post_install", "-at_install")
class TestBillImportRealFiles(ReferralCase):
    """R-R5 with the files hospitals really send: title rows, Chinese headers, department
    names, dates and amounts as people write them, GBK and semicolons, blank rows; the
    mapping the clerk chose is remembered; every error can be downloaded."""

    def _wizard(self, content, name="bills.xlsx", user=None):
        return (
            self.env["hospital.referral.bill.import"]
            .with_user(user or self.user_office)
            .create({"file": base64.b64encode(content), "file_name": name})
        )

    def _bill(self, reference):
        return self.env["hospital.referral.bill"].search([("his_reference", "=", reference)])

    def _errors_of(self, wizard):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.error_file)))
        return [tuple(row) for row in book.active.iter_rows(min_row=2, values_only=True)]

    def test_his_export_with_title_row_and_mapping_step(self):
        rows = [
            [
                "ZY20261103",
                "王小明",
                "内科",
                "12床",
                "12,345.60",
                4000,
                "2026-11-03 10:22",
                "2026/11/10",
            ],
            [
                "ZY20261104",
                "刘芳",
                "TWK",
                "3床",
                8800,
                "2,100.5",
                "2026年11月03日",
                datetime.date(2026, 11, 9),
            ],
        ]
        wizard = self._wizard(his_export(rows))
        wizard.action_preview()
        self.assertEqual(wizard.state, "mapping")
        self.assertEqual(wizard.header_row, 2)
        columns = {line.header: line for line in wizard.column_ids}
        self.assertEqual(columns["住院号"].field_name, "his_reference")
        self.assertEqual(columns["科室"].field_name, "department_code")
        self.assertFalse(columns["床位"].recognised)
        self.assertEqual(columns["床位"].field_name, "ignore")
        self.assertTrue(wizard.needs_kind and wizard.needs_final)
        with self.assertRaisesRegex(UserError, "Missing columns: kind, is_final"):
            wizard.action_confirm_mapping()
        wizard.write({"default_kind": "inpatient", "default_final": "yes"})
        wizard.action_confirm_mapping()
        self.assertEqual(wizard.state, "preview")
        self.assertFalse(wizard.has_errors, wizard.summary)
        # the preview shows the values as they will be stored, on the spreadsheet's rows
        self.assertIn("12,345.60", wizard.summary)
        self.assertIn("2,100.50", wizard.summary)
        self.assertIn("2026-11-03", wizard.summary)
        self.assertIn("2026-11-09", wizard.summary)
        self.assertIn("<td>3</td>", wizard.summary)
        self.assertIn("<td>4</td>", wizard.summary)
        self.assertIn(self.dept_internal.name, wizard.summary)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.summary)
        first, second = self._bill("ZY20261103"), self._bill("ZY20261104")
        self.assertEqual(first.department_id, self.dept_internal)
        self.assertEqual(first.total_fees, 12345.6)
        self.assertEqual(first.admission_date, datetime.date(2026, 11, 3))
        self.assertEqual(first.discharge_date, datetime.date(2026, 11, 10))
        self.assertEqual((first.kind, first.is_final), ("inpatient", True))
        self.assertEqual(second.department_id, self.dept_surgery)
        self.assertEqual(second.drug_cost, 2100.5)
        self.assertEqual(second.discharge_date, datetime.date(2026, 11, 9))
        # the next export of the same HIS: no questions, the choices are remembered
        rows[0][0] = "ZY20261201"
        rows[1][0] = "ZY20261202"
        again = self._wizard(his_export(rows))
        again.action_preview()
        self.assertEqual(again.state, "preview", "the mapping is remembered per company")
        self.assertIn("2 new", again.summary)
        # another company asks again
        mappings = self.env["hospital.his.import.mapping"].search([])
        self.assertEqual(set(mappings.company_id.ids), {self.env.company.id})

    def test_csv_encodings_and_separators(self):
        header = "HIS单号,类别,科室编码,总费用,药费,入院日期,出院日期,已结算"
        lines = [
            header,
            'MZ-801,门诊,TWK,"1,350.50",120,2026-03-05,,否',
            ",,,,,,,",
            "MZ-802,门诊,外科,200,0,2026/03/06,,否",
        ]
        text = "\r\n".join(lines)
        variants = {
            "gbk": text.encode("gbk"),
            "utf-8 with BOM": b"\xef\xbb\xbf" + text.encode("utf-8"),
            "semicolon": text.replace(",", ";").replace('"1;350.50"', "1350.50").encode("gb18030"),
            "tab": text.replace(",", "\t").replace('"1\t350.50"', "1350.50").encode("utf-8"),
        }
        for label, content in variants.items():
            with self.subTest(label):
                savepoint = self.env.cr.savepoint()
                wizard = self._wizard(content, name="bills.csv")
                wizard.action_import()
                self.assertEqual(wizard.state, "done", (label, wizard.summary))
                self.assertIn("2 new", wizard.summary)
                self.assertEqual(self._bill("MZ-801").total_fees, 1350.5)
                self.assertEqual(self._bill("MZ-802").department_id, self.dept_surgery)
                self.env.flush_all()
                savepoint.close(rollback=True)
                self.env.invalidate_all()

    def test_decimal_comma_is_refused(self):
        content = (
            "HIS单号;类别;科室编码;总费用;药费;出院日期;已结算\n"
            "ZY-901;住院;TNK;40829,39;100;2026-03-10;是\n"
        ).encode()
        wizard = self._wizard(content, name="bills.csv")
        wizard.action_import()
        self.assertTrue(wizard.has_errors)
        self.assertIn(
            "Row 2, column 总费用: &#39;40829,39&#39; uses a decimal comma", wizard.summary
        )
        self.assertFalse(self._bill("ZY-901"))

    def test_blank_and_total_rows_are_skipped_and_rows_keep_their_numbers(self):
        rows = [
            ["ZY-A1", "甲", "TNK", "", 100, 10, "2026-03-01", "2026-03-02"],
            [None] * 8,
            ["   ", "", None, "", "", "", "", ""],
            ["ZY-A2", "乙", "NOPE", "", 100, 10, "2026-03-01", "2026-03-02"],
            ["合计", None, None, None, 200, 20, None, None],  # the export's totals row
        ]
        content = his_export(rows, header=[*HEADER, "类别", "已结算"])
        wizard = self._wizard(content)
        wizard.action_preview()
        self.assertEqual(wizard.state, "mapping")  # 床位 is new to this company
        wizard.action_confirm_mapping()
        self.assertTrue(wizard.has_errors)
        self.assertIn("2 rows", wizard.summary)
        # title row 1, header row 2, bills on rows 3 and 6
        self.assertIn("Row 6, column 科室: unknown department &#39;NOPE&#39;", wizard.summary)

    def test_every_error_can_be_downloaded(self):
        rows = [
            [f"ZY-E{i:04d}", "丙", "NOPE", "", "12,34", 1, "2026-13-01", "2026-03-02", "住院", "是"]
            for i in range(130)
        ]
        wizard = self._wizard(his_export(rows, header=[*HEADER, "类别", "已结算"]))
        wizard.action_preview()
        wizard.action_confirm_mapping()
        self.assertTrue(wizard.has_errors)
        errors = self._errors_of(wizard)
        self.assertEqual(len(errors), 390, errors[:5])  # department, amount and date of each row
        self.assertEqual(errors[0][:2], (3, "科室"))
        self.assertEqual(errors[-1][0], 132)
        self.assertIn("All 390 errors are in the file below", wizard.summary)
        self.assertEqual(wizard.error_file_name, "his_import_errors.xlsx")

    def test_xls_is_refused_plainly(self):
        wizard = self._wizard(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, name="bills.xls")
        with self.assertRaisesRegex(UserError, r"save it as an Excel workbook \(.xlsx\)"):
            wizard.action_preview()

    def test_no_header_row(self):
        wizard = self._wizard(b"a,b,c\n1,2,3\n", name="bills.csv")
        with self.assertRaisesRegex(UserError, "No header row found in the first 10 rows"):
            wizard.action_preview()

    def test_check_then_import_reads_the_file_once(self):
        rows = [["ZY-C1", "丁", "TNK", "", 100, 10, "2026-03-01", "2026-03-02", "住院", "是"]]
        content = his_export(rows, header=[*HEADER, "类别", "已结算"])
        original = hospital_his_importer_file.read_table
        with patch.object(hospital_his_importer_file, "read_table", side_effect=original) as reader:
            wizard = self._wizard(content)
            wizard.action_preview()
            wizard.action_confirm_mapping()
            wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.summary)
        self.assertEqual(reader.call_count, 1)

    def test_patient_data_never_logged(self):
        rows = [["ZY-P1", "赵秘密", "NOPE", "", "abc", 1, "2026-03-01", "2026-03-02", "住院", "是"]]
        wizard = self._wizard(his_export(rows, header=[*HEADER, "类别", "已结算"]))
        with self.assertNoLogs("odoo.addons.hospital_referral", level=logging.DEBUG):
            wizard.action_preview()
            wizard.action_confirm_mapping()
        self.assertTrue(wizard.has_errors)

    def test_only_the_office_imports(self):
        menu = self.env.ref("hospital_referral.menu_referral_bill_import")
        self.assertEqual(menu.group_ids, self.env.ref("hospital_marketing.group_marketing_office"))
        content = his_export([["ZY-R1", "戊", "TNK", "", 1, 0, "", "", "门诊", "否"]])
        for role in ("promoter", "leader", "guide_desk", "finance", "treatment_leader", "employee"):
            with self.subTest(role), self.assertRaises(AccessError):
                self._wizard(content, user=self.users[role])
            self.assertNotIn(
                menu.id, self.env["ir.ui.menu"].with_user(self.users[role])._visible_menu_ids()
            )
        for role in ("office", "manager", "vp"):
            with self.subTest(role):
                wizard = self._wizard(content, user=self.users[role])
                wizard.action_preview()
                self.assertIn(wizard.state, ("mapping", "preview"))

    def test_record_rules_are_checked_on_the_written_bills(self):
        """The importer checks the record rules with one query: a bill outside the user's
        rules is refused as the ORM would refuse it."""
        wizard = self._wizard(
            his_export(
                [["ZY-RULE", "己", "TNK", "", 1, 0, "", "", "门诊", "否"]],
                header=[*HEADER, "类别", "已结算"],
            )
        )
        wizard.action_preview()
        wizard.action_confirm_mapping()
        wizard.action_import()
        bill = self._bill("ZY-RULE")
        Importer = self.env["hospital.his.importer"]
        Importer.with_user(self.user_office)._check_rules(bill, "read")
        with self.assertRaises(AccessError):
            Importer.with_user(self.user_promoter)._check_rules(bill, "read")
