"""Reading an HIS export (R-R5): CSV in UTF-8 (with or without BOM), UTF-16 or GBK/GB18030,
comma, semicolon or tab separated; XLSX. Returns the rows as lists of cells; raises
:class:`FileError` with a code the importer puts in words."""

import csv
import datetime
import html
import io
import re
import zipfile
from collections import Counter

DELIMITERS = (",", ";", "\t", "|")
# the XLSX sheet read with regular expressions: ten times faster than openpyxl on a 50 000-row
# export; any sheet these do not cover (no cell references, prefixed tags) goes to openpyxl
CELL = re.compile(r'<c r="([A-Z]{1,3})(\d+)"([^>/]*)(?:/>|>(.*?)</c>)', re.S)
# the same cells, the two usual kinds split out by the expression itself: a streamed text
# (<is><t>text</t></is>) and a value (<v>value</v>), each captured with its closing tag so
# that an empty one is told from an absent one
CELL_SPLIT = re.compile(
    r'<c r="([A-Z]{1,3})(\d+)"([^>/]*)'
    r"(?:/>|><is><t>([^<]*</t>)</is></c>|><v>([^<]*</v>)</c>|>(.*?)</c>)",
    re.S,
)
TYPE = re.compile(r'\bt="(\w+)"')
STYLE = re.compile(r'\bs="(\d+)"')
VALUE = re.compile(r"<v>([^<]*)</v>")
TEXT = re.compile(r"<t(?:\s[^>]*)?>([^<]*)</t>", re.S)
SHARED = re.compile(r"<si>(.*?)</si>|<si/>", re.S)
PHONETIC = re.compile(r"<rPh\b.*?</rPh>", re.S)
NUM_FMT = re.compile(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"')
CELL_XFS = re.compile(r"<cellXfs[^>]*>(.*?)</cellXfs>", re.S)
XF = re.compile(r"<xf\b([^>]*)")
XF_FMT = re.compile(r'numFmtId="(\d+)"')
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileError(Exception):
    """A file that cannot be read: ``code`` names why, ``detail`` a position."""

    def __init__(self, code, detail=None):
        super().__init__(code)
        self.code = code
        self.detail = detail


def read_table(content, filename):
    """The rows of the first sheet of an XLSX file or of a CSV file, as lists of cells."""
    name = (filename or "").lower()
    if not content:
        raise FileError("empty")
    if name.endswith(".xls") or content[:8] == OLE_MAGIC:
        raise FileError("xls")
    if name.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        return read_xlsx(content)
    return read_csv(content)


# ----------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------
def decode(content):
    """(text, encoding): UTF-8 (BOM or not), UTF-16 with its BOM, else GB18030 (GBK's superset,
    what Excel saves a CSV in on a Chinese Windows)."""
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise FileError("encoding", error.start + 1) from error
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        encoding = "gb18030"  # not UTF-8: Excel's CSV on a Chinese Windows
    try:
        return content.decode(encoding), encoding
    except UnicodeDecodeError as error:
        raise FileError("encoding", error.start + 1) from error


def sniff_delimiter(text):
    """The separator giving the most columns, steadily, over the first lines."""
    sample = text[:16384].splitlines()[:30]
    best, best_width = ",", 0
    for delimiter in DELIMITERS:
        widths = Counter(
            len(row) for row in csv.reader(sample, delimiter=delimiter) if len(row) > 1
        )
        if widths:
            width = widths.most_common(1)[0][0]
            if width > best_width:
                best, best_width = delimiter, width
    return best


def read_csv(content):
    text, _encoding = decode(content)
    if "\x00" in text:
        raise FileError("binary")
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)))
    except csv.Error as error:
        raise FileError("csv", str(error)) from error


# ----------------------------------------------------------------------
# XLSX
# ----------------------------------------------------------------------
def _column(letters):
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _is_date_format(code):
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return bool(re.search(r"[ymd]", code)) or bool(re.search(r"h+:m", code))


def _date_styles(book):
    try:
        styles = book.read("xl/styles.xml").decode()
    except KeyError:
        return set()
    custom = {int(i): html.unescape(code) for i, code in NUM_FMT.findall(styles)}
    block = CELL_XFS.search(styles)
    if not block:
        return set()
    dates = set()
    for index, attrs in enumerate(XF.findall(block.group(1))):
        found = XF_FMT.search(attrs)
        fmt = int(found.group(1)) if found else 0
        if fmt in DATE_FORMAT_IDS or (fmt in custom and _is_date_format(custom[fmt])):
            dates.add(index)
    return dates


