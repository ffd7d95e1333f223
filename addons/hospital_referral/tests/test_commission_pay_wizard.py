"""Paying all posted settlements at once (R-C8): finance sees how many and how much first,
then pays exactly those; nobody else opens it or pays."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.hospital_marketing.tests.common import MATRIX_ROLES

from .commission_common import CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionPayWizard(CommissionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        promoter = cls.employees["promoter"]
        cls._case(promoter_id=promoter.id, referring_partner_id=cls.part_timer.id)
        for _i in range(3):  # the monthly quota of 4 patients is met: no penalty
            cls._case(promoter_id=promoter.id, total_fees=1000.0)
        cls._run()
        cls.external = cls.Settlement.search([("partner_id", "=", cls.part_timer.id)])
        cls.staff = cls.Settlement.search([("employee_id", "=", promoter.id)])
        for settlement in cls.external | cls.staff:
            for role in ("manager", "treatment_leader", "finance", "vp"):
                settlement.with_user(cls.users[role]).action_sign()
        cls.Wizard = cls.env["hospital.commission.pay.wizard"]

    def test_count_and_total_first_then_pay_what_was_shown(self):
        finance = self.user_finance
        self.external.with_user(finance).action_post()
        wizard = self.Wizard.with_user(finance).create({})
        self.assertEqual(wizard.settlement_ids, self.external)
        self.assertEqual(wizard.settlement_count, 1)
        self.assertEqual(wizard.amount_total, 2000.0)
        self.assertEqual(wizard.currency_id, self.company.currency_id)
        self.assertFalse(self.external.is_paid, "opening the wizard pays nothing")
        # posted after the wizard was opened: not among what finance confirmed
        self.staff.with_user(finance).action_post()
        action = wizard.action_pay()
        self.assertEqual(action["tag"], "display_notification")
        # paid by bank transfer: in payment until the bank statement matches it
        self.assertEqual(self.external.payment_state, "in_payment")
        self.assertEqual(self.staff.payment_state, "not_paid")
        wizard = self.Wizard.with_user(finance).create({})
        self.assertEqual(wizard.settlement_ids, self.staff)
        self.assertEqual(wizard.amount_total, self.staff.amount_total)

    def test_nothing_to_pay(self):
        wizard = self.Wizard.with_user(self.user_finance).create({})
        self.assertEqual(wizard.settlement_count, 0)
        with self.assertRaisesRegex(UserError, "no posted settlement"):
            wizard.action_pay()

    def test_only_finance(self):
        (self.external | self.staff).with_user(self.user_finance).action_post()
        wizard = self.Wizard.with_user(self.user_finance).create({})
        for role in MATRIX_ROLES:
            if role == "finance":
                continue
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.Wizard.with_user(self.users[role]).create({})
                with self.assertRaises(AccessError):
                    wizard.with_user(self.users[role]).action_pay()
        self.assertFalse(self.external.is_paid or self.staff.is_paid)
        action = self.env.ref("hospital_marketing.action_hospital_commission_pay_wizard")
        self.assertEqual(
            action.group_ids, self.env.ref("hospital_marketing.group_marketing_finance")
        )
        menu = self.env.ref("hospital_marketing.menu_hospital_commission_pay_all")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.user_finance)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.user_vp)._visible_menu_ids())
