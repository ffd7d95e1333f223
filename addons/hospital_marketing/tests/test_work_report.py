"""Work reports (R-W4): deadlines from the settings, the leader's review, the penalties of
missing and late reports (R-W5) and who reads what (R-S3)."""

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ROLE_GROUPS, MarketingCase

TZ = "Asia/Shanghai"  # UTC+8, no daylight saving time


class WorkReportCase(MarketingCase):
    """The promoters and the leader of ``MarketingCase`` work Monday to Friday in Changsha;
    reports are owed from 1 March 2025."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Changsha 40h", "tz": TZ, "company_id": cls.company.id}
        )
        for role in ("promoter", "promoter_b", "leader"):
            cls.employees[role].write(
                {
                    "tz": TZ,
                    "resource_calendar_id": cls.calendar.id,
                    "hm_marketing_role": "leader" if role == "leader" else "promoter",
                }
            )
        cls.company.hm_report_penalty_start = date(2025, 3, 1)
        cls.Report = cls.env["hospital.work.report"]
        cls.Adjustment = cls.env["hospital.performance.adjustment"]

    @classmethod
    def _report(cls, role, report_type, day, **vals):
        return cls.Report.create(
            {
                "employee_id": cls.employees[role].id,
                "report_type": report_type,
                "date": day,
                **vals,
            }
        )

    def _fines(self, role, kinds=("missing_report", "late_report", "leader_penalty")):
        return self.Adjustment.search(
            [
                ("employee_id", "=", self.employees[role].id),
                ("kind", "in", kinds),
            ],
            order="date, id",
        )


@tagged("post_install", "-at_install")
class TestReportDeadlines(WorkReportCase):
    def test_deadlines_follow_the_default_settings_in_local_time(self):
        daily = self._report("promoter", "daily", date(2025, 3, 4))
        self.assertEqual((daily.period_start, daily.period_end), (date(2025, 3, 4),) * 2)
        # 17:00 in Changsha is 09:00 UTC
        self.assertEqual(daily.deadline, datetime(2025, 3, 4, 9, 0))
        weekly = self._report("promoter", "weekly", date(2025, 3, 5))
        self.assertEqual(
            (weekly.period_start, weekly.period_end), (date(2025, 3, 3), date(2025, 3, 9))
        )
        self.assertEqual(weekly.deadline, datetime(2025, 3, 9, 9, 0), "Sunday 17:00")
        summary = self._report("promoter", "monthly_summary", date(2025, 3, 10))
        self.assertEqual(
            (summary.period_start, summary.period_end), (date(2025, 3, 1), date(2025, 3, 31))
        )
        self.assertEqual(summary.deadline, datetime(2025, 4, 5, 15, 59, 59), "by the 5th")
        plan = self._report("promoter", "monthly_plan", date(2025, 3, 10))
        self.assertEqual(
            (plan.period_start, plan.period_end), (date(2025, 4, 1), date(2025, 4, 30))
        )
        self.assertEqual(plan.deadline, datetime(2025, 3, 25, 15, 59, 59), "by the 25th before")

    def test_a_changed_setting_gives_new_reports_their_deadline(self):
        self.company.write(
            {
                "hm_daily_report_hour": 18.5,
                "hm_weekly_report_hour": 12.0,
                "hm_monthly_summary_day": 10,
                "hm_monthly_plan_day": 31,
            }
        )
        self.assertEqual(
            self._report("promoter", "daily", date(2025, 3, 4)).deadline,
            datetime(2025, 3, 4, 10, 30),
        )
        self.assertEqual(
            self._report("promoter", "weekly", date(2025, 3, 4)).deadline,
            datetime(2025, 3, 9, 4, 0),
        )
        self.assertEqual(
            self._report("promoter", "monthly_summary", date(2025, 3, 4)).deadline,
            datetime(2025, 4, 10, 15, 59, 59),
        )
        # the plan of March is due on the 31st of February: its last day
        self.assertEqual(
            self._report("promoter", "monthly_plan", date(2025, 2, 4)).deadline,
            datetime(2025, 2, 28, 15, 59, 59),
        )

    def test_a_changed_setting_moves_the_drafts_not_due_yet(self):
        today = fields.Date.context_today(self.Report)
        due_soon = self._report("promoter", "monthly_plan", today + relativedelta(months=2))
        past = self._report("promoter", "daily", date(2025, 3, 4))
        filed = self._report("promoter_b", "monthly_plan", today + relativedelta(months=2))
        filed.with_user(self.user_promoter_b).action_submit()
        before = (past.deadline, filed.deadline)
        self.company.hm_monthly_plan_day = 20
        self.company.hm_daily_report_hour = 12.0
        # by the end of the 20th in Changsha
        self.assertEqual(
            due_soon.deadline,
            datetime.combine(
                due_soon.period_start - relativedelta(months=1, day=20), datetime.min.time()
            ).replace(hour=15, minute=59, second=59),
        )
        self.assertEqual((past.deadline, filed.deadline), before, "due or filed: unchanged")

    def test_the_deadline_is_in_the_staff_members_time_zone(self):
        self.employees["promoter_b"].tz = "Europe/Paris"  # UTC+1 in March
        report = self._report("promoter_b", "daily", date(2025, 3, 4))
        self.assertEqual(report.deadline, datetime(2025, 3, 4, 16, 0))

    def test_a_report_filed_after_its_deadline_is_late(self):
        yesterday = self._report("promoter", "daily", date(2025, 3, 4))
        today = self._report("promoter", "daily", date(2025, 3, 5))
        with freeze_time("2025-03-05 08:59:00"):  # 16:59 in Changsha
            (yesterday | today).with_user(self.user_promoter).action_submit()
        self.assertTrue(yesterday.is_late, "filed the day after")
        self.assertFalse(today.is_late, "filed a minute before 17:00")
        self.assertEqual(today.submitted_datetime, datetime(2025, 3, 5, 8, 59))
        late = self.Report.search([("is_late", "=", True), ("id", "in", (yesterday | today).ids)])
        self.assertEqual(late, yesterday, "the Late filter finds it")

    def test_one_report_per_staff_member_type_and_period(self):
        self._report("promoter", "weekly", date(2025, 3, 3))
        self._report("promoter", "daily", date(2025, 3, 3))
        self._report("promoter_b", "weekly", date(2025, 3, 3))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._report("promoter", "weekly", date(2025, 3, 7))

    def test_the_figures_of_the_period_come_from_the_visit_log(self):
        clinic = self.env["res.partner"].create({"name": "Clinic", "is_company": True})
        Visit = self.env["hospital.visit"]
        promoter = self.employees["promoter"]
        for kind, start, state in (
            ("visit", "2025-03-04 01:00:00", "done"),  # 09:00 on the 4th in Changsha
            ("call", "2025-03-03 20:00:00", "done"),  # 04:00 on the 4th in Changsha
            ("visit", "2025-03-04 17:00:00", "done"),  # 01:00 on the 5th
            ("visit", "2025-03-04 02:00:00", "planned"),  # not done: not counted
        ):
            Visit.create(
                {
                    "kind": kind,
                    "partner_id": clinic.id,
                    "promoter_id": promoter.id,
                    "start_datetime": start,
                    "state": state,
                }
            )
        Visit.create(
            {
                "partner_id": clinic.id,
                "promoter_id": self.employees["promoter_b"].id,
                "start_datetime": "2025-03-04 01:00:00",
                "state": "done",
            }
        )
        daily = self._report("promoter", "daily", date(2025, 3, 4))
        weekly = self._report("promoter", "weekly", date(2025, 3, 4))
        other = self._report("promoter_b", "daily", date(2025, 3, 4))
        self.assertEqual((daily.visit_count, daily.call_count), (1, 1))
        self.assertEqual((weekly.visit_count, weekly.call_count), (2, 1))
        self.assertEqual((other.visit_count, other.call_count), (1, 0))


@tagged("post_install", "-at_install")
class TestReportReview(WorkReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = cls._report("promoter", "daily", date(2025, 3, 4), summary="拜访 3 家诊所")
        # a leader of another team
        cls.user_leader_b = cls._make_user("hm_leader_b", ROLE_GROUPS["leader"])
        cls.env["hr.employee"].create({"name": "Leader B", "user_id": cls.user_leader_b.id})
        cls.team_b.leader_id = cls.user_leader_b.employee_id

    def _submit(self):
        self.report.with_user(self.user_promoter).action_submit()

    def test_submitting_asks_the_team_leader_for_a_review(self):
        self._submit()
        self.assertEqual(self.report.state, "submitted")
        self.assertEqual(self.report.leader_id, self.employees["leader"])
        activity = self.report.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_leader)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("hospital_marketing.mail_activity_type_report_review"),
        )
        to_review = self.Report.with_user(self.user_leader).search(
            [("state", "=", "submitted"), ("leader_user_id", "=", self.user_leader.id)]
        )
        self.assertEqual(to_review, self.report)

    def test_the_leader_approves(self):
        self._submit()
        self.report.with_user(self.user_leader).action_approve()
        self.assertEqual(self.report.state, "approved")
        self.assertEqual(self.report.reviewer_id, self.user_leader)
        self.assertFalse(self.report.activity_ids, "the review activity is done")

    def test_the_leader_returns_with_a_reason_and_the_author_corrects(self):
        self._submit()
        wizard = (
            self.env["hospital.work.report.return.wizard"]
            .with_user(self.user_leader)
            .create({"report_ids": [(6, 0, self.report.ids)], "reason": "请补充新客户资料"})
        )
        wizard.action_return()
        self.assertEqual(self.report.state, "draft")
        self.assertEqual(self.report.return_reason, "请补充新客户资料")
        self.assertFalse(self.report.activity_ids)
        self.report.with_user(self.user_promoter).write({"new_clients": "德仁诊所 陈医生"})
        self._submit()
        self.assertEqual(self.report.state, "submitted")
        self.assertFalse(self.report.return_reason)

    def test_returning_needs_a_reason(self):
        self._submit()
        with self.assertRaises(UserError):
            self.report.with_user(self.user_leader)._return_to_author(" ")
        self.assertEqual(self.report.state, "submitted")

    def test_nobody_reviews_their_own_report(self):
        self._submit()
        with self.assertRaises(AccessError):
            self.report.with_user(self.user_promoter).action_approve()
        with self.assertRaises(AccessError):
            self.report.with_user(self.user_promoter)._return_to_author("ok")
        own = self._report("leader", "daily", date(2025, 3, 4))
        own.with_user(self.user_leader).action_submit()
        self.assertFalse(own.leader_id, "a leader is not their own responsible leader")
        with self.assertRaises(AccessError):
            own.with_user(self.user_leader).action_approve()
        own.with_user(self.user_manager).action_approve()
        self.assertEqual(own.state, "approved")

    def test_only_the_teams_leader_or_the_manager_reviews(self):
        self._submit()
        for user in (
            self.user_leader_b,
            self.user_promoter_b,
            self.user_office,
            self.user_employee,
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.report.with_user(user).action_approve()
        self.assertEqual(self.report.state, "submitted")
        self.report.with_user(self.user_manager).action_approve()
        self.assertEqual(self.report.state, "approved")

    def test_a_draft_cannot_be_approved(self):
        with self.assertRaises(UserError):
            self.report.with_user(self.user_leader).action_approve()

    def test_a_submitted_report_is_frozen_and_the_state_moves_by_the_buttons_only(self):
        with self.assertRaises(AccessError):
            self.report.with_user(self.user_promoter).write({"state": "approved"})
        with self.assertRaises(AccessError):
            self.report.with_user(self.user_leader).write({"submitted_datetime": "2025-03-04"})
        with self.assertRaises(AccessError):
            self.Report.with_user(self.user_promoter).create(
                {"report_type": "daily", "date": date(2025, 3, 5), "state": "approved"}
            )
        self._submit()
        with self.assertRaises(UserError):
            self.report.with_user(self.user_promoter).write({"summary": "改过的"})
        with self.assertRaises(UserError):
            self.report.with_user(self.user_leader).unlink()


@tagged("post_install", "-at_install")
class TestReportPenalties(WorkReportCase):
    """The week of Monday 3 to Sunday 9 March 2025; Wednesday the 5th is a public holiday."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": cls.calendar.id,
                "company_id": cls.company.id,
                "date_from": "2025-03-04 16:00:00",  # the 5th, 00:00 in Changsha
                "date_to": "2025-03-05 15:59:59",
            }
        )
        # the promoter files the 3rd, 4th and 6th on time, nothing on Friday the 7th
        cls.on_time = cls.Report
        for day in (3, 4, 6):
            report = cls._report("promoter", "daily", date(2025, 3, day))
            with freeze_time(f"2025-03-0{day} 08:00:00"):
                report.with_user(cls.user_promoter).action_submit()
            cls.on_time |= report
        # and the weekly summary on Monday the 10th, a day late
        cls.weekly = cls._report("promoter", "weekly", date(2025, 3, 3))
        with freeze_time("2025-03-10 02:00:00"):
            cls.weekly.with_user(cls.user_promoter).action_submit()

    def _run(self, date_from=date(2025, 3, 3), date_to=date(2025, 3, 9)):
        with freeze_time("2025-03-12 03:00:00"):
            return self.env["hospital.performance.fine"]._generate_report_penalties(
                date_from, date_to, self.company
            )

    def test_a_missing_daily_report_on_a_working_day_is_fined_once(self):
        self._run()
        fines = self._fines("promoter", ["missing_report"])
        self.assertEqual(len(fines), 1, "Friday only: the 5th is a holiday, 8-9 a weekend")
        self.assertEqual(fines.amount, -20.0)
        self.assertEqual(fines.date, date(2025, 3, 7))
        self.assertEqual(fines.state, "confirmed")
        missing = self.Report.browse(fines.res_id)
        self.assertEqual(fines.res_model, "hospital.work.report")
        self.assertEqual(
            (missing.employee_id, missing.report_type, missing.period_start, missing.state),
            (self.employees["promoter"], "daily", date(2025, 3, 7), "missing"),
        )
        self.assertTrue(missing.is_late)
        self.assertFalse(
            self.Report.search(
                [
                    ("employee_id", "=", self.employees["promoter"].id),
                    ("period_start", "in", [date(2025, 3, 5), date(2025, 3, 8), date(2025, 3, 9)]),
                ]
            ),
            "no report is owed on a holiday or a weekend",
        )

    def test_a_late_weekly_report_fines_the_promoter_and_the_leader(self):
        self._run()
        late = self._fines("promoter", ["late_report"])
        self.assertEqual(
            (late.amount, late.res_id, late.date), (-50.0, self.weekly.id, date(2025, 3, 9))
        )
        leader = self._fines("leader", ["leader_penalty"])
        self.assertEqual((leader.amount, leader.res_id), (-100.0, self.weekly.id))
        self.assertTrue(self.weekly.is_late)
        self.assertEqual(self.weekly.state, "submitted", "a late report stays filed")

    def test_a_weekly_report_not_filed_by_its_deadline_is_missing_and_fined(self):
        self._run()
        # the expansion team has no leader: only the promoter is fined
        self.assertEqual(
            sorted(self._fines("promoter_b").mapped(lambda a: (a.kind, a.amount))),
            [("late_report", -50.0)] + [("missing_report", -20.0)] * 4,
        )
        weekly = self.Report.search(
            [("employee_id", "=", self.employees["promoter_b"].id), ("report_type", "=", "weekly")]
        )
        self.assertEqual(weekly.state, "missing")

    def test_a_second_run_fines_nobody_twice(self):
        first = self._run()
        self.assertTrue(first)
        reports = self.Report.search_count([])
        self.assertFalse(self._run(), "the second run creates no adjustment")
        self.assertEqual(self.Report.search_count([]), reports, "nor a report")
        # a fine cancelled by a person is not recreated either
        self._fines("promoter", ["missing_report"]).action_cancel()
        self.assertFalse(self._run())

    def test_a_draft_past_its_deadline_becomes_missing_and_can_still_be_filed(self):
        draft = self._report("promoter", "daily", date(2025, 3, 7), summary="忘了提交")
        self._run()
        self.assertEqual(draft.state, "missing")
        self.assertEqual(self._fines("promoter", ["missing_report"]).res_id, draft.id)
        with freeze_time("2025-03-12 04:00:00"):
            draft.with_user(self.user_promoter).action_submit()
        self.assertEqual(draft.state, "submitted")
        self.assertTrue(draft.is_late)
        self.assertFalse(self._run())

    def test_reports_on_time_are_not_fined(self):
        self._run()
        fined = self._fines("promoter").mapped("res_id")
        self.assertFalse(set(fined) & set(self.on_time.ids))

    def test_deadlines_not_yet_passed_are_not_fined(self):
        with freeze_time("2025-03-07 08:00:00"):  # Friday 16:00 in Changsha
            self.env["hospital.performance.fine"]._generate_report_penalties(
                date(2025, 3, 3), date(2025, 3, 9), self.company
            )
        self.assertFalse(self._fines("promoter"), "Friday's report is due at 17:00")
        self.assertEqual(len(self._fines("promoter_b")), 3, "3rd, 4th and 6th only")

    def test_nothing_is_owed_before_the_start_date(self):
        self.company.hm_report_penalty_start = date(2025, 3, 7)
        self.employees["promoter"].contract_date_start = date(2025, 3, 10)
        self._run()
        self.assertEqual(self._fines("promoter_b").mapped("date"), [date(2025, 3, 7)])
        self.assertFalse(self._fines("promoter"), "under contract from the 10th")

    def test_a_report_due_before_the_start_date_is_not_owed(self):
        """Installed on 1 March: the plan of March was due on 25 February, February's summary
        covers a month before the start; neither is fined."""
        with freeze_time("2025-03-12 03:00:00"):
            self.env["hospital.performance.fine"]._generate_report_penalties(
                date(2025, 2, 20), date(2025, 3, 9), self.company
            )
        fined = self.Report.browse(self._fines("promoter_b").mapped("res_id"))
        self.assertEqual(set(fined.mapped("report_type")), {"daily", "weekly"})
        self.assertFalse(
            self.Report.search(
                [
                    ("employee_id", "=", self.employees["promoter_b"].id),
                    ("report_type", "in", ("monthly_summary", "monthly_plan")),
                ]
            )
        )

    def test_only_field_staff_owe_reports(self):
        self._run()
        self.assertFalse(self._fines("office"))
        self.assertFalse(
            self.Report.search([("employee_id", "=", self.employees["leader"].id)]),
            "a leader files reports but is not fined as field staff",
        )

    def test_monthly_summary_and_plan_deadlines(self):
        plan = self._report("promoter", "monthly_plan", date(2025, 3, 1))
        with freeze_time("2025-03-20 02:00:00"):
            plan.with_user(self.user_promoter).action_submit()
        with freeze_time("2025-04-06 00:00:00"):
            self.env["hospital.performance.fine"]._generate_report_penalties(
                date(2025, 3, 10), date(2025, 4, 5), self.company
            )
        late = self._fines("promoter", ["late_report"]).filtered(
            lambda a: self.Report.browse(a.res_id).report_type != "weekly"
        )
        self.assertEqual(len(late), 1, "the summary of March, not the plan of April")
        summary = self.Report.browse(late.res_id)
        self.assertEqual(
            (summary.report_type, summary.period_start, summary.state),
            ("monthly_summary", date(2025, 3, 1), "missing"),
        )
        self.assertEqual(late.date, date(2025, 4, 5))
        # the plan of May, due on 25 April, is not due yet
        self.assertFalse(
            self.Report.search(
                [
                    ("employee_id", "=", self.employees["promoter"].id),
                    ("period_start", "=", date(2025, 5, 1)),
                ]
            )
        )

    def test_the_daily_job_looks_back_to_the_previous_month(self):
        self.company.hm_report_penalty_start = date(2025, 1, 1)
        with freeze_time("2025-05-20 03:00:00"):
            self.Report._cron_report_penalties()
        days = self._fines("promoter_b", ["missing_report"]).mapped("date")
        self.assertEqual(min(days), date(2025, 4, 1))
        self.assertEqual(max(days), date(2025, 5, 19), "today's report is due tonight")

    def test_the_month_end_settlement_includes_the_fines(self):
        with freeze_time("2025-04-01 02:00:00"):
            settlements = self.env["hospital.commission.run"]._run(date(2025, 3, 1), self.company)
        promoter = settlements.filtered(lambda s: s.employee_id == self.employees["promoter"])
        leader = settlements.filtered(lambda s: s.employee_id == self.employees["leader"])
        fines = self._fines("promoter")
        # March from the 3rd: 17 working days without a daily report (7, 10-14, 17-21, 24-28,
        # 31), the late week of the 3rd, the missing weeks of the 10th, 17th and 24th and the
        # missing plan of April (due 25 March)
        self.assertEqual(len(fines.filtered(lambda a: a.kind == "missing_report")), 17)
        self.assertEqual(len(fines.filtered(lambda a: a.kind == "late_report")), 5)
        self.assertEqual(fines.settlement_id, promoter, "all in the promoter's settlement")
        self.assertIn(self.weekly.id, fines.mapped("res_id"))
        leader_fines = self._fines("leader")
        self.assertEqual(leader_fines.mapped("amount"), [-100.0] * 5)
        self.assertEqual(leader_fines.settlement_id, leader)
        self.assertEqual(
            promoter.amount_adjustment,
            sum(
                promoter.adjustment_ids.filtered(lambda a: a.state == "confirmed").mapped("amount")
            ),
        )
        self.assertLessEqual(promoter.amount_adjustment, -17 * 20 - 5 * 50)


