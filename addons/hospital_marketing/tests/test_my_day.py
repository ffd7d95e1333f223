"""My day (R-W1, R-W3): what one call returns to each role, and today's count at the edge of
the user's local day."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MarketingCase

# 18:00 in Changsha on 4 December 2026: the daily report (due 17:00) is late
NOW = datetime(2026, 12, 4, 10, 0)


@tagged("post_install", "-at_install")
class TestMyDay(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._make_clinic()
        for role in ("promoter", "leader", "promoter_b"):
            cls.employees[role].tz = "Asia/Shanghai"
        cls.company.hm_min_daily_contacts = 3
        cls.company.hm_daily_report_hour = 17.0

    def _my_day(self, user):
        with freeze_time(NOW):
            day = self.env["hospital.my.day"].with_user(user).retrieve_my_day()
        return {section["key"]: section for section in day["sections"]}, day

    def test_the_promoters_own_day_at_the_edges_of_the_local_day(self):
        # 00:30 in Changsha on the 4th (the 3rd in UTC): today, counted
        early = self._log_visit("2026-12-03 16:30:00", people=[self.doctor_tan])
        # 23:30 in Changsha on the 3rd: yesterday, neither listed nor counted
        self._log_visit("2026-12-03 15:30:00", people=[self.doctor_liu])
        # 16:00 on the 4th, planned: listed, not counted yet
        planned = self._log_visit("2026-12-04 08:00:00", state="planned", partner=self.pharmacy)
        # someone else's day
        self._log_visit("2026-12-04 02:00:00", role="promoter_b", people=[self.doctor_liu])
        self._log_visit("2026-12-04 03:00:00", role="leader", people=[self.doctor_liu])
        sections, day = self._my_day(self.user_promoter)
        self.assertEqual(day["date"], "2026-12-04")
        contacts = sections["contacts"]
        self.assertEqual((contacts["count"], contacts["minimum"]), (1, 3))
        self.assertTrue(contacts["under"])
        visits = sections["visits"]["items"]
        self.assertEqual([item["id"] for item in visits], [early.id, planned.id])
        self.assertEqual([item["time"] for item in visits], ["00:30", "16:00"])
        self.assertEqual(visits[1]["partner"], "Laobaixing Pharmacy")
        self.assertEqual(visits[1]["state"], "planned")
        # logging the planned visit done moves the count
        planned.with_user(self.user_promoter).action_done()
        sections, _day = self._my_day(self.user_promoter)
        self.assertEqual(sections["contacts"]["count"], 2)
        log_visit = next(a for a in day["actions"] if a["key"] == "log_visit")
        self.assertEqual(log_visit["action"]["res_model"], "hospital.visit")

    def test_what_is_due_is_the_users_own_today_or_overdue(self):
        visit = self._log_visit("2026-12-02 02:00:00")
        visit.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=date(2026, 12, 3),
            summary="Tell Dr. Tan the outcome",
            user_id=self.user_promoter.id,
        )
        visit.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=date(2026, 12, 5),
            summary="Tomorrow's call",
            user_id=self.user_promoter.id,
        )
        visit.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=date(2026, 12, 4),
            summary="The leader's own task",
            user_id=self.user_leader.id,
        )
        sections, _day = self._my_day(self.user_promoter)
        due = sections["due"]["items"]
        self.assertEqual(
            [item["title"] for item in due],
            ["Daily report due at 17:00", "Tell Dr. Tan the outcome"],
        )
        self.assertTrue(due[0]["overdue"], "18:00 local: the report is late")
        self.assertTrue(due[1]["overdue"])
        self.assertEqual((due[1]["res_model"], due[1]["res_id"]), ("hospital.visit", visit.id))
        # the report filed: no longer due
        report = self.env["hospital.work.report"].create(
            {
                "employee_id": self.employees["promoter"].id,
                "report_type": "daily",
                "date": date(2026, 12, 4),
                "summary": "Two partners",
            }
        )
        with freeze_time(NOW):
            report.with_user(self.user_promoter).action_submit()
        sections, _day = self._my_day(self.user_promoter)
        self.assertEqual(
            [item["title"] for item in sections["due"]["items"]], ["Tell Dr. Tan the outcome"]
        )
        leader_due = self._my_day(self.user_leader)[0]["due"]["items"]
        self.assertIn("The leader's own task", [item["title"] for item in leader_due])
        self.assertNotIn("Tell Dr. Tan the outcome", [item["title"] for item in leader_due])

    def test_each_role_reads_only_their_own_day(self):
        self._log_visit("2026-12-04 02:00:00", people=[self.doctor_tan])
        # the leader reads the promoter's visits, yet their own day holds only their own
        sections, _day = self._my_day(self.user_leader)
        self.assertEqual(sections["visits"]["items"], [])
        self.assertEqual(sections["contacts"]["count"], 0)
        sections, _day = self._my_day(self.user_promoter_b)
        self.assertEqual(sections["visits"]["items"], [])
        for role in ("employee", "guide_desk", "finance"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self._my_day(self.users[role])
