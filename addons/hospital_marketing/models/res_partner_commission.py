from odoo import api, fields, models

from .account_move import RANKED_SUPPLIERS
from .hospital_commission_line import PAYEE_CLASSES

# who classifies a commission payee (R-C10): the marketing manager or finance
PAYEE_CLASS_GROUPS = (
    "hospital_marketing.group_marketing_manager,hospital_marketing.group_marketing_finance"
)


class ResPartner(models.Model):
    _inherit = ["res.partner", "hospital.workflow.mixin"]
    _name = "res.partner"

    hm_payee_class = fields.Selection(
        PAYEE_CLASSES,
        string="Commission Payee Class",
        tracking=True,
        help="Compliance classification of the partner as a commission payee (R-C10): no "
        "per-case or percentage commission to a licensed clinician; institutions only under a "
        "signed agreement and against their invoice; intermediaries only under a written "
        "agreement.",
    )

    # the form shows the class read-only to whoever write() would refuse (no security)
    hm_can_edit_payee_class = fields.Boolean(
        string="May Classify Payees", compute="_compute_hm_can_edit_payee_class"
    )

    @api.depends_context("uid")
    def _compute_hm_can_edit_payee_class(self):
        self.hm_can_edit_payee_class = self.env.su or self.env.user.has_groups(PAYEE_CLASS_GROUPS)

    @api.model
    def _hm_workflow_spec(self):
        return super()._hm_workflow_spec() | {"hm_payee_class": PAYEE_CLASS_GROUPS}

    def _increase_rank(self, field, n=1):
        """Skip the partners a batch post of commission moves has already ranked (see
        ``account.move._hm_rank_new_suppliers``)."""
        ranked = self.env.context.get(RANKED_SUPPLIERS)
        if ranked and field == "supplier_rank":
            todo = self.filtered(lambda partner: partner.id not in ranked)
            return super(ResPartner, todo)._increase_rank(field, n)
        return super()._increase_rank(field, n)
