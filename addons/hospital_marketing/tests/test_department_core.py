"""Teams, territories, visits and the home of marketing logins (DOMAIN §1, R-P4, R-W1)."""

from datetime import datetime
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ROLE_GROUPS, MarketingCase


@tagged("post_install", "-at_install")
class TestTeams(MarketingCase):
    def test_squads_are_named_after_their_team(self):
        squad = self.env["hospital.marketing.team"].create(
            {"name": "Free-clinic tour", "parent_id": self.team_b.id, "kind": "expansion"}
        )
        self.assertEqual(squad.complete_name, "Expansion / Free-clinic tour")
        self.team_b.name = "Expansion team"
        self.assertEqual(squad.complete_name, "Expansion team / Free-clinic tour")

    def test_a_team_cannot_contain_itself(self):
        squad = self.env["hospital.marketing.team"].create(
            {"name": "Squad", "parent_id": self.team.id}
        )
        with self.assertRaises(UserError):
            self.team.parent_id = squad

    @mute_logger("odoo.sql_db")
    def test_team_names_are_unique_within_their_parent(self):
        with self.assertRaises(IntegrityError):
            self.env["hospital.marketing.team"].create({"name": "Referral"})

    def test_member_count_and_members_action(self):
        self.assertEqual(self.team.member_count, 2)
        # a promoter, who reads employees through their public profile, sees the count too
        self.assertEqual(self.team.with_user(self.user_promoter).member_count, 2)
        action = self.team.action_open_members()
        self.assertEqual(
            self.env["hr.employee"].search(action["domain"]),
            self.employees["promoter"] | self.employees["leader"],
        )

    def test_leader_scope_includes_squads(self):
        squad = self.env["hospital.marketing.team"].create(
            {"name": "Squad", "parent_id": self.team.id}
        )
        Team = self.env["hospital.marketing.team"]
        self.assertEqual(
            Team.search([("scope_leader_user_ids", "in", self.user_leader.ids)]), self.team | squad
        )
        self.assertFalse(Team.search([("scope_leader_user_ids", "in", self.user_promoter.ids)]))

    def test_leader_rules_follow_a_change_of_leader_in_the_same_transaction(self):
        """The leader rule reads stored data (the team's leaders in scope): a new leader sees
        the team's visits at once, the former one no longer, and no server-wide cache is
        dropped for it."""
        clinic = self.env["res.partner"].create({"name": "Clinic", "is_company": True})
        visit = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": clinic.id})
        )
        squad = self.env["hospital.marketing.team"].create(
            {"name": "Squad", "parent_id": self.team.id}
        )
        self.employees["promoter"].hm_marketing_team_id = squad
        new_leader = self._make_user("hm_new_leader", ROLE_GROUPS["leader"])
        new_leader_employee = self.env["hr.employee"].create(
            {"name": "New Leader", "user_id": new_leader.id}
        )
        Visit = self.env["hospital.visit"]
        self.assertEqual(Visit.with_user(self.user_leader).search([("id", "=", visit.id)]), visit)
        with patch.object(type(self.env.registry), "clear_cache") as clear_cache:
            self.team.leader_id = new_leader_employee
            self.env.flush_all()
            self.assertEqual(Visit.with_user(new_leader).search([("id", "=", visit.id)]), visit)
            self.assertFalse(Visit.with_user(self.user_leader).search([("id", "=", visit.id)]))
            # a squad leaves the team: its records leave the former parent's leader
            squad.parent_id = False
            self.env.flush_all()
            self.assertFalse(Visit.with_user(self.user_promoter_b).search([("id", "=", visit.id)]))
        clear_cache.assert_not_called()


@tagged("post_install", "-at_install")
class TestTerritories(MarketingCase):
    def test_leader_assigns_promoters_to_a_territory(self):
        territory = (
            self.env["hospital.marketing.territory"]
            .with_user(self.user_leader)
            .create({"name": "Yuelu District", "team_id": self.team.id})
        )
        territory.promoter_ids = self.employees["promoter"]
        self.assertEqual(self.employees["promoter"].hm_marketing_territory_ids, territory)
        district = self.env["hospital.marketing.territory"].create({"name": "Changsha"})
        territory.parent_id = district
        self.assertEqual(territory.complete_name, "Changsha / Yuelu District")
        with self.assertRaises(UserError):
            district.parent_id = territory


