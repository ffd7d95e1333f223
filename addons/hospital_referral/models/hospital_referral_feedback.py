from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.hospital_marketing.tools.local_time import env_for


class HospitalReferral(models.Model):
    """The feedback loop (R-R4): the referring doctor is told that the patient arrived,
    within the company's hours."""

    _inherit = "hospital.referral"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_feedback_done(self):
        self._hm_check_role(
            "hospital_marketing.group_marketing_promoter",
            self.env._("Only the marketing staff of the case tells the referring doctor."),
        )
        activities = self.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("hospital_referral.mail_activity_referral_feedback")
        )
        if activities:
            activities.action_feedback(feedback=self.env._("The referring doctor was told."))
        else:
            self._feedback_done()

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _schedule_feedback(self):
        for case in self:
            arrived = case.arrival_datetime or fields.Datetime.now()
            deadline = arrived + timedelta(hours=case.company_id.hm_feedback_hours)
            case.sudo().write({"feedback_deadline": deadline, "feedback_status": "pending"})
            user = case.user_id or self.env.user
            case.sudo().activity_schedule(
                "hospital_referral.mail_activity_referral_feedback",
                date_deadline=fields.Date.context_today(case, deadline),
                summary=env_for(self.env, user)._(
                    "Tell the referring doctor that the patient of %s arrived", case.name
                ),
                user_id=user.id,
            )

    def _feedback_done(self):
        now = fields.Datetime.now()
        for case in self.filtered(lambda c: c.feedback_status in ("pending", "overdue")):
            on_time = case.feedback_deadline and now <= case.feedback_deadline
            case.sudo().write(
                {"feedback_done_at": now, "feedback_status": "on_time" if on_time else "late"}
            )

    @api.model
    def _cron_feedback_overdue(self):
        self.sudo().search(
            [("feedback_status", "=", "pending"), ("feedback_deadline", "<", fields.Datetime.now())]
        ).write({"feedback_status": "overdue"})
