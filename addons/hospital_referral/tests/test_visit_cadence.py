"""Visit cadence by grade (R-W7, R-P3): the last visit and the next visit due of a referral
partner from the visit log and the settings, the "Visit overdue" filter, and one "visit
due" activity per overdue partner for its responsible promoter."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReferralCase

TZ = "Asia/Shanghai"
INTERVALS = {"a": 7, "b": 14, "c": 30}  # the settings' defaults


@tagged("post_install", "-at_install")
class TestVisitCadence(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz=TZ))
        for user in cls.users.values():
            user.tz = TZ
        cls.activity_type = cls.env.ref("hospital_referral.mail_activity_visit_due")
        cls.now = fields.Datetime.now()
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    @classmethod
    def _partner(cls, name, grade, role="promoter", **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "referral_partner_kind": "private_clinic",
                "hm_referral_grade": grade,
                "hm_referral_stage": "cooperating",
                "hm_referral_promoter_id": cls.employees[role].id if role else False,
                **vals,
            }
        )

    def _visit(self, partner, days_ago, state="done", user=None, **vals):
        Visit = self.env["hospital.visit"]
        if user:
            Visit = Visit.with_user(user)
        return Visit.create(
            {
                "partner_id": partner.id,
                "promoter_id": self.employees["promoter"].id,
                "start_datetime": self.now - timedelta(days=days_ago),
                "state": state,
                **vals,
            }
        )

    def _activities(self, partners):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def _overdue(self, partners, user=None):
        Partner = self.env["res.partner"].with_user(user) if user else self.env["res.partner"]
        return Partner.search(
            [("id", "in", partners.ids), ("hm_referral_visit_overdue_since", "!=", False)]
        )

    def test_cadence_follows_the_grade(self):
        for grade, interval in INTERVALS.items():
            with self.subTest(grade=grade):
                late = self._partner(f"Late {grade}", grade)
                visit = self._visit(late, interval + 1)
                self._visit(late, 1, state="planned")  # not done: no visit yet
                self._visit(late, interval + 3)  # older
                in_time = self._partner(f"In time {grade}", grade)
                self._visit(in_time, interval - 1, kind="call")  # a call counts as well
                self.assertEqual(late.hm_referral_last_visit, visit.start_datetime)
                self.assertEqual(late.hm_referral_visit_due, self.today - timedelta(days=1))
                self.assertEqual(
                    late.hm_referral_visit_overdue_since, self.today - timedelta(days=1)
                )
                self.assertEqual(in_time.hm_referral_visit_due, self.today + timedelta(days=1))
                self.assertFalse(in_time.hm_referral_visit_overdue_since)
                self.assertEqual(self._overdue(late | in_time), late)
                self.assertEqual(
                    self.env["res.partner"].search(
                        [
                            ("id", "in", (late | in_time).ids),
                            ("hm_referral_visit_overdue_since", "=", False),
                        ]
                    ),
                    in_time,
                )

    def test_never_visited_counts_from_the_grade(self):
        partner = self._partner("New", "a")
        self.assertFalse(partner.hm_referral_last_visit)
        self.assertEqual(partner.hm_referral_visit_due, self.today + timedelta(days=7))
        with freeze_time(self.now + timedelta(days=6)):
            self.assertFalse(self._overdue(partner))
        with freeze_time(self.now + timedelta(days=7)):
            self.assertEqual(self._overdue(partner), partner)
        # no cadence without a grade, nor for a partner out of cooperation
        partner.hm_referral_stage = "dormant"
        self.assertFalse(partner.hm_referral_visit_due)
        partner.write({"hm_referral_stage": "cooperating", "hm_referral_grade": False})
        self.assertFalse(partner.hm_referral_visit_due)

    def test_the_settings_set_the_interval(self):
        partner = self._partner("Key clinic", "a")
        self._visit(partner, 5)
        self.assertFalse(self._overdue(partner))
        self.env.company.hm_visit_days_grade_a = 3
        self.assertEqual(partner.hm_referral_visit_due, self.today - timedelta(days=2))
        self.assertEqual(self._overdue(partner), partner)

    def test_the_daily_job_gives_one_activity_per_overdue_partner(self):
        late = self._partner("Late", "b")
        self._visit(late, 20)
        in_time = self._partner("In time", "b")
        self._visit(in_time, 2)
        unassigned = self._partner("Nobody's", "a", role=None)
        self._visit(unassigned, 20)
        Partner = self.env["res.partner"]
        Partner._cron_visit_cadence()
        activity = self._activities(late | in_time | unassigned)
        self.assertEqual(activity.res_id, late.id)
        self.assertEqual(activity.user_id, self.user_promoter)
        self.assertEqual(activity.date_deadline, self.today - timedelta(days=6))
        # a second run gives no second activity
        Partner._cron_visit_cadence()
        self.assertEqual(self._activities(late | in_time | unassigned), activity)
        # the partner without a responsible promoter is for the leader's filter, not an activity
        self.assertEqual(self._overdue(late | in_time | unassigned), late | unassigned)

    def test_logging_the_visit_closes_the_activity(self):
        late = self._partner("Late", "a")
        self._visit(late, 10)
        self.env["res.partner"]._cron_visit_cadence()
        self.assertTrue(self._activities(late))
        # a planned visit does not close it, done it does
        visit = self._visit(late, 0, state="planned", user=self.user_promoter)
        self.assertTrue(self._activities(late))
        visit.with_user(self.user_promoter).state = "done"
        self.assertFalse(self._activities(late))
        self.assertEqual(late.hm_referral_last_visit, visit.start_datetime)
        self.assertEqual(late.hm_referral_visit_due, self.today + timedelta(days=7))
        self.env["res.partner"]._cron_visit_cadence()
        self.assertFalse(self._activities(late), "not overdue any more")
        # logged done straight away (create), on the next cycle
        with freeze_time(self.now + timedelta(days=8)):
            self.env["res.partner"]._cron_visit_cadence()
            self.assertTrue(self._activities(late))
            self._visit(late, 0, user=self.user_promoter)
            self.assertFalse(self._activities(late))

    def test_the_cadence_fields_are_read_by_marketing_and_written_by_nobody(self):
        late = self._partner("Late", "a")
        self._visit(late, 10)
        mine = late.with_user(self.user_promoter)
        self.assertEqual(mine.hm_referral_visit_overdue_since, self.today - timedelta(days=3))
        self.assertEqual(self._overdue(late, self.user_leader), late)
        for role in ("promoter", "leader", "manager"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                late.with_user(self.users[role]).write(
                    {"hm_referral_visit_due": self.today + timedelta(days=30)}
                )
            with self.subTest(role=role), self.assertRaises(AccessError):
                late.with_user(self.users[role]).write({"hm_referral_last_visit": self.now})
        with self.assertRaises(AccessError):
            late.with_user(self.user_employee).read(["hm_referral_visit_overdue_since"])
        with self.assertRaises(AccessError):
            late.with_user(self.user_employee).read(["hm_referral_last_visit"])
        # another team's promoter does not find it among the overdue partners
        self.assertFalse(self._overdue(late, self.user_promoter_b))
