import hashlib
import io
import threading
from collections import OrderedDict
from operator import itemgetter

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError
from odoo.tools import SQL

from .hospital_commission_line import BILLABLE_STATES
from .hospital_his_file import FileError, read_table
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
from .hospital_referral import normalize_phone

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
# PostgreSQL's COPY text format: NULL, and the characters escaped in a value
NULL = "\\N"
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# a row whose reference cell says this is the export's totals, not a bill
TOTAL_LABELS = {"合计", "总计", "小计", "total", "sum"}
# the values a fingerprint is made of; refund_of is added only when sent, so the fingerprints
# of the bills stored before refunds existed stay the same
FINGERPRINTED = tuple(field for field in COLUMNS if field != "refund_of")
HEADER_SCAN_ROWS = 10
HEADER_MIN_MATCHES = 3
# parsed files kept between Check and Import (per worker process; a miss reads the file again)
CACHE_SIZE = 4
_CACHE = OrderedDict()
_CACHE_LOCK = threading.Lock()


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


def copy_text(value):
    """A text for a COPY in text format: NULL when empty, backslashes and line breaks escaped
    (a validated text holds no other control character)."""
    if not value:
        return NULL
    return value.translate(COPY_ESCAPES)


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
    file, all or nothing) and the JSON endpoint (a batch, bill by bill). Every value is
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

    # ------------------------------------------------------------------
    # stored bills
    # ------------------------------------------------------------------
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
                "total_fees, drug_cost, admission_date, discharge_date, is_final, refund_of_id "
                "FROM hospital_referral_bill WHERE id = ANY(%s)",
                list(bill_ids),
            )
        )
        return {row[0]: dict(zip(COMPARED, row[1:], strict=True)) for row in rows}

    @staticmethod
    def _same(vals, stored):
        for field in COMPARED:
            new, old = vals.get(field, False), stored[field]
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
    def _new_ids(self, count):
        """``count`` ids of new bills, taken from the table's sequence (named once: a
        ``pg_get_serial_sequence`` per row would take most of the time)."""
        if not count:
            return []
        return [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                    f"{self.env['hospital.referral.bill']._table}_id_seq",
                    count,
                )
            )
        ]

    @api.model
    def _create_bills(self, vals_list):
        """Create validated bills set-wise: matched to their cases in memory, then written
        with one COPY, the stored computed fields filled from the same values (a refund bill
        belongs to the case of the bill it refunds, as ``create`` does). The ORM's ``create``
        of 50 000 bills takes about 25 s here, the COPY under a second (see bench/); the
        rows are the ones ``create`` writes (tests/test_his_refund.py). Access rights and
        record rules are checked on the rows written, as the ORM would. A reference another
        transaction has just written (two HIS clients sending the same batch at once) raises
        :class:`ConcurrencyError`: Odoo retries the request, which then finds the bill
        stored."""
        Bill = self.env["hospital.referral.bill"]
        Bill.check_access("create")
        missing = [vals for vals in vals_list if not vals.get("id")]
        for vals, new_id in zip(missing, self._new_ids(len(missing)), strict=True):
            vals["id"] = new_id
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
        cases = self._refund_cases(vals_list, cases)
        department_kinds = {
            department.id: department.kind
            for department in self.env["hospital.clinical.department"]
            .sudo()
            .browse({vals["department_id"] for vals in vals_list})
        }
        buffer = io.StringIO(self._copy_lines(vals_list, cases, department_kinds))
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                # the column list is constant: no user input reaches the statement
                self.env.cr.copy_expert(
                    "COPY hospital_referral_bill (id, his_reference, his_row_hash, company_id, "
                    "referral_id, patient_name, patient_phone, patient_phone_norm, "
                    "voucher_number, kind, department_id, department_kind, total_fees, "
                    "drug_cost, admission_date, discharge_date, is_final, refund_of_id, "
                    "match_state, user_id, team_id, promoter_id, create_uid, create_date, "
                    "write_uid, write_date) FROM STDIN",
                    buffer,
                )
        except psycopg2.errors.UniqueViolation as error:
            raise ConcurrencyError(
                "HIS bills: another transaction has just stored some of these references"
            ) from error
        Bill.invalidate_model()
        bills = Bill.browse([vals["id"] for vals in vals_list])
        self._check_rules(bills, "create")
        matched = self.env["hospital.referral"].browse({case.id for case in cases if case})
        if matched:
            discharged = matched.sudo().filtered(lambda c: c.state in BILLABLE_STATES)
            matched.invalidate_recordset(["bill_ids"])
            matched.modified(["bill_ids"])
            matched._hm_update_discharge()
            # R-C11: a case discharged before follows its new final bills, refunds included
            bills.filtered("is_final")._hm_commission_changed(billable=discharged)
        return bills

    @api.model
    def _copy_lines(self, vals_list, cases, department_kinds):
        """The bills as the lines of a COPY in PostgreSQL's text format (tab-separated,
        ``\\N`` for NULL), each line formatted at once and all joined once."""
        now = fields.Datetime.to_string(fields.Datetime.now())
        tail = f"{self.env.uid}\t{now}\t{self.env.uid}\t{now}"
        unmatched = (NULL, f"unmatched\t{NULL}\t{NULL}\t{NULL}")
        owners = {
            case: (
                str(case.id),
                f"matched\t{case.user_id.id or NULL}\t{case.team_id.id or NULL}"
                f"\t{case.promoter_id.id or NULL}",
            )
            for case in set(cases)
            if case
        }
        kinds = {key: value or NULL for key, value in department_kinds.items()}
        lines = []
        append = lines.append
        for vals, case in zip(vals_list, cases, strict=True):
            case_id, owner = owners[case] if case else unmatched
            append(
                f"{vals['id']}\t{copy_text(vals['his_reference'])}\t{vals['his_row_hash']}\t"
                f"{vals['company_id']}\t{case_id}\t{copy_text(vals['patient_name'])}\t"
                f"{copy_text(vals['patient_phone'])}\t{copy_text(vals['patient_phone_norm'])}\t"
                f"{copy_text(vals['voucher_number'])}\t{vals['kind']}\t{vals['department_id']}\t"
                f"{kinds.get(vals['department_id'], NULL)}\t{vals['total_fees']!r}\t"
                f"{vals['drug_cost']!r}\t{vals['admission_date'] or NULL}\t"
                f"{vals['discharge_date'] or NULL}\t{'t' if vals['is_final'] else 'f'}\t"
                f"{vals.get('refund_of_id') or NULL}\t{owner}\t{tail}\n"
            )
        return "".join(lines)

    @api.model
    def _refund_cases(self, vals_list, cases):
        """The cases of the bills, a refund bill's being its original's when that one has a
        case (an original created in the same batch included)."""
        originals = {vals.get("refund_of_id") for vals in vals_list} - {None, False}
        if not originals:
            return cases
        case_of = {vals["id"]: case for vals, case in zip(vals_list, cases, strict=True)}
        stored = originals - case_of.keys()
        if stored:
            Referral = self.env["hospital.referral"].sudo()
            self.env["hospital.referral.bill"].flush_model(["referral_id"])
            for bill_id, case_id in self.env.execute_query(
                SQL(
                    "SELECT id, referral_id FROM hospital_referral_bill WHERE id = ANY(%s)",
                    list(stored),
                )
            ):
                case_of[bill_id] = Referral.browse(case_id) if case_id else False
        return [
            case_of.get(vals.get("refund_of_id")) or case if vals.get("refund_of_id") else case
            for vals, case in zip(vals_list, cases, strict=True)
        ]

    @api.model
    def _check_rules(self, records, operation):
        """The record rules of ``operation`` on ``records``, checked with one query (as
        ``check_access`` does, which evaluates them in Python record by record: 1.2 s for
        50 000 bills)."""
        if self.env.su or not records:
            return
        Rule = self.env["ir.rule"]
        domain = Rule._compute_domain(records._name, operation)
        if not domain or domain.is_true():
            return
        query = records.sudo()._search(domain)
        query.add_where(SQL("%s = ANY(%s)", SQL.identifier(query.table, "id"), records.ids))
        allowed = {row[0] for row in self.env.execute_query(query.select())}
        if len(allowed) != len(records):
            raise Rule._make_access_error(
                operation, records.filtered(lambda record: record.id not in allowed)
            )

    # ------------------------------------------------------------------
    # import
    # ------------------------------------------------------------------
    @api.model
    def _import_batch(
        self, batch, company=None, atomic=True, dry_run=False, strict=False, refused=None
    ):
        """Validate and write the bills of ``batch``. Returns ``{"results": {position:
        (status, [(field, message)])}, "counts": {...}, "written": bool}``; status is created,
        updated, unchanged or error. ``atomic``: nothing is written when any bill is in error
        (the file import); otherwise the valid bills go through (the API). ``refused``:
        {position: [(field, message)]} found before (the API's unknown keys)."""
        company = company or self.env.company
        existing = self._fingerprints({r for r in batch.references if r}, company)
        results, valid = self._triage(batch, existing, company, strict, refused or {})
        in_batch = self._resolve_refunds(batch, valid, existing, results, company, strict)
        to_create, to_update = self._compare(valid, existing, results)
        self._refunds_follow_originals(batch, in_batch, to_create, to_update, results, strict)
        has_errors = any(status == "error" for status, _errors in results.values())
        write = not dry_run and not (atomic and has_errors)
        if write and to_create:
            # ids first: a refund may refer to an original created in the same COPY
            new_ids = dict(zip(to_create, self._new_ids(len(to_create)), strict=True))
            for vals in (*to_create.values(), *(vals for _id, vals in to_update.values())):
                if isinstance(vals.get("refund_of_id"), tuple):
                    vals["refund_of_id"] = new_ids[vals["refund_of_id"][1]]
            self._create_bills(
                [
                    dict(
                        vals,
                        id=new_ids[position],
                        company_id=company.id,
                        his_row_hash=batch.hashes[position],
                    )
                    for position, vals in to_create.items()
                ]
            )
        if write:
            Bill = self.env["hospital.referral.bill"]
            for position, (bill_id, vals) in to_update.items():
                vals = {k: v for k, v in vals.items() if k not in ("his_reference", "refund_of")}
                vals.setdefault("refund_of_id", False)
                Bill.browse(bill_id).write(dict(vals, his_row_hash=batch.hashes[position]))
        for position in to_create:
            results[position] = ("created", [])
        for position in to_update:
            results[position] = ("updated", [])
        counts = {"created": 0, "updated": 0, "unchanged": 0, "error": 0}
        for status, _errors in results.values():
            counts[status] += 1
        return {"results": results, "counts": counts, "written": write}

    @api.model
    def _triage(self, batch, existing, company, strict, refused):
        """(results, {position: vals}): a bill whose fingerprint is the stored bill's is
        unchanged at once, the others are validated."""
        results, to_check = {}, []
        for position, reference in enumerate(batch.references):
            if position in refused:
                results[position] = ("error", refused[position])
                continue
            current = existing.get(reference) if reference else None
            if (
                current
                and current[1] == batch.hashes[position]
                and position not in batch.duplicates
            ):
                results[position] = ("unchanged", [])
            else:
                to_check.append(position)
        self._check_batch(batch, to_check, company, strict)
        valid = {}
        for position in to_check:
            vals, errors = batch.checked[position]
            if position in batch.duplicates:
                errors = [
                    (
                        "his_reference",
                        self.env._(
                            "the HIS reference %(ref)s is already %(where)s",
                            ref=batch.references[position],
                            where=self._label(batch, batch.duplicates[position], strict),
                        ),
                    ),
                    *errors,
                ]
            if errors:
                results[position] = ("error", errors)
            else:
                valid[position] = vals
        return results, valid

    @api.model
    def _resolve_refunds(self, batch, valid, existing, results, company, strict):
        """Give each valid refund bill (its ``refund_of``: the HIS reference of the bill it
        refunds) its ``refund_of_id``: the stored bill of the company, or ``("new",
        position)`` for an original created earlier in the same batch. The original must
        exist, come before the refund in the batch and not be a refund itself; else the
        refund is an error in ``results``. Returns {refund position: original position}
        for the originals in the batch."""
        first = {}
        for position, reference in enumerate(batch.references):
            if reference and reference not in first:
                first[reference] = position
        wanted = {vals["refund_of"] for vals in valid.values() if vals["refund_of"]}
        stored = self._stored_originals(wanted, company)
        in_batch = {}
        for position, vals in list(valid.items()):
            reference = vals["refund_of"]
            if not reference:
                continue
            # a copy: the checked values are kept on the batch for the next run
            vals = valid[position] = dict(vals, refund_of_id=False)
            original = first.get(reference)
            if original is not None and original != position:
                status = results.get(original, ("valid",))[0]
                if original > position:
                    error = self.env._(
                        "the original bill %(ref)s comes after this refund (%(where)s): send "
                        "the original first",
                        ref=reference,
                        where=self._label(batch, original, strict),
                    )
                elif status == "error":
                    error = self.env._(
                        "the original bill %(ref)s (%(where)s) is in error",
                        ref=reference,
                        where=self._label(batch, original, strict),
                    )
                elif status == "unchanged" and stored.get(reference, (0, True))[1]:
                    error = self.env._("the bill %s is itself a refund", reference)
                elif original in valid and valid[original].get("refund_of_id"):
                    # the batch's earlier bills are resolved already
                    error = self.env._("the bill %s is itself a refund", reference)
                else:
                    error = None
                    in_batch[position] = original
                    vals["refund_of_id"] = (
                        existing[reference][0] if reference in existing else ("new", original)
                    )
            elif reference in stored:
                bill_id, is_refund = stored[reference]
                vals["refund_of_id"] = bill_id
                error = None
                if is_refund:
                    error = self.env._("the bill %s is itself a refund", reference)
            else:
                error = self.env._(
                    "unknown original bill %s: import the bill it refunds first", reference
                )
            if error:
                del valid[position]
                results[position] = ("error", [("refund_of", error)])
        return in_batch

    @api.model
    def _stored_originals(self, references, company):
        """{reference: (id, is a refund)} of the company's stored bills of ``references``."""
        if not references:
            return {}
        self.env["hospital.referral.bill"].flush_model(["his_reference", "refund_of_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT his_reference, id, refund_of_id IS NOT NULL FROM hospital_referral_bill "
                "WHERE company_id = %s AND his_reference = ANY(%s)",
                company.id,
                list(references),
            )
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    @api.model
    def _refunds_follow_originals(self, batch, in_batch, to_create, to_update, results, strict):
        """A refund whose original in the batch turned out in error (a change refused on a
        final bill) is an error too: it would refund what is not stored."""
        for position, original in in_batch.items():
            if results.get(original, ("",))[0] != "error":
                continue
            to_create.pop(position, None)
            to_update.pop(position, None)
            results[position] = (
                "error",
                [
                    (
                        "refund_of",
                        self.env._(
                            "the original bill %(ref)s (%(where)s) is in error",
                            ref=batch.references[original],
                            where=self._label(batch, original, strict),
                        ),
                    )
                ],
            )

    @api.model
    def _compare(self, valid, existing, results):
        """(to create, to update) among the valid bills; a change of a final bill is an
        error in ``results``."""
        stored_values = self._existing(
            [
                existing[vals["his_reference"]][0]
                for vals in valid.values()
                if vals["his_reference"] in existing
            ]
        )
        to_create, to_update = {}, {}
        for position, vals in valid.items():
            current = existing.get(vals["his_reference"])
            if not current:
                to_create[position] = vals
                continue
            stored = stored_values[current[0]]
            if self._same(vals, stored):
                results[position] = ("unchanged", [])
            elif stored["is_final"]:
                results[position] = (
                    "error",
                    [
                        (
                            "his_reference",
                            self.env._(
                                "the bill %s is final in Odoo: a change is refused, ask the "
                                "office to correct it by hand",
                                vals["his_reference"],
                            ),
                        )
                    ],
                )
            else:
                to_update[position] = (current[0], vals)
        return to_create, to_update

    @api.model
    def _label(self, batch, position, strict):
        label = batch.labels[position]
        return f"bills[{label}]" if strict else self.env._("on row %s", label)

    # ------------------------------------------------------------------
    # the API
    # ------------------------------------------------------------------
    @api.model
    def _api_import(self, bills, company=None):
        """Per-bill results of a decoded API batch (a list of anything): {"results": [{"index",
        "his_reference", "status", "error"}], "counts"}. The contract is strict: an object per
        bill, known keys only, JSON types (numbers as numbers, dates as text, is_final as a
        boolean), every required key present."""
        rows, refused = [], {}
        for index, bill in enumerate(bills):
            if not isinstance(bill, dict):
                refused[index] = [
                    ("", self.env._("an object is expected, not %s", json_type(bill)))
                ]
                rows.append({})
                continue
            unknown = [key for key in bill if key not in COLUMNS]
            if unknown:
                refused[index] = [
                    ("", self.env._("unknown field '%s'", shown(key))) for key in unknown[:5]
                ]
                rows.append({})
                continue
            rows.append(bill)
        batch = self._make_batch(
            list(range(len(rows))),
            {field: [row.get(field) for row in rows] for field in COLUMNS},
        )
        for index in refused:
            batch.references[index] = None
        outcome = self._import_batch(batch, company, atomic=False, strict=True, refused=refused)
        results = []
        for index, reference in enumerate(batch.references):
            status, errors = outcome["results"][index]
            message = "; ".join(
                f"bills[{index}].{field}: {text}" if field else f"bills[{index}]: {text}"
                for field, text in errors
            )
            results.append(
                {
                    "index": index,
                    "his_reference": reference,
                    "status": status,
                    "error": message or None,
                }
            )
        return {"results": results, "counts": outcome["counts"]}

    # ------------------------------------------------------------------
    # files
    # ------------------------------------------------------------------
    @api.model
    def _file_error(self, error):
        code = error.code
        if code == "empty":
            return self.env._("The file is empty.")
        if code == "xls":
            return self.env._(
                "Old Excel files (.xls) cannot be read: open the file in Excel or WPS and save "
                "it as an Excel workbook (.xlsx), then import the .xlsx file."
            )
        if code == "encoding":
            return self.env._(
                "The file is neither UTF-8 nor GBK/GB18030 text (byte %s cannot be read). Save "
                "it as an Excel workbook (.xlsx) or as 'CSV UTF-8' and import it again.",
                error.detail,
            )
        if code == "binary":
            return self.env._("The file is not a text (CSV) file. Import an .xlsx or .csv file.")
        if code == "csv":
            return self.env._("The CSV file cannot be read: %s", error.detail)
        return self.env._("The file is not a valid XLSX spreadsheet: save it again as .xlsx.")

    @api.model
    def _cache_get(self, key):
        with _CACHE_LOCK:
            entry = _CACHE.get(key)
            if entry is not None:
                _CACHE.move_to_end(key)
            return entry

    @api.model
    def _cache_put(self, key, value):
        with _CACHE_LOCK:
            _CACHE[key] = value
            _CACHE.move_to_end(key)
            while len(_CACHE) > CACHE_SIZE:
                _CACHE.popitem(last=False)

    @api.model
    def _read_table(self, content, filename, checksum=None):
        """The cells of the file, read once per content (kept between Check and Import)."""
        checksum = checksum or hashlib.sha256(content).hexdigest()
        key = ("table", self.env.cr.dbname, checksum)
        table = self._cache_get(key)
        if table is None:
            try:
                table = read_table(content, filename)
            except FileError as error:
                raise HisImportError(self._file_error(error)) from error
            self._cache_put(key, table)
        return table

    @api.model
    def _saved_mapping(self, company):
        """{header key: field or "ignore"} chosen before in this company."""
        return {
            mapping.header_key: mapping.field_name
            for mapping in self.env["hospital.his.import.mapping"].search(
                [("company_id", "=", company.id), ("header_key", "not like", "=%")]
            )
        }

    @api.model
    def _scan_header(self, table, company):
        """(index of the header row, [(column, title, field or None, recognised)]): the first
        of the first rows naming enough known columns (a title row above it is skipped)."""
        saved = self._saved_mapping(company)
        for index, row in enumerate(table[:HEADER_SCAN_ROWS]):
            keys = [header_key(cell) for cell in row]
            matches = sum(
                1 for key in keys if key in ALIASES or saved.get(key, "ignore") != "ignore"
            )
            if matches >= HEADER_MIN_MATCHES:
                columns, used = [], set()
                for column, (cell, key) in enumerate(zip(row, keys, strict=True)):
                    if not key:
                        continue
                    field = saved.get(key) or ALIASES.get(key)
                    recognised = field is not None
                    if field == "ignore" or field in used:
                        field = None
                    if field:
                        used.add(field)
                    columns.append((column, normalize(str(cell)), field, recognised))
                return index, columns
        raise HisImportError(
            self.env._(
                "No header row found in the first %(rows)s rows: one row must name the "
                "columns, e.g. 住院号 (or his_reference), 科室, 总费用, 药费, 入院日期, 出院日期 "
                "(or department_code, total_fees, drug_cost, admission_date, discharge_date).",
                rows=HEADER_SCAN_ROWS,
            )
        )

    @api.model
    def _missing_columns(self, columns, defaults):
        mapped = {field for _c, _t, field, _r in columns if field}
        return [
            field
            for field in REQUIRED
            if field not in mapped and (field in FILE_REQUIRED or defaults.get(field) is None)
        ]

    @api.model
    def _file_batch(self, content, filename, company, columns, header_index, defaults, checksum):
        """The :class:`HisBatch` of a file with its columns mapped ({column: field}); built
        once per content, mapping and defaults. Labels are the spreadsheet's row numbers;
        rows of blanks are skipped."""
        mapping = tuple(sorted(columns.items()))
        default_items = tuple(sorted((k, v) for k, v in defaults.items() if v is not None))
        key = (
            "batch",
            self.env.cr.dbname,
            company.id,
            checksum,
            header_index,
            mapping,
            default_items,
        )
        batch = self._cache_get(key)
        if batch is not None:
            return batch
        table = self._read_table(content, filename, checksum)
        labels, rows = [], []
        unmapped = {field: value for field, value in default_items if field not in columns.values()}
        mapped_fields = [field for _column, field in mapping]
        indexes = [column for column, _field in mapping]
        width = max(indexes, default=-1) + 1
        take = itemgetter(*indexes) if len(indexes) > 1 else (lambda cells: (cells[indexes[0]],))
        reference_column = next(
            (column for column, field in mapping if field == "his_reference"), None
        )
        for number, cells in enumerate(table[header_index + 1 :], start=header_index + 2):
            if not any(cells):
                continue  # empty cells only
            first = (
                cells[reference_column]
                if reference_column is not None and reference_column < len(cells)
                else None
            )
            if not (first.__class__ is str and first.strip()) and all(
                cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells
            ):
                continue  # blanks only
            if (
                first.__class__ is str
                and not first[-1:].isdigit()  # a reference, not a label: no need to look
                and header_key(first) in TOTAL_LABELS
            ):
                continue  # the export's totals row (合计)
            if len(cells) < width:
                cells = list(cells) + [None] * (width - len(cells))
            labels.append(number)
            rows.append(take(cells))
        values = dict(zip(mapped_fields, map(list, zip(*rows, strict=True)), strict=False))
        values.update({field: [value] * len(labels) for field, value in unmapped.items()})
        batch = self._make_batch(labels, values)
        self._cache_put(key, batch)
        return batch
