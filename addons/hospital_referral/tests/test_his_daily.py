"""The hospital's daily actuals come from the HIS (R-K1): the second record type of the HIS
API, with the same strict contract as the bills (a bad day is an error of its own, never a
500), a day sent again replaces the stored one; the targets' attainment is read from them."""

import json
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.hospital_marketing.tests.common import MATRIX_ROLES

from .common import ReferralCase

URL = "/hospital_referral/his/daily"
READERS = {"leader", "office", "manager", "vp"}


@tagged("post_install", "-at_install")
class TestHisDaily(ReferralCase):
    def _import(self, days, user=None):
        Importer = self.env["hospital.his.importer"].with_user(user or self.user_his)
        return Importer._api_import_daily(days)

    def _day(self, **values):
        return {"date": "2037-03-02", "revenue": 180000.5, "outpatient_visits": 98, **values}

    def test_created_then_unchanged_then_updated(self):
        days = [
            self._day(),
            self._day(department_code="TNK", revenue=50000, new_patients=3, occupied_beds=40),
        ]
        outcome = self._import(days)
        self.assertEqual(outcome["counts"]["created"], 2, outcome)
        Daily = self.env["hospital.his.daily"]
        hospital = Daily.search([("date", "=", date(2037, 3, 2)), ("department_id", "=", False)])
        self.assertEqual((hospital.revenue, hospital.outpatient_visits), (180000.5, 98))
        group = Daily.search([("department_id", "=", self.dept_internal.id)])
        self.assertEqual((group.new_patients, group.occupied_beds), (3, 40))
        self.assertEqual(self._import(days)["counts"]["unchanged"], 2)
        outcome = self._import([self._day(revenue=190000)])
        self.assertEqual(outcome["results"][0]["status"], "updated")
        self.assertEqual(hospital.revenue, 190000)
        self.assertEqual(Daily.search_count([("date", "=", date(2037, 3, 2))]), 2)

    def test_hostile_days_are_errors_of_their_own(self):
        bad = [
            "not an object",
            self._day(unknown=1),
            self._day(date="2037-02-30"),
            self._day(date=20370302),
            self._day(revenue="12,5"),
            self._day(revenue=-1),
            self._day(outpatient_visits=1.5),
            self._day(outpatient_visits=True),
            self._day(outpatient_visits=-3),
            self._day(department_code="NOPE"),
            self._day(department_code="A\x00B"),
            {"date": "2037-03-03"},
            self._day(date="2037-03-04", revenue=10**20),
        ]
        outcome = self._import([self._day(date="2037-03-05"), *bad])
        statuses = [result["status"] for result in outcome["results"]]
        self.assertEqual(statuses, ["created"] + ["error"] * len(bad))
        for index, result in enumerate(outcome["results"][1:], start=1):
            self.assertTrue(result["error"].startswith(f"days[{index}]"), result)
        self.assertIn("unknown department 'NOPE'", outcome["results"][10]["error"])
        # the same day twice in one batch: the second is an error
        outcome = self._import([self._day(date="2037-03-06"), self._day(date="2037-03-06")])
        self.assertEqual([r["status"] for r in outcome["results"]], ["created", "error"])

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.dictionaries(
            st.sampled_from(
                ["date", "department_code", "revenue", "outpatient_visits", "new_patients", "x"]
            ),
            st.none()
            | st.booleans()
            | st.integers()
            | st.floats(allow_nan=True)
            | st.text(max_size=30)
            | st.lists(st.integers(), max_size=2),
            max_size=6,
        )
    )
    def test_any_value_gets_a_result(self, day):
        """Whatever a day holds, the batch answers a result for it and stores what is valid:
        never an exception."""
        with self.env.cr.savepoint():
            outcome = self._import([day])
            self.assertEqual(len(outcome["results"]), 1)
            result = outcome["results"][0]
            self.assertIn(result["status"], ("created", "updated", "unchanged", "error"))
            json.dumps(outcome, ensure_ascii=False).encode()  # the answer can be sent

    def test_access_per_role(self):
        self._import([self._day(date="2037-04-01")])
        day = self.env["hospital.his.daily"].search([("date", "=", date(2037, 4, 1))])
        for role in MATRIX_ROLES:
            user = self.users[role]
            with self.subTest(role=role):
                if role in READERS:
                    self.assertEqual(day.with_user(user).read(["revenue"])[0]["revenue"], 180000.5)
                    self.assertTrue(
                        self.env["hospital.his.daily"]
                        .with_user(user)
                        ._read_group([("date", "=", date(2037, 4, 1))], [], ["revenue:sum"])
                    )
                else:
                    with self.assertRaises(AccessError):
                        day.with_user(user).read(["revenue"])
                # nobody types actuals by hand: only the HIS writes them
                with self.assertRaises(AccessError):
                    day.with_user(user).write({"revenue": 1.0})
                with self.assertRaises(AccessError):
                    self._import([self._day(date="2037-04-02")], user=user)

    def test_attainment_from_the_actuals(self):
        Target = self.env["hospital.marketing.target"]
        revenue = Target.create({"year": 2037, "indicator": "revenue", "value": 1_200_000})
        new = Target.create(
            {
                "year": 2037,
                "indicator": "new_patients_per_day",
                "value": 4,
                "department_id": self.dept_internal.id,
            }
        )
        self._import(
            [
                self._day(date="2037-03-02", revenue=60000),
                self._day(date="2037-03-03", revenue=40000),
                self._day(date="2037-04-01", revenue=99999),
                self._day(date="2037-03-02", department_code="TNK", new_patients=2),
                self._day(date="2037-03-03", department_code="TNK", new_patients=4),
            ]
        )
        office = self.users["office"]
        march = revenue.month_ids.filtered(lambda m: m.month == "3").with_user(office)
        self.assertEqual(march.actual, 100000.0)
        self.assertAlmostEqual(march.attainment, 100.0, places=1)
        group_march = new.month_ids.filtered(lambda m: m.month == "3").with_user(office)
        self.assertEqual(group_march.actual, 3.0)  # (2 + 4) new inpatients over 2 days
        self.assertAlmostEqual(group_march.attainment, 75.0, places=1)
        self.assertEqual(
            revenue.month_ids.filtered(lambda m: m.month == "5").with_user(office).actual, 0.0
        )


@tagged("post_install", "-at_install")
class TestHisDailyApi(ReferralCase, HttpCase):
    def test_endpoint(self):
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.user_his)
            ._generate(scope="rpc", name="HIS", expiration_date=datetime.now() + timedelta(days=1))
        )
        self.user_his.lang = "en_US"
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
        body = {"days": [{"date": "2037-05-04", "revenue": 1000}, {"date": "nope"}]}
        response = self.url_open(URL, data=json.dumps(body), headers=headers)
        self.assertEqual(response.status_code, 200, response.text)
        results = response.json()["results"]
        self.assertEqual([r["status"] for r in results], ["created", "error"])
        self.assertEqual(results[0]["date"], "2037-05-04")
        for data, status in (
            ("{", 400),
            (json.dumps({"days": {}}), 422),
            (json.dumps({"days": [], "bills": []}), 422),
        ):
            response = self.url_open(URL, data=data, headers=headers)
            self.assertEqual(response.status_code, status, data)
            self.assertIn("error", response.json())
