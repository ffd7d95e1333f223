"""Yearly hospital targets (R-K1): broken down to months (weights) and working days (the
company's working schedule); set by the marketing manager, read by the leaders, the office and
the VP, nobody else; one company's targets unseen by another."""

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MATRIX_ROLES, MarketingCase

_READERS = {"leader": "r", "office": "r", "manager": "crwu", "vp": "crwu"}
TARGET_MATRIX = {
    "hospital.marketing.target": {role: _READERS.get(role, "") for role in MATRIX_ROLES},
    "hospital.marketing.target.month": {
        role: {"manager": "rw", "vp": "rw"}.get(role, _READERS.get(role, ""))
        for role in MATRIX_ROLES
    },
}


@tagged("post_install", "-at_install")
class TestMarketingTarget(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Target = cls.env["hospital.marketing.target"]
        cls.department = cls.env["hospital.clinical.department"].create(
            {"name": "Internal Medicine Group", "kind": "internal"}
        )
        # a Monday-to-Friday schedule, whatever the database's default is
        cls.company.resource_calendar_id = cls.env["resource.calendar"].create(
            {"name": "Mon-Fri", "company_id": cls.company.id, "tz": "Asia/Shanghai"}
        )

    def _target(self, indicator="revenue", value=1_200_000.0, year=2037, **vals):
        return self.Target.create({"year": year, "indicator": indicator, "value": value, **vals})

    def _month(self, target, month):
        return target.month_ids.filtered(lambda line: line.month == str(month))

    # ------------------------------------------------------------------
    # breakdown
    # ------------------------------------------------------------------
    def test_year_broken_down_to_months_and_working_days(self):
        target = self._target()
        self.assertEqual(len(target.month_ids), 12)
        self.assertEqual(set(target.month_ids.mapped("value")), {100_000.0})
        january = self._month(target, 1)
        # January 2037: 22 weekdays (the 1st is a Thursday)
        self.assertEqual(january.working_days, 22.0)
        self.assertAlmostEqual(january.value_per_day, 100_000.0 / 22, places=2)
        self.assertEqual(self._month(target, 2).working_days, 20.0)

    def test_month_weights_share_the_year(self):
        target = self._target()
        self._month(target, 2).weight = 0.5  # the Spring Festival month
        february, march = self._month(target, 2), self._month(target, 3)
        self.assertAlmostEqual(february.value, 1_200_000.0 * 0.5 / 11.5, places=2)
        self.assertAlmostEqual(march.value, 1_200_000.0 / 11.5, places=2)
        self.assertAlmostEqual(sum(target.month_ids.mapped("value")), 1_200_000.0, places=2)
        target.value = 2_300_000.0
        self.assertAlmostEqual(march.value, 200_000.0, places=2)

    def test_rates_hold_every_month(self):
        occupancy = self._target("bed_occupancy", 82.0)
        self.assertTrue(occupancy.is_rate)
        self.assertEqual(set(occupancy.month_ids.mapped("value")), {82.0})
        self.assertEqual(set(occupancy.month_ids.mapped("value_per_day")), {82.0})
        with self.assertRaises(ValidationError):
            self._target("bed_occupancy", 120.0, year=2038)

    def test_one_target_per_year_group_and_indicator(self):
        self._target()
        self._target(department_id=self.department.id)
        self._target(year=2038)
        for vals in ({}, {"department_id": self.department.id}):
            with (
                self.subTest(vals=vals),
                self.assertRaises(IntegrityError),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                self._target(**vals)

    def test_read_group_by_indicator(self):
        self._target()
        self._target("revenue", 600_000.0, department_id=self.department.id)
        groups = dict(
            self.env["hospital.marketing.target.month"]
            .with_user(self.users["office"])
            ._read_group(
                [("year", "=", 2037), ("month", "=", "1")], ["department_id"], ["value:sum"]
            )
        )
        self.assertAlmostEqual(groups[self.department], 50_000.0, places=2)
        self.assertAlmostEqual(
            groups[self.env["hospital.clinical.department"]], 100_000.0, places=2
        )

    # ------------------------------------------------------------------
    # access
    # ------------------------------------------------------------------
    def test_access_per_role(self):
        target = self._target()
        for role in MATRIX_ROLES:
            with self.subTest(role=role):
                self._assert_crud(
                    self.users[role],
                    TARGET_MATRIX["hospital.marketing.target"][role],
                    self._target(year=2070 + MATRIX_ROLES.index(role)),
                    {"year": 2085 + MATRIX_ROLES.index(role), "indicator": "revenue", "value": 1},
                    {"value": 5.0},
                )
                month = self._month(target, 3)
                rights = TARGET_MATRIX["hospital.marketing.target.month"][role]
                user = self.users[role]
                if "r" in rights:
                    self.assertEqual(
                        self.env["hospital.marketing.target.month"]
                        .with_user(user)
                        .search_count([("target_id", "=", target.id)]),
                        12,
                    )
                else:
                    with self.assertRaises(AccessError):
                        month.with_user(user).read(["value"])
                if "w" in rights:
                    month.with_user(user).weight = 2.0
                else:
                    with self.assertRaises(AccessError):
                        month.with_user(user).weight = 3.0
        self.assertEqual(self._month(target, 3).weight, 2.0)

    def test_another_company_does_not_see_the_targets(self):
        other = self.Target.create(
            {
                "year": 2037,
                "indicator": "revenue",
                "value": 1.0,
                "company_id": self.other_company.id,
            }
        )
        manager = self.users["manager"]
        self.assertFalse(self.Target.with_user(manager).search([("id", "=", other.id)]))
        with self.assertRaises(AccessError):
            other.with_user(manager).read(["value"])
