from odoo import fields, models

REFERRAL_STATES = [
    ("registered", "Registered"),
    ("arrived", "Arrived"),
    ("in_treatment", "In Treatment"),
    ("discharged", "Discharged"),
    ("closed", "Closed"),
    ("rejected", "Rejected"),
    ("duplicate", "Duplicate"),
    ("not_counted", "Not Counted"),
]


class HospitalReferral(models.Model):
    """One referred patient, one credit (R-R1..R-R5). CONTRACT: the field names below are used
    by the commission engine, the HIS import and the events addon."""

    _name = "hospital.referral"
    _description = "Referral Case"
    _inherit = ["mail.thread", "mail.activity.mixin", "hospital.secret.mixin"]
    _order = "registered_at desc, id desc"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(REFERRAL_STATES, required=True, default="registered", tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # patient (R-S4: minimum fields)
    patient_name = fields.Char(required=True)
    patient_phone = fields.Char()
    patient_phone_norm = fields.Char(index=True, readonly=True)
    patient_id_number = fields.Char(string="Patient ID Number")
    # credit
    referring_partner_id = fields.Many2one("res.partner", index=True)
    referring_doctor_id = fields.Many2one("res.partner", index=True)
    promoter_id = fields.Many2one("hr.employee", index=True)
    user_id = fields.Many2one("res.users", string="Owner", index=True)
    team_id = fields.Many2one("hospital.marketing.team", index=True)
    # registration
    voucher_number = fields.Char(index=True)
    department_id = fields.Many2one("hospital.clinical.department")
    disease = fields.Char()
    registered_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    # arrival and discharge
    arrival_datetime = fields.Datetime(string="Arrived At")
    discharge_date = fields.Date(index=True)
    is_counted = fields.Boolean(string="Counted", default=True)
    # money (from final HIS bills)
    bill_ids = fields.One2many("hospital.referral.bill", "referral_id", string="HIS Bills")
    total_fees = fields.Monetary(currency_field="currency_id")
    drug_cost = fields.Monetary(currency_field="currency_id")
