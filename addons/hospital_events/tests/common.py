import base64

from odoo import Command

from odoo.addons.hospital_marketing.tests.common import MarketingCase

RECEIPT = base64.b64encode(b"%PDF-1.4 receipt")


class EventCase(MarketingCase):
    """An outreach event staffed by the referral team (the leader leads, the promoter is its
    contact person), products per cost category and helpers for real cost documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.hm_event_vp_budget = 20000.0
        cls.company.hm_event_cost_deviation = 10.0
        cls.products = {
            category: cls.env["product.product"].create(
                {
                    "name": f"Event {category}",
                    "type": "service",
                    "can_be_expensed": True,
                    "standard_price": 0.0,
                    "hm_event_cost_category": category,
                }
            )
            for category in ("venue", "transport", "meals")
        }
        cls.vendor = cls.env["res.partner"].create({"name": "Wangcheng Bus Company"})
        cls.event = cls._create_event(
            "Free screening, Wangcheng",
            team=[("leader", "leader"), ("promoter", "contact")],
            budget={"venue": 1000.0, "transport": 2000.0},
        )

    @classmethod
    def _create_event(cls, name, team=(), budget=None, **values):
        return cls.env["event.event"].create(
            {
                "name": name,
                "hm_outreach_kind": "rural_exam",
                "date_begin": "2030-05-20 01:00:00",
                "date_end": "2030-05-20 08:00:00",
                "hm_team_line_ids": [
                    Command.create({"employee_id": cls.employees[who].id, "role": role})
                    for who, role in team
                ],
                "hm_budget_line_ids": [
                    Command.create({"category": category, "amount": amount})
                    for category, amount in (budget or {}).items()
                ],
                **values,
            }
        )

    def _approve(self, event=None):
        event = event or self.event
        event.with_user(self.user_leader).action_hm_submit()
        event.with_user(self.user_vp).action_hm_approve()
        self.assertEqual(event.hm_state, "approved")
        return event

    def _expense(self, amount, category, event=None, receipt=True, state="approved"):
        """An expense of the event's leader on the event's analytic account, approved but not
        posted yet."""
        event = event or self.event
        expense = self.env["hr.expense"].create(
            {
                "name": f"{category} {amount}",
                "employee_id": self.employees["leader"].id,
                "product_id": self.products[category].id,
                "total_amount_currency": amount,
                "tax_ids": [Command.clear()],
                "analytic_distribution": {str(event.hm_analytic_account_id.id): 100},
            }
        )
        expense.approval_state = state
        if receipt:
            self._attach(expense)
        return expense

    def _bill(self, amount, category, event=None, receipt=True, share=100):
        """A posted vendor bill whose line carries ``share`` % on the event's account."""
        event = event or self.event
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.vendor.id,
                "invoice_date": "2030-05-21",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.products[category].id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": {str(event.hm_analytic_account_id.id): share},
                        }
                    )
                ],
            }
        )
        bill.action_post()
        if receipt:
            self._attach(bill)
        return bill

    def _attach(self, record):
        return self.env["ir.attachment"].create(
            {
                "name": "receipt.pdf",
                "datas": RECEIPT,
                "res_model": record._name,
                "res_id": record.id,
            }
        )
