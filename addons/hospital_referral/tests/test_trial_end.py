"""End of a partner's trial (R-P3): one activity for the leader, their decision recorded."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReferralCase

TODAY = date(2026, 12, 5)


@tagged("post_install", "-at_install")
class TestTrialEnd(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic.hm_referral_trial_until = TODAY - timedelta(days=1)
        cls.clinic_b.hm_referral_trial_until = TODAY + timedelta(days=10)
        cls.activity_type = cls.env.ref("hospital_referral.mail_activity_trial_end")

    def _activities(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    @freeze_time(TODAY)
    def test_one_activity_for_the_leader_never_two(self):
        Partner = self.env["res.partner"]
        Partner._cron_trial_end()
        activity = self._activities(self.clinic)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_leader)
        self.assertFalse(self._activities(self.clinic_b), "its trial has not ended")
        Partner._cron_trial_end()
        self.assertEqual(len(self._activities(self.clinic)), 1)
        # closed by hand without a decision: the job does not ask again for that trial end
        activity.action_done()
        Partner._cron_trial_end()
        self.assertFalse(self._activities(self.clinic))

    def _last(self):
        return self.env["hospital.referral.grade.history"].search(
            [("partner_id", "=", self.clinic.id)], limit=1
        )

    @freeze_time(TODAY)
    def test_keep_extend_replace_by_the_leader_into_the_history(self):
        self.env["res.partner"]._cron_trial_end()
        leader = self.clinic.with_user(self.user_leader)
        leader.action_trial_extend()
        self.assertEqual(self.clinic.hm_referral_trial_until, TODAY + timedelta(days=90))
        self.assertFalse(self._activities(self.clinic), "the decision closes the activity")
        history = self._last()
        self.assertEqual(history.trial_decision, "extend")
        self.assertEqual(history.create_uid, self.user_leader)
        self.assertEqual(history.trial_until, TODAY + timedelta(days=90))
        leader.action_trial_keep()
        self.assertFalse(self.clinic.hm_referral_trial_until)
        self.assertEqual(self._last().trial_decision, "keep")
        self.assertEqual(self.clinic.hm_referral_stage, "cooperating")
        self.clinic.hm_referral_trial_until = TODAY
        leader.action_trial_replace()
        self.assertEqual(self.clinic.hm_referral_stage, "replaced")
        last = self._last()
        self.assertEqual(
            (last.old_stage, last.stage, last.trial_decision),
            ("cooperating", "replaced", "replace"),
        )
        self.assertIn("End of the trial", self.clinic.message_ids[0].body)

    def test_only_the_leader_of_the_team_decides(self):
        for user in (self.user_promoter, self.user_promoter_b):
            with self.assertRaises(AccessError):
                self.clinic.with_user(user).action_trial_keep()
        # the leader of another team: the partner is not in their scope
        with self.assertRaises(AccessError):
            self.clinic.with_user(self.user_promoter).action_trial_replace()
        with self.assertRaises(AccessError):
            self.clinic.with_user(self.user_promoter).write({"hm_referral_trial_until": TODAY})
        self.assertEqual(self.clinic.hm_referral_stage, "cooperating")
        self.clinic.with_user(self.user_manager).action_trial_keep()
        self.assertFalse(self.clinic.hm_referral_trial_until)
