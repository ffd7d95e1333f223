import re
from unittest import SkipTest

from odoo.tests import TransactionCase, tagged

# a word of English (the product's own texts); case numbers like ZZ/2026/00012 are not words
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")


@tagged("post_install", "-at_install")
class TestDemoReadsChinese(TransactionCase):
    """The demo is loaded in zh_CN: the chatter of a demo case says "转诊病例 创建" (not
    "Referral Case 创建": the addon's model names are translated before the demo loads) and
    the activities the demo created read Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls.env.ref("hospital_referral.demo_case_arrived", False)
        if not cls.case:
            raise SkipTest("demo data not loaded")

    def test_creation_message_names_the_case_in_chinese(self):
        bodies = self.case.message_ids.mapped("body")
        created = [b for b in bodies if "创建" in b]
        self.assertTrue(created, bodies)
        self.assertIn("转诊病例", created[0])
        self.assertNotIn("Referral Case", created[0])

    def test_demo_activities_read_chinese(self):
        activities = self.env["mail.activity"].search(
            [("res_model", "in", ["hospital.referral", "hospital.work.report"])]
        )
        self.assertTrue(activities)
        for activity in activities:
            # the record's own name (a case number, a report title) may hold Latin letters
            summary = (activity.summary or "").replace(activity.res_name or "", "")
            self.assertFalse(ENGLISH_WORD.search(summary), activity.summary)
