import csv
import datetime
import io

from odoo import api, models
from odoo.tools import SQL

# column -> accepted headers (the HIS exports English or Chinese headers)
COLUMNS = {
    "his_reference": ("his_reference", "HIS Reference", "HIS单号", "单据号"),
    "voucher_number": ("voucher_number", "Voucher", "转诊单号", "体检卡号"),
    "patient_name": ("patient_name", "Patient", "姓名", "患者姓名"),
    "patient_phone": ("patient_phone", "Phone", "电话", "联系电话"),
    "kind": ("kind", "Kind", "类别", "门诊/住院"),
    "department_code": ("department_code", "Department", "科室编码", "科室"),
    "total_fees": ("total_fees", "Total Fees", "总费用"),
    "drug_cost": ("drug_cost", "Drug Cost", "药费"),
    "admission_date": ("admission_date", "Admission Date", "入院日期"),
    "discharge_date": ("discharge_date", "Discharge Date", "出院日期"),
    "is_final": ("is_final", "Final", "已结算"),
}
REQUIRED = ("his_reference", "kind", "department_code", "total_fees", "is_final")
KINDS = {
    "outpatient": "outpatient",
    "inpatient": "inpatient",
    "门诊": "outpatient",
    "住院": "inpatient",
}
BOOLEANS = {
    "1": True,
    "true": True,
    "yes": True,
    "y": True,
    "是": True,
    "0": False,
    "false": False,
    "no": False,
    "n": False,
    "否": False,
    "": False,
}
# the fields compared to decide created / updated / unchanged
COMPARED = (
    "voucher_number",
    "patient_name",
    "patient_phone",
    "kind",
    "department_id",
    "total_fees",
    "drug_cost",
    "admission_date",
    "discharge_date",
    "is_final",
)
AMOUNT_FIELDS = ("total_fees", "drug_cost")


class HisImportError(Exception):
    """A file that cannot be read at all (encoding, format, missing columns)."""


