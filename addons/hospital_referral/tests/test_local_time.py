from datetime import datetime

from odoo.tests import tagged

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestMessagesInTheReadersTimeAndLanguage(ReferralCase):
    """A fraud reason prints the earlier registration in local time (Asia/Shanghai is UTC+8:
    near midnight the UTC time is the day before); the activity asking the leader to decide
    reads in the leader's language, whoever triggered the check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.zh_active = bool(cls.env["res.lang"]._lang_get("zh_CN"))

    def test_duplicate_reason_prints_the_local_day_and_time(self):
        self.user_promoter.tz = "Asia/Shanghai"
        # 17:30 UTC on 1 March is 01:30 on 2 March in Changsha
        first = self._case(registered_at=datetime(2026, 3, 1, 17, 30))
        second = self._case(registered_at=datetime(2026, 3, 5, 9, 0))
        self.assertEqual(second.fraud_flag, "duplicate")
        detail = second.sudo().fraud_detail
        self.assertIn(first.name, detail)
        self.assertIn("2026-03-02 01:30", detail)
        self.assertNotIn("17:30", detail)
        self.assertNotIn("2026-03-01", detail)

    def test_without_a_user_time_zone_the_company_time_zone_counts(self):
        self.user_promoter.tz = False
        self.env.company.partner_id.tz = "Asia/Shanghai"
        self._case(registered_at=datetime(2026, 3, 31, 16, 5))
        second = self._case(registered_at=datetime(2026, 4, 2, 9, 0))
        self.assertIn("2026-04-01 00:05", second.sudo().fraud_detail)

    def test_the_decision_activity_reads_in_the_leaders_language(self):
        self.assertTrue(self.zh_active, "the test databases load zh_CN (scripts/test.sh)")
        self.user_leader.lang = "zh_CN"
        self.user_promoter.lang = "en_US"
        self._case(registered_at=datetime(2026, 3, 1, 8, 0))
        second = self._case(registered_at=datetime(2026, 3, 2, 8, 0))
        activity = second.sudo().activity_ids
        self.assertEqual(activity.user_id, self.user_leader)
        self.assertEqual(activity.summary, f"裁定 {second.name} 的疑点")
