"""Workflow fields change only through actions that check the role (issue 8 §1): work
reports, performance adjustments, visits, staff, commission rules.

Each table writes a protected field as every role, as an RPC call would; the roles that may
not are refused whatever the view shows. The action tables press each button as every role."""

from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import MATRIX_ROLES, MarketingCase

LEADER_ROLES = {"leader", "manager", "vp"}


class WorkflowCase(MarketingCase):
    def assertRefused(self, records, vals, role):
        with (
            self.subTest(role=role, vals=list(vals)),
            self.assertRaises(AccessError, msg=f"{role} writes {list(vals)} on {records}"),
            self.env.cr.savepoint(),
        ):
            records.with_user(self.users[role]).write(vals)

    def assertCreateRefused(self, model, vals, role):
        with (
            self.subTest(role=role, vals=list(vals)),
            self.assertRaises(AccessError, msg=f"{role} creates {model} with {list(vals)}"),
            self.env.cr.savepoint(),
        ):
            self.env[model].with_user(self.users[role]).create(vals)

    def assertActionRefused(self, records, action, role):
        with (
            self.subTest(role=role, action=action),
            self.assertRaises(AccessError, msg=f"{role} presses {action} on {records}"),
            self.env.cr.savepoint(),
        ):
            getattr(records.with_user(self.users[role]), action)()


@tagged("post_install", "-at_install")
class TestWorkReportWorkflowFields(WorkflowCase):
    def setUp(self):
        super().setUp()
        Report = self.env["hospital.work.report"]
        self.missing = Report.create(
            {
                "employee_id": self.employees["promoter"].id,
                "report_type": "daily",
                "date": date(2026, 11, 3),
                "state": "missing",
            }
        )
        self.draft = Report.create(
            {"employee_id": self.employees["promoter"].id, "date": date(2026, 11, 4)}
        )

    def test_protected_fields_refused_for_every_role(self):
        protected = {
            "state": "approved",
            "submitted_datetime": datetime(2026, 11, 3, 8, 0),
            "reviewer_id": self.user_leader.id,
            "reviewed_datetime": datetime(2026, 11, 3, 9, 0),
            "return_reason": "x",
            "deadline": datetime(2027, 1, 1, 9, 0),
            "is_late": not self.missing.is_late,
            "period_start": date(2026, 12, 1),
            "employee_id": self.employees["promoter_b"].id,
            "user_id": self.user_promoter_b.id,
            "team_id": self.team_b.id,
            "leader_id": self.employees["manager"].id,
        }
        owner_fields = {"employee_id", "user_id", "team_id", "leader_id"}
        for fname, value in protected.items():
            for role in MATRIX_ROLES:
                if not (fname in owner_fields and role in LEADER_ROLES):
                    self.assertRefused(self.missing, {fname: value}, role)
        self.assertEqual(self.missing.state, "missing")
        self.assertEqual(self.missing.employee_id, self.employees["promoter"])

    def test_promoter_cannot_move_a_missing_report_to_someone_else(self):
        """Issue 8: a promoter moved their missing report to another staff member."""
        for vals in (
            {"employee_id": self.employees["promoter_b"].id},
            {"user_id": self.user_promoter_b.id},
            {"team_id": self.team_b.id},
        ):
            self.assertRefused(self.missing, vals, "promoter")
        self.assertCreateRefused(
            "hospital.work.report",
            {"employee_id": self.employees["promoter_b"].id, "date": date(2026, 11, 5)},
            "promoter",
        )
        self.assertCreateRefused(
            "hospital.work.report", {"date": date(2026, 11, 5), "state": "approved"}, "promoter"
        )
        # the leader corrects who a report belongs to
        self.draft.with_user(self.user_leader).employee_id = self.employees["leader"]
        self.assertEqual(self.draft.user_id, self.user_leader)

    def test_context_defaults_of_protected_fields_are_ignored(self):
        report = (
            self.env["hospital.work.report"]
            .with_user(self.user_promoter)
            .with_context(default_state="approved", default_reviewer_id=self.user_leader.id)
            .create({"date": date(2026, 11, 6)})
        )
        self.assertEqual((report.state, report.reviewer_id.id), ("draft", False))
        self.assertEqual(report.employee_id, self.employees["promoter"])

    def test_submit_and_review_by_role(self):
        # the author only: not the leader, the office, the manager or the VP either
        for role in (
            "promoter_b",
            "leader",
            "office",
            "manager",
            "vp",
            "guide_desk",
            "finance",
            "treatment_leader",
            "employee",
        ):
            self.assertActionRefused(self.draft, "action_submit", role)
        self.draft.with_user(self.user_promoter).action_submit()
        self.assertEqual(self.draft.state, "submitted")
        for role in (
            "promoter",
            "promoter_b",
            "office",
            "guide_desk",
            "finance",
            "treatment_leader",
            "employee",
        ):
            self.assertActionRefused(self.draft, "action_approve", role)
        self.draft.with_user(self.user_leader).action_approve()
        self.assertEqual((self.draft.state, self.draft.reviewer_id), ("approved", self.user_leader))


