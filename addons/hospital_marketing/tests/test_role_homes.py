"""Every role lands on its work (issue 13): the home action of each role, and the cards of the
leader's and finance's homes counted under the user's own record rules."""

from datetime import date, datetime, timedelta
from unittest.mock import patch

from odoo.tests import tagged

from .common import ROLE_GROUPS
from .test_work_report import WorkReportCase


@tagged("post_install", "-at_install")
class TestRoleHomes(WorkReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Tile = cls.env["hospital.home.tile"]
        cls.user_leader_b = cls._make_user("hm_leader_b", ROLE_GROUPS["leader"])
        cls.env["hr.employee"].create({"name": "Leader B", "user_id": cls.user_leader_b.id})
        cls.team_b.leader_id = cls.user_leader_b.employee_id

    def _home(self, user):
        action = user._hm_marketing_home_action()
        return action and action["xml_id"]

    def _tiles(self, user, home):
        tiles = self.Tile.with_user(user).search([("home", "=", home)])
        return {tile.get_external_id()[tile.id].split(".")[1]: tile for tile in tiles}

    def test_each_role_lands_on_its_work(self):
        self.assertEqual(
            self._home(self.user_leader), "hospital_marketing.action_hospital_home_leader"
        )
        self.assertEqual(
            self._home(self.user_finance), "hospital_marketing.action_hospital_home_finance"
        )
        self.assertEqual(
            self._home(self.user_treatment_leader),
            "hospital_marketing.action_hospital_commission_settlement_to_cosign",
        )
        my_day = self.env.ref("hospital_marketing.action_hospital_my_day", raise_if_not_found=False)
        self.assertEqual(
            self._home(self.user_promoter),
            "hospital_marketing.action_hospital_my_day"
            if my_day
            else "hospital_marketing.action_hospital_visit",
        )
        self.assertFalse(self.user_employee._hm_marketing_home_action())

    def test_a_missing_action_is_skipped(self):
        """An upper addon's home whose action is not installed falls through to the next."""
        users = type(self.env["res.users"])
        original = users._hm_home_actions
        missing = ("hospital_marketing.group_marketing_leader", "hospital_marketing.no_such_home")
        with patch.object(users, "_hm_home_actions", lambda user: [missing, *original(user)]):
            self.assertEqual(
                self._home(self.user_leader), "hospital_marketing.action_hospital_home_leader"
            )

    def test_the_home_server_action_opens_the_leaders_cards(self):
        home = self.env.ref("hospital_marketing.action_hospital_marketing_home")
        result = home.with_user(self.user_leader).run()
        self.assertEqual(result["res_model"], "hospital.home.tile")
        self.assertEqual(result["domain"], "[('home', '=', 'leader')]")

    def test_the_leader_counts_the_reports_waiting_for_them_only(self):
        mine = self._report("promoter", "daily", date(2025, 3, 4), summary="拜访 3 家诊所")
        other = self._report("promoter_b", "daily", date(2025, 3, 4), summary="拜访 2 家诊所")
        mine.with_user(self.user_promoter).action_submit()
        other.with_user(self.user_promoter_b).action_submit()
        tile = self._tiles(self.user_leader, "leader")["home_tile_leader_reports"]
        self.assertEqual(tile.count, 1)
        self.assertEqual(
            self._tiles(self.user_leader_b, "leader")["home_tile_leader_reports"].count, 1
        )
        action = tile.action_open()
        self.assertEqual(action["res_model"], "hospital.work.report")
        found = (
            self.env["hospital.work.report"].with_user(self.user_leader).search(action["domain"])
        )
        self.assertEqual(found, mine)
        # the card replaces the menu's default filter, it does not add to it
        self.assertFalse([key for key in action["context"] if key.startswith("search_default_")])
        mine.with_user(self.user_leader).action_approve()
        tile.invalidate_recordset()
        self.assertEqual(tile.count, 0)

    def test_the_teams_day_planned_against_done(self):
        clinic = self.env["res.partner"].create({"name": "Clinic", "is_company": True})
        Visit = self.env["hospital.visit"]
        now = datetime.now()
        for state in ("done", "done", "planned"):
            Visit.create(
                {
                    "partner_id": clinic.id,
                    "promoter_id": self.employees["promoter"].id,
                    "start_datetime": now,
                    "state": state,
                }
            )
        # another team's visit and yesterday's are not the leader's day
        Visit.create(
            {
                "partner_id": clinic.id,
                "promoter_id": self.employees["promoter_b"].id,
                "start_datetime": now,
                "state": "done",
            }
        )
        Visit.create(
            {
                "partner_id": clinic.id,
                "promoter_id": self.employees["promoter"].id,
                "start_datetime": now - timedelta(days=2),
                "state": "done",
            }
        )
        tile = self._tiles(self.user_leader, "leader")["home_tile_leader_team_day"]
        self.assertEqual(tile.count, 2)
        self.assertEqual(tile.value, "2 / 3 · minimum 3 a day")
