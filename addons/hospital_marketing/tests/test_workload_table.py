"""The monthly workload table (R-K3) as a spreadsheet: the cells of a worked example, the month
at the edge of the local day, record rules and roles."""

import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_work_report import WorkReportCase


def read_xlsx(action, wizard):
    """The sheets of the workbook an export wrote: ``{title: [row values]}``."""
    assert action["type"] == "ir.actions.act_url"
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


@tagged("post_install", "-at_install")
class TestWorkloadTable(WorkReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._make_clinic()
        # the month runs from midnight to midnight in the hospital's time zone
        cls.company.partner_id.tz = "Asia/Shanghai"
        # promoter: 2 visits and a call in March (3 people: Dr. Tan twice, Dr. Liu, the
        # pharmacy with nobody named); a planned visit and a February one do not count
        cls._log_visit("2025-03-03 02:00:00", people=[cls.doctor_tan])
        cls._log_visit("2025-03-10 02:00:00", partner=cls.pharmacy)
        cls._log_visit("2025-03-11 02:00:00", people=[cls.doctor_tan, cls.doctor_liu], kind="call")
        cls._log_visit("2025-03-12 02:00:00", people=[cls.doctor_liu], state="planned")
        cls._log_visit("2025-02-28 15:59:00", people=[cls.doctor_liu])  # 23:59 on 28 Feb locally
        # 16:30 UTC on 31 March is 00:30 on 1 April in Changsha: April's
        cls._log_visit("2025-03-31 16:30:00", people=[cls.doctor_liu])
        # 16:30 UTC on 28 February is 00:30 on 1 March: March's
        cls._log_visit("2025-02-28 16:30:00", people=[cls.doctor_liu], role="promoter_b")
        # reports: one daily report on time, one late (after 17:00 local on its day)
        on_time = cls._report("promoter", "daily", date(2025, 3, 3))
        late = cls._report("promoter", "daily", date(2025, 3, 4))
        with freeze_time("2025-03-03 08:00:00"):
            on_time.with_user(cls.user_promoter).action_submit()
        with freeze_time("2025-03-05 02:00:00"):
            late.with_user(cls.user_promoter).action_submit()

    def _export(self, user, **vals):
        wizard = (
            self.env["hospital.workload.export"]
            .with_user(user)
            .with_context(lang=user.lang)  # as the web client calls it
            .create({"month": date(2025, 3, 15), **vals})
        )
        sheets = read_xlsx(wizard.action_export(), wizard)
        self.assertEqual(len(sheets), 1)
        rows = next(iter(sheets.values()))
        self.assertIn("2025-03", rows[0][0])
        return rows[1], rows[2:]

    def test_the_leader_reads_the_teams_workload(self):
        self.user_leader.lang = "en_US"
        header, rows = self._export(self.user_leader)
        self.assertEqual(
            header,
            ["Promoter", "Team", "Visits Done", "Calls Done", "People Contacted",
             "Reports Filed", "Reports Late"],
        )  # fmt: skip
        by_name = {row[0]: row for row in rows}
        promoter = by_name[self.employees["promoter"].name]
        self.assertEqual(promoter[1:], ["Referral", 2, 1, 3, 2, 1])
        # numbers are numbers in the spreadsheet
        self.assertIsInstance(promoter[2], int)
        # promoter_b is in another team (Expansion): not the leader's
        self.assertNotIn(self.employees["promoter_b"].name, by_name)
        self.assertEqual(rows[-1][0], "Total")
        self.assertEqual(rows[-1][2:], [2, 1, 3, 2, 1])

    def test_the_manager_reads_every_team_and_filters_one(self):
        _header, rows = self._export(self.user_manager)
        by_name = {row[0]: row for row in rows}
        self.assertEqual(by_name[self.employees["promoter_b"].name][2:5], [1, 0, 1])
        self.assertEqual(rows[-1][2:5], [3, 1, 4])
        _header, rows = self._export(self.user_manager, team_id=self.team_b.id)
        self.assertEqual([row[0] for row in rows[:-1]], [self.employees["promoter_b"].name])

    def test_a_promoter_reads_their_own_row_only(self):
        _header, rows = self._export(self.user_promoter)
        self.assertEqual([row[0] for row in rows[:-1]], [self.employees["promoter"].name])

    def test_the_table_speaks_chinese(self):
        self.user_leader.lang = "zh_CN"
        header, _rows = self._export(self.user_leader)
        self.assertEqual(header[0], "推广员")
        self.assertEqual(header[1:4], ["组", "拜访次数", "电话跟进次数"])

    def test_roles_without_the_table_are_refused(self):
        for role in ("guide_desk", "finance", "treatment_leader", "employee"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.env["hospital.workload.export"].with_user(self.users[role]).create(
                    {"month": date(2025, 3, 1)}
                ).action_export()
