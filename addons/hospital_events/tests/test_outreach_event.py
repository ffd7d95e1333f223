from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.hospital_referral.tests.commission_common import create_billed_case

from .common import EventCase


@tagged("post_install", "-at_install")
class TestOutreachEvent(EventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the fees come from the final HIS bills (R-R5): P2's final bill discharged them
        cls.referrals = cls.env["hospital.referral"].concat(
            *(
                create_billed_case(
                    cls.env, patient_name=name, event_id=cls.event.id, state=state, total_fees=fees
                )
                for name, state, fees in [
                    ("P1", "discharged", 9000.0),
                    ("P2", "closed", 1000.0),
                    ("P3", "registered", 0.0),  # not come yet: not counted
                ]
            )
        )

    def test_effect_counts_patients_who_came_and_their_spending(self):
        self._approve()
        self._expense(5000.0, "venue")
        self.assertEqual(self.event.hm_patient_count, 2)
        self.assertEqual(self.event.hm_patient_spending, 10000.0)
        # (10 000 - 5 000) / 5 000, the cost from the expense on the event's account
        self.assertAlmostEqual(self.event.hm_roi, 100.0)

    def test_roi_without_cost_is_zero(self):
        self._approve()
        self.assertEqual(self.event.hm_actual_cost, 0.0)
        self.assertEqual(self.event.hm_roi, 0.0)

    def test_marketing_roles_reach_outreach_events(self):
        self.assertTrue(self.user_promoter.has_group("event.group_event_registration_desk"))
        self.assertTrue(self.user_leader.has_group("event.group_event_user"))
        self.assertTrue(self.user_manager.has_group("event.group_event_manager"))
        self.event.with_user(self.user_promoter).check_access("read")
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_promoter).write({"hm_expected_attendees": 1})
        self.event.with_user(self.user_leader).write({"hm_expected_attendees": 300})
        self.assertEqual(self.event.hm_expected_attendees, 300)
