"""R-C3 on the engine: an event-role rule splits its rounded total between the roles to the
cent, and its role shares sum to 100%."""

from odoo.tests import tagged

from odoo.addons.hospital_marketing.tools.commission_contract import (
    CommissionCandidate,
    CommissionPayee,
)
from odoo.addons.hospital_referral.tests.commission_common import DISCHARGE, CommissionCase


@tagged("post_install", "-at_install")
class TestEventRule(CommissionCase):
    def test_event_roles_share_the_rounded_total_to_the_cent(self):
        rule = self.env["hospital.commission.rule"].create(
            {"name": "Events 6%", "payee_kind": "event_role", "method": "percentage", "rate": 6.0}
        )
        people = [self.employees[role] for role in ("promoter", "promoter_b", "manager")]
        candidate = CommissionCandidate(
            res_model="hospital.referral",
            res_id=999999,
            company_id=self.company.id,
            date=DISCHARGE,
            total=1000.09,
            payees=tuple(
                CommissionPayee(
                    role=f"event_{role}",
                    payee_kind="event_role",
                    employee_id=employee.id,
                    parts=(role,),
                )
                for role, employee in zip(("contact", "executor", "lecturer"), people, strict=True)
            ),
        )
        pending, _issues = self.Engine._amounts_owed([candidate])
        self.assertEqual(pending[0][2], rule)
        amounts = [computed[2] for _case, _payee, _rule, computed in pending]
        self.assertEqual(amounts, [30.01, 18.0, 12.0])
        self.assertEqual(round(sum(amounts), 2), 60.01)

    def test_event_shares_must_sum_to_hundred(self):
        with self.assertRaisesRegex(Exception, "sum to 100"):
            self.env["hospital.commission.rule"].create(
                {
                    "name": "Event 6%",
                    "payee_kind": "event_role",
                    "rate": 6.0,
                    "contact_share": 50,
                    "executor_share": 30,
                    "lecturer_share": 30,
                }
            )
