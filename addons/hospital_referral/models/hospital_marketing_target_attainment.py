from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# indicator -> (aggregate of the daily actuals, per reported day)
ACTUALS = {
    "revenue": ("revenue:sum", False),
    "outpatient_visits": ("outpatient_visits:sum", False),
    "inpatient_visits": ("inpatient_admissions:sum", False),
    "new_patients_per_day": ("new_patients:sum", True),
}
MEASURED = frozenset({*ACTUALS, "bed_occupancy", "referred_patients"})


class HospitalMarketingTargetMonth(models.Model):
    """The month's actual and its attainment of the target (R-K1), read set-wise (one grouped
    read per source for all the months shown): revenue, visits and new inpatients from the
    HIS daily actuals (with the reader's rights); the bed occupancy as the month's occupied
    bed-days over its open bed-days (the days that report both); the referred patients as
    the counted cases that arrived in the month, in the company's time zone."""

    _inherit = "hospital.marketing.target.month"

    actual = fields.Float(compute="_compute_actual", digits=(16, 2))
    attainment = fields.Float(
        string="Attainment (%)",
        compute="_compute_actual",
        digits=(16, 1),
        help="The month's actual as a percentage of its target: revenue, visits, new "
        "inpatients per day and bed occupancy (occupied over open beds) come from the HIS "
        "daily actuals, referred patients are the counted referral cases that arrived in the "
        "month.",
    )

    @api.depends("date", "indicator", "department_id", "company_id", "value")
    def _compute_actual(self):
        lines = self.filtered(lambda line: line.date and line.indicator in MEASURED)
        (self - lines).actual = 0.0
        (self - lines).attainment = 0.0
        if not lines:
            return
        daily = self._daily_totals(lines)
        arrived = self._arrived_counts(
            lines.filtered(lambda line: line.indicator == "referred_patients")
        )
        for line in lines:
            key = (line.company_id.id, line.department_id.id or False, line.date)
            found = daily.get(key, {})
            if line.indicator == "referred_patients":
                actual = float(arrived.get(key, 0))
            elif line.indicator == "bed_occupancy":
                beds = found.get("open_beds") or 0
                actual = 100.0 * found.get("open_occupied", 0) / beds if beds else 0.0
            else:
                aggregate, per_day = ACTUALS[line.indicator]
                actual = found.get(aggregate) or 0.0
                if per_day:
                    actual = actual / found["__count"] if found.get("__count") else 0.0
            line.actual = actual
            line.attainment = 100.0 * actual / line.value if line.value else 0.0

    def _daily_totals(self, lines):
        """{(company id, department id or False, month start): {aggregate: total}} of the
        HIS daily actuals of ``lines``' months; ``open_occupied``/``open_beds`` add up the
        days that report their open beds."""
        domain = [
            ("company_id", "in", lines.company_id.ids),
            ("date", ">=", min(lines.mapped("date"))),
            ("date", "<", max(lines.mapped("date")) + relativedelta(months=1)),
        ]
        groupby = ["company_id", "department_id", "date:month"]
        Daily = self.env["hospital.his.daily"]
        aggregates = [*sorted({aggregate for aggregate, _per_day in ACTUALS.values()}), "__count"]
        totals = {}
        for company, department, month, *values in Daily._read_group(domain, groupby, aggregates):
            key = (company.id, department.id or False, month)
            totals[key] = dict(zip(aggregates, values, strict=True))
        if "bed_occupancy" in lines.mapped("indicator"):
            rows = Daily._read_group(
                [*domain, ("beds", ">", 0)], groupby, ["occupied_beds:sum", "beds:sum"]
            )
            for company, department, month, occupied, beds in rows:
                found = totals.setdefault((company.id, department.id or False, month), {})
                found.update(open_occupied=occupied, open_beds=beds)
        return totals

    def _arrived_counts(self, lines):
        """{(company id, department id or False, month start): count} of the counted
        referral cases that arrived in ``lines``' months (months in each company's time
        zone), per treatment group and for the whole hospital (False).

        The hospital's number, like its HIS actuals: counted as the superuser within the
        lines' companies, so that a team leader reading the hospital's target sees the
        hospital's figure, not their teams' share; only a count per month and treatment group
        leaves this method, never a case."""
        counts = {}
        for company, company_lines in lines.grouped("company_id").items():
            tz = pytz.timezone(company.partner_id.tz or "UTC")
            first, last = min(company_lines.mapped("date")), max(company_lines.mapped("date"))
            bounds = [
                tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc)
                for day in (first, last + relativedelta(months=1))
            ]
            rows = (
                self.env["hospital.referral"]
                .sudo()
                .with_context(tz=tz.zone)
                ._read_group(
                    [
                        ("company_id", "=", company.id),
                        ("is_counted", "=", True),
                        ("arrival_datetime", ">=", bounds[0].replace(tzinfo=None)),
                        ("arrival_datetime", "<", bounds[1].replace(tzinfo=None)),
                    ],
                    ["department_id", "arrival_datetime:month"],
                    ["__count"],
                )
            )
            for department, month, count in rows:
                day = month.date() if isinstance(month, datetime) else month
                for scope in {department.id or False, False}:
                    key = (company.id, scope, day)
                    counts[key] = counts.get(key, 0) + count
        return counts
