"""19.0.1.5.0: two indexes of the HIS bills no search uses go, each costing the HIS import's
COPY its upkeep (R-R5); Odoo keeps an index a field no longer asks for.

- ``voucher_number``: bills are matched by the *case's* voucher number (an index of
  ``hospital_referral``), and the bill list searches the voucher with ``ilike``, which a
  b-tree index cannot serve;
- ``company_id``: the multi-company rule and every lookup name a company together with the
  reference (the unique ``(his_reference, company_id)`` index) or with a more selective
  column; the company alone selects nearly every bill of a hospital, where PostgreSQL reads
  the table rather than the index."""

from odoo.tools import sql


def migrate(cr, version):
    for column in ("voucher_number", "company_id"):
        sql.drop_index(cr, f"hospital_referral_bill__{column}_index", "hospital_referral_bill")
