"""The department's statistic tables (R-K3) as XLSX workbooks, written with xlsxwriter.

A table is a list of sheets ``(title, header, rows)``; a cell keeps its Python type: numbers stay
numbers (a spreadsheet sums them), dates are real dates, ``None``/``False`` is an empty cell. The
titles and headers come translated from the caller; this module writes no words of its own.
"""

import datetime
import io

import xlsxwriter

# an Excel sheet name: at most 31 characters, none of []:*?/\
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def sheet_title(title):
    return (title or "-").translate(_SHEET_FORBIDDEN)[:31]


def workbook_bytes(sheets, title=None):
    """``sheets``: iterable of ``(title, header, rows)``; ``title``: a line above the header
    of every sheet (the table's name and period), or None. Returns the XLSX file content."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 13}),
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
        ),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "money": workbook.add_format({"num_format": "#,##0.00"}),
    }
    for name, header, rows in sheets:
        sheet = workbook.add_worksheet(sheet_title(name))
        row = 0
        if title:
            sheet.write(row, 0, title, formats["title"])
            row += 1
        sheet.write_row(row, 0, header, formats["header"])
        sheet.freeze_panes(row + 1, 0)
        for values in rows:
            row += 1
            for col, value in enumerate(values):
                _write(sheet, row, col, value, formats)
        sheet.set_column(0, max(len(header) - 1, 0), 16)
    workbook.close()
    return output.getvalue()


def _write(sheet, row, col, value, formats):
    if value is None or value is False:
        sheet.write_blank(row, col, None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(row, col, value, formats["datetime"])
    elif isinstance(value, datetime.date):
        sheet.write_datetime(
            row, col, datetime.datetime.combine(value, datetime.time()), formats["date"]
        )
    elif isinstance(value, float):
        sheet.write_number(row, col, value, formats["money"])
    elif isinstance(value, int):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(value))
