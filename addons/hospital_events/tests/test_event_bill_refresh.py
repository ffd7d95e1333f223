"""The stored effect figures of an event (its cost, ROI, cost per patient) follow a posted
vendor bill on its analytic account that is reset to draft, changed and posted again, or
cancelled (R-E5), not only its expenses."""

from odoo.tests import tagged

from odoo.addons.hospital_referral.tests.commission_common import create_billed_case

from .common import EventCase


@tagged("post_install", "-at_install")
class TestEventBillRefresh(EventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event.with_user(cls.user_leader).action_hm_submit()
        cls.event.with_user(cls.user_manager).action_hm_approve()
        create_billed_case(cls.env, patient_name="P1", event_id=cls.event.id, total_fees=6000.0)

    def _stored(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT hm_effect_cost, hm_effect_roi, hm_cost_per_patient FROM event_event "
            "WHERE id = %s",
            [self.event.id],
        )
        return tuple(round(value or 0.0, 2) for value in self.env.cr.fetchone())

    def test_bill_reset_changed_reposted_and_cancelled(self):
        bill = self._bill(2000.0, "transport")
        self.assertEqual(self._stored(), (2000.0, 200.0, 2000.0))
        bill.button_draft()
        self.assertEqual(self._stored(), (0.0, 0.0, 0.0), "a draft bill is no cost")
        bill.invoice_line_ids.price_unit = 3000.0
        bill.action_post()
        self.assertEqual(self._stored(), (3000.0, 100.0, 3000.0))
        self.assertEqual(self.event.hm_actual_cost, 3000.0)
        bill.button_draft()
        bill.button_cancel()
        self.assertEqual(bill.state, "cancel")
        self.assertEqual(self._stored(), (0.0, 0.0, 0.0))
        self.assertEqual(self.event.hm_actual_cost, 0.0)
