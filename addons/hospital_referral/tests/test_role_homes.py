"""The homes of the guide desk, finance and the treatment group leader (issue 13), and the
"pay" of the settlement list, which asks finance to confirm the count and the total first."""

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.hospital_marketing.tests.common import MATRIX_ROLES

from .commission_common import CommissionCase
from .common import ReferralCase


def _home(user):
    action = user._hm_marketing_home_action()
    return action and action["xml_id"]


@tagged("post_install", "-at_install")
class TestGuideDeskHome(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case(patient_phone="138 0000 1111")
        cls.other = cls._case(patient_name="李四", patient_phone="139 0000 2222")

    def _desk_search(self, typed):
        """What Enter does in the search box of the guide desk's home: the first field of its
        search view, with what was typed."""
        action = self.env.ref("hospital_referral.action_hospital_referral_home_guidedesk")
        arch = etree.fromstring(
            self.env["hospital.referral"].get_views([(action.search_view_id.id, "search")])[
                "views"
            ]["search"]["arch"]
        )
        first = arch.xpath("//field")[0]
        domain = safe_eval(first.get("filter_domain"), {"self": typed})
        return self.env["hospital.referral"].with_user(self.user_guide_desk).search(domain)

    def test_the_guide_desk_lands_on_the_patients_expected(self):
        self.assertEqual(
            _home(self.user_guide_desk), "hospital_referral.action_hospital_referral_home_guidedesk"
        )
        action = self.user_guide_desk._hm_marketing_home_action()
        self.assertEqual(safe_eval(action["context"]), {"search_default_to_arrive": 1})
        self.assertIn("kanban", action["view_mode"])  # the cards of a phone

    def test_enter_on_a_full_number_finds_the_patient_and_is_traced(self):
        Log = self.env["hospital.secret.access.log"]
        before = Log.search_count([("user_id", "=", self.user_guide_desk.id)])
        self.assertEqual(self._desk_search("13800001111"), self.case)
        self.assertEqual(self._desk_search("+86 138-0000-1111"), self.case)
        lookups = Log.search([("user_id", "=", self.user_guide_desk.id), ("action", "=", "lookup")])
        self.assertEqual(len(lookups), before + 2)
        self.assertNotIn("1111", " ".join(lookups.mapped("record_name")))

    def test_no_oracle_a_partial_number_finds_nothing(self):
        for typed in ("1380000111", "80000111", "0000111", "138000011"):
            with self.subTest(typed=typed):
                self.assertFalse(self._desk_search(typed) & (self.case | self.other))

    def test_the_name_number_and_voucher_still_work(self):
        self.assertEqual(self._desk_search("李四"), self.other)
        self.assertEqual(self._desk_search(self.case.name), self.case)


@tagged("post_install", "-at_install")
class TestMoneyHomes(CommissionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        promoter = cls.employees["promoter"]
        cls._case(promoter_id=promoter.id, referring_partner_id=cls.part_timer.id)
        for _i in range(3):
            cls._case(promoter_id=promoter.id, total_fees=1000.0)
        cls._run()
        cls.external = cls.Settlement.search([("partner_id", "=", cls.part_timer.id)])
        cls.staff = cls.Settlement.search([("employee_id", "=", promoter.id)])
        cls.Tile = cls.env["hospital.home.tile"]

    def _tile(self, user, xmlid):
        return self.env.ref(xmlid).with_user(user)

    def _sign(self, roles):
        for settlement in self.external | self.staff:
            for role in roles:
                settlement.with_user(self.users[role]).action_sign()

    def test_treatment_leader_lands_on_the_settlements_to_cosign(self):
        self._sign(["manager"])
        treatment = self.user_treatment_leader
        action = treatment._hm_marketing_home_action()
        self.assertEqual(
            action["xml_id"], "hospital_marketing.action_hospital_commission_settlement_to_cosign"
        )
        self.assertTrue(action["view_mode"].startswith("kanban"))
        domain = safe_eval(action["domain"], {"uid": treatment.id})
        waiting = self.Settlement.with_user(treatment).search(domain)
        self.assertEqual(
            waiting,
            (self.external | self.staff).filtered(lambda s: treatment in s.treatment_user_ids),
        )
        self.assertTrue(waiting)
        waiting.with_user(treatment).action_sign()
        self.assertFalse(self.Settlement.with_user(treatment).search(domain))

    def test_finance_lands_on_what_to_post_and_pay(self):
        finance = self.user_finance
        self.assertEqual(_home(finance), "hospital_marketing.action_hospital_home_finance")
        self._sign(["manager", "treatment_leader", "finance", "vp"])
        to_post = self._tile(finance, "hospital_marketing.home_tile_finance_to_post")
        pay_all = self._tile(finance, "hospital_marketing.home_tile_finance_pay_all")
        self.assertEqual(to_post.count, 2)
        self.assertEqual(pay_all.count, 0)
        self.external.with_user(finance).action_post()
        (to_post | pay_all).invalidate_recordset()
        self.assertEqual(to_post.count, 1)
        self.assertEqual(pay_all.count, 1)
        self.assertIn("2,000.00", pay_all.value)
        action = pay_all.action_open()
        self.assertEqual(action["res_model"], "hospital.commission.pay.wizard")

    def test_pay_from_the_list_confirms_count_and_total_first(self):
        finance = self.user_finance
        self._sign(["manager", "treatment_leader", "finance", "vp"])
        self.external.with_user(finance).action_post()
        selection = (self.external | self.staff).with_user(finance)
        action = selection.action_open_pay_wizard()
        self.assertEqual(action["res_model"], "hospital.commission.pay.wizard")
        self.assertEqual(action["target"], "new")
        self.assertFalse(self.external.is_paid, "opening the confirmation pays nothing")
        wizard = (
            self.env["hospital.commission.pay.wizard"]
            .with_user(finance)
            .with_context(**action["context"])
            .create({})
        )
        # only the posted, unpaid settlement of the selection; the approved one is not paid
        self.assertEqual(wizard.settlement_ids, self.external)
        self.assertEqual((wizard.settlement_count, wizard.amount_total), (1, 2000.0))
        wizard.action_pay()
        self.assertEqual(self.external.payment_state, "in_payment")
        self.assertEqual(self.staff.state, "approved")

    def test_only_finance_opens_the_pay_confirmation(self):
        for role in MATRIX_ROLES:
            if role == "finance":
                continue
            with self.subTest(role=role), self.assertRaises(AccessError):
                (self.external | self.staff).with_user(self.users[role]).action_open_pay_wizard()

    def test_the_leader_decides_the_flags_of_the_team(self):
        flagged = self._case(promoter_id=self.employees["promoter"].id)
        flagged.sudo().write({"fraud_flag": "duplicate", "fraud_decision": "pending"})
        tile = self._tile(self.user_leader, "hospital_referral.home_tile_leader_flags")
        self.assertEqual(tile.count, 1)
        self.assertEqual(
            self._tile(self.user_promoter_b, "hospital_referral.home_tile_leader_flags").count, 0
        )
        found = (
            self.env["hospital.referral"]
            .with_user(self.user_leader)
            .search(tile.action_open()["domain"])
        )
        self.assertEqual(found, flagged)


@tagged("post_install", "-at_install")
class TestRoleMenus(ReferralCase):
    """A role sees in the Marketing app the menus it can use, and its home among them."""

    def _leaves(self, user):
        Menu = self.env["ir.ui.menu"]
        visible = Menu.with_user(user)._visible_menu_ids()
        root = self.env.ref("hospital_marketing.menu_marketing_root")
        leaves = set()
        for menu in Menu.search([("id", "child_of", root.id), ("action", "!=", False)]):
            chain = menu
            shown = True
            while chain:
                shown = shown and chain.id in visible
                chain = chain.parent_id
            if shown:
                leaves.add(menu.get_external_id()[menu.id])
        return leaves

    def test_the_guide_desk_sees_its_patients_only(self):
        self.assertEqual(
            self._leaves(self.user_guide_desk), {"hospital_referral.menu_referral_home_guidedesk"}
        )

    def test_the_treatment_leader_sees_what_to_cosign(self):
        self.assertEqual(
            self._leaves(self.user_treatment_leader),
            {
                "hospital_referral.menu_referral_cases",
                "hospital_marketing.menu_hospital_commission_settlement",
                "hospital_marketing.menu_hospital_commission_line",
                "hospital_marketing.menu_hospital_commission_to_cosign",
            },
        )

    def test_finance_sees_money_not_field_work(self):
        leaves = self._leaves(self.user_finance)
        self.assertIn("hospital_marketing.menu_hospital_home_finance", leaves)
        self.assertIn("hospital_marketing.menu_hospital_commission_pay_all", leaves)
        self.assertFalse({m for m in leaves if "work_report" in m or "visit" in m})
        self.assertNotIn("hospital_marketing.menu_hospital_marketing_team", leaves)

    def test_a_promoter_does_not_see_the_leaders_or_offices_menus(self):
        leaves = self._leaves(self.user_promoter)
        for menu in (
            "hospital_marketing.menu_hospital_home_leader",
            "hospital_marketing.menu_hospital_work_report_review",
            "hospital_referral.menu_referral_flags",
            "hospital_referral.menu_referral_arrivals",
            "hospital_marketing.menu_hospital_marketing_team",
        ):
            self.assertNotIn(menu, leaves)
        self.assertIn("hospital_marketing.menu_hospital_visit", leaves)
        self.assertIn(
            "hospital_marketing.menu_hospital_home_leader", self._leaves(self.user_leader)
        )
