"""The HIS bill importer (R-R5): the bill's columns and their parsers, the batch, and the
validation of its cells in plain words. Its further concerns are ``_inherit`` of the same
service: ``_write`` (triage and set-wise writing), ``_refund`` (refund bills), ``_api`` (the
JSON contract) and ``_file`` (reading and mapping a file)."""

import hashlib

from odoo import api, models

from .hospital_his_parse import (
    MAX_AMOUNT,
    TEXT_LIMITS,
    CellError,
    clean_text,
    header_key,
    normalize,
    parse_amount,
    parse_bool,
    parse_date,
    parse_kind,
)

# field -> accepted headers (the HIS exports English or Chinese headers)
COLUMNS = {
    "his_reference": (
        "his_reference",
        "HIS Reference",
        "Reference",
        "HIS单号",
        "单据号",
        "住院号",
        "门诊号",
        "结算单号",
    ),
    "voucher_number": ("voucher_number", "Voucher", "Voucher Number", "转诊单号", "体检卡号"),
    "patient_name": ("patient_name", "Patient", "Patient Name", "姓名", "患者姓名", "病人姓名"),
    "patient_phone": ("patient_phone", "Phone", "电话", "联系电话", "手机号"),
    "kind": ("kind", "Kind", "类别", "门诊/住院", "就诊类别"),
    "department_code": (
        "department_code",
        "Department",
        "Department Code",
        "科室编码",
        "科室",
        "科室名称",
    ),
    "total_fees": ("total_fees", "Total Fees", "总费用", "费用合计", "总金额"),
    "drug_cost": ("drug_cost", "Drug Cost", "药费", "药品费"),
    "admission_date": ("admission_date", "Admission Date", "入院日期", "入院时间"),
    "discharge_date": ("discharge_date", "Discharge Date", "出院日期", "出院时间"),
    "is_final": ("is_final", "Final", "已结算", "是否结算"),
    # a refund (credit) bill names the bill it refunds
    "refund_of": (
        "refund_of",
        "Refund Of",
        "Original Reference",
        "原单号",
        "原结算单号",
        "原HIS单号",
        "冲红单号",
        "退费原单号",
    ),
}
ALIASES = {header_key(alias): field for field, names in COLUMNS.items() for alias in names}
# the API needs every key but the optional ones; a file needs these columns, kind and is_final
# may instead be chosen for the whole file
REQUIRED = ("his_reference", "kind", "department_code", "total_fees", "drug_cost", "is_final")
FILE_REQUIRED = ("his_reference", "department_code", "total_fees", "drug_cost")
OPTIONAL = (
    "voucher_number",
    "patient_name",
    "patient_phone",
    "admission_date",
    "discharge_date",
    "refund_of",
)
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
    "refund_of_id",
)
AMOUNT_FIELDS = ("total_fees", "drug_cost")
TEXT_FIELDS = ("voucher_number", "patient_name", "patient_phone", "refund_of")
# parsing per field, in the order errors are listed
PARSERS = (
    ("his_reference", lambda value, strict: clean_text(value, "his_reference", strict)),
    ("voucher_number", lambda value, strict: clean_text(value, "voucher_number", strict)),
    ("patient_name", lambda value, strict: clean_text(value, "patient_name", strict)),
    ("patient_phone", lambda value, strict: clean_text(value, "patient_phone", strict)),
    ("kind", parse_kind),
    ("department_code", lambda value, strict: clean_text(value, "department_code", strict)),
    ("refund_of", lambda value, strict: clean_text(value, "refund_of", strict)),
    ("total_fees", parse_amount),
    ("drug_cost", parse_amount),
    ("admission_date", parse_date),
    ("discharge_date", parse_date),
    ("is_final", parse_bool),
)
# columns with few distinct values: each value is parsed once per batch
MEMO_FIELDS = ("kind", "department_code", "admission_date", "discharge_date", "is_final")
MEMO_TYPES = (str, bool, int, float, type(None))
# the text columns, whose usual cell (printable ASCII, short) needs no normalising
PLAIN_TEXT_FIELDS = (
    "his_reference",
    "voucher_number",
    "patient_name",
    "patient_phone",
    "refund_of",
)
# a cell in error, in a parsed column
BAD = object()