def _first_sheet(book):
    default = "xl/worksheets/sheet1.xml"
    names = set(book.namelist())
    if not {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"} <= names:
        return default
    workbook = book.read("xl/workbook.xml").decode()
    rels = book.read("xl/_rels/workbook.xml.rels").decode()
    sheet = re.search(r'<sheet\b[^>]*\br:id="([^"]+)"', workbook)
    for attrs in re.findall(r"<Relationship\b([^>]*)", rels) if sheet else ():
        target = re.search(r'Target="([^"]+)"', attrs)
        if f'Id="{sheet.group(1)}"' in attrs and target:
            path = target.group(1)
            return path.lstrip("/") if path.startswith("/") else "xl/" + path
    return default


def _shared_strings(book):
    try:
        shared_xml = book.read("xl/sharedStrings.xml").decode()
    except KeyError:
        return []
    return [
        html.unescape("".join(TEXT.findall(PHONETIC.sub("", si or ""))))
        for si in SHARED.findall(shared_xml)
    ]


def _cell_value(kind, attrs, inner, shared, date_styles):
    """The value of a cell (its type ``kind``, attributes and content), or None."""
    if inner.startswith("<v>"):
        raw = inner[3 : inner.index("<", 3)]
    else:
        found = VALUE.search(inner)
        raw = found.group(1) if found else None
    if kind == "s":
        return shared[int(raw)]
    if kind is None or kind == "n":
        if raw is None:
            return None
        value = float(raw)
        if date_styles and 's="' in attrs and int(STYLE.search(attrs).group(1)) in date_styles:
            return EXCEL_EPOCH + datetime.timedelta(days=value)
        return value
    if kind == "inlineStr":
        return html.unescape("".join(TEXT.findall(inner)))
    if kind == "b":
        return raw == "1"
    return html.unescape(raw or "")  # str (a formula's text), e (an error), d (an ISO date)


def _table(rows):
    """{row number: {column: value}} as a list of rows (missing rows and cells empty)."""
    table = []
    for number in range(1, max(rows) + 1 if rows else 1):
        cells = rows.get(number)
        row = []
        if cells:
            row = [None] * (max(cells) + 1)
            for column, value in cells.items():
                row[column] = value
        table.append(row)
    return table


def read_xlsx(content):
    try:
        book = zipfile.ZipFile(io.BytesIO(content))
        data = book.read(_first_sheet(book))
        sheet = data.decode()
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, ValueError) as error:
        raise FileError("xlsx") from error
    matches = CELL_SPLIT.findall(sheet)
    # counted in the bytes: several times faster than in the text of a Chinese sheet
    if len(matches) != data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>"):
        return _read_xlsx_openpyxl(content)
    shared = _shared_strings(book)
    date_styles = _date_styles(book)
    columns, kinds, rows = {}, {}, {}
    row, row_number = None, None
    try:
        for letters, number, attrs, text, raw, inner in matches:
            kind = kinds.get(attrs, 0)
            if kind == 0:  # the attributes repeat: their type is read once
                kind = kinds[attrs] = TYPE.search(attrs).group(1) if 't="' in attrs else None
            if text and kind == "inlineStr":  # a writer's streamed text cell
                value = text[:-4]
                if "&" in value:
                    value = html.unescape(value)
            elif raw and kind == "s":  # Excel's text cell
                value = shared[int(raw[:-4])]
            elif raw and kind is None and not date_styles:  # a number
                value = float(raw[:-4])
            else:
                if text:
                    inner = f"<is><t>{text}</is>"
                elif raw:
                    inner = f"<v>{raw}"
                if not inner:
                    continue
                value = _cell_value(kind, attrs, inner, shared, date_styles)
                if value is None:
                    continue
            column = columns.get(letters)
            if column is None:
                column = columns[letters] = _column(letters)
            if number != row_number:
                row_number = number
                row = rows.setdefault(int(number), {})
            row[column] = value
    except (IndexError, ValueError, OverflowError) as error:
        raise FileError("xlsx") from error
    return _table(rows)


def _read_xlsx_openpyxl(content):
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise FileError("xlsx") from error
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
