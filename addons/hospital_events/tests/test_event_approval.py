"""R-E2: an outreach event's plan is approved before it runs; each step is an action that
checks the caller's role on the server; above the configured budget the vice-president
approves after the marketing manager; an expired permit blocks the approval."""

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import EventCase


@tagged("post_install", "-at_install")
class TestEventApproval(EventCase):
    def test_manager_approves_below_the_threshold(self):
        event = self.event.with_user(self.user_leader)
        event.action_hm_submit()
        self.assertEqual(event.hm_state, "submitted")
        self.assertFalse(self.event.hm_needs_vp)
        self.event.with_user(self.user_manager).action_hm_approve()
        self.assertEqual(self.event.hm_state, "approved")
        self.assertEqual(self.event.hm_approval_uid, self.user_manager)
        # the event's analytic account, in the default plan of events
        account = self.event.hm_analytic_account_id
        self.assertTrue(account)
        self.assertEqual(
            account.plan_id, self.env.ref("hospital_events.analytic_plan_outreach_events")
        )
        self.event.with_user(self.user_leader).action_hm_done()
        self.assertEqual(self.event.hm_state, "done")

    def test_vp_approves_above_the_threshold(self):
        big = self._create_event(
            "Two-cancers screening", team=[("leader", "leader")], budget={"venue": 25000.0}
        )
        self.assertTrue(big.hm_needs_vp)
        big.with_user(self.user_leader).action_hm_submit()
        big.with_user(self.user_manager).action_hm_approve()
        self.assertEqual(big.hm_state, "submitted", "the VP has not approved yet")
        self.assertEqual(big.hm_manager_approval_uid, self.user_manager)
        self.assertFalse(big.hm_analytic_account_id)
        with self.assertRaisesRegex(UserError, "vice-president"):
            big.with_user(self.user_manager).action_hm_approve()
        big.with_user(self.user_vp).action_hm_approve()
        self.assertEqual(big.hm_state, "approved")
        self.assertEqual(big.hm_approval_uid, self.user_vp)
        self.assertEqual(big.hm_manager_approval_uid, self.user_manager)
        # a threshold of zero: the manager alone
        self.company.hm_event_vp_budget = 0
        self.assertFalse(big.hm_needs_vp)

    def test_plan_from_the_settings(self):
        plan = self.env["account.analytic.plan"].create({"name": "Marketing activities"})
        self.company.hm_event_analytic_plan_id = plan
        self._approve()
        self.assertEqual(self.event.hm_analytic_account_id.plan_id, plan)

    def test_each_step_checks_the_role(self):
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_promoter).action_hm_submit()
        self.event.with_user(self.user_leader).action_hm_submit()
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_leader).action_hm_approve()
        # a view is not security: the state does not change by a write over RPC
        for user in (self.user_leader, self.user_manager):
            with self.assertRaises(AccessError):
                self.event.with_user(user).write({"hm_state": "approved"})
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_leader).write({"hm_approval_uid": self.user_leader.id})
        self.assertEqual(self.event.hm_state, "submitted")
        self.event.with_user(self.user_manager).action_hm_approve()
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_promoter).action_hm_done()
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_leader).action_hm_cancel()
        self.event.with_user(self.user_manager).action_hm_cancel()
        self.assertEqual(self.event.hm_state, "cancelled")
        self.event.with_user(self.user_leader).action_hm_reset_draft()
        self.assertEqual(self.event.hm_state, "draft")

    def test_no_team_no_submission(self):
        empty = self._create_event("Lecture without a team", user_id=self.user_leader.id)
        with self.assertRaisesRegex(UserError, "no team"):
            empty.with_user(self.user_leader).action_hm_submit()

    def test_expired_permit_blocks_the_approval(self):
        permit = self.env["hospital.event.permit"].create(
            {
                "event_id": self.event.id,
                "name": "Health commission free-clinic filing",
                # valid until the day before the event
                "valid_until": "2030-05-19",
            }
        )
        self.assertTrue(permit.expired)
        self.event.with_user(self.user_leader).action_hm_submit()
        with self.assertRaisesRegex(UserError, "expired"):
            self.event.with_user(self.user_manager).action_hm_approve()
        self.assertEqual(self.event.hm_state, "submitted")
        permit.with_user(self.user_leader).valid_until = "2030-12-31"
        self.assertFalse(permit.expired)
        self.event.with_user(self.user_manager).action_hm_approve()
        self.assertEqual(self.event.hm_state, "approved")

    def test_team_gets_calendar_entries_and_changes_are_tracked(self):
        self._approve()
        entry = self.event.hm_calendar_event_id
        self.assertTrue(entry)
        self.assertEqual(entry.start, self.event.date_begin)
        team_partners = (self.user_leader | self.user_promoter).partner_id
        self.assertEqual(entry.partner_ids, team_partners)
        self.assertEqual(
            self.env["calendar.event"]
            .with_user(self.user_promoter)
            .search(
                [("partner_ids", "in", self.user_promoter.partner_id.ids), ("id", "=", entry.id)]
            ),
            entry,
        )
        # the event moved by a day: so does the entry
        self.event.with_user(self.user_leader).write(
            {"date_begin": "2030-05-21 01:00:00", "date_end": "2030-05-21 08:00:00"}
        )
        self.assertEqual(str(entry.start), "2030-05-21 01:00:00")
        # a member added after the approval: the chatter says so, the calendar follows
        messages = self.event.message_ids
        self.event.with_user(self.user_leader).write(
            {
                "hm_team_line_ids": [
                    Command.create(
                        {
                            "employee_id": self.employees["office"].id,
                            "role": "doctor",
                            "skill": "colposcopy",
                        }
                    )
                ]
            }
        )
        new = self.event.message_ids - messages
        self.assertIn("Office", new.mapped("body")[0])
        self.assertIn(self.user_office.partner_id, entry.partner_ids)
        # a doctor needs a skill
        with self.assertRaises(IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.env["hospital.event.team.line"].create(
                {
                    "event_id": self.event.id,
                    "employee_id": self.employees["vp"].id,
                    "role": "doctor",
                }
            )
