import csv
import datetime
import hashlib
import io

from odoo import api, fields, models
from odoo.tools import SQL

from .hospital_commission_line import BILLABLE_STATES
from .hospital_referral import normalize_phone

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
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            return datetime.date.fromisoformat(value)  # the HIS's usual form, fast
        for fmt in ("%Y/%m/%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S"):
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
    def _row_hash(self, row):
        """Fingerprint of a row as the HIS sent it: a re-sent row with the same fingerprint
        as the stored bill is unchanged without being parsed again."""
        text = "\x1f".join(
            "" if row.get(column) is None else str(row.get(column)) for column in COLUMNS
        )
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()

    @api.model
    def _validate(self, numbered_rows, company, duplicates=None):
        """(vals by row number, errors) of ``numbered_rows`` [(number, row, fingerprint)]:
        ``errors`` is a list of (row, column, message); rows are numbered as in the file (the
        header is row 1); ``duplicates`` maps a row number to the earlier row of its
        reference."""
        duplicates = duplicates or {}
        errors = []
        parsed = {}
        codes = {str(r.get("department_code") or "").strip() for _n, r, _h in numbered_rows}
        departments = {
            d.code: d.id
            for d in self.env["hospital.clinical.department"]
            .sudo()
            .with_context(active_test=False)
            .search([("code", "in", list(codes - {""})), ("company_id", "=", company.id)])
        }
        for number, row, fingerprint in numbered_rows:
            vals, row_errors = self._validate_row(row, departments)
            if number in duplicates:
                row_errors.insert(
                    0,
                    (
                        "his_reference",
                        self.env._(
                            "the HIS reference %(ref)s is already on row %(row)s",
                            ref=vals.get("his_reference"),
                            row=duplicates[number],
                        ),
                    ),
                )
            if row_errors:
                errors.extend((number, column, message) for column, message in row_errors)
                continue
            vals["company_id"] = company.id
            vals["his_row_hash"] = fingerprint
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
    def _fingerprints(self, references, company):
        """{reference: (id, fingerprint)} of the stored bills, in one narrow SQL query: a
        re-import of 50 000 unchanged bills is decided on these alone."""
        if not references:
            return {}
        self.env["hospital.referral.bill"].flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT his_reference, id, his_row_hash FROM hospital_referral_bill "
                "WHERE company_id = %s AND his_reference = ANY(%s)",
                company.id,
                list(references),
            )
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    @api.model
    def _existing(self, bill_ids):
        """{id: {compared field: value}} of stored bills, read with one SQL query (reading
        through the ORM cache is several times slower for a whole HIS export)."""
        if not bill_ids:
            return {}
        rows = self.env.execute_query(
            SQL(
                "SELECT id, voucher_number, patient_name, patient_phone, kind, department_id, "
                "total_fees, drug_cost, admission_date, discharge_date, is_final "
                "FROM hospital_referral_bill WHERE id = ANY(%s)",
                list(bill_ids),
            )
        )
        return {row[0]: dict(zip(COMPARED, row[1:], strict=True)) for row in rows}

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
    # writing
    # ------------------------------------------------------------------
    @api.model
    def _create_bills(self, vals_list):
        """Create validated bills set-wise: matched to their cases in memory, then written
        with one COPY, the stored computed fields filled from the same values. The ORM's
        ``create`` of 50 000 bills takes about 25 s here, the COPY under a second: this is
        what keeps a monthly HIS export within the 6 s budget (see bench/). Access rights
        and record rules are checked on the rows written, as the ORM would."""
        Bill = self.env["hospital.referral.bill"]
        Bill.check_access("create")
        for vals in vals_list:
            vals["patient_phone_norm"] = normalize_phone(vals["patient_phone"])
        cases = Bill._hm_find_cases(
            [
                (
                    vals["company_id"],
                    vals["voucher_number"],
                    vals["patient_phone_norm"],
                    vals["admission_date"] or vals["discharge_date"],
                )
                for vals in vals_list
            ]
        )
        department_kinds = {
            department.id: department.kind
            for department in self.env["hospital.clinical.department"]
            .sudo()
            .browse({vals["department_id"] for vals in vals_list})
        }
        now = fields.Datetime.to_string(fields.Datetime.now())
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for vals, case in zip(vals_list, cases, strict=True):
            case = case or self.env["hospital.referral"]
            writer.writerow(
                [
                    "" if value is False or value is None else value
                    for value in (
                        vals["his_reference"],
                        vals["his_row_hash"],
                        vals["company_id"],
                        case.id or None,
                        vals["patient_name"],
                        vals["patient_phone"],
                        vals["patient_phone_norm"],
                        vals["voucher_number"],
                        vals["kind"],
                        vals["department_id"],
                        department_kinds.get(vals["department_id"]),
                        vals["total_fees"],
                        vals["drug_cost"],
                        vals["admission_date"] or None,
                        vals["discharge_date"] or None,
                        "t" if vals["is_final"] else "f",
                        "matched" if case else "unmatched",
                        case.user_id.id or None,
                        case.team_id.id or None,
                        case.promoter_id.id or None,
                        self.env.uid,
                        now,
                        self.env.uid,
                        now,
                    )
                ]
            )
        buffer.seek(0)
        self.env.flush_all()
        # the column list is constant: no user input reaches the statement
        self.env.cr._obj.copy_expert(
            "COPY hospital_referral_bill (his_reference, his_row_hash, company_id, referral_id, "
            "patient_name, patient_phone, patient_phone_norm, voucher_number, kind, "
            "department_id, department_kind, total_fees, drug_cost, admission_date, "
            "discharge_date, is_final, match_state, user_id, team_id, promoter_id, "
            "create_uid, create_date, write_uid, write_date) FROM STDIN WITH (FORMAT csv)",
            buffer,
        )
        Bill.invalidate_model()
        references = [vals["his_reference"] for vals in vals_list]
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    "SELECT id FROM hospital_referral_bill WHERE company_id IN %s "
                    "AND his_reference = ANY(%s)",
                    tuple({vals["company_id"] for vals in vals_list}),
                    references,
                )
            )
        ]
        bills = Bill.browse(ids)
        bills.check_access("create")
        matched = self.env["hospital.referral"].browse({case.id for case in cases if case})
        if matched:
            discharged = matched.sudo().filtered(lambda c: c.state in BILLABLE_STATES)
            matched.invalidate_recordset(["bill_ids"])
            matched.modified(["bill_ids"])
            matched._hm_update_discharge()
            # R-C11: a case discharged before follows its new final bills
            bills.filtered("is_final")._hm_commission_changed(billable=discharged)
        return bills

    # ------------------------------------------------------------------
    # import
    # ------------------------------------------------------------------
    @api.model
    def _triage(self, rows, company):
        """(existing bills, duplicates, results, rows to check): a row whose fingerprint is the
        stored bill's is unchanged at once; the others are validated."""
        references = [str(row.get("his_reference") or "").strip() for row in rows]
        existing = self._fingerprints(set(references) - {""}, company)
        first_row, duplicates = {}, {}
        for number, reference in enumerate(references, start=2):
            if reference in first_row:
                duplicates[number] = first_row[reference]
            elif reference:
                first_row[reference] = number
        results, to_check = {}, []
        for number, (row, reference) in enumerate(zip(rows, references, strict=True), start=2):
            fingerprint = self._row_hash(row)
            current = existing.get(reference)
            if current and current[1] == fingerprint and number not in duplicates:
                results[number] = ("unchanged", "")
            else:
                to_check.append((number, row, fingerprint))
        return existing, duplicates, results, to_check

    @api.model
    def _import_rows(self, rows, company=None, atomic=True, dry_run=False):
        """Validate and write HIS bills. Returns ``{"results": {row: (status, message)},
        "errors": [(row, column, message)], "counts": {...}}``; status is created, updated,
        unchanged or error. ``atomic``: nothing is written when any row is in error (the
        file import); otherwise the valid rows go through (the API)."""
        company = company or self.env.company
        existing, duplicates, results, to_check = self._triage(rows, company)
        to_create, to_update = {}, {}
        parsed, errors = self._validate(to_check, company, duplicates)
        stored_values = self._existing(
            [
                existing[v["his_reference"]][0]
                for v in parsed.values()
                if v["his_reference"] in existing
            ]
        )
        for number, vals in parsed.items():
            current = existing.get(vals["his_reference"])
            if not current:
                to_create[number] = vals
                continue
            bill_id = current[0]
            stored = stored_values[bill_id]
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
            self._create_bills(list(to_create.values()))
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
