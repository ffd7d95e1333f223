from odoo import api, fields, models

from .hospital_referral_bill import BILL_GROUPS


class HospitalReferralBill(models.Model):
    """What the current user may change on a bill, for the form: the values the HIS sends
    show read-only to the roles that may not write them (the server refuses them anyway,
    ``_hm_workflow_fields``), as on the case, partner and employee forms."""

    _inherit = "hospital.referral.bill"  # pylint: disable=consider-merging-classes-inherited

    can_edit_his = fields.Boolean(string="May Edit HIS Values", compute="_compute_can_edit_his")

    @api.depends_context("uid")
    def _compute_can_edit_his(self):
        self.can_edit_his = self.env.su or self.env.user.has_groups(BILL_GROUPS)
