"""The HIS importer's files (R-R5): a file read once per content (kept between Check and
Import), its header row found under title rows, its columns mapped by name (or as this
company mapped them before), its rows made a batch by column."""

import hashlib
import threading
from collections import OrderedDict
from operator import itemgetter

from odoo import api, models

from .hospital_his_file import FileError, read_table
from .hospital_his_importer import ALIASES, FILE_REQUIRED, REQUIRED, HisImportError
from .hospital_his_parse import header_key, normalize

# a row whose reference cell says this is the export's totals, not a bill
TOTAL_LABELS = {"合计", "总计", "小计", "total", "sum"}
HEADER_SCAN_ROWS = 10
HEADER_MIN_MATCHES = 3
# parsed files kept between Check and Import (per worker process; a miss reads the file again)
CACHE_SIZE = 4
_CACHE = OrderedDict()
_CACHE_LOCK = threading.Lock()


class HospitalHisImporter(models.AbstractModel):
    _inherit = "hospital.his.importer"  # pylint: disable=consider-merging-classes-inherited

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
