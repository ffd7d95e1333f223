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
        compute="_compute_hm_payee_class",
        store=True,
        readonly=False,
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

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    # an addon that gives partners a kind adds the kind's field to the dependencies (an
    # override with its own @api.depends) and maps the kind in _hm_payee_class_from_kind
    @api.depends()
    def _compute_hm_payee_class(self):
        """The class the partner's kind implies (R-C10); a partner whose kind implies none
        keeps the class set by hand. A change of kind proposes its class again; a class set
        by the manager or finance afterwards stands until the kind changes."""
        implied = self._hm_payee_class_from_kind()
        for partner in self:
            partner.hm_payee_class = implied.get(partner.id) or partner.hm_payee_class

    @api.depends_context("uid")
    def _compute_hm_can_edit_payee_class(self):
        self.hm_can_edit_payee_class = self.env.su or self.env.user.has_groups(PAYEE_CLASS_GROUPS)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_payee_class_from_kind(self):
        """``{partner id: payee class}`` implied by the kind of the partners of ``self``
        (R-C10), for those whose kind implies a class. The extension point of the
        classification: the core knows no partner kinds and implies none; an addon that
        gives partners a kind (hospital_referral) maps it here."""
        return {}

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
