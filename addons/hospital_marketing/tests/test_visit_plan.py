"""Weekly visit plans (R-W7): the lines are planned visits on the promoter's day, the leader
approves, planned vs done per day and week."""

from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MarketingCase

MONDAY = date(2026, 11, 30)


@tagged("post_install", "-at_install")
class TestVisitPlan(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.clinic = Partner.create({"name": "Wangyuehu Clinic", "is_company": True})
        cls.pharmacy = Partner.create({"name": "Laobaixing Pharmacy", "is_company": True})
        cls.user_promoter.tz = "Asia/Shanghai"

    def _plan(self, user=None, employee=None, lines=None, week=MONDAY):
        user = user or self.user_promoter
        vals = {"week_start": week}
        if employee:
            vals["employee_id"] = employee.id
        if lines is None:
            lines = [
                (MONDAY, self.clinic, "visit"),
                (date(2026, 12, 1), self.pharmacy, "call"),
                (date(2026, 12, 1), self.clinic, "visit"),
            ]
        vals["line_ids"] = [
            Command.create({"date": day, "partner_id": partner.id, "kind": kind})
            for day, partner, kind in lines
        ]
        return self.env["hospital.visit.plan"].with_user(user).create(vals)

    def test_lines_are_planned_visits_on_the_promoters_day(self):
        plan = self._plan()
        visits = plan.line_ids.visit_id
        self.assertEqual(len(visits), 3)
        self.assertEqual(set(visits.mapped("state")), {"planned"})
        self.assertEqual(visits.promoter_id, self.employees["promoter"])
        first = plan.line_ids.filtered(lambda line: line.date == MONDAY).visit_id
        # 09:00 in Shanghai is 01:00 UTC
        self.assertEqual(first.start_datetime, datetime(2026, 11, 30, 1, 0))
        self.assertEqual(first.partner_id, self.clinic)
        call = plan.line_ids.filtered(lambda line: line.kind == "call").visit_id
        self.assertEqual(call.kind, "call")
        # the promoter sees them in their own visit log
        mine = self.env["hospital.visit"].with_user(self.user_promoter).search([])
        self.assertLessEqual(visits, mine)

    def test_moving_or_removing_a_line_moves_or_cancels_its_visit(self):
        plan = self._plan()
        line = plan.line_ids[0]
        line.with_user(self.user_promoter).date = date(2026, 12, 3)
        self.assertEqual(line.visit_id.start_datetime, datetime(2026, 12, 3, 1, 0))
        visit = line.visit_id
        line.with_user(self.user_promoter).unlink()
        self.assertEqual(visit.state, "cancel")

    def test_week_starts_on_monday_and_lines_fall_in_it(self):
        with self.assertRaises(ValidationError):
            self.env["hospital.visit.plan"].with_user(self.user_promoter).create(
                {"week_start": date(2026, 12, 1)}
            )
        with self.assertRaises(ValidationError):
            self._plan(lines=[(date(2026, 12, 7), self.clinic, "visit")])

    def test_submit_then_only_the_leader_approves(self):
        plan = self._plan()
        plan.with_user(self.user_promoter).action_submit()
        self.assertEqual(plan.state, "submitted")
        with self.assertRaises(AccessError):
            plan.with_user(self.user_promoter).action_approve()
        # the state is not writable over RPC, whatever the view shows
        with self.assertRaises(AccessError):
            plan.with_user(self.user_promoter).write({"state": "approved"})
        with self.assertRaises(AccessError):
            plan.with_user(self.user_leader).write({"state": "approved"})
        plan.with_user(self.user_leader).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.user_leader)
        # an approved plan is the leader's to change
        with self.assertRaises(UserError):
            plan.line_ids[0].with_user(self.user_promoter).write({"purpose": "x"})
        plan.line_ids[0].with_user(self.user_leader).write({"purpose": "Bring the leaflets"})
        self.assertEqual(plan.line_ids[0].visit_id.purpose, "Bring the leaflets")

    def test_leader_of_another_team_and_own_plan_are_refused(self):
        plan = self._plan(user=self.user_promoter_b)
        plan.with_user(self.user_promoter_b).action_submit()
        with self.assertRaises(AccessError):
            plan.with_user(self.user_leader).action_approve()
        own = self._plan(user=self.user_leader)
        own.with_user(self.user_leader).action_submit()
        with self.assertRaises(UserError):
            own.with_user(self.user_leader).action_approve()
        own.with_user(self.user_manager).action_approve()
        self.assertEqual(own.state, "approved")

    def test_leader_plans_for_a_team_member_a_promoter_only_for_themselves(self):
        plan = self._plan(user=self.user_leader, employee=self.employees["promoter"])
        self.assertEqual(plan.user_id, self.user_promoter)
        self.assertEqual(plan.line_ids.visit_id.user_id, self.user_promoter)
        with self.assertRaises(AccessError):
            self._plan(
                user=self.user_promoter,
                employee=self.employees["promoter_b"],
                lines=[],
                week=date(2026, 12, 7),
            )
        with self.assertRaises(AccessError):
            self._plan(
                user=self.user_leader,
                employee=self.employees["promoter_b"],
                lines=[],
                week=date(2026, 12, 7),
            )

    def test_planned_vs_done_per_plan_day_and_week(self):
        plan = self._plan()
        tuesday = plan.line_ids.filtered(lambda line: line.date == date(2026, 12, 1))
        tuesday[0].visit_id.with_user(self.user_promoter).write({"state": "done"})
        self.assertEqual((plan.planned_count, plan.done_count), (3, 1))
        self.assertAlmostEqual(plan.done_rate, 100.0 / 3)
        Line = self.env["hospital.visit.plan.line"].with_user(self.user_leader)
        by_day = {
            day: (planned, done)
            for day, planned, done in Line._read_group(
                [("employee_id", "=", self.employees["promoter"].id)],
                ["date:day"],
                ["planned_count:sum", "done_count:sum"],
            )
        }
        self.assertEqual(by_day[MONDAY], (1, 0))
        self.assertEqual(by_day[date(2026, 12, 1)], (2, 1))
        by_week = Line._read_group(
            [("employee_id", "=", self.employees["promoter"].id)],
            ["date:week"],
            ["planned_count:sum", "done_count:sum"],
        )
        self.assertEqual([(p, d) for _week, p, d in by_week], [(3, 1)])

    def test_access_own_team_department(self):
        plan = self._plan()
        plan_b = self._plan(user=self.user_promoter_b)
        Plan = self.env["hospital.visit.plan"]
        Line = self.env["hospital.visit.plan.line"]
        ids = (plan | plan_b).ids
        scope = {
            "promoter": plan,
            "promoter_b": plan_b,
            "leader": plan,
            "office": plan | plan_b,
            "manager": plan | plan_b,
            "vp": plan | plan_b,
            "other_promoter": Plan,
        }
        for role, expected in scope.items():
            user = self.users[role]
            self.assertEqual(Plan.with_user(user).search([("id", "in", ids)]), expected, role)
            lines = Line.with_user(user).search([("plan_id", "in", ids)])
            self.assertEqual(lines.plan_id, expected, role)
        with self.assertRaises(AccessError):
            plan.with_user(self.user_promoter_b).read(["state"])
        with self.assertRaises(AccessError):
            plan.with_user(self.user_promoter_b).action_submit()
        with self.assertRaises(AccessError):
            plan.line_ids[0].with_user(self.user_promoter_b).write({"purpose": "x"})
        with self.assertRaises(AccessError):
            self.env["hospital.visit.plan"].with_user(self.user_employee).search([])
        groups = Plan.with_user(self.user_leader)._read_group([], ["employee_id"], ["__count"])
        self.assertEqual(groups, [(self.employees["promoter"], 1)])
        # the leader writes and submits the team's plan
        plan.with_user(self.user_leader).write({"note": "Add the pharmacy"})
        plan.with_user(self.user_leader).action_submit()
        self.assertEqual(plan.state, "submitted")
        plan.with_user(self.user_promoter).action_draft()
        self.assertEqual(plan.state, "draft")

    def test_empty_plan_is_not_submitted_and_one_plan_a_week(self):
        plan = self._plan(lines=[])
        with self.assertRaises(UserError):
            plan.with_user(self.user_promoter).action_submit()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._plan(lines=[])