@tagged("post_install", "-at_install")
class TestAdjustmentWorkflowFields(WorkflowCase):
    def setUp(self):
        super().setUp()
        self.fine = self.env["hospital.performance.adjustment"].create(
            {"name": "Late visit log", "employee_id": self.employees["promoter"].id, "amount": -50}
        )

    def test_protected_fields_refused_for_every_role(self):
        protected = {
            "state": "confirmed",
            "commission_percent": 30.0,
            "res_model": "res.partner",
            "res_id": 1,
            "user_id": self.user_promoter_b.id,
            "team_id": self.team_b.id,
        }
        for fname, value in protected.items():
            for role in MATRIX_ROLES:
                if not (fname in ("user_id", "team_id") and role in LEADER_ROLES):
                    self.assertRefused(self.fine, {fname: value}, role)
        for role in LEADER_ROLES:
            self.assertCreateRefused(
                "hospital.performance.adjustment",
                {
                    "name": "Bonus",
                    "employee_id": self.employees["promoter"].id,
                    "amount": 500,
                    "state": "confirmed",
                },
                role,
            )
        self.assertEqual(self.fine.state, "draft")

    def test_amount_frozen_once_confirmed(self):
        self.fine.with_user(self.user_leader).action_confirm()
        for role in ("leader", "manager", "vp"):
            self.assertRefused(self.fine, {"amount": 0.0}, role)
            self.assertRefused(self.fine, {"employee_id": self.employees["promoter_b"].id}, role)
        self.fine.with_user(self.user_leader).write({"note": "paid attention"})
        self.assertEqual(self.fine.amount, -50)

    def test_actions_by_role(self):
        for action in ("action_confirm", "action_cancel"):
            for role in set(MATRIX_ROLES) - LEADER_ROLES:
                self.assertActionRefused(self.fine, action, role)
        self.fine.with_user(self.user_manager).action_confirm()
        self.assertEqual(self.fine.state, "confirmed")
        self.fine.with_user(self.user_leader).action_cancel()
        self.assertEqual(self.fine.state, "cancel")
        for role in set(MATRIX_ROLES) - LEADER_ROLES:
            self.assertActionRefused(self.fine, "action_draft", role)
        self.fine.with_user(self.user_vp).action_draft()
        self.assertEqual(self.fine.state, "draft")


@tagged("post_install", "-at_install")
class TestVisitStaffRuleWorkflowFields(WorkflowCase):
    def test_visit_changes_hands_only_by_a_leader(self):
        partner = self.env["res.partner"].create({"name": "Clinic"})
        visit = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": partner.id})
        )
        self.assertEqual(visit.promoter_id, self.employees["promoter"])
        for fname, value in {
            "promoter_id": self.employees["promoter_b"].id,
            "user_id": self.user_promoter_b.id,
            "team_id": self.team_b.id,
        }.items():
            for role in set(MATRIX_ROLES) - LEADER_ROLES:
                self.assertRefused(visit, {fname: value}, role)
        self.assertCreateRefused(
            "hospital.visit",
            {"partner_id": partner.id, "promoter_id": self.employees["promoter_b"].id},
            "promoter",
        )
        visit.with_user(self.user_leader).promoter_id = self.employees["leader"]
        self.assertEqual(visit.user_id, self.user_leader)

    def test_staff_role_team_and_clinician_flag(self):
        """R-C10: only the marketing manager or finance (holding the HR right to edit staff)
        sets a staff member's marketing role, team and licensed-clinician flag; an HR officer
        alone may not."""
        hr_officer = self._make_user("hm_hr_officer", "hr.group_hr_user")
        self.users["hr_officer"] = hr_officer
        employee = self.employees["promoter"].with_context(tracking_disable=False)
        for fname, value in {
            "hm_marketing_role": "leader",
            "hm_marketing_team_id": self.team_b.id,
            "hm_licensed_clinician": True,
        }.items():
            for role in (*MATRIX_ROLES, "hr_officer"):
                if role not in ("manager", "vp", "finance"):
                    self.assertRefused(employee, {fname: value}, role)
        hr = self.env.ref("hr.group_hr_user")
        self.user_finance.group_ids += hr
        self.user_manager.group_ids += hr
        employee.with_user(self.user_finance).write({"hm_licensed_clinician": True})
        employee.with_user(self.user_manager).write({"hm_marketing_team_id": self.team_b.id})
        self.assertTrue(employee.hm_licensed_clinician)
        self.assertEqual(employee.hm_marketing_team_id, self.team_b)
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = employee.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("hm_marketing_team_id", tracked)
        self.assertIn("hm_licensed_clinician", tracked)
        # plain HR edits are untouched
        employee.with_user(hr_officer).write({"job_title": "Promoter"})
        # the form shows the officer these fields read-only, and lets finance change them
        for user, readonly in ((hr_officer, True), (self.user_finance, False)):
            form = Form(employee.with_user(user))
            for fname in ("hm_marketing_role", "hm_marketing_team_id", "hm_licensed_clinician"):
                with self.subTest(user=user.login, field=fname):
                    self.assertEqual(bool(form._get_modifier(fname, "readonly")), readonly)

    def test_rules_are_configured_by_the_manager(self):
        rule = self.env["hospital.commission.rule"].create(
            {"name": "Staff 3%", "payee_kind": "staff", "method": "percentage", "rate": 3.0}
        )
        for role in set(MATRIX_ROLES) - {"manager", "vp"}:
            self.assertRefused(rule, {"rate": 30.0}, role)
            self.assertCreateRefused(
                "hospital.commission.rule",
                {"name": "Mine", "payee_kind": "staff", "method": "percentage", "rate": 50.0},
                role,
            )
        rule.with_user(self.user_manager).rate = 4.0
        self.assertEqual(rule.rate, 4.0)
