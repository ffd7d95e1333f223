"""Cell parsing of HIS bills (R-R5): pure functions shared by the API and the file import.

Each raises :class:`CellError` with a short code; the importer turns the code into a message
in the user's language. Nothing here logs or keeps a value."""

import datetime
import math
import re
import unicodedata

MAX_AMOUNT = 1e12
TEXT_LIMITS = {
    "his_reference": 64,
    "voucher_number": 64,
    "patient_name": 100,
    "patient_phone": 32,
    "kind": 32,
    "department_code": 64,
    "refund_of": 64,
}
# control characters (tab, line feed and carriage return are whitespace) and lone surrogates
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
SURROGATE = re.compile("[\ud800-\udfff]")
# invisible characters copied along with a reference: soft hyphen, zero-width and directional
# marks, word joiners, byte order mark
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
WHITESPACE = re.compile(r"\s+")
PLAIN_AMOUNT = re.compile(r"\d{1,13}(?:\.\d{1,2})?", re.ASCII)
AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
DECIMAL_COMMA = re.compile(r"^[+-]?[\d.\s]*\d,\d{1,2}$")
CURRENCY = re.compile(r"[¥￥元\s]|^RMB|^CNY", re.IGNORECASE)
DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$"
)
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
FIRST_YEAR, LAST_YEAR = 1900, 2199
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
}


class CellError(ValueError):
    """A value that cannot be taken: ``code`` names the problem, ``limit`` a bound."""

    def __init__(self, code, limit=None):
        super().__init__(code)
        self.code = code
        self.limit = limit


def normalize(text):
    """NFKC (full-width letters, digits and spaces become half-width), invisible characters
    removed, whitespace runs made one space, trimmed."""
    if text.isprintable():  # no control, invisible, surrogate or odd space: the usual cell
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        if "  " in text:
            text = WHITESPACE.sub(" ", text)
        return text.strip()
    if not text.isascii():
        text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return WHITESPACE.sub(" ", text).strip()


def clean_text(value, field, strict):
    """The text of a cell, normalised, or "" when empty. ``strict``: only a JSON string (or
    null) is text; a file's number cell (a phone read as a number) is written out."""
    limit = TEXT_LIMITS.get(field, 100)
    if value.__class__ is str and value.isprintable():
        text = normalize(value) if len(value) <= limit * 4 else value
        if len(text) > limit:
            raise CellError("too_long", limit)
        return text
    if value is None:
        return ""
    if not isinstance(value, str):
        if strict or isinstance(value, bool) or not isinstance(value, int | float):
            raise CellError("not_text")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise CellError("not_text")
            value = str(int(value)) if value.is_integer() else repr(value)
        else:
            value = str(value)
    if SURROGATE.search(value):
        raise CellError("surrogate")
    if FORBIDDEN.search(value):
        raise CellError("control")
    if len(value) > limit * 4:  # not worth normalising
        raise CellError("too_long", limit)
    text = normalize(value)
    if len(text) > limit:
        raise CellError("too_long", limit)
    return text


def parse_amount(value, strict, refund=False):
    """A non-negative amount rounded to the cent, or with ``refund`` (a refund bill's) one
    that is never positive. ``strict`` (the API): a JSON number only; a file's text may group
    thousands with commas ("12,345.60") and carry a currency sign, never use a decimal comma
    ("40829,39")."""
    if value.__class__ is str and not strict and not refund and PLAIN_AMOUNT.fullmatch(value):
        return round(float(value), 2)  # the usual cell: 12345.60
    if value is None or value == "":
        raise CellError("missing")
    if isinstance(value, bool):
        raise CellError("not_number")
    if isinstance(value, int | float):
        try:
            amount = float(value)
        except OverflowError as error:  # an integer beyond a float
            raise CellError("too_big", MAX_AMOUNT) from error
    elif strict or not isinstance(value, str):
        raise CellError("not_number")
    else:
        if SURROGATE.search(value):
            raise CellError("not_amount")
        text = CURRENCY.sub("", normalize(value))
        if not text:
            raise CellError("missing")
        if not AMOUNT.match(text):
            raise CellError("decimal_comma" if DECIMAL_COMMA.match(text) else "not_amount")
        amount = float(text.replace(",", ""))
    if not math.isfinite(amount):
        raise CellError("not_finite")
    if abs(amount) > MAX_AMOUNT:
        raise CellError("too_big", MAX_AMOUNT)
    if refund:
        if amount > 0:
            raise CellError("positive")
        return round(amount, 2) or 0.0  # never -0.0
    if amount < 0:
        raise CellError("negative")
    return round(amount, 2)


def parse_date(value, strict):
    """A date or None. ``strict`` (the API): a JSON string; a file may hold a date cell or
    2026-11-03, 2026-11-03 10:22, 2026/11/03, 2026.11.03, 20261103 or 2026年11月03日."""
    if value is None or value == "":
        return None
    if not strict and isinstance(value, datetime.datetime):
        day = value.date()
    elif not strict and isinstance(value, datetime.date):
        day = value
    elif not isinstance(value, str):
        raise CellError("not_date")
    else:
        if SURROGATE.search(value) or len(value) > 40:
            raise CellError("not_date")
        text = normalize(value)
        if not text:
            return None
        match = DATE.match(text) or COMPACT_DATE.match(text)
        if not match:
            raise CellError("not_date")
        year, month, day_of_month = (int(part) for part in match.groups()[:3])
        try:
            day = datetime.date(year, month, day_of_month)
            if match.re is DATE and match.group(4) is not None:
                datetime.time(int(match.group(4)), int(match.group(5)), int(match.group(6) or 0))
        except ValueError as error:
            raise CellError("not_date") from error
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CellError("date_range")
    return day


def parse_bool(value, strict):
    """True or False. ``strict`` (the API): a JSON boolean; a file may say yes/no, 是/否, 1/0
    (an empty cell is no)."""
    if isinstance(value, bool):
        return value
    if strict:
        raise CellError("not_bool")
    if value is None:
        return False
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and len(value) <= 10 and not SURROGATE.search(value):
        text = normalize(value).lower()
        if not text:
            return False
        if text in BOOLEANS:
            return BOOLEANS[text]
    raise CellError("not_bool")


def parse_kind(value, strict):
    """outpatient or inpatient (门诊 / 住院 too)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellError("missing")
    if not isinstance(value, str) or SURROGATE.search(value) or len(value) > 40:
        raise CellError("not_kind")
    kind = KINDS.get(normalize(value).lower())
    if not kind:
        raise CellError("not_kind")
    return kind


def header_key(title):
    """A header cell as compared with the known names: normalised, lower case, without
    spaces, asterisks (required-column marks) or a trailing unit such as (元)."""
    if title is None:
        return ""
    text = normalize(str(title)).lower()
    text = re.sub(r"\((?:元|rmb|cny|yuan)\)$", "", text)
    return re.sub(r"[\s*:_]", "", text)
