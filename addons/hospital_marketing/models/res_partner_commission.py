from odoo import fields, models

from .hospital_commission_line import PAYEE_CLASSES


class ResPartner(models.Model):
    _inherit = "res.partner"

    hm_payee_class = fields.Selection(
        PAYEE_CLASSES,
        string="Commission Payee Class",
        help="Compliance classification of the partner as a commission payee (R-C10): no "
        "per-case or percentage commission to a licensed clinician; institutions only under a "
        "signed agreement and against their invoice; intermediaries only under a written "
        "agreement.",
    )