# the values a fingerprint is made of; refund_of is added only when sent, so the fingerprints
# of the bills stored before refunds existed stay the same
FINGERPRINTED = tuple(field for field in COLUMNS if field != "refund_of")


class HisImportError(Exception):
    """A file that cannot be read at all (encoding, format, missing columns)."""


class HisBatch:
    """Bills to import, each with its label (a file's row number or the API's index), its raw
    values by column ({field: [value of each bill]}, every field of :data:`COLUMNS`), its
    normalised reference and the fingerprint of its raw values. Validation results are kept
    on the batch: Check validates, Import reuses them."""

    def __init__(self, labels, columns, references, hashes):
        self.labels = labels
        self.columns = columns
        self.references = references
        self.hashes = hashes
        self.checked = {}
        self.signature = None
        first, self.duplicates = {}, {}
        for position, reference in enumerate(references):
            if not reference:
                continue
            if reference in first:
                self.duplicates[position] = first[reference]
            else:
                first[reference] = position

    def __len__(self):
        return len(self.labels)


def shown(value):
    """A short, printable form of a value for a message: the text as typed (at most 40
    characters, invalid characters replaced), or what kind of JSON value it is."""
    if isinstance(value, str):
        text = "".join(
            "\ufffd" if ("\ud800" <= ch <= "\udfff" or (ch < " " and ch not in "\t\n\r")) else ch
            for ch in value[:41]
        )
        return text[:40] + "…" if len(value) > 40 else text
    return json_type(value)


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def fingerprints(columns):
    """Fingerprint of each bill as the HIS sent it (its values and their types): a re-sent
    bill with the stored bill's fingerprint is unchanged without being parsed again."""
    md5 = hashlib.md5
    result = []
    for values, refund_of in zip(
        zip(*(columns[field] for field in FINGERPRINTED), strict=True),
        columns["refund_of"],
        strict=True,
    ):
        values = [*values, refund_of] if refund_of is not None else list(values)
        text = repr(values)
        result.append(md5(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest())
    return result


def parse_refund_amount(value, strict):
    return parse_amount(value, strict, refund=True)


def reference_of(value):
    """The normalised reference of a raw value, or None when it is not a valid one."""
    try:
        return clean_text(value, "his_reference", strict=False) or None
    except CellError:
        return None


class HospitalHisImporter(models.AbstractModel):
    """Validation and set-wise writing of HIS bills (R-R5), shared by the import wizard (a
    file, all or nothing) and the JSON endpoint (a batch, bill by bill); the validation
    here, the other concerns in ``hospital_his_importer_*.py``. Every value is
    checked in Python before anything is written, so a bad bill is an error of its own and
    never a database error of the batch."""

    _name = "hospital.his.importer"
    _description = "HIS Bill Importer"

    # ------------------------------------------------------------------
    # messages
    # ------------------------------------------------------------------
    @api.model
    def _cell_message(self, error, value, strict=False):
        """The words for a :class:`CellError` on ``value``."""
        code = error.code
        if code == "not_date" and strict and not isinstance(value, str):
            return self.env._("a date is expected as text (2026-03-31), not %s", json_type(value))
        if code == "not_bool" and strict:
            return self.env._("true or false is expected, not %s", shown(value))
        if code == "negative" and isinstance(value, int | float):
            return self.env._("the amount %s is negative", value)
        if code == "positive":
            return self.env._(
                "a refund bill's amount is 0 or negative, not %s",
                value if isinstance(value, int | float) else shown(value),
            )
        messages = {
            "missing": lambda: self.env._("a value is required"),
            "not_text": lambda: self.env._("text is expected, not %s", json_type(value)),
            "surrogate": lambda: self.env._(
                "the text holds invalid characters (lone UTF-16 surrogates)"
            ),
            "control": lambda: self.env._("the text holds control characters (such as NUL)"),
            "too_long": lambda: self.env._("the text is longer than %s characters", error.limit),
            "not_number": lambda: self.env._("a number is expected, not %s", json_type(value)),
            "not_amount": lambda: self.env._("'%s' is not an amount", shown(value)),
            "decimal_comma": lambda: self.env._(
                "'%s' uses a decimal comma: write the cents after a point (40829.39); a comma "
                "may only group thousands (12,345.60)",
                shown(value),
            ),
            "not_finite": lambda: self.env._("the amount is not a finite number"),
            "too_big": lambda: self.env._("the amount is above %s", f"{MAX_AMOUNT:,.0f}"),
            "negative": lambda: self.env._("the amount %s is negative", shown(value)),
            "not_date": lambda: self.env._(
                "'%s' is not a date (write it as 2026-03-31)", shown(value)
            ),
            "date_range": lambda: self.env._(
                "'%s' is not a plausible date (years 1900 to 2199)", shown(value)
            ),
            "not_bool": lambda: self.env._("'%s' is neither yes nor no", shown(value)),
            "not_kind": lambda: self.env._(
                "'%s' is neither outpatient nor inpatient", shown(value)
            ),
        }
        message = messages.get(code)
        return message() if message else self.env._("'%s' cannot be read", shown(value))

    # ------------------------------------------------------------------
    # validation
    # ------------------------------------------------------------------
    @api.model
    def _departments(self, company):
        """{normalised code or name: department id} of the company's departments, in every
        installed language; a code wins over a name."""
        Department = self.env["hospital.clinical.department"].sudo().with_context(active_test=False)
        departments = Department.search([("company_id", "in", [company.id, False])])
        mapping = {}
        for lang, _name in self.env["res.lang"].get_installed():
            for department in departments.with_context(lang=lang):
                mapping.setdefault(normalize(department.name or "").casefold(), department.id)
        for department in departments:
            if department.code:
                mapping[normalize(department.code).casefold()] = department.id
        mapping.pop("", None)
        return mapping

    @api.model
    def _check_columns(self, columns, count, departments, strict=False, references=None):
        """[(vals or None, [(field, message)])] of ``count`` bills (their raw values by
        column, ``columns``), in plain words, validated column by column (a column's cells
        with one parser; the columns with few distinct values parsed once per value), then
        the rules between the values of each bill. ``strict`` (the API): JSON types only,
        every required key present. ``references``: the bills' references normalised
        already (None when not valid)."""
        errors = [None] * count
        parsed = []
        refunds = None
        for field, parse in PARSERS:
            raw = columns[field]
            column = self._check_column(
                field,
                parse,
                raw,
                strict,
                errors,
                refunds if field in AMOUNT_FIELDS else None,
                references,
            )
            if field == "refund_of":
                # the amounts of a refund bill are never positive, the others never negative
                refunds = [
                    parse_refund_amount
                    if (value is not BAD and value) or (value is BAD and sent not in (None, ""))
                    else parse_amount
                    for value, sent in zip(column, raw, strict=True)
                ]
                if parse_refund_amount not in refunds:
                    refunds = None
            parsed.append(column)
        results = []
        fields_order = [field for field, _parse in PARSERS]
        for index, cells in enumerate(zip(*parsed, strict=True)):
            row_errors = errors[index]
            if row_errors is None:
                values = dict(zip(fields_order, cells, strict=True))
            else:
                values = {
                    field: value
                    for field, value in zip(fields_order, cells, strict=True)
                    if value is not BAD
                }
            rule_errors = self._row_rules(values, departments)
            if row_errors or rule_errors:
                results.append((None, (row_errors or []) + rule_errors))
                continue
            for text_field in TEXT_FIELDS:
                values[text_field] = values[text_field] or False
            values["admission_date"] = values["admission_date"] or False
            values["discharge_date"] = values["discharge_date"] or False
            results.append((values, []))
        return results

    @api.model
    def _check_column(self, field, parse, raw, strict, errors, parses=None, references=None):
        """The parsed cells of one column (:data:`BAD` for a cell in error, whose message is
        added to ``errors`` at its row). ``parses``: a parser per cell (the amounts of
        refund bills)."""
        parsed = []
        append = parsed.append
        required = strict and field in REQUIRED
        memo = {} if field in MEMO_FIELDS else None
        limit = TEXT_LIMITS.get(field) if field in PLAIN_TEXT_FIELDS else None
        for index, value in enumerate(raw):
            if required and value is None:
                message = self.env._("a value is required")
            elif limit is not None and value is None:
                append("")  # an empty optional text
                continue
            elif limit is not None and value.__class__ is str:
                if field == "his_reference" and references is not None:
                    reference = references[index]
                    if reference is not None:
                        append(reference)  # normalised when the batch was made
                        continue
                if (
                    value.isascii()
                    and value.isprintable()
                    and len(value) <= limit
                    and "  " not in value
                ):
                    append(value.strip())  # the usual cell: nothing to normalise
                    continue
                try:
                    append(parse(value, strict))
                    continue
                except CellError as error:
                    message = self._cell_message(error, value, strict)
            elif memo is not None and value.__class__ in MEMO_TYPES:
                key = (value.__class__, value)
                hit = memo.get(key)
                if hit is None:
                    hit = memo[key] = self._parse(parse, value, strict)
                if hit[1] is None:
                    append(hit[0])
                    continue
                message = self._cell_message(hit[1], value, strict)
            else:
                try:
                    append((parses[index] if parses else parse)(value, strict))
                    continue
                except CellError as error:
                    message = self._cell_message(error, value, strict)
            append(BAD)
            if errors[index] is None:
                errors[index] = []
            errors[index].append((field, message))
        return parsed

    @api.model
    def _row_rules(self, values, departments):
        """[(field, message)] of the rules between the parsed values of a bill; the
        department's code or name becomes its ``department_id``."""
        errors = []
        if values.get("his_reference") == "":
            errors.append(("his_reference", self.env._("the HIS reference is empty")))
        code = values.pop("department_code", None)
        if code == "":
            errors.append(("department_code", self.env._("the department is empty")))
        elif code is not None:
            values["department_id"] = departments.get(code.casefold())
            if not values["department_id"]:
                errors.append(("department_code", self.env._("unknown department '%s'", code)))
        total, drug = values.get("total_fees"), values.get("drug_cost")
        if total is not None and drug is not None and abs(drug) > abs(total):
            errors.append(("drug_cost", self.env._("the drug cost is higher than the total fees")))
        if values.get("refund_of") and values["refund_of"] == values.get("his_reference"):
            errors.append(("refund_of", self.env._("a bill cannot refund itself")))
        admission, discharge = values.get("admission_date"), values.get("discharge_date")
        if admission and discharge and discharge < admission:
            errors.append(("discharge_date", self.env._("the discharge is before the admission")))
        if values.get("is_final") and not discharge and "discharge_date" in values:
            errors.append(("discharge_date", self.env._("a final bill needs its discharge date")))
        return errors

    @staticmethod
    def _parse(parse, value, strict):
        """(result, None) or (None, CellError)."""
        try:
            return parse(value, strict), None
        except CellError as error:
            return None, error

    @api.model
    def _make_batch(self, labels, columns):
        """The :class:`HisBatch` of the bills ``labels`` with their raw values by column
        ({field: [value]}; a missing field is empty)."""
        empty = [None] * len(labels)
        columns = {field: columns.get(field) or empty for field in COLUMNS}
        return HisBatch(
            labels,
            columns,
            [reference_of(value) for value in columns["his_reference"]],
            fingerprints(columns),
        )

    @api.model
    def _check_batch(self, batch, positions, company, strict=False):
        """Validate the ``positions`` of ``batch`` not validated yet (against the company's
        departments as they are now)."""
        departments = None
        if batch.signature is not None:
            departments = self._departments(company)
            signature = (company.id, tuple(sorted(departments.items())))
            if signature != batch.signature:
                batch.checked.clear()
        todo = [position for position in positions if position not in batch.checked]
        if not todo:
            return
        if departments is None:
            departments = self._departments(company)
        batch.signature = (company.id, tuple(sorted(departments.items())))
        if len(todo) == len(batch):
            columns, references = batch.columns, batch.references
        else:
            columns = {
                field: [values[position] for position in todo]
                for field, values in batch.columns.items()
            }
            references = [batch.references[position] for position in todo]
        results = self._check_columns(columns, len(todo), departments, strict, references)
        batch.checked.update(zip(todo, results, strict=True))
