"""The HIS importer's second record type (R-K1): the hospital's daily actuals, one object per
day and treatment group, with the same strict contract as the bills (known keys only, JSON
types, a bad day an error of its own); a day sent again replaces the stored one."""

from odoo import api, models

from .hospital_his_importer import json_type, shown
from .hospital_his_parse import CellError, clean_text, parse_amount, parse_date

# the keys of a day; date and at least one figure are required, a missing figure is 0
DAILY_KEYS = (
    "date",
    "department_code",
    "revenue",
    "outpatient_visits",
    "inpatient_admissions",
    "occupied_beds",
    "beds",
    "new_patients",
)
DAILY_COUNTS = (
    "outpatient_visits",
    "inpatient_admissions",
    "occupied_beds",
    "beds",
    "new_patients",
)
DAILY_FIGURES = ("revenue", *DAILY_COUNTS)
MAX_COUNT = 10_000_000


class HospitalHisImporter(models.AbstractModel):
    _inherit = "hospital.his.importer"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _check_day(self, day, departments):
        """(vals or None, [(field, message)]) of one day sent by the HIS."""
        if not isinstance(day, dict):
            return None, [("", self.env._("an object is expected, not %s", json_type(day)))]
        unknown = [key for key in day if key not in DAILY_KEYS]
        if unknown:
            return None, [("", self.env._("unknown field '%s'", shown(key))) for key in unknown[:5]]
        errors, vals = [], {}
        try:
            vals["date"] = parse_date(day.get("date"), strict=True)
            if not vals["date"]:
                errors.append(("date", self.env._("a value is required")))
        except CellError as error:
            errors.append(("date", self._cell_message(error, day.get("date"), strict=True)))
        code = day.get("department_code")
        try:
            code = clean_text(code, "department_code", strict=True)
        except CellError as error:
            errors.append(("department_code", self._cell_message(error, code, strict=True)))
        else:
            vals["department_id"] = departments.get(code.casefold()) if code else False
            if code and not vals["department_id"]:
                errors.append(("department_code", self.env._("unknown department '%s'", code)))
        if not any(day.get(field) is not None for field in DAILY_FIGURES):
            errors.append(("", self.env._("no figure is given")))
        value = day.get("revenue")
        try:
            vals["revenue"] = parse_amount(value, strict=True) if value is not None else 0.0
        except CellError as error:
            errors.append(("revenue", self._cell_message(error, value, strict=True)))
        for field in DAILY_COUNTS:
            value = day.get(field)
            if value is None:
                vals[field] = 0
            elif isinstance(value, bool) or not isinstance(value, int):
                errors.append(
                    (field, self.env._("a whole number is expected, not %s", shown(value)))
                )
            elif not 0 <= value <= MAX_COUNT:
                errors.append(
                    (
                        field,
                        self.env._(
                            "%(value)s is not between 0 and %(max)s", value=value, max=MAX_COUNT
                        ),
                    )
                )
            else:
                vals[field] = value
        return (None, errors) if errors else (vals, [])

    @api.model
    def _api_import_daily(self, days, company=None):
        """Per-day results of a decoded API batch of daily actuals: {"results": [{"index",
        "date", "status", "error"}], "counts"}; status is created, updated, unchanged or
        error. The stored days are read with one search, the new ones created at once."""
        company = company or self.env.company
        departments = self._departments(company)
        checked = [self._check_day(day, departments) for day in days]
        Daily = self.env["hospital.his.daily"]
        keys = {}
        statuses = {}
        for index, (vals, errors) in enumerate(checked):
            if errors:
                statuses[index] = ("error", errors)
                continue
            key = (vals["date"], vals["department_id"] or False)
            if key in keys:
                statuses[index] = (
                    "error",
                    [("date", self.env._("the same day is already days[%s]", keys[key]))],
                )
                continue
            keys[key] = index
        stored = {}
        if keys:
            dates = list({date for date, _department in keys})
            for record in Daily.search([("company_id", "=", company.id), ("date", "in", dates)]):
                stored[(record.date, record.department_id.id or False)] = record
        to_create = []
        for key, index in keys.items():
            vals = checked[index][0]
            record = stored.get(key)
            if not record:
                to_create.append(dict(vals, company_id=company.id))
                statuses[index] = ("created", [])
            elif all(record[field] == vals[field] for field in DAILY_FIGURES):
                statuses[index] = ("unchanged", [])
            else:
                record.write({field: vals[field] for field in DAILY_FIGURES})
                statuses[index] = ("updated", [])
        Daily.create(to_create)
        results, counts = [], {"created": 0, "updated": 0, "unchanged": 0, "error": 0}
        for index in range(len(days)):
            status, errors = statuses[index]
            counts[status] += 1
            results.append(
                {
                    "index": index,
                    # the parsed date: the value sent may not even be printable
                    "date": checked[index][0]["date"].isoformat() if status != "error" else None,
                    "status": status,
                    "error": "; ".join(
                        f"days[{index}].{field}: {text}" if field else f"days[{index}]: {text}"
                        for field, text in errors
                    )
                    or None,
                }
            )
        return {"results": results, "counts": counts}
