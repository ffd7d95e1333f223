"""Bed occupancy and referred patients on the targets (R-K1), worked examples: the occupancy
of a month is its occupied bed-days over its open bed-days (days that report no open beds are
left out); the referred patients of a month are the counted cases that arrived in it, in the
company's time zone, per treatment group and for the whole hospital."""

import pytz
from freezegun import freeze_time

from odoo.tests import tagged

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestTargetOccupancyReferred(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "Asia/Shanghai"
        cls.Target = cls.env["hospital.marketing.target"]

    def _month(self, target, month, user=None):
        line = target.month_ids.filtered(lambda line: line.month == str(month))
        return line.with_user(user or self.users["office"])

    def test_bed_occupancy_is_occupied_over_open_bed_days(self):
        hospital = self.Target.create({"year": 2037, "indicator": "bed_occupancy", "value": 82})
        internal = self.Target.create(
            {
                "year": 2037,
                "indicator": "bed_occupancy",
                "value": 90,
                "department_id": self.dept_internal.id,
            }
        )
        outcome = (
            self.env["hospital.his.importer"]
            .with_user(self.user_his)
            ._api_import_daily(
                [
                    {"date": "2037-03-02", "occupied_beds": 288, "beds": 360},
                    {"date": "2037-03-03", "occupied_beds": 306, "beds": 360},
                    # open beds not reported: left out, not counted as 350 over 0
                    {"date": "2037-03-04", "occupied_beds": 350},
                    {
                        "date": "2037-03-02",
                        "department_code": "TNK",
                        "occupied_beds": 72,
                        "beds": 80,
                    },
                    {"date": "2037-04-01", "occupied_beds": 360, "beds": 360},
                ]
            )
        )
        self.assertEqual(outcome["counts"]["created"], 5, outcome)
        # (288 + 306) / (360 + 360) = 594 / 720 = 82.5 %, 82.5 / 82 = 100.6 % of the target
        march = self._month(hospital, 3)
        self.assertAlmostEqual(march.actual, 82.5, places=2)
        self.assertAlmostEqual(march.attainment, 100.6, places=1)
        # the treatment group: 72 / 80 = 90 %, its target exactly
        self.assertAlmostEqual(self._month(internal, 3).actual, 90.0, places=2)
        self.assertAlmostEqual(self._month(internal, 3).attainment, 100.0, places=1)
        self.assertAlmostEqual(self._month(hospital, 4).actual, 100.0, places=2)
        self.assertEqual(self._month(hospital, 5).actual, 0.0)  # no actuals yet

    def _arrived_at(self, utc_moment, user=None, **vals):
        case = self._case(user=user, registered_at="2037-02-20 02:00:00", **vals)
        with freeze_time(utc_moment):
            self._arrive(case, self.user_guide_desk)
        return case

    def test_referred_patients_are_counted_cases_arrived_in_the_month(self):
        hospital = self.Target.create(
            {"year": 2037, "indicator": "referred_patients", "value": 120}
        )
        internal = self.Target.create(
            {
                "year": 2037,
                "indicator": "referred_patients",
                "value": 60,
                "department_id": self.dept_internal.id,
            }
        )
        # 1 March 00:30 in Changsha is still February in UTC: March
        self._arrived_at("2037-02-28 16:30:00", patient_phone="138 0000 0001")
        # another team's case, in surgery: the hospital's March, not the group's
        self._arrived_at(
            "2037-03-15 02:00:00",
            user=self.user_promoter_b,
            patient_phone="138 0000 0002",
            referring_partner_id=self.clinic_b.id,
            referring_doctor_id=False,
            department_id=self.dept_surgery.id,
        )
        self._arrived_at("2037-03-31 15:30:00", patient_phone="138 0000 0003")  # 23:30 local
        # 1 April 00:10 in Changsha (31 March in UTC): April
        self._arrived_at("2037-03-31 16:10:00", patient_phone="138 0000 0004")
        # registered in March but never arrived: not referred yet
        self._case(registered_at="2037-03-10 02:00:00", patient_phone="138 0000 0005")
        # arrived in March, then rejected: not counted
        rejected = self._arrived_at("2037-03-20 02:00:00", patient_phone="138 0000 0006")
        rejected.sudo().state = "rejected"
        self.assertFalse(rejected.is_counted)

        march = self._month(hospital, 3)
        self.assertEqual(march.value, 10.0)  # 120 a year in equal months
        self.assertEqual(march.actual, 3.0)
        self.assertAlmostEqual(march.attainment, 30.0, places=1)
        group_march = self._month(internal, 3)
        self.assertEqual((group_march.actual, group_march.value), (2.0, 5.0))
        self.assertAlmostEqual(group_march.attainment, 40.0, places=1)
        self.assertEqual(self._month(hospital, 4).actual, 1.0)
        # the referral team's leader reads the hospital's figure, the expansion team's case
        # included (a count, no case): the same 3
        self.assertEqual(self._month(hospital, 3, self.users["leader"]).actual, 3.0)

    def test_demo_month_shows_figures(self):
        """The demo hospital's targets show the demo month's occupancy and referred patients
        (the test database holds the demo data)."""
        day = self.env.ref("hospital_referral.demo_his_daily_1")
        occupancy = self.env.ref("hospital_marketing.demo_target_occupancy")
        month = occupancy.month_ids.filtered(lambda line: line.date == day.date.replace(day=1))
        # (291 + 298) / (360 + 360) of the first two demo days
        self.assertAlmostEqual(month.actual, 100.0 * 589 / 720, places=2)
        # the demo case that arrived two days ago counts in its month (Changsha time)
        referred = self.env.ref("hospital_referral.demo_target_referred")
        arrived = self.env.ref("hospital_referral.demo_case_arrived")
        tz = pytz.timezone(referred.company_id.partner_id.tz or "UTC")
        local = pytz.utc.localize(arrived.arrival_datetime).astimezone(tz).date()
        month = referred.month_ids.filtered(lambda line: line.date == local.replace(day=1))
        if not month:
            self.skipTest("the demo case arrived last year (1 or 2 January)")
        self.assertGreaterEqual(month.actual, 1.0)
