"""A quota's events run (R-W6): the outreach events done in the period that the staff member
was on the team of; events not done, of another period or without them do not count."""

from odoo import SUPERUSER_ID
from odoo.tests import tagged

from .common import EventCase


@tagged("post_install", "-at_install")
class TestEventsRunInQuota(EventCase):
    def _done(self, event):
        # the state of an event changes through its actions; the fixture sets it directly
        event.with_user(SUPERUSER_ID).write({"hm_state": "done"})
        return event

    def test_events_run_counts_done_events_of_the_period(self):
        self._done(self.event)  # 20 May 2030, the promoter is its contact person
        self._done(
            self._create_event(
                "Campus lecture", team=[("promoter", "lecturer"), ("leader", "leader")]
            )
        )
        self._create_event("Planned only", team=[("promoter", "executor")])
        self._done(
            self._create_event(
                "Other month",
                team=[("promoter", "executor")],
                date_begin="2030-06-02 01:00:00",
                date_end="2030-06-02 08:00:00",
            )
        )
        self._done(self._create_event("Without the promoter", team=[("leader", "leader")]))
        quota = self.env["hospital.marketing.quota"].create(
            {
                "employee_id": self.employees["promoter"].id,
                "date_from": "2030-05-01",
                "date_to": "2030-05-31",
                "target_events": 4,
            }
        )
        self.assertEqual(quota.achieved_events, 2)
        leader_quota = self.env["hospital.marketing.quota"].create(
            {
                "employee_id": self.employees["leader"].id,
                "date_from": "2030-05-01",
                "date_to": "2030-05-31",
                "target_events": 1,
            }
        )
        self.assertEqual(leader_quota.achieved_events, 3)
