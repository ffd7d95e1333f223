from odoo import api, fields, models


class HospitalHisDaily(models.Model):
    """The hospital's actuals of one day (R-K1), as the HIS reports them: revenue, outpatient
    and emergency visits, inpatient admissions, occupied and open beds and new patients, for
    the whole hospital or one treatment group (clinical department). Sent through the HIS API
    or the HIS file import (a second record type beside the bills), never typed by hand; the
    same day sent again replaces it."""

    _name = "hospital.his.daily"
    _description = "HIS Daily Actuals"
    _order = "date desc, department_id"
    _check_company_auto = True
    _rec_name = "date"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, index=True)
    department_id = fields.Many2one(
        "hospital.clinical.department",
        string="Treatment Group",
        check_company=True,
        index="btree_not_null",
        help="Empty: the whole hospital.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    revenue = fields.Monetary(currency_field="currency_id")
    outpatient_visits = fields.Integer(string="Outpatient and Emergency Visits")
    inpatient_admissions = fields.Integer()
    occupied_beds = fields.Integer()
    beds = fields.Integer(
        string="Open Beds",
        help="The beds open that day (开放床位); the bed occupancy of a period is its occupied "
        "bed-days over its open bed-days, counting the days that report both.",
    )
    new_patients = fields.Integer(string="New Inpatients")

    _day_uniq = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (company_id, date, department_id)",
        "The HIS reports a day once per company and treatment group.",
    )
    _counts_positive = models.Constraint(
        "CHECK(revenue >= 0 AND outpatient_visits >= 0 AND inpatient_admissions >= 0 "
        "AND occupied_beds >= 0 AND new_patients >= 0)",
        "Daily actuals cannot be negative.",
    )
    _beds_positive = models.Constraint("CHECK(beds >= 0)", "Open beds cannot be negative.")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("date", "department_id")
    def _compute_display_name(self):
        for day in self:
            scope = day.department_id.name or self.env._("Hospital")
            day.display_name = f"{day.date} {scope}"
