# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models

# Payee class of each referral partner kind (R-C10): doctors are licensed clinicians;
# part-time promoters are non-clinical individuals; schools, street offices and merchant
# alliances are intermediaries; clinics, pharmacies and health centres are institutions.
PAYEE_CLASS_OF_KIND = {
    "public_doctor": "clinician",
    "part_time": "individual",
    "school": "intermediary",
    "community_office": "intermediary",
    "merchant_alliance": "intermediary",
}


# A file of its own (not res_partner.py): the commission bridge is developed beside the
# referral partners and merged with them; the lead may fold it into res_partner.py.
class ResPartner(models.Model):
    _inherit = "res.partner"

    hm_payee_class = fields.Selection(compute="_compute_hm_payee_class", store=True, readonly=False)

    @api.depends("referral_partner_kind")
    def _compute_hm_payee_class(self):
        for partner in self:
            kind = partner.referral_partner_kind
            partner.hm_payee_class = (
                PAYEE_CLASS_OF_KIND.get(kind, "institution") if kind else partner.hm_payee_class
            )
