from odoo import api, fields, models

from .hospital_referral import ARRIVAL_GROUPS, LEADER_GROUPS, OFFICE_GROUPS


class HospitalReferral(models.Model):
    """What the current user may change on a case, for the form: the fields show read-only to
    the roles that may not write them (the server refuses them anyway, ``write`` and
    ``_hm_workflow_fields``), as on the bill, agreement, partner and employee forms."""

    _inherit = "hospital.referral"  # pylint: disable=consider-merging-classes-inherited

    hm_can_edit_arrival = fields.Boolean(
        string="May Record the Arrival", compute="_compute_hm_can_edit"
    )
    hm_can_edit_credit = fields.Boolean(
        string="May Change the Credit", compute="_compute_hm_can_edit"
    )
    hm_can_edit_registration = fields.Boolean(
        string="May Type the Registration Time", compute="_compute_hm_can_edit"
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_hm_can_edit(self):
        user = self.env.user
        arrival = self.env.su or user.has_groups(ARRIVAL_GROUPS)
        credit = self.env.su or user.has_groups(LEADER_GROUPS)
        registration = self.env.su or user.has_groups(OFFICE_GROUPS)
        for case in self:
            case.hm_can_edit_arrival = arrival
            case.hm_can_edit_credit = credit
            case.hm_can_edit_registration = registration
