import base64
import io

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ReferralCase

HEADER = (
    "his_reference,voucher_number,patient_name,patient_phone,kind,department_code,"
    "total_fees,drug_cost,admission_date,discharge_date,is_final"
)


def csv_file(*rows, header=HEADER):
    return "\n".join([header, *rows]).encode("utf-8")


GOOD = (
    "ZY-001,ZD-9,王小明,13800001111,inpatient,TNK,12000,4000,2026-03-02,2026-03-10,yes",
    "MZ-002,,刘芳,13900002222,门诊,TWK,350.5,120,2026-03-05,,否",
)


@tagged("post_install", "-at_install")
class TestBillImport(ReferralCase):
    """R-R5: the file import previews, explains errors per row and column, writes nothing
    unless every row is valid, and is idempotent on the HIS reference."""

    def _wizard(self, content, name="bills.csv", user=None):
        return (
            self.env["hospital.referral.bill.import"]
            .with_user(user or self.user_office)
            .create({"file": base64.b64encode(content), "file_name": name})
        )

    def _bills(self):
        return self.env["hospital.referral.bill"].search(
            [("his_reference", "in", ["ZY-001", "MZ-002"])]
        )

    def test_import_then_reimport_changes_nothing(self):
        case = self._case(voucher_number="ZD-9")
        self._arrive(case, self.user_guide_desk)
        wizard = self._wizard(csv_file(*GOOD))
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertFalse(wizard.has_errors)
        self.assertIn("2 new", wizard.summary)
        self.assertFalse(self._bills(), "a preview writes nothing")
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        bills = self._bills()
        self.assertEqual(len(bills), 2)
        inpatient = bills.filtered(lambda b: b.his_reference == "ZY-001")
        self.assertEqual(inpatient.department_id, self.dept_internal)
        self.assertEqual(inpatient.department_kind, "internal")
        self.assertEqual(inpatient.referral_id, case)
        self.assertEqual(case.state, "discharged")
        self.assertEqual(case.sudo().total_fees, 12000.0)
        outpatient = bills - inpatient
        self.assertEqual(outpatient.kind, "outpatient")
        self.assertEqual(outpatient.total_fees, 350.5)
        self.assertFalse(outpatient.is_final)
        write_dates = bills.mapped("write_date")
        again = self._wizard(csv_file(*GOOD))
        again.action_import()
        self.assertIn("2 unchanged", again.summary)
        self.assertIn("12,000.00", again.summary, "the preview parses the unchanged rows too")
        self.env.invalidate_all()
        self.assertEqual(self._bills().mapped("write_date"), write_dates)

    def test_changed_amount_updates_a_non_final_bill(self):
        self._wizard(csv_file(*GOOD)).action_import()
        changed = GOOD[1].replace("350.5", "400")
        wizard = self._wizard(csv_file(GOOD[0], changed))
        wizard.action_import()
        self.assertIn("1 changed", wizard.summary)
        bill = self._bills().filtered(lambda b: b.his_reference == "MZ-002")
        self.assertEqual(bill.total_fees, 400.0)

    def test_same_values_written_differently_are_unchanged(self):
        self._wizard(csv_file(*GOOD)).action_import()
        rewritten = GOOD[1].replace("350.5", "350.50").replace("门诊", "outpatient")
        wizard = self._wizard(csv_file(GOOD[0], rewritten))
        wizard.action_import()
        self.assertIn("2 unchanged", wizard.summary)

    def test_a_hand_correction_is_compared_again(self):
        self._wizard(csv_file(*GOOD)).action_import()
        bill = self._bills().filtered(lambda b: b.his_reference == "MZ-002")
        bill.with_user(self.user_office).total_fees = 999
        wizard = self._wizard(csv_file(*GOOD))
        wizard.action_import()
        self.assertIn("1 changed", wizard.summary)
        self.assertEqual(bill.total_fees, 350.5)

    def test_changed_amount_on_a_final_bill_is_refused(self):
        self._wizard(csv_file(*GOOD)).action_import()
        changed = GOOD[0].replace("12000", "15000")
        other = GOOD[1].replace("350.5", "400")
        wizard = self._wizard(csv_file(changed, other))
        wizard.action_import()
        self.assertTrue(wizard.has_errors)
        self.assertIn("Row 2, column his_reference", wizard.summary)
        self.assertIn("is final", wizard.summary)
        bills = self._bills()
        self.assertEqual(bills.filtered(lambda b: b.his_reference == "ZY-001").total_fees, 12000)
        self.assertEqual(bills.filtered(lambda b: b.his_reference == "MZ-002").total_fees, 350.5)

    def _assert_refused(self, content, *expected, name="bills.csv"):
        before = self.env["hospital.referral.bill"].search_count([])
        wizard = self._wizard(content, name=name)
        wizard.action_import()
        self.assertTrue(wizard.has_errors)
        for text in expected:
            self.assertIn(text, wizard.summary)
        self.assertEqual(self.env["hospital.referral.bill"].search_count([]), before)

    def test_bad_date(self):
        self._assert_refused(
            csv_file(GOOD[0].replace("2026-03-10", "2026-13-45"), GOOD[1]),
            "Row 2, column discharge_date",
            "is not a date",
        )

    def test_negative_amount(self):
        self._assert_refused(
            csv_file(GOOD[0], GOOD[1].replace("350.5", "-350.5")),
            "Row 3, column total_fees",
            "negative",
        )

    def test_unknown_department(self):
        self._assert_refused(
            csv_file(GOOD[0].replace(",TNK,", ",XX,"), GOOD[1]),
            "Row 2, column department_code",
            "unknown department",
        )

    def test_duplicate_reference_in_one_file(self):
        self._assert_refused(
            csv_file(GOOD[0], GOOD[1].replace("MZ-002", "ZY-001")),
            "Row 3, column his_reference",
            "already on row 2",
        )

    def test_discharge_before_admission(self):
        self._assert_refused(
            csv_file(GOOD[0].replace("2026-03-10", "2026-03-01")),
            "the discharge is before the admission",
        )

    def test_missing_columns(self):
        before = self.env["hospital.referral.bill"].search_count([])
        wizard = self._wizard(
            csv_file("ZY-001,王小明,12000", header="his_reference,patient_name,total_fees")
        )
        wizard.action_preview()
        self.assertEqual(wizard.state, "mapping", "the user is asked for the missing columns")
        with self.assertRaisesRegex(UserError, "Missing columns: kind, department_code, drug_cost"):
            wizard.action_confirm_mapping()
        self.assertEqual(self.env["hospital.referral.bill"].search_count([]), before)

    def test_gbk_csv(self):
        """A CSV saved by Excel on a Chinese Windows (GBK) is read as such."""
        wizard = self._wizard(csv_file(*GOOD).decode("utf-8").encode("gbk"))
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.summary)
        self.assertEqual(
            self._bills().filtered(lambda b: b.his_reference == "ZY-001").patient_name, "王小明"
        )

    def test_xlsx_with_chinese_headers(self):
        import xlsxwriter

        stream = io.BytesIO()
        book = xlsxwriter.Workbook(stream)
        sheet = book.add_worksheet()
        header = [
            "HIS单号",
            "姓名",
            "电话",
            "类别",
            "科室编码",
            "总费用",
            "药费",
            "入院日期",
            "出院日期",
            "已结算",
        ]
        sheet.write_row(0, 0, header)
        sheet.write_row(
            1,
            0,
            [
                "ZY-010",
                "孙丽",
                "13700001234",
                "住院",
                "TWK",
                8800,
                2100,
                "2026-04-01",
                "2026-04-08",
                "是",
            ],
        )
        book.close()
        wizard = self._wizard(stream.getvalue(), name="bills.xlsx")
        wizard.action_import()
        self.assertFalse(wizard.has_errors, wizard.summary)
        bill = self.env["hospital.referral.bill"].search([("his_reference", "=", "ZY-010")])
        self.assertEqual(bill.department_id, self.dept_surgery)
        self.assertEqual(bill.kind, "inpatient")
        self.assertTrue(bill.is_final)
        self.assertEqual(bill.total_fees, 8800)

    def test_guide_desk_cannot_import(self):
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            self._wizard(csv_file(*GOOD), user=self.user_guide_desk)
