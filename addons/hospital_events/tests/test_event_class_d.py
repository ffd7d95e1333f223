"""R-S1 class D: the budget, costs and receipts of outreach events are read by the marketing
manager, the office, finance and the vice-president only, whatever the way in (read,
read_group, export)."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EventCase

COST_FIELDS = ["hm_budget", "hm_actual_cost", "hm_cost_variance", "hm_receipt_count"]


@tagged("post_install", "-at_install")
class TestEventClassD(EventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event.with_user(cls.user_leader).action_hm_submit()
        cls.event.with_user(cls.user_manager).action_hm_approve()
        # export is a privilege of its own (R-S3): everybody here holds it, class D still holds
        export = cls.env.ref("hospital_marketing.group_marketing_export")
        for user in cls.users.values():
            user.group_ids = [Command.link(export.id)]

    def setUp(self):
        super().setUp()
        self._expense(1500.0, "venue")

    def test_promoter_and_leader_get_nothing(self):
        for user in (self.user_promoter, self.user_leader):
            event = self.event.with_user(user)
            self.assertTrue(event.read(["name"]), "they staff the event")
            for fname in COST_FIELDS:
                with self.assertRaises(AccessError, msg=f"{user.login} reads {fname}"):
                    event.read([fname])
            with self.assertRaises(AccessError):
                event.read_group([("id", "=", self.event.id)], ["hm_budget:sum"], [])
            with self.assertRaises(AccessError):
                event.formatted_read_group(
                    [("id", "=", self.event.id)], ["hm_outreach_kind"], ["hm_budget:sum"]
                )
            with self.assertRaises(AccessError):
                event.export_data(["hm_actual_cost"])
            with self.assertRaises(AccessError):
                event.search([("hm_budget", ">", 0)])
            with self.assertRaises(AccessError):
                self.env["hospital.event.budget.line"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.event.hm_budget_line_ids.with_user(user).read(["amount"])
            self.assertNotIn("hm_actual_cost", event.fields_get())

    def test_manager_office_finance_vp_read_the_costs(self):
        for role in ("manager", "office", "finance", "vp"):
            event = self.event.with_user(self.users[role])
            row = event.read(COST_FIELDS)[0]
            self.assertEqual(
                (row["hm_budget"], row["hm_actual_cost"], row["hm_receipt_count"]),
                (3000.0, 1500.0, 1),
                role,
            )
            [group] = event.formatted_read_group(
                [("id", "=", self.event.id)], ["hm_outreach_kind"], ["hm_budget:sum"]
            )
            self.assertEqual(group["hm_budget:sum"], 3000.0)
            self.assertEqual(event.export_data(["hm_budget"])["datas"], [[3000.0]])
            lines = self.env["hospital.event.budget.line"].with_user(self.users[role])
            self.assertEqual(len(lines.search([("event_id", "=", self.event.id)])), 2)
