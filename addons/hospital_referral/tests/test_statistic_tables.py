"""The referral summary and the partner register (R-K3) as spreadsheets: the cells of a worked
example (March 2026 in Changsha, UTC+8, with cases at both edges of the month), what each role
reads (record rules) and who may not export them."""

from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.hospital_marketing.tests.test_workload_table import read_xlsx

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestStatisticTables(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        for user in cls.users.values():
            user.lang = "en_US"
        # 2 March: comes to the hospital; 5 March: surgery, not yet come
        cls.case_arrived = cls._case(
            patient_phone="13800000001", registered_at=datetime(2026, 3, 2, 2, 0)
        )
        cls._arrive(cls.case_arrived, cls.user_guide_desk)
        cls._case(
            patient_phone="13800000002",
            department_id=cls.dept_surgery.id,
            registered_at=datetime(2026, 3, 5, 2, 0),
        )
        # 00:30 on 1 March in Changsha (16:30 UTC on 28 February): March's
        cls._case(patient_phone="13800000003", registered_at=datetime(2026, 2, 28, 16, 30))
        # 00:30 on 1 April in Changsha: April's
        cls._case(patient_phone="13800000004", registered_at=datetime(2026, 3, 31, 16, 30))
        # the expansion team's promoter, from the pharmacy, 23:30 on 31 March in Changsha
        cls._case(
            user=cls.user_promoter_b,
            patient_phone="13800000005",
            referring_partner_id=cls.clinic_b.id,
            referring_doctor_id=False,
            registered_at=datetime(2026, 3, 31, 15, 30),
        )

    def _export(self, model, user, **vals):
        wizard = (
            self.env[model]
            .with_user(user)
            .with_context(lang=user.lang)
            .create({"month": date(2026, 3, 1), **vals})
        )
        return read_xlsx(wizard.action_export(), wizard)

    # ------------------------------------------------------------------
    # 转诊汇总统计表
    # ------------------------------------------------------------------
    def test_referral_summary_cells_for_the_manager(self):
        sheets = self._export("hospital.referral.summary.export", self.user_manager)
        self.assertEqual(
            list(sheets),
            ["Details", "By Partner", "By Promoter", "By Department"],
        )
        detail = sheets["Details"]
        self.assertIn("Referral Summary Table 2026-03", detail[0][0])
        self.assertEqual(
            detail[1],
            ["Referring Partner", "Promoter", "Department", "Registered", "Arrived",
             "Discharged", "Not Counted", "Hospital Fees"],
        )  # fmt: skip
        promoter, promoter_b = self.employees["promoter"].name, self.employees["promoter_b"].name
        rows = {tuple(row[:3]): row[3:] for row in detail[2:]}
        self.assertEqual(rows[self.clinic.name, promoter, "内科"], [2, 1, 0, 0, 0])
        self.assertEqual(rows[self.clinic.name, promoter, "外科"], [1, 0, 0, 0, 0])
        self.assertEqual(rows[self.clinic_b.name, promoter_b, "内科"], [1, 0, 0, 0, 0])
        self.assertEqual(rows["Total", None, None], [4, 1, 0, 0, 0])
        by_promoter = {row[0]: row[1:] for row in sheets["By Promoter"][2:]}
        self.assertEqual(by_promoter[promoter][:2], [3, 1])
        self.assertEqual(by_promoter[promoter_b][:2], [1, 0])
        by_department = {row[0]: row[1] for row in sheets["By Department"][2:]}
        self.assertEqual(by_department, {"内科": 3, "外科": 1, "Total": 4})

    def test_referral_summary_of_one_team_and_of_a_promoter(self):
        sheets = self._export(
            "hospital.referral.summary.export", self.user_manager, team_id=self.team_b.id
        )
        by_promoter = {row[0]: row[1] for row in sheets["By Promoter"][2:]}
        self.assertEqual(by_promoter, {self.employees["promoter_b"].name: 1, "Total": 1})
        # a promoter counts their own cases only (record rules)
        sheets = self._export("hospital.referral.summary.export", self.user_promoter)
        by_promoter = {row[0]: row[1] for row in sheets["By Promoter"][2:]}
        self.assertEqual(by_promoter, {self.employees["promoter"].name: 3, "Total": 3})

    def test_referral_summary_reads_chinese(self):
        self.user_manager.lang = "zh_CN"
        sheets = self._export("hospital.referral.summary.export", self.user_manager)
        self.assertIn("按推广员", sheets)
        detail = sheets["明细"]
        self.assertIn("转诊汇总统计表", detail[0][0])
        self.assertEqual(detail[1][:3], ["转诊合作方", "推广员", "科室"])

    # ------------------------------------------------------------------
    # 客户登记汇总表
    # ------------------------------------------------------------------
    def test_partner_register_cells(self):
        sheets = self._export("hospital.partner.register.export", self.user_manager)
        rows = next(iter(sheets.values()))
        self.assertEqual(
            rows[1],
            ["Partner", "Partner Kind", "Grade", "Territory", "Responsible Promoter", "Phone",
             "Cooperating Since", "Last Visit", "Cases This Month", "Arrived This Month",
             "Cases in All"],
        )  # fmt: skip
        by_name = {row[0]: row for row in rows[2:]}
        clinic = by_name[self.clinic.name]
        self.assertEqual(clinic[1:3], ["Private Clinic", "A"])
        self.assertEqual(clinic[4], self.employees["promoter"].name)
        # March: 3 cases (not the one of 1 April), 1 arrived; 4 in all
        self.assertEqual(clinic[8:], [3, 1, 4])
        self.assertEqual(by_name[self.clinic_b.name][8:], [1, 0, 1])

    def test_partner_register_of_a_team_and_of_a_promoter(self):
        sheets = self._export(
            "hospital.partner.register.export", self.user_manager, team_id=self.team.id
        )
        names = [row[0] for row in next(iter(sheets.values()))[2:]]
        self.assertIn(self.clinic.name, names)
        self.assertNotIn(self.clinic_b.name, names)
        sheets = self._export("hospital.partner.register.export", self.user_promoter)
        names = [row[0] for row in next(iter(sheets.values()))[2:]]
        self.assertIn(self.clinic.name, names)
        self.assertNotIn(self.clinic_b.name, names)

    def test_roles_without_the_tables_are_refused(self):
        for model in ("hospital.referral.summary.export", "hospital.partner.register.export"):
            for role in ("guide_desk", "finance", "treatment_leader", "employee"):
                with self.subTest(model=model, role=role), self.assertRaises(AccessError):
                    self._export(model, self.users[role])
