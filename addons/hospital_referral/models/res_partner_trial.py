from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .res_partner import LEADER_GROUPS, PROFILE_GROUPS

TRIAL_END_ACTIVITY = "hospital_referral.mail_activity_trial_end"


class ResPartner(models.Model):
    """End of a partner's trial (R-P3): the leader of its responsible promoter's team gets
    one activity to keep, extend or replace it; the decision goes into its grade and stage
    history and its chatter."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # the trial end the leader was asked about: the daily job asks once per trial end
    hm_trial_notified_until = fields.Date(
        string="Trial End Notified", groups=PROFILE_GROUPS, copy=False, readonly=True
    )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_trial_keep(self):
        """Keep the partner: the trial is over."""
        self._hm_trial_decide("keep", {"hm_referral_trial_until": False})

    def action_trial_extend(self):
        """Extend the trial by the company's extension days from today or its end."""
        self._hm_check_role(
            LEADER_GROUPS, self.env._("Only a team leader decides the end of a partner's trial.")
        )
        today = fields.Date.context_today(self)
        for partner in self.sudo():
            start = max(partner.hm_referral_trial_until or today, today)
            days = (partner.company_id or self.env.company).hm_trial_extension_days
            self.browse(partner.id)._hm_trial_decide(
                "extend", {"hm_referral_trial_until": start + timedelta(days=days)}
            )

    def action_trial_replace(self):
        """Replace the partner: its stage becomes Replaced, its visits are no longer due."""
        self._hm_trial_decide(
            "replace", {"hm_referral_stage": "replaced", "hm_referral_trial_until": False}
        )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _hm_workflow_spec(self):
        # the leader decides the trial (the actions below); nobody types the notice date
        return super()._hm_workflow_spec() | {
            "hm_referral_trial_until": LEADER_GROUPS,
            "hm_trial_notified_until": False,
        }

    @api.model
    def _hm_workflow_create_allowed(self, fname, value):
        # a promoter registering a partner on trial names the trial's end
        if fname == "hm_referral_trial_until":
            return True
        return super()._hm_workflow_create_allowed(fname, value)

    def _hm_trial_leader(self):
        """The user deciding the trial: the leader of the responsible promoter's team (of
        the institution's for a doctor), else the responsible promoter."""
        self.ensure_one()
        promoter = (self.hm_referral_promoter_id or self.parent_id.hm_referral_promoter_id).sudo()
        return promoter.hm_marketing_team_id.leader_user_id or promoter.user_id

    # the daily job
    @api.model
    def _cron_trial_end(self):
        """One "trial ends" activity per partner whose trial ended, for its leader; never a
        second one for the same trial end (also after the activity was closed), none for a
        partner already replaced or without a leader or promoter with a login."""
        today = fields.Date.context_today(self)
        partners = self.sudo().search(
            [
                ("hm_referral_trial_until", "!=", False),
                ("hm_referral_trial_until", "<=", today),
                ("hm_referral_stage", "!=", "replaced"),
            ]
        )
        partners = partners.filtered(
            lambda p: p.hm_trial_notified_until != p.hm_referral_trial_until
        )
        notified = self.browse()
        for (user, day), group in partners.grouped(
            lambda p: (p._hm_trial_leader(), p.hm_referral_trial_until)
        ).items():
            if not user:
                continue
            group.activity_schedule(
                TRIAL_END_ACTIVITY,
                date_deadline=today,
                summary=self.env._("Trial ended on %s: keep, extend or replace", day),
                user_id=user.id,
            )
            notified |= group
        for day, group in notified.grouped("hm_referral_trial_until").items():
            group.write({"hm_trial_notified_until": day})
        return notified

    # the leader's decision
    def _hm_trial_decide(self, decision, vals):
        self._hm_check_role(
            LEADER_GROUPS, self.env._("Only a team leader decides the end of a partner's trial.")
        )
        if any(not partner.sudo().hm_referral_trial_until for partner in self):
            raise UserError(self.env._("This partner is not on trial."))
        partners = self.sudo()
        History = self.env["hospital.referral.grade.history"].sudo()
        last_id = History.search([], order="id desc", limit=1).id or 0
        partners.write(vals)
        logged = History.search([("partner_id", "in", self.ids), ("id", ">", last_id)])
        fresh = logged.grouped("partner_id")
        values = []
        for partner in partners:
            line_vals = {
                "trial_decision": decision,
                "trial_until": partner.hm_referral_trial_until,
            }
            if partner in fresh:
                # the stage change was just logged: it carries the decision
                fresh[partner].write(line_vals)
                continue
            values.append(
                {
                    "partner_id": partner.id,
                    "old_grade": partner.hm_referral_grade,
                    "grade": partner.hm_referral_grade,
                    "old_stage": partner.hm_referral_stage,
                    "stage": partner.hm_referral_stage,
                    **line_vals,
                }
            )
        History.create(values)
        field = History._fields["trial_decision"]
        label = dict(field._description_selection(self.env))[decision]
        for partner in partners:
            partner.message_post(body=self.env._("End of the trial: %s.", label))
        partners.activity_feedback([TRIAL_END_ACTIVITY], feedback=label)
