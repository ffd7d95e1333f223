"""R-E5: the actual costs of an event come from its expenses and vendor bills on its analytic
account, per cost category, with their receipts; above the configured deviation the event is
flagged and its leader named."""

from odoo.tests import tagged

from .common import EventCase


@tagged("post_install", "-at_install")
class TestEventCosts(EventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event.with_user(cls.user_leader).action_hm_submit()
        cls.event.with_user(cls.user_manager).action_hm_approve()

    def _by_category(self):
        return {
            line.category: (line.amount, line.actual_amount, line.variance)
            for line in self.event.hm_budget_line_ids
        }

    def test_variance_flag_from_expenses_and_bills(self):
        self._expense(1500.0, "venue")
        self._bill(2000.0, "transport")
        self.assertEqual(self.event.hm_budget, 3000.0)
        self.assertEqual(self.event.hm_actual_cost, 3500.0)
        self.assertEqual(self.event.hm_cost_variance, 500.0)
        self.assertAlmostEqual(self.event.hm_cost_variance_pct, 16.67, places=2)
        self.assertTrue(self.event.hm_cost_flagged)
        self.assertEqual(self.event.hm_cost_responsible_id, self.employees["leader"])
        self.assertEqual(
            self._by_category(),
            {"venue": (1000.0, 1500.0, 500.0), "transport": (2000.0, 2000.0, 0.0)},
        )
        self.assertEqual(self.event.hm_cost_document_count, 2)
        self.assertEqual(self.event.hm_receipt_count, 2)
        self.assertEqual(self.event.hm_missing_receipt_count, 0)
        # a larger allowed deviation: no flag
        self.company.hm_event_cost_deviation = 20.0
        self.event.invalidate_recordset()
        self.assertFalse(self.event.hm_cost_flagged)
        self.assertFalse(self.event.hm_cost_responsible_id)

    def test_within_budget_no_flag(self):
        self._expense(900.0, "venue")
        self._bill(1100.0, "transport")
        self.assertEqual(self.event.hm_actual_cost, 2000.0)
        self.assertFalse(self.event.hm_cost_flagged)

    def test_only_real_documents_count(self):
        self._expense(700.0, "venue", state=False, receipt=False)  # a draft: not reported
        self._expense(800.0, "venue", state="refused")
        self._bill(1000.0, "meals", share=50, receipt=False)  # half of the line is the event's
        other = self._create_event("Another event", team=[("leader", "leader")])
        self._approve(other)
        self._expense(5000.0, "transport", event=other)
        self.assertEqual(self.event.hm_actual_cost, 500.0)
        self.assertEqual(self._by_category()["venue"], (1000.0, 0.0, -1000.0))
        # a category without a budget line still counts in the total (meals)
        # the draft and the refused expense are no cost documents; the bill has no receipt
        self.assertEqual(self.event.hm_cost_document_count, 1)
        self.assertEqual(self.event.hm_receipt_count, 0)
        self.assertEqual(self.event.hm_missing_receipt_count, 1)
        self.assertEqual(other.hm_actual_cost, 5000.0)
        self.assertTrue(other.hm_cost_flagged, "no budget at all")