@tagged("post_install", "-at_install")
class TestReportAccess(WorkReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._report("promoter", "daily", date(2025, 3, 4), summary="A")
        cls.other = cls._report("promoter_b", "daily", date(2025, 3, 4), summary="B")
        cls.secret = cls._report(
            "promoter",
            "monthly_plan",
            date(2025, 3, 4),
            plan="新区域开发方案",
            summary="S",
            secret_class="b",
        )
        cls.foreign = cls.Report.create(
            {
                "employee_id": cls.employees["other_promoter"].id,
                "company_id": cls.other_company.id,
                "report_type": "daily",
                "date": date(2025, 3, 4),
            }
        )
        cls.all = cls.mine | cls.other | cls.secret | cls.foreign

    def _visible(self, role):
        return self.Report.with_user(self.users[role]).search([("id", "in", self.all.ids)])

    def test_scopes_by_search(self):
        self.assertEqual(self._visible("promoter"), self.mine | self.secret)
        self.assertEqual(self._visible("promoter_b"), self.other)
        self.assertEqual(self._visible("leader"), self.mine, "the team's, not its secret")
        self.assertEqual(self._visible("office"), self.mine | self.other)
        self.assertEqual(self._visible("manager"), self.mine | self.other)
        self.assertEqual(self._visible("vp"), self.mine | self.other | self.secret)
        self.assertEqual(self._visible("other_promoter"), self.foreign)

    def test_a_secret_given_to_the_leader_is_theirs_to_read(self):
        self.secret.secret_user_ids = self.user_leader
        self.assertEqual(self._visible("leader"), self.mine | self.secret)

    def test_read_and_write_outside_the_scope_are_denied(self):
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user_promoter_b).read(["summary"])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user_promoter_b).write({"summary": "x"})
        with self.assertRaises(AccessError):
            self.other.with_user(self.user_leader).read(["summary"])
        with self.assertRaises(AccessError):
            self.secret.with_user(self.user_leader).read(["plan"])
        self.mine.with_user(self.user_leader).write({"summary": "组长补充"})
        self.assertEqual(self.mine.summary, "组长补充")

    def test_read_group_counts_only_the_scope(self):
        groups = self.Report.with_user(self.user_leader)._read_group(
            [("id", "in", self.all.ids)], ["employee_id"], ["__count"]
        )
        self.assertEqual(groups, [(self.employees["promoter"], 1)])
        groups = self.Report.with_user(self.user_promoter)._read_group(
            [("id", "in", self.all.ids)], ["report_type"], ["__count"]
        )
        self.assertEqual(sorted(groups), [("daily", 1), ("monthly_plan", 1)])

    def test_roles_outside_marketing_see_no_report(self):
        for role in ("guide_desk", "finance", "treatment_leader", "employee"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.Report.with_user(self.users[role]).search([])

    def test_export_is_a_right_and_stays_in_the_scope(self):
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user_promoter).export_data(["summary"])
        self.user_promoter.group_ids += self.env.ref("hospital_marketing.group_marketing_export")
        rows = self._visible("promoter").export_data(["summary"])["datas"]
        self.assertEqual(sorted(row[0] for row in rows), ["A", "S"])
        with self.assertRaises(AccessError):
            self.other.with_user(self.user_promoter).export_data(["summary"])

    def test_reading_a_secret_report_leaves_a_trace(self):
        self.secret.with_user(self.user_vp).read(["plan"])
        trace = self.env["hospital.secret.access.log"].search(
            [("res_model", "=", "hospital.work.report"), ("res_id", "=", self.secret.id)]
        )
        self.assertEqual(trace.user_id, self.user_vp)
