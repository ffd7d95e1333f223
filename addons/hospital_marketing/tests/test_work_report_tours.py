from odoo.tests import HttpCase, tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestWorkReportTours(MarketingCase, HttpCase):
    """R-W4 in the browser: a promoter files and submits the day's report on a phone, the
    team leader finds it among the reports to review and approves it."""

    browser_size = "375x667"
    touch_enabled = True

    def test_promoter_files_on_a_phone_and_leader_approves(self):
        self.start_tour(
            "/odoo/marketing-reports/new",
            "hospital_marketing_work_report_phone",
            login="hm_promoter",
        )
        report = self.env["hospital.work.report"].search(
            [("employee_id", "=", self.employees["promoter"].id)]
        )
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.report_type, "daily")
        self.assertIn("同升诊所", report.whereabouts)
        self.assertTrue(report.submitted_datetime)
        self.assertEqual(report.activity_ids.user_id, self.user_leader)
        self.start_tour(
            "/odoo/marketing-reports-review",
            "hospital_marketing_work_report_review",
            login="hm_leader",
        )
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.reviewer_id, self.user_leader)
