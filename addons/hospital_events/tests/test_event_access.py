"""An event's patient spending respects what the reader may see (R-S3): the cases the reader
reads, the fees only for the roles that read fees, the ROI only for the readers of the costs
(secret class D, R-S1)."""

from odoo.tests import new_test_user, tagged

from odoo.addons.hospital_referral.tests.commission_common import create_billed_case

from .common import EventCase


@tagged("post_install", "-at_install")
class TestEventSpendingAccess(EventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event = cls._create_event(
            "Community tour",
            team=[("leader", "leader"), ("promoter", "contact"), ("promoter_b", "executor")],
            budget={"venue": 1000.0},
        )
        # discharged by their final HIS bills, which give the fees
        cls.own = create_billed_case(
            cls.env,
            patient_name="P1",
            event_id=cls.event.id,
            total_fees=9000.0,
            promoter_id=cls.employees["promoter"].id,
        )
        cls.other = create_billed_case(
            cls.env,
            patient_name="P2",
            event_id=cls.event.id,
            total_fees=1000.0,
            promoter_id=cls.employees["promoter_b"].id,
        )
        cls.event_user = new_test_user(
            cls.env, login="hm_event_user", groups="event.group_event_user"
        )

    def setUp(self):
        super().setUp()
        self._approve()
        self._expense(1000.0, "venue")

    def _effect(self, user):
        event = self.event.with_user(user)
        row = event.read(["hm_patient_count", "hm_patient_spending", "hm_roi"])[0]
        return row["hm_patient_count"], row["hm_patient_spending"], row["hm_roi"]

    def test_each_reader_sees_the_spending_of_the_cases_they_read(self):
        # the ROI would give the cost away: class D readers only
        self.assertEqual(self._effect(self.user_promoter), (1, 9000.0, 0.0))
        self.assertEqual(self._effect(self.user_promoter_b), (1, 1000.0, 0.0))
        self.assertEqual(self._effect(self.user_manager), (2, 10000.0, 900.0))
        self.assertEqual(self._effect(self.user_vp), (2, 10000.0, 900.0))

    def test_a_reader_without_cases_sees_no_spending(self):
        self.assertEqual(self._effect(self.event_user), (0, 0.0, 0.0))
