from odoo import fields, models

PARTNER_KINDS = [
    ("public_doctor", "Public-Hospital Doctor"),
    ("private_clinic", "Private Clinic"),
    ("outpatient", "Outpatient Department"),
    ("pharmacy", "Pharmacy"),
    ("township_hc", "Township Health Centre"),
    ("village_clinic", "Village Clinic"),
    ("community_hc", "Community Health Centre"),
    ("maternal_child", "Maternal and Child Hospital"),
    ("enterprise_room", "Enterprise Medical Room"),
    ("school", "School"),
    ("community_office", "Community or Street Office"),
    ("merchant_alliance", "Merchant Alliance"),
    ("part_time", "Individual Part-time Promoter"),
]


class ResPartner(models.Model):
    """Referral partner fields (R-P1, R-P3, R-P4). CONTRACT: names used by the other addons."""

    _inherit = "res.partner"

    referral_partner_kind = fields.Selection(PARTNER_KINDS)
    referral_grade = fields.Selection([("a", "A"), ("b", "B"), ("c", "C")], string="Grade")
    referral_stage = fields.Selection(
        [
            ("prospect", "Prospect"),
            ("first_visit", "First Visit"),
            ("cooperating", "Cooperating"),
            ("key", "Key Partner"),
            ("dormant", "Dormant"),
            ("replaced", "Replaced"),
        ],
    )
    referral_territory_id = fields.Many2one("hospital.marketing.territory", string="Territory")
    referral_promoter_id = fields.Many2one("hr.employee", string="Responsible Promoter")
