from odoo.exceptions import AccessError
from odoo.tests import tagged

from .commission_common import MONTH, CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionAccess(CommissionCase):
    """R-S1/R-S3: commission income is secret class E. Promoters see their own lines and
    settlements, leaders their team's, the manager (who verifies), finance and the
    vice-president all, a treatment group leader what they co-sign; nobody else anything."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._case(promoter_id=cls.employees["promoter"].id, referring_partner_id=cls.part_timer.id)
        cls._case(
            promoter_id=cls.employees["promoter_b"].id,
            referring_partner_id=cls.clinic.id,
            department_id=cls.dept_surgery.id,
        )
        cls._run()
        cls.mine = cls.Settlement.search(
            [("employee_id", "=", cls.employees["promoter"].id), ("date_from", "=", MONTH)]
        )
        cls.theirs = cls.Settlement.search(
            [("employee_id", "=", cls.employees["promoter_b"].id), ("date_from", "=", MONTH)]
        )
        cls.external = cls.Settlement.search(
            [("partner_id", "=", cls.part_timer.id), ("date_from", "=", MONTH)]
        )
        cls.clinic_settlement = cls.Settlement.search(
            [("partner_id", "=", cls.clinic.id), ("date_from", "=", MONTH)]
        )
        cls.month_domain = [("date_from", "=", MONTH)]

    def _visible(self, role, model="hospital.commission.settlement"):
        domain = (
            self.month_domain if model.endswith("settlement") else [("period_date", "=", MONTH)]
        )
        return self.env[model].with_user(self.users[role]).search(domain)

    def test_promoter_sees_own_only(self):
        self.assertEqual(self._visible("promoter"), self.mine)
        lines = self._visible("promoter", "hospital.commission.line")
        self.assertEqual(lines.employee_id, self.employees["promoter"])
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.user_promoter).read(["amount_total"])
        with self.assertRaises(AccessError):
            self.external.with_user(self.user_promoter).read(["amount_total"])
        groups = (
            self.env["hospital.commission.settlement"]
            .with_user(self.user_promoter)
            ._read_group(self.month_domain, [], ["amount_total:sum"])
        )
        self.assertEqual(groups[0][0], self.mine.amount_total)

    def test_promoter_writes_nothing(self):
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user_promoter).write({"partner_invoice_ref": "x"})
        with self.assertRaises(AccessError):
            self.mine.line_ids.with_user(self.user_promoter).write({"amount": 1.0})

    def test_workflow_fields_change_only_through_the_actions(self):
        for role in ("finance", "manager", "vp"):
            with self.assertRaisesRegex(AccessError, "change only through the actions"):
                self.mine.with_user(self.users[role]).write({"state": "approved"})
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user_finance).write({"employee_id": False})
        self.external.with_user(self.user_finance).partner_invoice_ref = "INV-7"
        self.assertEqual(self.external.partner_invoice_ref, "INV-7")

    def test_adjustments_enter_a_settlement_only_through_the_run(self):
        adjustment = self.mine.adjustment_ids[:1]
        self.assertTrue(adjustment, "quota adjustment of the month")
        with self.assertRaisesRegex(AccessError, "month-end settlement run"):
            adjustment.with_user(self.user_leader).write({"settlement_id": False})

    def test_leader_sees_the_team(self):
        visible = self._visible("leader")
        self.assertIn(self.mine, visible)
        self.assertNotIn(self.theirs, visible)
        self.assertNotIn(self.clinic_settlement, visible)

    def test_manager_finance_vp_see_all(self):
        everything = self.mine | self.theirs | self.external | self.clinic_settlement
        for role in ("manager", "finance", "vp"):
            self.assertEqual(self._visible(role) & everything, everything, role)

    def test_treatment_leader_sees_what_they_cosign(self):
        visible = self._visible("treatment_leader")
        self.assertEqual(visible, self.mine | self.external, "internal medicine cases only")
        self.assertNotIn(self.theirs, visible)
        lines = self._visible("treatment_leader", "hospital.commission.line")
        self.assertEqual(lines.department_id, self.dept_internal)

    def test_others_see_nothing(self):
        for role in ("office", "other_promoter"):
            self.assertFalse(self._visible(role), role)
        for role in ("employee", "guide_desk"):
            with self.assertRaises(AccessError):
                self._visible(role)
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user_employee).read(["amount_total"])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user_guide_desk).read(["amount_total"])

    def test_signoffs_follow_the_settlement(self):
        self.mine.with_user(self.user_manager).action_sign()
        signoffs = (
            self.env["hospital.commission.signoff"].with_user(self.user_promoter_b).search([])
        )
        self.assertNotIn(self.mine, signoffs.settlement_id)
        signoffs = self.env["hospital.commission.signoff"].with_user(self.user_promoter).search([])
        self.assertIn(self.mine, signoffs.settlement_id)

    def test_rules_are_configured_by_managers(self):
        with self.assertRaises(AccessError):
            self.rule_external.with_user(self.user_promoter).write({"rate": 30.0})
        with self.assertRaises(AccessError):
            self.rule_external.with_user(self.user_finance).write({"rate": 30.0})
        self.rule_external.with_user(self.user_manager).write({"rate": 30.0})

    def test_month_end_run_is_for_office_and_finance(self):
        from freezegun import freeze_time

        with freeze_time("2030-04-02"):
            self.env["hospital.commission.run.wizard"].with_user(self.user_office).create(
                {"month": MONTH}
            ).action_run()
        with self.assertRaises(AccessError):
            self.env["hospital.commission.run.wizard"].with_user(self.user_promoter).create(
                {"month": MONTH}
            )
