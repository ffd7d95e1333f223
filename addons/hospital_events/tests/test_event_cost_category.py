"""R-E5: a cost counts in the event budget category picked on its expense or vendor bill
line, the product's by default: a bus receipt booked with a generic product is Transport."""

from odoo import Command
from odoo.tests import Form, tagged

from .common import EventCase


@tagged("post_install", "-at_install")
class TestEventCostCategory(EventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event.with_user(cls.user_leader).action_hm_submit()
        cls.event.with_user(cls.user_manager).action_hm_approve()
        cls.generic = cls.env["product.product"].create(
            {
                "name": "Receipt",
                "type": "service",
                "can_be_expensed": True,
                "supplier_taxes_id": [Command.clear()],
            }
        )

    def _by_category(self):
        self.event.hm_budget_line_ids.invalidate_recordset()
        return {
            line.category: (line.actual_amount, line.variance)
            for line in self.event.hm_budget_line_ids
        }

    def test_the_category_defaults_from_the_product(self):
        expense = self._expense(100.0, "venue")
        self.assertEqual(expense.hm_event_cost_category, "venue")
        form = Form(self.env["hr.expense"])
        form.product_id = self.products["transport"]
        self.assertEqual(form.hm_event_cost_category, "transport")
        form.hm_event_cost_category = "meals"
        form.product_id = self.generic
        self.assertEqual(form.hm_event_cost_category, "meals", "a pick is kept")

    def test_a_generic_receipt_lands_in_the_category_picked(self):
        # an expense: open, then posted
        expense = self._expense(600.0, "venue")
        expense.write({"product_id": self.generic.id, "hm_event_cost_category": False})
        self.assertEqual(self._by_category()["transport"], (0.0, -2000.0), "counts as Other")
        self.assertEqual(self.event.hm_actual_cost, 600.0)
        expense.hm_event_cost_category = "transport"
        self.assertEqual(self._by_category()["transport"], (600.0, -1400.0))
        self.assertEqual(self._by_category()["venue"], (0.0, -1000.0))
        action = expense.action_post()
        self.env[action["res_model"]].browse(action["res_id"]).with_context(
            active_ids=expense.ids, company_paid_move_ids=[]
        ).action_post_entry()
        self.assertEqual(expense.account_move_id.state, "posted")
        self.assertEqual(
            expense.account_move_id.line_ids.filtered(
                "analytic_distribution"
            ).hm_event_cost_category,
            "transport",
        )
        self.assertEqual(self._by_category()["transport"], (600.0, -1400.0))
        # a vendor bill line with a generic product, the category picked on the line
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.vendor.id,
                "invoice_date": "2030-05-21",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.generic.id,
                            "quantity": 1,
                            "price_unit": 1700.0,
                            "tax_ids": [Command.clear()],
                            "hm_event_cost_category": "transport",
                            "analytic_distribution": {
                                str(self.event.hm_analytic_account_id.id): 100
                            },
                        }
                    )
                ],
            }
        )
        bill.action_post()
        self.assertEqual(self._by_category()["transport"], (2300.0, 300.0))
        self.assertEqual(self.event.hm_actual_cost, 2300.0)
        # a product with a category, another one picked on the line: the line's wins
        self._bill(400.0, "meals").invoice_line_ids.hm_event_cost_category = "venue"
        self.assertEqual(self._by_category()["venue"], (400.0, -600.0))
