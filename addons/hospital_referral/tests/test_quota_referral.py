"""Quotas in the referral addon (R-W6): referred patients and new partners counted live, and
the month-end run reading the promoter's quota instead of the company setting."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .commission_common import MONTH, CommissionCase


@tagged("post_install", "-at_install")
class TestQuotaReferral(CommissionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.promoter = cls.employees["promoter"]
        cls.month_end = MONTH.replace(day=31)
        cls.quota = cls.env["hospital.marketing.quota"].create(
            {
                "employee_id": cls.promoter.id,
                "date_from": MONTH,
                "date_to": cls.month_end,
                "target_patients": 2,
                "target_new_partners": 2,
            }
        )

    def test_patients_and_new_partners_achieved(self):
        for _i in range(3):
            self._case(promoter_id=self.promoter.id)
        self.assertEqual(self.quota.achieved_patients, 3)
        # 2 of 2 patients (capped), 0 of 2 partners, field days (20 by default) none
        self.assertAlmostEqual(self.quota.achievement_rate, 100 * (1 + 0 + 0) / 3)
        # what the promoter reads on their quota
        self.assertEqual(self.quota.with_user(self.user_promoter).achieved_patients, 3)
        # new partners of this month (created now: a partner's creation date is the
        # transaction's), the institutions only, not their doctors
        today = fields.Date.context_today(self.quota)
        this_month = self.quota.copy(
            {"date_from": today.replace(day=1), "date_to": today + relativedelta(day=31)}
        )
        pharmacy = self.env["res.partner"].create(
            {
                "name": "Tianxin Pharmacy",
                "is_company": True,
                "referral_partner_kind": "pharmacy",
                "hm_referral_promoter_id": self.promoter.id,
            }
        )
        self.env["res.partner"].create(
            {"name": "Dr. Wu", "parent_id": pharmacy.id, "referral_partner_kind": "pharmacy"}
        )
        self.assertEqual(this_month.achieved_new_partners, 1)

    def test_month_end_run_reads_the_quota(self):
        """With the setting's 4, 3 patients is a penalty; the promoter's quota of 2 makes it
        a bonus of one patient; promoter3 has no quota: the setting stays."""
        for _i in range(3):
            self._case(promoter_id=self.promoter.id)
        for _i in range(6):
            self._case(promoter_id=self.promoter3.id)
        self._run()
        adjustment = self._settlement_of(self.promoter).adjustment_ids
        self.assertEqual(adjustment.kind, "quota_bonus")
        self.assertEqual(adjustment.amount, 100.0)
        self.assertIn("3 of 2", adjustment.name)
        self.assertEqual(self._settlement_of(self.promoter3).adjustment_ids.amount, 200.0)
