"""The HIS daily report as a file (R-K1): the importer's second record type read from an XLSX
or CSV daily report (日期, 总收入, 门诊人次, 入院人次, 在院人数, 开放床位, …), its header found
and its cells parsed by the bill import's readers, each row then stored through the same
contract as the API's days (``_api_import_daily``)."""

import re

from odoo import api, models

from .hospital_his_importer import shown
from .hospital_his_importer_file import HEADER_SCAN_ROWS
from .hospital_his_parse import (
    CellError,
    clean_text,
    header_key,
    normalize,
    parse_amount,
    parse_date,
)

# header of a daily report (normalised by header_key) -> key of an API day
DAILY_ALIASES = {
    **dict.fromkeys(("日期", "统计日期", "业务日期", "date"), "date"),
    **dict.fromkeys(
        ("科室", "科室编码", "科室代码", "诊疗组", "department", "departmentcode"),
        "department_code",
    ),
    **dict.fromkeys(("总收入", "营业收入", "医疗收入", "收入", "revenue"), "revenue"),
    **dict.fromkeys(("门诊人次", "门急诊人次", "门诊量", "outpatientvisits"), "outpatient_visits"),
    **dict.fromkeys(
        ("住院人次", "入院人次", "入院人数", "inpatientadmissions"), "inpatient_admissions"
    ),
    **dict.fromkeys(
        ("在院人数", "占用床位", "占用床日", "实际占用床位", "occupiedbeds"), "occupied_beds"
    ),
    **dict.fromkeys(("开放床位", "开放床位数", "床位数", "beds"), "beds"),
    **dict.fromkeys(("新增住院", "新入院人数", "新增住院患者", "newpatients"), "new_patients"),
}
DAILY_FIGURE_KEYS = frozenset(
    (
        "revenue",
        "outpatient_visits",
        "inpatient_admissions",
        "occupied_beds",
        "beds",
        "new_patients",
    )
)
TOTAL_ROWS = frozenset(("合计", "总计", "小计", "total"))
WHOLE_NUMBER = re.compile(r"\d{1,3}(,\d{3})+|\d+")


class HospitalHisImporter(models.AbstractModel):
    _inherit = "hospital.his.importer"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _scan_daily_header(self, table):
        """(index of the header row, {column: day key}) of a daily report: the first of the
        first rows naming a date and at least two daily figures; None for any other file (a
        bill file names none of the figures)."""
        for index, row in enumerate(table[:HEADER_SCAN_ROWS]):
            columns = {}
            for column, cell in enumerate(row):
                key = DAILY_ALIASES.get(header_key(cell))
                if key and key not in columns.values():
                    columns[column] = key
            keys = set(columns.values())
            if "date" in keys and len(keys & DAILY_FIGURE_KEYS) >= 2:
                return index, columns
        return None

    @api.model
    def _daily_count(self, value):
        """A count of a file's cell: an integer, a whole float (Excel's numbers) or digits
        (with thousands commas); None when empty."""
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise CellError("not_whole")
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and WHOLE_NUMBER.fullmatch(normalize(value)):
            return int(normalize(value).replace(",", ""))
        raise CellError("not_whole")

    @api.model
    def _daily_file_days(self, table, header_index, columns):
        """([(row number, day dict in the API's JSON types)], [(row number, column title,
        message)]) of the rows below the header: empty and total (合计) rows skipped, each cell
        parsed as the bill files' cells are."""
        titles = {column: normalize(str(table[header_index][column])) for column in columns}
        days, errors = [], []
        for number, row in enumerate(table[header_index + 1 :], start=header_index + 2):
            cells = {
                key: row[column] if column < len(row) else None for column, key in columns.items()
            }
            if all(value in (None, "") for value in cells.values()):
                continue
            date_cell = cells.get("date")
            if isinstance(date_cell, str) and header_key(date_cell) in TOTAL_ROWS:
                continue
            day, row_errors = {}, []
            for column, key in columns.items():
                value = cells[key]
                try:
                    if key == "date":
                        parsed = parse_date(value, strict=False)
                        day[key] = parsed.isoformat() if parsed else None
                    elif key == "department_code":
                        day[key] = clean_text(value, key, strict=False) or None
                    elif key == "revenue":
                        day[key] = (
                            parse_amount(value, strict=False) if value not in (None, "") else None
                        )
                    else:
                        day[key] = self._daily_count(value)
                except CellError as error:
                    message = (
                        self.env._("a whole number is expected, not %s", shown(value))
                        if error.code == "not_whole"
                        else self._cell_message(error, value)
                    )
                    row_errors.append((number, titles[column], message))
            if row_errors:
                errors += row_errors
                continue
            days.append((number, {key: value for key, value in day.items() if value is not None}))
        return days, errors
