"""The daily minimum of referral doctors contacted (R-W3): counted from the visit log on
the daily report, at the edge of the staff member's local day, for them and their leader."""

from datetime import date, datetime, timedelta

import pytz
from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_work_report import WorkReportCase


@tagged("post_install", "-at_install")
class TestDailyContacts(WorkReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._make_clinic()
        cls.company.hm_min_daily_contacts = 3

    def test_distinct_doctors_or_partners_of_the_done_visits_and_calls(self):
        self._log_visit("2025-03-04 01:00:00", people=[self.doctor_tan])  # 09:00 in Changsha
        self._log_visit("2025-03-04 06:00:00", people=[self.doctor_tan], kind="call")  # same doctor
        self._log_visit("2025-03-04 07:00:00", partner=self.pharmacy)  # nobody named: the partner
        self._log_visit("2025-03-04 08:00:00", people=[self.doctor_liu], state="planned")
        self._log_visit("2025-03-04 08:00:00", people=[self.doctor_liu], role="promoter_b")
        daily = self._report("promoter", "daily", date(2025, 3, 4))
        self.assertEqual(daily.contact_count, 2)
        self.assertTrue(daily.under_minimum, "2 of 3")
        self._log_visit("2025-03-04 09:00:00", people=[self.doctor_liu])
        daily.invalidate_recordset(["contact_count", "under_minimum"])
        self.assertEqual(daily.contact_count, 3)
        self.assertFalse(daily.under_minimum)

    def test_the_day_ends_at_midnight_in_the_staff_members_time_zone(self):
        self._log_visit("2025-03-04 15:30:00", people=[self.doctor_tan])  # 23:30 on the 4th
        self._log_visit("2025-03-03 16:10:00", people=[self.doctor_liu])  # 00:10 on the 4th
        self._log_visit("2025-03-04 16:30:00", partner=self.pharmacy)  # 00:30 on the 5th
        self._log_visit("2025-03-03 15:50:00", partner=self.pharmacy)  # 23:50 on the 3rd
        day_4 = self._report("promoter", "daily", date(2025, 3, 4))
        day_5 = self._report("promoter", "daily", date(2025, 3, 5))
        self.assertEqual(day_4.contact_count, 2)
        self.assertEqual(day_5.contact_count, 1)

    def test_the_minimum_comes_from_the_settings_and_only_daily_reports_count(self):
        self._log_visit("2025-03-04 01:00:00", people=[self.doctor_tan])
        daily = self._report("promoter", "daily", date(2025, 3, 4))
        weekly = self._report("promoter", "weekly", date(2025, 3, 4))
        self.assertTrue(daily.under_minimum)
        self.company.hm_min_daily_contacts = 1
        daily.invalidate_recordset(["under_minimum"])
        self.assertFalse(daily.under_minimum)
        self.assertEqual((weekly.contact_count, weekly.under_minimum), (0, False))

    @settings(max_examples=25, deadline=None)
    @given(
        st.lists(
            st.tuples(st.integers(min_value=-36 * 60, max_value=60 * 60), st.integers(0, 3)),
            max_size=8,
        )
    )
    def test_the_count_is_the_distinct_people_of_the_local_day(self, visits):
        """Visits around the local day of 4 March (minutes from its local midnight, one of
        four people): the day counts the distinct people met between its two midnights."""
        tz = pytz.timezone(self.employees["promoter"].tz)
        midnight = tz.localize(datetime(2025, 3, 4)).astimezone(pytz.utc).replace(tzinfo=None)
        people = [self.doctor_tan, self.doctor_liu, self.pharmacy, self.clinic]
        with self.env.cr.savepoint() as savepoint:
            for minutes, who in visits:
                partner = people[who]
                self._log_visit(
                    midnight + timedelta(minutes=minutes),
                    partner=partner if partner.is_company else self.clinic,
                    people=[] if partner.is_company else [partner],
                )
            expected = {who for minutes, who in visits if 0 <= minutes < 24 * 60}
            daily = self._report("promoter", "daily", date(2025, 3, 4))
            self.assertEqual(daily.contact_count, len(expected))
            savepoint.rollback()

    def test_who_reads_the_count(self):
        # a secret visit of the promoter still counts for their leader, unopened
        secret = self._log_visit("2025-03-04 02:00:00", people=[self.doctor_tan], secret_class="c")
        daily = self._report("promoter", "daily", date(2025, 3, 4))
        self.assertEqual(daily.with_user(self.user_promoter).contact_count, 1)
        self.assertEqual(daily.with_user(self.user_leader).contact_count, 1)
        with self.assertRaises(AccessError):
            secret.with_user(self.user_leader).read(["outcome"])
        with self.assertRaises(AccessError):
            daily.with_user(self.user_promoter_b).read(["contact_count"])

    def test_the_leaders_view_is_for_leaders(self):
        menu = self.env.ref("hospital_marketing.menu_hospital_work_report_daily_contacts")
        self.assertTrue(menu.with_user(self.user_leader)._filter_visible_menus())
        self.assertFalse(menu.with_user(self.user_promoter)._filter_visible_menus())
