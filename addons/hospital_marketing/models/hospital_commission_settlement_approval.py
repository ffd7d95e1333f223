"""The four-step approval of a settlement (R-C7): marketing verification, the treatment
group leaders concerned, the finance head, the vice-president; a rejection sends it back
to draft. Each step is a ``hospital.commission.signoff``."""

from odoo import models
from odoo.exceptions import AccessError, UserError

from .hospital_commission_settlement import FINANCE_GROUP, VP_GROUP
from .hospital_commission_signoff import SIGNOFF_STEPS


# one concern per file: the settlement model is split on purpose (see its docstring)
class HospitalCommissionSettlement(models.Model):
    _inherit = "hospital.commission.settlement"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_sign(self):
        for settlement in self:
            settlement._hm_sign()
        return True

    def action_reject(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Settlement"),
            "res_model": "hospital.commission.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_settlement_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_sign(self):
        self.ensure_one()
        self.check_access("read")
        user = self.env.user
        if self.user_id == user or (self.employee_id and self.employee_id.sudo().user_id == user):
            raise AccessError(self.env._("Nobody signs their own settlement."))
        active = self.signoff_ids.filtered("active")
        if user in active.user_id:
            raise UserError(
                self.env._(
                    "You have signed settlement %s already: each sign-off needs another person.",
                    self.name,
                )
            )
        state = self.state
        if state == "draft":
            self._require_group("hospital_marketing.group_marketing_manager", "marketing")
            if user.has_group(VP_GROUP):
                # the vice-president holds the manager's rights, but signs the last step: a
                # verification by them would leave nobody to approve
                raise AccessError(
                    self.env._(
                        "Settlement %s is verified by the marketing manager. As vice-president "
                        "you approve it once finance has signed.",
                        self.name,
                    )
                )
            step = "marketing"
            next_state = "verified" if self.treatment_user_ids else "clinical_signed"
        elif state == "verified":
            if user not in self.treatment_user_ids:
                raise AccessError(
                    self.env._(
                        "Settlement %(name)s waits for the leaders of the treatment groups "
                        "concerned: %(leaders)s.",
                        name=self.name,
                        leaders=", ".join(self.treatment_user_ids.mapped("name")),
                    )
                )
            step = "treatment"
            signed = active.filtered(lambda s: s.step == "treatment").user_id | user
            next_state = "clinical_signed" if not (self.treatment_user_ids - signed) else state
        elif state == "clinical_signed":
            self._require_group(FINANCE_GROUP, "finance")
            step = "finance"
            next_state = "finance_signed"
        elif state == "finance_signed":
            self._require_group("hospital_marketing.group_marketing_vp", "vp")
            step = "vp"
            next_state = "approved"
        else:
            raise UserError(self.env._("Settlement %s needs no more sign-off.", self.name))
        self.env["hospital.commission.signoff"].sudo().create(
            {"settlement_id": self.id, "step": step, "user_id": user.id}
        )
        self.sudo().state = next_state

    def _require_group(self, group, step):
        if not self.env.user.has_group(group):
            label = dict(SIGNOFF_STEPS)[step]
            raise AccessError(
                self.env._(
                    "Settlement %(name)s waits for the sign-off of: %(step)s.",
                    name=self.name,
                    step=label,
                )
            )

    def _reject(self, reason):
        """Send back to draft with a reason; the earlier sign-offs no longer count."""
        for settlement in self:
            if settlement.state not in (
                "verified",
                "clinical_signed",
                "finance_signed",
                "approved",
            ):
                raise UserError(
                    self.env._("Settlement %s is not waiting for a sign-off.", settlement.name)
                )
            user = self.env.user
            allowed = {
                "verified": user in settlement.treatment_user_ids,
                "clinical_signed": user.has_group(FINANCE_GROUP),
                "finance_signed": user.has_group("hospital_marketing.group_marketing_vp"),
                "approved": user.has_group("hospital_marketing.group_marketing_vp"),
            }[settlement.state]
            if not allowed:
                raise AccessError(
                    self.env._("Only the next signer may reject settlement %s.", settlement.name)
                )
            sudo = settlement.sudo()
            sudo._absorb_late_draft()
            sudo.signoff_ids.filtered("active").active = False
            self.env["hospital.commission.signoff"].sudo().create(
                {
                    "settlement_id": settlement.id,
                    "step": "reject",
                    "user_id": user.id,
                    "reason": reason,
                    "active": False,
                }
            )
            sudo.state = "draft"
            sudo.message_post(
                body=self.env._("Rejected by %(user)s: %(reason)s", user=user.name, reason=reason)
            )

    def _absorb_late_draft(self):
        """Before this settlement goes back to draft, take in the lines and adjustments of the
        late draft of the same payee and month (one draft per payee and month) and delete it."""
        self.ensure_one()
        late = self.search(
            [
                ("state", "=", "draft"),
                ("id", "!=", self.id),
                ("company_id", "=", self.company_id.id),
                ("date_from", "=", self.date_from),
                ("employee_id", "=", self.employee_id.id),
                ("partner_id", "=", self.partner_id.id),
            ]
        )
        if not late:
            return
        lines = late.line_ids
        adjustments = late.adjustment_ids
        late_name = late.name
        late.unlink()  # releases them
        self.state = "draft"
        lines._attach_to([self] * len(lines))
        adjustments.write({"settlement_id": self.id})
        self.message_post(
            body=self.env._(
                "The cases and adjustments of the later draft %s were added here.", late_name
            )
        )
