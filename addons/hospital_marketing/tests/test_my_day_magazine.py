"""My day of a magazine squad member: their open distribution tasks, with the drop points done
(issue 13: the member lands on their work); nobody else's, and not for the other promoters."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .magazine_common import MagazineCase


@tagged("post_install", "-at_install")
class TestMyDayMagazine(MagazineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._printed_issue()

    def _sections(self, user, now):
        with freeze_time(now):
            day = self.env["hospital.my.day"].with_user(user).retrieve_my_day()
        return {section["key"]: section for section in day["sections"]}

    def test_the_member_sees_the_squads_open_task(self):
        task = self._task(name="March issue, east")
        sections = self._sections(self.user_mag_promoter, datetime(2026, 3, 10, 2, 0))
        items = sections["distribution"]["items"]
        self.assertEqual([item["res_id"] for item in items], [task.id])
        self.assertEqual(items[0]["title"], "March issue, east")
        self.assertEqual(items[0]["record"], "0 of 2 drop points done")
        self.assertFalse(items[0]["overdue"])
        # after its end it is still there, late
        sections = self._sections(self.user_mag_promoter, datetime(2026, 4, 2, 2, 0))
        self.assertTrue(sections["distribution"]["items"][0]["overdue"])

    def test_not_before_its_start_nor_once_done_nor_for_others(self):
        task = self._task()
        sections = self._sections(self.user_mag_promoter, datetime(2026, 2, 27, 2, 0))
        self.assertNotIn("distribution", sections)
        self.assertNotIn(
            "distribution", self._sections(self.users["promoter"], datetime(2026, 3, 10, 2, 0))
        )
        other_squad = self._task(team=self.squad_2)
        sections = self._sections(self.user_mag_promoter, datetime(2026, 3, 10, 2, 0))
        ids = [item["res_id"] for item in sections["distribution"]["items"]]
        self.assertEqual(ids, [task.id])
        self.assertNotIn(other_squad.id, ids)