@tagged("post_install", "-at_install")
class TestVisits(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.partner"].create({"name": "Clinic", "is_company": True})

    def test_a_promoter_logs_a_visit_in_one_go(self):
        visit = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create(
                {
                    "partner_id": self.clinic.id,
                    "start_datetime": datetime(2026, 11, 2, 9, 0),
                    "end_datetime": datetime(2026, 11, 2, 9, 45),
                    "outcome": "Agreed to refer two patients",
                }
            )
        )
        self.assertEqual(visit.promoter_id, self.employees["promoter"], "defaults to me")
        self.assertEqual(visit.team_id, self.team)
        self.assertEqual(visit.duration, 0.75)
        self.assertTrue(visit.name.startswith("VIS/"))
        other = self.env["hospital.visit"].create(
            {"partner_id": self.clinic.id, "promoter_id": self.employees["leader"].id}
        )
        self.assertNotEqual(visit.name, other.name)

    @mute_logger("odoo.sql_db")
    def test_a_visit_cannot_end_before_it_starts(self):
        with self.assertRaises(IntegrityError):
            self.env["hospital.visit"].create(
                {
                    "partner_id": self.clinic.id,
                    "promoter_id": self.employees["promoter"].id,
                    "start_datetime": datetime(2026, 11, 2, 9, 0),
                    "end_datetime": datetime(2026, 11, 2, 8, 0),
                }
            )

    def test_check_in_position_must_be_on_earth(self):
        with self.assertRaises(ValidationError):
            self.env["hospital.visit"].create(
                {
                    "partner_id": self.clinic.id,
                    "promoter_id": self.employees["promoter"].id,
                    "latitude": 128.2,
                    "longitude": 112.9,
                }
            )


@tagged("post_install", "-at_install")
class TestHomeAction(MarketingCase):
    def test_a_promoter_starts_on_my_day(self):
        action = self.user_promoter._hm_marketing_home_action()
        self.assertEqual(action["id"], self.env.ref("hospital_marketing.action_hospital_my_day").id)
        self.assertEqual(action["tag"], "hospital_marketing.my_day")

    def test_a_user_without_marketing_role_has_no_marketing_home(self):
        self.assertFalse(self.user_employee._hm_marketing_home_action())

    def test_the_home_action_runs_for_the_user(self):
        home = self.env.ref("hospital_marketing.action_hospital_marketing_home")
        result = home.with_user(self.user_leader).run()
        self.assertEqual(result["res_model"], "hospital.home.tile")  # the leader's cards


@tagged("post_install", "-at_install")
class TestSettings(MarketingCase):
    def test_the_sources_numbers_are_the_defaults(self):
        company = self.env["res.company"].create({"name": "New hospital"})
        self.assertEqual(company.hm_min_daily_contacts, 3)  # R-W3
        self.assertEqual(company.hm_daily_report_hour, 17.0)  # R-W4
        self.assertEqual((company.hm_monthly_summary_day, company.hm_monthly_plan_day), (5, 25))
        self.assertEqual(company.hm_penalty_missing_daily, 20.0)  # R-W5
        self.assertEqual(company.hm_penalty_late_report, 50.0)
        self.assertEqual(company.hm_penalty_late_report_leader, 100.0)
        self.assertEqual(company.hm_monthly_referral_quota, 4)  # R-W6
        self.assertEqual(company.hm_quota_penalty_per_patient, 200.0)
        self.assertEqual(company.hm_quota_bonus_per_patient, 100.0)
        self.assertEqual(company.hm_field_days_per_year, 240)

    def test_an_administrator_changes_them_in_the_settings(self):
        settings = self.env["res.config.settings"].create({"hm_monthly_referral_quota": 6})
        settings.execute()
        self.assertEqual(self.env.company.hm_monthly_referral_quota, 6)
