from odoo import fields, models

TARGETS = [
    ("his_reference", "HIS Reference"),
    ("voucher_number", "Voucher Number"),
    ("patient_name", "Patient Name"),
    ("patient_phone", "Patient Phone"),
    ("kind", "Outpatient or Inpatient"),
    ("department_code", "Department (code or name)"),
    ("total_fees", "Total Fees"),
    ("drug_cost", "Drug Cost"),
    ("admission_date", "Admission Date"),
    ("discharge_date", "Discharge Date"),
    ("is_final", "Final"),
    ("refund_of", "Refund of (original HIS reference)"),
    ("ignore", "Ignore this column"),
]


class HospitalHisImportMapping(models.Model):
    """The field a company's HIS export column goes to, chosen once in the import wizard
    for a header the importer does not know (R-R5); a header key starting with "=" holds
    the value chosen for all bills of a file without that column."""

    _name = "hospital.his.import.mapping"
    _description = "HIS Import Column Mapping"
    _order = "company_id, header"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    header = fields.Char(required=True, help="The column's header as written in the file.")
    header_key = fields.Char(required=True, help="The header as compared (normalised).")
    field_name = fields.Selection(TARGETS, string="Imported As", required=True)
    default_value = fields.Char(
        help="For a file without this column (kind, final): the value of all its bills."
    )

    _header_uniq = models.Constraint(
        "UNIQUE(company_id, header_key)", "A header is mapped once per company."
    )
