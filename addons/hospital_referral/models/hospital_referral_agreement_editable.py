from odoo import api, fields, models

from .hospital_referral_agreement import MANAGER_GROUPS

LEADER_GROUPS = "hospital_marketing.group_marketing_leader"


class HospitalReferralAgreement(models.Model):
    """What the current user may change on an agreement, for the form: the promoter is
    reassigned by a leader, the signature date set by the manager (R-C10); the other roles
    see them read-only (the server refuses them anyway, ``_hm_workflow_fields``)."""

    _inherit = "hospital.referral.agreement"  # pylint: disable=consider-merging-classes-inherited

    can_reassign = fields.Boolean(string="May Reassign", compute="_compute_can_edit")
    can_sign = fields.Boolean(string="May Sign", compute="_compute_can_edit")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_can_edit(self):
        user = self.env.user
        self.can_reassign = self.env.su or user.has_groups(LEADER_GROUPS)
        self.can_sign = self.env.su or user.has_groups(MANAGER_GROUPS)
