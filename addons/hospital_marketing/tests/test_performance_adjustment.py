from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestPerformanceAdjustment(MarketingCase):
    """Fines and bonuses (R-W5, R-W6, R-R6): the leader decides on the team's, nobody on their
    own, and every role that holds them finds them in the Commissions menu."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Adjustment = cls.env["hospital.performance.adjustment"]
        cls.fine = cls.Adjustment.create(
            {"name": "Late visit log", "employee_id": cls.employees["promoter"].id, "amount": -50}
        )
        cls.leader_fine = cls.Adjustment.create(
            {
                "name": "Weekly report of the team late",
                "kind": "leader_penalty",
                "employee_id": cls.employees["leader"].id,
                "amount": -100,
            }
        )

    def test_leader_confirms_and_cancels_the_team_members_fine(self):
        self.fine.with_user(self.user_leader).action_confirm()
        self.assertEqual(self.fine.state, "confirmed")
        self.fine.with_user(self.user_leader).action_cancel()
        self.assertEqual(self.fine.state, "cancel")
        self.fine.with_user(self.user_leader).action_draft()
        self.assertEqual(self.fine.state, "draft")

    def test_nobody_decides_on_their_own_pay(self):
        as_leader = self.leader_fine.with_user(self.user_leader)
        for action in (as_leader.action_confirm, as_leader.action_cancel):
            with self.assertRaisesRegex(AccessError, "your own performance pay"):
                action()
        with self.assertRaisesRegex(AccessError, "your own performance pay"):
            as_leader.write({"amount": -1})
        with self.assertRaisesRegex(AccessError, "your own performance pay"):
            self.Adjustment.with_user(self.user_leader).create(
                {"name": "Bonus", "employee_id": self.employees["leader"].id, "amount": 500}
            )
        with self.assertRaisesRegex(AccessError, "your own performance pay"):
            self.fine.with_user(self.user_leader).write(
                {"employee_id": self.employees["leader"].id, "amount": 50}
            )
        self.assertEqual(self.leader_fine.state, "draft")
        # the manager decides on the leader's penalty
        self.leader_fine.with_user(self.user_manager).action_confirm()
        self.assertEqual(self.leader_fine.state, "confirmed")

    def test_readers_cannot_decide(self):
        """The promoter reads their own fine and finance reads all: neither confirms, cancels
        or records one. The marketing office and a promoter of another team do not even see it
        (secret class E)."""
        self.assertEqual(
            self.Adjustment.with_user(self.user_promoter).search([]).ids, self.fine.ids
        )
        for role in ("promoter", "finance"):
            fine = self.fine.with_user(self.users[role])
            self.assertTrue(fine.read(["amount"]), role)
            for action in (fine.action_confirm, fine.action_cancel):
                with self.assertRaises(AccessError, msg=role):
                    action()
            with self.assertRaises(AccessError, msg=role):
                self.Adjustment.with_user(self.users[role]).create(
                    {"name": "Bonus", "employee_id": self.employees["promoter"].id, "amount": 1}
                )
        self.assertEqual(self.fine.state, "draft")
        for role in ("office", "promoter_b"):
            with self.assertRaises(AccessError, msg=role):
                self.fine.with_user(self.users[role]).read(["amount"])

    def test_menu_and_views_for_the_roles(self):
        menu = self.env.ref("hospital_marketing.menu_hospital_performance_adjustment")
        action = self.env.ref("hospital_marketing.action_hospital_performance_adjustment")
        for role in ("promoter", "leader", "manager", "finance", "vp"):
            user = self.users[role]
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            self.assertIn(menu.id, visible, role)
            views = self.Adjustment.with_user(user).get_views(
                [(False, "list"), (False, "form"), (False, "search"), (False, "pivot")]
            )
            self.assertIn("amount", views["models"]["hospital.performance.adjustment"]["fields"])
        # the leader's list holds the team's fines, their own included (to read)
        self.assertEqual(
            self.Adjustment.with_user(self.user_leader).search(
                [("state", "!=", "cancel")] if action.domain else []
            ),
            self.fine | self.leader_fine,
        )
        for role in ("guide_desk", "treatment_leader", "employee"):
            visible = self.env["ir.ui.menu"].with_user(self.users[role])._visible_menu_ids()
            self.assertNotIn(menu.id, visible, role)

    def test_open_the_cause(self):
        report = self.env["hospital.work.report"].create(
            {"employee_id": self.employees["promoter"].id, "report_type": "daily"}
        )
        self.fine.sudo().write({"res_model": report._name, "res_id": report.id})
        action = self.fine.with_user(self.user_leader).action_open_source()
        self.assertEqual((action["res_model"], action["res_id"]), (report._name, report.id))
        self.assertFalse(self.leader_fine.action_open_source())
