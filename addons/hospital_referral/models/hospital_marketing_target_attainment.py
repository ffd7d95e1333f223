from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# indicator -> (aggregate of the daily actuals, per reported day)
ACTUALS = {
    "revenue": ("revenue:sum", False),
    "outpatient_visits": ("outpatient_visits:sum", False),
    "inpatient_visits": ("inpatient_admissions:sum", False),
    "new_patients_per_day": ("new_patients:sum", True),
}


class HospitalMarketingTargetMonth(models.Model):
    """The month's actual from the HIS daily actuals and its attainment of the target
    (R-K1), read set-wise (one grouped read for all the months shown) with the reader's
    rights."""

    _inherit = "hospital.marketing.target.month"

    actual = fields.Float(compute="_compute_actual", digits=(16, 2))
    attainment = fields.Float(
        string="Attainment (%)",
        compute="_compute_actual",
        digits=(16, 1),
        help="The month's actual as a percentage of its target; revenue, visits and new "
        "inpatients per day come from the HIS daily actuals.",
    )

    @api.depends("date", "indicator", "department_id", "company_id", "value")
    def _compute_actual(self):
        lines = self.filtered(lambda line: line.date and line.indicator in ACTUALS)
        (self - lines).actual = 0.0
        (self - lines).attainment = 0.0
        if not lines:
            return
        aggregates = sorted({aggregate for aggregate, _per_day in ACTUALS.values()})
        rows = self.env["hospital.his.daily"]._read_group(
            [
                ("company_id", "in", lines.company_id.ids),
                ("date", ">=", min(lines.mapped("date"))),
                ("date", "<", max(lines.mapped("date")) + relativedelta(months=1)),
            ],
            ["company_id", "department_id", "date:month"],
            [*aggregates, "__count"],
        )
        totals = {}
        for company, department, month, *values in rows:
            totals[(company.id, department.id or False, month)] = dict(
                zip([*aggregates, "__count"], values, strict=True)
            )
        for line in lines:
            aggregate, per_day = ACTUALS[line.indicator]
            found = totals.get((line.company_id.id, line.department_id.id or False, line.date))
            actual = 0.0
            if found:
                actual = found[aggregate] or 0.0
                if per_day:
                    actual = actual / found["__count"] if found["__count"] else 0.0
            line.actual = actual
            line.attainment = 100.0 * actual / line.value if line.value else 0.0
