from odoo import models
from odoo.exceptions import AccessError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking "tell the referring doctor" done closes the feedback loop (R-R4)."""
        feedback_type = self.env.ref(
            "hospital_referral.mail_activity_referral_feedback", raise_if_not_found=False
        )
        case_ids = [
            activity.res_id
            for activity in self
            if feedback_type
            and activity.activity_type_id == feedback_type
            and activity.res_model == "hospital.referral"
        ]
        if (
            case_ids
            and not self.env.su
            and not self.env.user.has_group("hospital_marketing.group_marketing_promoter")
        ):
            # the same check as the case's "Doctor Told" button
            raise AccessError(
                self.env._("Only the marketing staff of the case tells the referring doctor.")
            )
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if case_ids:
            self.env["hospital.referral"].browse(case_ids).exists()._feedback_done()
        return result
