"""19.0.1.2.0: the single-column index on the HIS bills' reference goes; the unique
``(his_reference, company_id)`` index serves every lookup by reference, and each index costs
the HIS import's COPY its upkeep (R-R5). Odoo keeps an index a field no longer asks for."""

from odoo.tools import sql


def migrate(cr, version):
    sql.drop_index(cr, "hospital_referral_bill__his_reference_index", "hospital_referral_bill")
