"""R-S3 on outreach events: promoters see the events they staff, leaders their team's, the
office, the manager, the vice-president and finance all of them."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EventCase


@tagged("post_install", "-at_install")
class TestEventRecordRules(EventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # staffed by promoter_b only; promoter_b's team has no leader
        cls.other_event = cls._create_event("Company group exam", team=[("promoter_b", "executor")])
        cls.plain_event = cls.env["event.event"].create(
            {
                "name": "Open day (not an outreach event)",
                "date_begin": "2030-05-20 01:00:00",
                "date_end": "2030-05-20 08:00:00",
            }
        )
        cls.events = cls.event | cls.other_event | cls.plain_event

    def _visible(self, user):
        Event = self.env["event.event"].with_user(user)
        found = Event.search([("id", "in", self.events.ids)])
        grouped = Event.formatted_read_group(
            [("id", "in", self.events.ids)], ["hm_outreach_kind"], ["__count"]
        )
        self.assertEqual(sum(group["__count"] for group in grouped), len(found))
        return found

    def test_each_role_sees_its_events(self):
        self.assertEqual(self._visible(self.user_promoter), self.event | self.plain_event)
        self.assertEqual(self._visible(self.user_promoter_b), self.other_event | self.plain_event)
        # the leader leads the event, and the promoter of the leader's team staffs it
        self.assertEqual(self._visible(self.user_leader), self.event | self.plain_event)
        for role in ("office", "manager", "vp", "finance"):
            self.assertEqual(self._visible(self.users[role]), self.events, role)

    def test_leader_sees_the_events_the_team_staffs(self):
        event = self._create_event("Lecture", team=[("promoter", "lecturer")])
        self.assertIn(event, self._visible(self.user_leader) | event.with_user(self.user_leader))
        event.with_user(self.user_leader).check_access("read")
        event.with_user(self.user_leader).write({"hm_expected_attendees": 50})
        with self.assertRaises(AccessError):
            self.other_event.with_user(self.user_leader).check_access("read")

    def test_outsiders_are_denied(self):
        with self.assertRaises(AccessError):
            self.other_event.with_user(self.user_promoter).read(["name"])
        with self.assertRaises(AccessError):
            self.other_event.hm_team_line_ids.with_user(self.user_promoter).read(["employee_id"])
        with self.assertRaises(AccessError):
            self.other_event.with_user(self.user_promoter).action_hm_submit()
        with self.assertRaises(AccessError):
            self.other_event.with_user(self.user_leader).action_hm_submit()
        self.assertFalse(
            self.env["hospital.event.team.line"]
            .with_user(self.user_promoter)
            .search([("event_id", "=", self.other_event.id)])
        )
        # an internal user without a marketing role: no outreach menu, no team lines
        with self.assertRaises(AccessError):
            self.env["hospital.event.team.line"].with_user(self.user_employee).search([])
        # the finance reads but does not write
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_finance).write({"hm_expected_attendees": 1})
