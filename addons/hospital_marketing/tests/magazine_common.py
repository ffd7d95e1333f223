from datetime import date

from .common import ROLE_GROUPS, MarketingCase

PHOTO = (
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGM8ISfHwMDAxMDAwMDAAAANBAEI"
    "fXHKZgAAAABJRU5ErkJggg=="
)


class MagazineCase(MarketingCase):
    """MarketingCase plus the magazine team with two squads (R-M1).

    ``mag_leader`` leads the magazine team (so both squads); ``mag_promoter`` hands out copies
    in the first squad. ``promoter`` (referral team) is the other promoter, ``leader`` the
    leader of another team. The issue of March 2026 has a print run of 150 000 copies.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_mag_leader = cls._make_user("hm_mag_leader", ROLE_GROUPS["leader"])
        cls.user_mag_promoter = cls._make_user("hm_mag_promoter", ROLE_GROUPS["promoter"])
        Employee = cls.env["hr.employee"]
        cls.emp_mag_leader = Employee.create(
            {"name": "Magazine Leader", "user_id": cls.user_mag_leader.id}
        )
        cls.emp_mag_promoter = Employee.create(
            {"name": "Magazine Promoter", "user_id": cls.user_mag_promoter.id}
        )
        Team = cls.env["hospital.marketing.team"]
        # the demo hospital's magazine squads are not ours
        Team.search([("kind", "=", "magazine")]).action_archive()
        cls.magazine = Team.create(
            {"name": "Magazine", "kind": "magazine", "leader_id": cls.emp_mag_leader.id}
        )
        cls.squad_1 = Team.create(
            {"name": "Squad 1", "kind": "magazine", "parent_id": cls.magazine.id}
        )
        cls.squad_2 = Team.create(
            {"name": "Squad 2", "kind": "magazine", "parent_id": cls.magazine.id}
        )
        cls.emp_mag_leader.hm_marketing_team_id = cls.magazine
        cls.emp_mag_promoter.hm_marketing_team_id = cls.squad_1
        Territory = cls.env["hospital.marketing.territory"]
        cls.east = Territory.create({"name": "East", "code": "T-E", "team_id": cls.squad_1.id})
        cls.west = Territory.create({"name": "West", "code": "T-W", "team_id": cls.squad_2.id})
        cls.issue = cls.env["hospital.magazine.issue"].create(
            {
                "name": "2026-03",
                "date_start": date(2026, 3, 1),
                "date_end": date(2026, 3, 31),
                "print_run": 150000,
                "printing_cost": 120000.0,
            }
        )

    @classmethod
    def _printed_issue(cls):
        cls.issue.with_user(cls.user_office).action_printed()
        return cls.issue

    @classmethod
    def _task(cls, team=None, planned=(1000, 500), assign=True, **vals):
        """A task of the first squad with a drop point per planned quantity, assigned by the
        magazine team's leader."""
        task = (
            cls.env["hospital.distribution.task"]
            .with_user(cls.user_mag_leader)
            .create(
                {
                    "name": "Task",
                    "issue_id": cls.issue.id,
                    "team_id": (team or cls.squad_1).id,
                    "date_start": date(2026, 3, 1),
                    "date_end": date(2026, 3, 31),
                    "line_ids": [
                        (
                            0,
                            0,
                            {"address": f"Drop {i}", "place_kind": "community", "qty_planned": q},
                        )
                        for i, q in enumerate(planned)
                    ],
                    **vals,
                }
            )
        )
        if assign:
            task.action_assign()
        return task.with_user(cls.env.user)
