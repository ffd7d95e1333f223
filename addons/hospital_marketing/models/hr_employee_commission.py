from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    hm_licensed_clinician = fields.Boolean(
        string="Licensed Clinician",
        groups="hr.group_hr_user,hospital_marketing.group_marketing_manager",
        help="A licensed clinician is never paid a per-case or percentage commission (R-C10); "
        "lectures and expert visits are paid as documented services.",
    )
