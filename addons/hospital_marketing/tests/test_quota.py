"""Quotas (R-W6): targets per promoter or team and period, achievement counted live from the
visit log, who sets and who reads them."""

from datetime import date

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestQuota(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._make_clinic()
        for role in ("promoter", "leader", "promoter_b"):
            cls.employees[role].tz = "Asia/Shanghai"
        Quota = cls.env["hospital.marketing.quota"]
        cls.quota = Quota.create(
            {
                "employee_id": cls.employees["promoter"].id,
                "date_from": "2026-11-01",
                "date_to": "2026-11-30",
                "target_patients": 5,
                "target_contacts": 10,
                "target_field_days": 4,
            }
        )
        cls.team_quota = Quota.create(
            {
                "team_id": cls.team.id,
                "date_from": "2026-11-01",
                "date_to": "2026-11-30",
                "target_contacts": 10,
                "target_field_days": 10,
            }
        )

    def _log(self, start, people=(), kind="visit", state="done", role="promoter", checkin="ok"):
        visit = self.env["hospital.visit"].create(
            {
                "partner_id": self.clinic.id,
                "contact_ids": [Command.set([p.id for p in people])],
                "promoter_id": self.employees[role].id,
                "start_datetime": start,
                "kind": kind,
                "state": state,
            }
        )
        if kind == "visit" and checkin:
            # as _check_in records it (a workflow field: only the superuser writes it here)
            visit.with_user(SUPERUSER_ID).write({"checkin_status": checkin, "checkin_time": start})
        return visit

    def test_achievement_from_the_visit_log(self):
        # 2 Nov in Shanghai: two doctors met, one called again -> 2 contacts, 1 field day
        self._log("2026-11-02 01:00:00", people=[self.doctor_tan, self.doctor_liu])
        self._log("2026-11-02 06:00:00", people=[self.doctor_tan], kind="call")
        # 3 Nov: only a call -> 1 contact, no field day
        self._log("2026-11-03 02:00:00", people=[self.doctor_liu], kind="call")
        # 30 Nov 23:30 in Shanghai is still November; 1 Dec 00:30 there is not
        self._log("2026-11-30 15:30:00", people=[self.doctor_tan])
        self._log("2026-11-30 16:30:00", people=[self.doctor_tan])
        # a visit whose check-in found no position is no field day
        self._log("2026-11-06 01:00:00", people=[self.doctor_tan], checkin="denied")
        # planned visits and other people's do not count for the promoter
        self._log("2026-11-05 01:00:00", people=[self.doctor_tan], state="planned")
        self._log("2026-11-05 01:00:00", people=[self.doctor_tan], role="leader")
        self.assertEqual(self.quota.achieved_contacts, 5)
        self.assertEqual(self.quota.achieved_field_days, 2)
        # 5 of 10 contacts, 2 of 4 days, 0 of 5 patients (nothing counts them in the core)
        self.assertAlmostEqual(self.quota.achievement_rate, 100 * (0.5 + 0.5 + 0.0) / 3)
        # the team's quota adds its members: the leader's day too
        self.assertEqual(self.team_quota.achieved_contacts, 6)
        self.assertEqual(self.team_quota.achieved_field_days, 3)

    def test_defaults_and_constraints(self):
        quota = self.env["hospital.marketing.quota"].new(
            {"employee_id": self.employees["promoter_b"].id}
        )
        self.assertEqual(quota.date_from.day, 1)
        self.assertEqual(quota.target_patients, self.company.hm_monthly_referral_quota)
        self.assertEqual(quota.target_field_days, 20)  # 240 a year
        with self.assertRaises(ValidationError):
            self.env["hospital.marketing.quota"].create(
                {
                    "employee_id": self.employees["promoter"].id,
                    "date_from": "2026-11-15",
                    "date_to": "2026-12-14",
                }
            )

    def test_referral_targets_quota_team_then_setting(self):
        self.company.hm_monthly_referral_quota = 4
        employees = self.employees["promoter"] | self.employees["leader"]
        employees |= self.employees["promoter_b"]
        Quota = self.env["hospital.marketing.quota"]
        self.team_quota.target_patients = 7
        targets = Quota._referral_targets(employees, date(2026, 11, 1), date(2026, 11, 30))
        self.assertEqual(targets[self.employees["promoter"].id], 5)  # own quota
        self.assertEqual(targets[self.employees["leader"].id], 7)  # the team's
        self.assertEqual(targets[self.employees["promoter_b"].id], 4)  # the setting
        # another month: no quota, the setting
        targets = Quota._referral_targets(employees, date(2026, 12, 1), date(2026, 12, 31))
        self.assertEqual(set(targets.values()), {4})

    def test_who_sets_and_who_reads(self):
        Quota = self.env["hospital.marketing.quota"]
        vals = {
            "employee_id": self.employees["promoter"].id,
            "date_from": "2026-12-01",
            "date_to": "2026-12-31",
        }
        # the promoter reads their own and the team's, sets none
        mine = Quota.with_user(self.user_promoter).search([])
        self.assertEqual(mine, self.quota | self.team_quota)
        with self.assertRaises(AccessError):
            self.quota.with_user(self.user_promoter).write({"target_patients": 1})
        with self.assertRaises(AccessError):
            Quota.with_user(self.user_promoter).create(vals)
        # another team's promoter reads nothing of it
        self.assertFalse(Quota.with_user(self.user_promoter_b).search([]))
        with self.assertRaises(AccessError):
            self.quota.with_user(self.user_promoter_b).read(["target_patients"])
        # the leader sets the team's quotas, not their own nor another team's
        self.quota.with_user(self.user_leader).write({"target_patients": 6})
        self.assertEqual(self.quota.target_patients, 6)
        created = Quota.with_user(self.user_leader).create(vals)
        self.assertEqual(created.scope_team_id, self.team)
        with self.assertRaises(AccessError):
            Quota.with_user(self.user_leader).create(
                dict(vals, employee_id=self.employees["leader"].id)
            )
        with self.assertRaises(AccessError):
            Quota.with_user(self.user_leader).create(
                dict(vals, employee_id=self.employees["promoter_b"].id)
            )
        groups = Quota.with_user(self.user_leader)._read_group([], ["scope_team_id"], ["__count"])
        self.assertEqual(groups, [(self.team, 3)])
        # office reads all, sets nothing; the manager sets all
        ours = self.quota | self.team_quota | created
        self.assertEqual(Quota.with_user(self.user_office).search([("id", "in", ours.ids)]), ours)
        with self.assertRaises(AccessError):
            self.quota.with_user(self.user_office).write({"target_patients": 1})
        Quota.with_user(self.user_manager).create(
            dict(vals, employee_id=self.employees["leader"].id)
        )
        with self.assertRaises(AccessError):
            Quota.with_user(self.user_employee).search([])
