import calendar
from datetime import date, datetime, time

from odoo import api, fields, models
from odoo.exceptions import ValidationError

INDICATORS = [
    ("revenue", "Revenue"),
    ("outpatient_visits", "Outpatient and Emergency Visits"),
    ("inpatient_visits", "Inpatient Admissions"),
    ("bed_occupancy", "Bed Occupancy (%)"),
    ("new_patients_per_day", "New Inpatients per Day"),
    ("referred_patients", "Referred Patients"),
]
# indicators that are a level (a rate, an average), not a sum: each month and working day
# has the year's value
RATE_INDICATORS = frozenset({"bed_occupancy", "new_patients_per_day"})


class HospitalMarketingTarget(models.Model):
    """A yearly target of the hospital (R-K1), of the whole company or of one treatment group
    (clinical department): revenue, visits, bed occupancy, new patients per day, referred
    patients. Broken down to months (equal weights unless the manager sets them) and to the
    working days of each month (the company's working schedule). Set by the marketing
    manager; read by the office, the leaders and the VP."""

    _name = "hospital.marketing.target"
    _description = "Hospital Target"
    _order = "year desc, department_id, indicator"
    _check_company_auto = True

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    department_id = fields.Many2one(
        "hospital.clinical.department",
        string="Treatment Group",
        check_company=True,
        help="Empty: the target of the whole hospital.",
    )
    indicator = fields.Selection(INDICATORS, required=True)
    value = fields.Float(
        string="Yearly Target",
        required=True,
        digits=(16, 2),
        help="The year's total; for a bed occupancy or a number per day, the level to hold.",
    )
    is_rate = fields.Boolean(compute="_compute_is_rate")
    month_ids = fields.One2many("hospital.marketing.target.month", "target_id", string="Months")
    note = fields.Char()

    _target_uniq = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (company_id, year, department_id, indicator)",
        "A target is set once per year, company, treatment group and indicator.",
    )
    _value_positive = models.Constraint("CHECK(value >= 0)", "A target cannot be negative.")

    # ------------------------------------------------------------------
    # compute methods
    # ------------------------------------------------------------------
    @api.depends("indicator")
    def _compute_is_rate(self):
        for target in self:
            target.is_rate = target.indicator in RATE_INDICATORS

    @api.depends("year", "department_id", "indicator")
    def _compute_display_name(self):
        labels = dict(self._fields["indicator"]._description_selection(self.env))
        for target in self:
            scope = target.department_id.name or self.env._("Hospital")
            target.display_name = f"{target.year} {scope} {labels.get(target.indicator, '')}"

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------
    @api.constrains("year")
    def _check_year(self):
        if any(not 2000 <= target.year <= 2100 for target in self):
            raise ValidationError(self.env._("The year of a target is between 2000 and 2100."))

    @api.constrains("indicator", "value")
    def _check_occupancy(self):
        for target in self:
            if target.indicator == "bed_occupancy" and target.value > 100:
                raise ValidationError(self.env._("A bed occupancy is at most 100 %."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        targets = super().create(vals_list)
        missing = []
        for target in targets:
            months = set(target.month_ids.mapped("month"))
            missing += [
                {"target_id": target.id, "month": str(month)}
                for month in range(1, 13)
                if str(month) not in months
            ]
        self.env["hospital.marketing.target.month"].create(missing)
        return targets


class HospitalMarketingTargetMonth(models.Model):
    """A month of a yearly target: its weight, its share of the target and the target per
    working day of that month."""

    _name = "hospital.marketing.target.month"
    _description = "Monthly Hospital Target"
    _order = "target_id, month"

    target_id = fields.Many2one(
        "hospital.marketing.target", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="target_id.company_id", store=True, index=True)
    year = fields.Integer(related="target_id.year", store=True)
    department_id = fields.Many2one(related="target_id.department_id", store=True)
    indicator = fields.Selection(related="target_id.indicator", store=True)
    month = fields.Selection(
        [(str(number), calendar.month_abbr[number]) for number in range(1, 13)], required=True
    )
    date = fields.Date(compute="_compute_date", store=True, string="Month Start")
    weight = fields.Float(
        default=1.0,
        digits=(16, 2),
        help="The month's share of the year relative to the other months (equal by default; "
        "e.g. 0.8 for the Spring Festival month).",
    )
    working_days = fields.Float(compute="_compute_working_days", store=True, digits=(16, 1))
    value = fields.Float(
        string="Monthly Target", compute="_compute_value", store=True, digits=(16, 2)
    )
    value_per_day = fields.Float(
        string="Per Working Day", compute="_compute_value", store=True, digits=(16, 2)
    )

    _month_uniq = models.Constraint("UNIQUE(target_id, month)", "A target has one line per month.")
    _weight_positive = models.Constraint("CHECK(weight >= 0)", "A weight cannot be negative.")

    @api.depends("year", "month")
    def _compute_date(self):
        for line in self:
            line.date = date(line.year, int(line.month), 1) if line.year and line.month else False

    @api.depends("date", "company_id.resource_calendar_id")
    def _compute_working_days(self):
        """The working days of the month in the company's working schedule (its public
        holidays included when they are leaves of the schedule)."""
        for line in self:
            schedule = line.company_id.resource_calendar_id
            if not line.date or not schedule:
                line.working_days = 0.0
                continue
            last = calendar.monthrange(line.date.year, line.date.month)[1]
            start = datetime.combine(line.date, time.min)
            end = datetime.combine(line.date.replace(day=last), time.max)
            line.working_days = schedule.get_work_duration_data(start, end)["days"]

    @api.depends(
        "weight",
        "working_days",
        "target_id.value",
        "target_id.indicator",
        "target_id.month_ids.weight",
    )
    def _compute_value(self):
        """The months share the year by weight, rounded to the cent so that they add up to
        the year exactly (the cents left over go to the largest remainders); a rate is the
        year's value in every month and on every day."""
        for target, lines in self.grouped("target_id").items():
            if target.indicator in RATE_INDICATORS:
                for line in lines:
                    line.value = line.value_per_day = target.value
                continue
            shares = self._shares(target.value, {line: line.weight for line in target.month_ids})
            for line in lines:
                line.value = shares.get(line, 0.0)
                line.value_per_day = line.value / line.working_days if line.working_days else 0.0

    @staticmethod
    def _shares(total, weights):
        """{key: share of ``total``} in cents by ``weights``, adding up to ``total``."""
        total_weight = sum(weights.values())
        if not total_weight:
            return dict.fromkeys(weights, 0.0)
        cents = round(total * 100)
        exact = {key: cents * weight / total_weight for key, weight in weights.items()}
        floors = {key: int(value) for key, value in exact.items()}
        left = cents - sum(floors.values())
        for key in sorted(exact, key=lambda key: exact[key] - floors[key], reverse=True)[:left]:
            floors[key] += 1
        return {key: value / 100 for key, value in floors.items()}