class HospitalHisImporter(models.AbstractModel):
    """Validation and set-wise writing of HIS bills (R-R5), shared by the import wizard (a
    file, all or nothing) and the JSON endpoint (a batch, bill by bill)."""

    _name = "hospital.his.importer"
    _description = "HIS Bill Importer"

    # ------------------------------------------------------------------
    # reading files
    # ------------------------------------------------------------------
    @api.model
    def _read_file(self, content, filename):
        """Rows (dicts keyed by column) of a CSV or XLSX file; raises HisImportError."""
        if (filename or "").lower().endswith(".xlsx") or content[:2] == b"PK":
            header, rows = self._read_xlsx(content)
        else:
            header, rows = self._read_csv(content)
        columns = self._map_header(header)
        return [
            {column: row[index] if index < len(row) else "" for column, index in columns.items()}
            for row in rows
            if any(cell not in (None, "") for cell in row)
        ]

    @api.model
    def _read_csv(self, content):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise HisImportError(
                self.env._(
                    "The file is not UTF-8 text (byte %s cannot be read). Save it as "
                    "'CSV UTF-8' in the spreadsheet program and import it again.",
                    error.start + 1,
                )
            ) from error
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows = list(reader)
        if not rows:
            raise HisImportError(self.env._("The file is empty."))
        return rows[0], rows[1:]

    @api.model
    def _read_xlsx(self, content):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:
            raise HisImportError(
                self.env._("The file is not a valid XLSX spreadsheet: %s", error)
            ) from error
        sheet = book.worksheets[0]
        rows = [
            ["" if cell is None else cell for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        book.close()
        if not rows:
            raise HisImportError(self.env._("The file is empty."))
        return [str(cell).strip() for cell in rows[0]], rows[1:]

    @api.model
    def _map_header(self, header):
        aliases = {
            alias.strip().lower(): column for column, names in COLUMNS.items() for alias in names
        }
        columns = {}
        for index, title in enumerate(header):
            column = aliases.get(str(title).strip().lower())
            if column and column not in columns:
                columns[column] = index
        missing = [column for column in REQUIRED if column not in columns]
        if missing:
            raise HisImportError(
                self.env._(
                    "Missing columns: %s. The first row must name the columns, e.g. "
                    "his_reference, voucher_number, patient_name, patient_phone, kind, "
                    "department_code, total_fees, drug_cost, admission_date, discharge_date, "
                    "is_final.",
                    ", ".join(missing),
                )
            )
        return columns

    # ------------------------------------------------------------------
    # validation
    # ------------------------------------------------------------------
    @api.model
    def _parse_date(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        value = str(value or "").strip()
        if not value:
            return None
        for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S"):
            try:
                return datetime.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        raise ValueError(value)

    @api.model
    def _parse_amount(self, value):
        if isinstance(value, int | float):
            amount = float(value)
        else:
            amount = float(str(value or "0").replace(",", "").strip() or 0)
        if amount != amount or amount in (float("inf"), float("-inf")):  # NaN, infinity
            raise ValueError(value)
        return round(amount, 2)

    @api.model
    def _validate(self, rows, company):
        """(vals by row number, errors): ``errors`` is a list of (row, column, message); rows
        are numbered as in the file (the header is row 1)."""
        errors = []
        parsed = {}
        codes = {str(r.get("department_code") or "").strip() for r in rows} - {""}
        departments = {
            d.code: d.id
            for d in self.env["hospital.clinical.department"]
            .sudo()
            .with_context(active_test=False)
            .search([("code", "in", list(codes)), ("company_id", "=", company.id)])
        }
        seen = {}
        for number, row in enumerate(rows, start=2):
            vals, row_errors = self._validate_row(row, departments)
            reference = vals.get("his_reference")
            if reference in seen:
                row_errors.insert(
                    0,
                    (
                        "his_reference",
                        self.env._(
                            "the HIS reference %(ref)s is already on row %(row)s",
                            ref=reference,
                            row=seen[reference],
                        ),
                    ),
                )
            elif reference:
                seen[reference] = number
            if row_errors:
                errors.extend((number, column, message) for column, message in row_errors)
                continue
            vals["company_id"] = company.id
            parsed[number] = vals
        return parsed, errors

    @api.model
    def _validate_row(self, row, departments):
        """(vals, [(column, message)]) of one row, in plain words."""
        errors = []
        reference = str(row.get("his_reference") or "").strip()
        if not reference:
            errors.append(("his_reference", self.env._("the HIS reference is empty")))
        kind = KINDS.get(str(row.get("kind") or "").strip().lower())
        if not kind:
            errors.append(
                (
                    "kind",
                    self.env._("'%s' is neither outpatient nor inpatient", row.get("kind") or ""),
                )
            )
        code = str(row.get("department_code") or "").strip()
        department_id = departments.get(code)
        if not department_id:
            errors.append(("department_code", self.env._("unknown department '%s'", code)))
        amounts = {}
        for column in AMOUNT_FIELDS:
            try:
                amounts[column] = self._parse_amount(row.get(column))
            except ValueError:
                errors.append((column, self.env._("'%s' is not an amount", row.get(column))))
                continue
            if amounts[column] < 0:
                errors.append((column, self.env._("the amount %s is negative", amounts[column])))
        if (
            amounts.get("total_fees", -1) >= 0
            and amounts.get("drug_cost", 0) > amounts["total_fees"]
        ):
            errors.append(("drug_cost", self.env._("the drug cost is higher than the total fees")))
        dates = {}
        for column in ("admission_date", "discharge_date"):
            try:
                dates[column] = self._parse_date(row.get(column))
            except ValueError:
                errors.append(
                    (
                        column,
                        self.env._("'%s' is not a date (write it as 2026-03-31)", row.get(column)),
                    )
                )
        if (
            dates.get("admission_date")
            and dates.get("discharge_date")
            and dates["discharge_date"] < dates["admission_date"]
        ):
            errors.append(("discharge_date", self.env._("the discharge is before the admission")))
        final_value = row.get("is_final")
        is_final = BOOLEANS.get(str(final_value if final_value is not None else "").strip().lower())
        if is_final is None:
            errors.append(("is_final", self.env._("'%s' is neither yes nor no", final_value)))
        elif is_final and not dates.get("discharge_date"):
            errors.append(("discharge_date", self.env._("a final bill needs its discharge date")))
        if errors:
            return {"his_reference": reference}, errors
        return {
            "his_reference": reference,
            "voucher_number": str(row.get("voucher_number") or "").strip() or False,
            "patient_name": str(row.get("patient_name") or "").strip() or False,
            "patient_phone": str(row.get("patient_phone") or "").strip() or False,
            "kind": kind,
            "department_id": department_id,
            "total_fees": amounts["total_fees"],
            "drug_cost": amounts.get("drug_cost", 0.0),
            "admission_date": dates.get("admission_date") or False,
            "discharge_date": dates.get("discharge_date") or False,
            "is_final": is_final,
        }, []

    @api.model
    def _existing(self, references, company):
        """{reference: (id, {compared field: value})} of the bills already stored. Read with
        one SQL query: a re-import of 50 000 unchanged bills compares them in well under a
        second, which reading through the ORM cache does not."""
        if not references:
            return {}
        rows = self.env.execute_query(
            SQL(
                "SELECT id, his_reference, voucher_number, patient_name, patient_phone, kind, "
                "department_id, total_fees, drug_cost, admission_date, discharge_date, is_final "
                "FROM hospital_referral_bill WHERE company_id = %s AND his_reference = ANY(%s)",
                company.id,
                list(references),
            )
        )
        return {
            row[1]: (
                row[0],
                dict(zip(COMPARED, row[2:], strict=True)),
            )
            for row in rows
        }

    @staticmethod
    def _same(vals, stored):
        for field in COMPARED:
            new, old = vals[field], stored[field]
            if field in AMOUNT_FIELDS:
                if round(float(old or 0.0), 2) != new:
                    return False
            elif field == "is_final":
                if bool(old) != new:
                    return False
            elif (old or False) != (new or False):
                return False
        return True

    # ------------------------------------------------------------------
    # import
    # ------------------------------------------------------------------
    @api.model
    def _import_rows(self, rows, company=None, atomic=True, dry_run=False):
        """Validate and write HIS bills. Returns ``{"results": {row: (status, message)},
        "errors": [(row, column, message)], "counts": {...}}``; status is created, updated,
        unchanged or error. ``atomic``: nothing is written when any row is in error (the
        file import); otherwise the valid rows go through (the API)."""
        company = company or self.env.company
        parsed, errors = self._validate(rows, company)
        existing = self._existing([v["his_reference"] for v in parsed.values()], company)
        to_create, to_update, results = {}, {}, {}
        for number, vals in parsed.items():
            current = existing.get(vals["his_reference"])
            if not current:
                to_create[number] = vals
                continue
            bill_id, stored = current
            if self._same(vals, stored):
                results[number] = ("unchanged", "")
            elif stored["is_final"]:
                errors.append(
                    (
                        number,
                        "his_reference",
                        self.env._(
                            "the bill %s is final in Odoo: a change is refused, ask the "
                            "office to correct it by hand",
                            vals["his_reference"],
                        ),
                    )
                )
            else:
                to_update[number] = (bill_id, vals)
        messages = {}
        for number, column, message in sorted(errors):
            messages.setdefault(number, []).append(f"{column}: {message}")
        for number, row_messages in messages.items():
            results[number] = ("error", "; ".join(row_messages))
        write = not dry_run and not (atomic and errors)
        Bill = self.env["hospital.referral.bill"]
        if write and to_create:
            Bill.with_context(mail_create_nolog=True, tracking_disable=True).create(
                list(to_create.values())
            )
        if write:
            for bill_id, vals in to_update.values():
                vals = {k: v for k, v in vals.items() if k not in ("his_reference", "company_id")}
                Bill.browse(bill_id).write(vals)
        for number in to_create:
            results[number] = ("created", "")
        for number in to_update:
            results[number] = ("updated", "")
        counts = {"created": 0, "updated": 0, "unchanged": 0, "error": 0}
        for status, _message in results.values():
            counts[status] += 1
        return {
            "results": results,
            "errors": sorted(errors),
            "counts": counts,
            "written": write,
        }
