from odoo import fields, models


class HospitalReferralBill(models.Model):
    """One bill of the hospital information system (HIS) for a referred patient (R-R5).
    CONTRACT: the field names below are used by the commission engine and the HIS API."""

    _name = "hospital.referral.bill"
    _description = "HIS Bill of a Referred Patient"
    _order = "discharge_date desc, id desc"

    his_reference = fields.Char(string="HIS Reference", required=True, index=True)
    referral_id = fields.Many2one("hospital.referral", string="Referral Case", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    patient_name = fields.Char()
    patient_phone = fields.Char()
    voucher_number = fields.Char(index=True)
    kind = fields.Selection([("outpatient", "Outpatient"), ("inpatient", "Inpatient")])
    department_id = fields.Many2one("hospital.clinical.department")
    department_kind = fields.Selection(
        related="department_id.kind", string="Kind of Department", store=True
    )
    total_fees = fields.Monetary(currency_field="currency_id")
    drug_cost = fields.Monetary(currency_field="currency_id")
    admission_date = fields.Date()
    discharge_date = fields.Date(index=True)
    is_final = fields.Boolean(string="Final")

    _his_reference_uniq = models.Constraint(
        "UNIQUE(his_reference, company_id)", "An HIS bill reference must be unique per company."
    )
