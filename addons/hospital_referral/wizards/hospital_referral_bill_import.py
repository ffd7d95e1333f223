import base64
import hashlib
import io

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..models.hospital_his_import_mapping import TARGETS
from ..models.hospital_his_importer import ALIASES, FILE_REQUIRED, REQUIRED, HisImportError
from ..models.hospital_his_parse import header_key

IMPORT_GROUP = "hospital_marketing.group_marketing_office"
PREVIEW_ROWS = 10
DEFAULT_KEYS = ["=kind", "=is_final"]
SHOWN_ERRORS = 20


class HospitalReferralBillImport(models.TransientModel):
    """Import HIS bills from an XLSX or CSV file (R-R5): the header row found under any title
    rows, columns mapped by their names (a mapping step for the others, remembered per
    company), a preview of the parsed values, errors in plain words per row and column (all
    of them in a downloadable file), nothing written unless every row is valid; importing the
    same file again changes nothing. The file is read once: Import reuses what Check read."""

    _name = "hospital.referral.bill.import"
    _description = "Import HIS Bills"

    # kept in the wizard's row, as base_import does: an attachment of a 5 MB CSV file would
    # index its whole text
    file = fields.Binary(required=True, attachment=False)
    file_name = fields.Char()
    file_checksum = fields.Char(readonly=True)
    state = fields.Selection(
        [("upload", "Upload"), ("mapping", "Columns"), ("preview", "Preview"), ("done", "Done")],
        default="upload",
    )
    header_row = fields.Integer(readonly=True, help="The row of the file naming the columns.")
    column_ids = fields.One2many("hospital.referral.bill.import.column", "wizard_id")
    default_kind = fields.Selection(
        [("inpatient", "Inpatient"), ("outpatient", "Outpatient")],
        string="Kind of All Bills",
        help="For a file without an outpatient/inpatient column.",
    )
    default_final = fields.Selection(
        [("yes", "Final"), ("no", "Not Final")],
        string="All Bills Are",
        help="For a file without a final (已结算) column.",
    )
    needs_kind = fields.Boolean(compute="_compute_needs")
    needs_final = fields.Boolean(compute="_compute_needs")
    summary = fields.Html(readonly=True, sanitize=False)
    has_errors = fields.Boolean(readonly=True)
    error_file = fields.Binary(string="All Errors", readonly=True, attachment=False)
    error_file_name = fields.Char(readonly=True)

    def init(self):
        # the file is stored as it came, not compressed: PostgreSQL's compression of a 6 MB
        # (base64) export took half of the Check's time in the database, to save a quarter
        # of its size for the hour a wizard lives (altered once: the table is locked meanwhile)
        storage = self.env.execute_query(
            SQL(
                "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass "
                "AND attname = 'file'",
                self._table,
            )
        )
        if storage and storage[0][0] != "e":
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s ALTER COLUMN file SET STORAGE EXTERNAL",
                    SQL.identifier(self._table),
                )
            )

    @api.depends("column_ids.field_name")
    def _compute_needs(self):
        for wizard in self:
            mapped = set(wizard.column_ids.mapped("field_name"))
            wizard.needs_kind = "kind" not in mapped
            wizard.needs_final = "is_final" not in mapped

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _check_role(self):
        if not self.env.user.has_group(IMPORT_GROUP):
            raise AccessError(self.env._("Only the marketing office imports HIS bills."))

    def _content(self):
        content = base64.b64decode(self.file or b"")
        return content, hashlib.sha256(content).hexdigest()

    def _defaults(self):
        return {
            "kind": self.default_kind or None,
            "is_final": {"yes": True, "no": False}.get(self.default_final),
        }

    def _columns(self):
        return {
            line.column: line.field_name
            for line in self.column_ids
            if line.field_name and line.field_name != "ignore"
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _scan(self, content, checksum):
        """Find the header row and map the columns; True when the user must map some."""
        Importer = self.env["hospital.his.importer"]
        try:
            table = Importer._read_table(content, self.file_name, checksum)
            if not table:
                raise HisImportError(self.env._("The file is empty."))
            header_index, columns = Importer._scan_header(table, self.env.company)
        except HisImportError as error:
            raise UserError(str(error)) from error
        samples = table[header_index + 1 : header_index + 4]
        self.column_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {
                    "column": column,
                    "header": title[:100],
                    "sample": " | ".join(
                        str(row[column])[:30]
                        for row in samples
                        if column < len(row) and row[column] not in (None, "")
                    )[:100],
                    "field_name": field or "ignore",
                    "recognised": recognised,
                }
            )
            for column, title, field, recognised in columns
        ]
        saved = {
            mapping.header_key: mapping.default_value
            for mapping in self.env["hospital.his.import.mapping"].search(
                [("company_id", "=", self.env.company.id), ("header_key", "in", DEFAULT_KEYS)]
            )
        }
        self.write(
            {
                "file_checksum": checksum,
                "header_row": header_index + 1,
                "default_kind": self.default_kind or saved.get("=kind") or False,
                "default_final": self.default_final or saved.get("=is_final") or False,
            }
        )
        missing = Importer._missing_columns(columns, self._defaults())
        return bool(missing) or not all(line.recognised for line in self.column_ids)

    def _validate_mapping(self):
        used = {}
        for line in self.column_ids:
            if line.field_name and line.field_name != "ignore":
                if line.field_name in used:
                    raise UserError(
                        self.env._(
                            "The columns %(first)s and %(second)s are both imported as %(field)s.",
                            first=used[line.field_name],
                            second=line.header,
                            field=dict(TARGETS)[line.field_name],
                        )
                    )
                used[line.field_name] = line.header
        defaults = self._defaults()
        missing = [
            field
            for field in REQUIRED
            if field not in used and (field in FILE_REQUIRED or defaults.get(field) is None)
        ]
        if missing:
            raise UserError(
                self.env._(
                    "Missing columns: %s. Choose the file's column for each, or (for the kind "
                    "and final) the value of all bills.",
                    ", ".join(missing),
                )
            )

    def _save_mapping(self):
        """Remember the columns the user mapped by hand, and the kind and final chosen for a
        file without them, for this company's next files."""
        keys = {header_key(line.header): line for line in self.column_ids}
        keys.pop("", None)
        Mapping = self.env["hospital.his.import.mapping"]
        company = self.env.company
        existing = {
            mapping.header_key: mapping
            for mapping in Mapping.search(
                [("company_id", "=", company.id), ("header_key", "in", list(keys))]
            )
        }
        for key, line in keys.items():
            field_name = line.field_name or "ignore"
            if line.recognised and key not in existing and field_name == ALIASES.get(key):
                continue  # a known header, imported as it always is
            values = {"field_name": field_name}
            self._upsert_mapping(existing.get(key), key, line.header, values)
        mapped = set(self._columns().values())
        defaults = {
            "=kind": ("kind", self.default_kind),
            "=is_final": ("is_final", self.default_final),
        }
        saved = {
            mapping.header_key: mapping
            for mapping in Mapping.search(
                [("company_id", "=", company.id), ("header_key", "in", DEFAULT_KEYS)]
            )
        }
        for key, (field_name, value) in defaults.items():
            if value and field_name not in mapped:
                values = {"field_name": field_name, "default_value": value}
                self._upsert_mapping(saved.get(key), key, key, values)

    def _upsert_mapping(self, mapping, key, header, values):
        if mapping:
            mapping.write(values)
        else:
            self.env["hospital.his.import.mapping"].create(
                dict(values, company_id=self.env.company.id, header=header, header_key=key)
            )

    def _batch(self):
        content, checksum = self._content()
        if checksum != self.file_checksum:
            raise UserError(self.env._("The file changed: press Check again."))
        self._validate_mapping()
        try:
            return self.env["hospital.his.importer"]._file_batch(
                content,
                self.file_name,
                self.env.company,
                self._columns(),
                self.header_row - 1,
                self._defaults(),
                checksum,
            )
        except HisImportError as error:
            raise UserError(str(error)) from error

    def _run(self, dry_run):
        batch = self._batch()
        if not len(batch):
            raise UserError(self.env._("The file has no bill rows."))
        outcome = self.env["hospital.his.importer"]._import_batch(
            batch, self.env.company, atomic=True, dry_run=dry_run
        )
        return batch, outcome

    def _errors(self, batch, outcome):
        """[(row, column, message)] in the order of the file."""
        headers = {line.field_name: (line.column, line.header) for line in self.column_ids}
        errors = []
        for position in sorted(outcome["results"]):
            status, messages = outcome["results"][position]
            if status == "error":
                located = sorted(
                    (headers.get(field, (-1, field)), index, message)
                    for index, (field, message) in enumerate(messages)
                )
                errors.extend(
                    (batch.labels[position], header, message)
                    for (_column, header), _index, message in located
                )
        return errors

    def _error_file(self, errors):
        import xlsxwriter

        stream = io.BytesIO()
        book = xlsxwriter.Workbook(stream, {"constant_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, [self.env._("Row"), self.env._("Column"), self.env._("Error")])
        for index, (row, column, message) in enumerate(errors, start=1):
            sheet.write_number(index, 0, row)
            sheet.write_string(index, 1, column)
            sheet.write_string(index, 2, message)
        sheet.set_column(2, 2, 80)
        book.close()
        return base64.b64encode(stream.getvalue())

    def _render(self, batch, outcome, errors):
        counts = outcome["counts"]
        parts = [
            Markup("<p>%s</p>")
            % self.env._(
                "%(rows)s rows (header on row %(header)s): %(created)s new, %(updated)s "
                "changed, %(unchanged)s unchanged, %(error)s in error.",
                rows=len(batch),
                header=self.header_row,
                **counts,
            )
        ]
        if errors:
            items = Markup("").join(
                Markup("<li>%s</li>")
                % self.env._(
                    "Row %(row)s, column %(column)s: %(message)s",
                    row=row,
                    column=column,
                    message=message,
                )
                for row, column, message in errors[:SHOWN_ERRORS]
            )
            more = (
                Markup("<p>%s</p>")
                % self.env._("All %s errors are in the file below (All Errors).", len(errors))
                if len(errors) > SHOWN_ERRORS
                else ""
            )
            parts.append(
                Markup('<div class="alert alert-danger"><p>%s</p><ul>%s</ul>%s</div>')
                % (
                    self.env._("Nothing will be imported until these rows are corrected:"),
                    items,
                    more,
                )
            )
        parts.append(self._render_preview(batch, outcome))
        return Markup("").join(parts)

    def _render_preview(self, batch, outcome):
        """The first rows as they will be stored (parsed values), with their status."""
        statuses = {
            "created": self.env._("new"),
            "updated": self.env._("changed"),
            "unchanged": self.env._("unchanged"),
            "error": self.env._("error"),
        }
        # rows found unchanged by their fingerprint were not parsed: parse the ones shown
        self.env["hospital.his.importer"]._check_batch(
            batch, range(min(PREVIEW_ROWS, len(batch))), self.env.company
        )
        departments = {}
        shown = []
        for position in range(min(PREVIEW_ROWS, len(batch))):
            vals = (batch.checked.get(position) or (None, None))[0]
            shown.append((position, vals))
            if vals:
                departments[vals["department_id"]] = False
        names = {
            d.id: d.display_name
            for d in self.env["hospital.clinical.department"].sudo().browse(list(departments))
        }
        kinds = {"inpatient": self.env._("Inpatient"), "outpatient": self.env._("Outpatient")}
        titles = (
            self.env._("Row"),
            self.env._("Status"),
            self.env._("HIS Reference"),
            self.env._("Voucher Number"),
            self.env._("Kind"),
            self.env._("Department"),
            self.env._("Total Fees"),
            self.env._("Drug Cost"),
            self.env._("Admission Date"),
            self.env._("Discharge Date"),
            self.env._("Final"),
            self.env._("Refund of"),
        )
        head = Markup("").join(Markup("<th>%s</th>") % title for title in titles)
        body = []
        for position, vals in shown:
            status = statuses[outcome["results"][position][0]]
            if vals:
                cells = (
                    vals["his_reference"],
                    vals["voucher_number"] or "",
                    kinds[vals["kind"]],
                    names.get(vals["department_id"], ""),
                    f"{vals['total_fees']:,.2f}",
                    f"{vals['drug_cost']:,.2f}",
                    vals["admission_date"] or "",
                    vals["discharge_date"] or "",
                    self.env._("yes") if vals["is_final"] else self.env._("no"),
                    vals["refund_of"] or "",
                )
            else:
                cells = (batch.references[position] or "", *([""] * 9))
            body.append(
                Markup("<tr><td>%s</td><td>%s</td>%s</tr>")
                % (
                    batch.labels[position],
                    status,
                    Markup("").join(Markup("<td>%s</td>") % escape(str(v)) for v in cells),
                )
            )
        return Markup(
            '<table class="table table-sm o_his_preview"><thead><tr>%s</tr></thead>'
            "<tbody>%s</tbody></table>"
        ) % (head, Markup("").join(body))

    def _show(self, state, batch, outcome):
        errors = self._errors(batch, outcome)
        self.write(
            {
                "state": state,
                "summary": self._render(batch, outcome, errors),
                "has_errors": bool(errors),
                "error_file": self._error_file(errors) if errors else False,
                "error_file_name": "his_import_errors.xlsx" if errors else False,
            }
        )
        return self._reopen()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_preview(self):
        """Check: read the file, map its columns (asking for the unknown ones) and show what
        the import would do, writing nothing."""
        self.ensure_one()
        self._check_role()
        content, checksum = self._content()
        rescan = self.state == "upload" or checksum != self.file_checksum
        if rescan and self._scan(content, checksum):
            self.state = "mapping"
            return self._reopen()
        batch, outcome = self._run(dry_run=True)
        return self._show("preview", batch, outcome)

    def action_confirm_mapping(self):
        self.ensure_one()
        self._check_role()
        self._validate_mapping()
        self._save_mapping()
        batch, outcome = self._run(dry_run=True)
        return self._show("preview", batch, outcome)

    def action_edit_mapping(self):
        self.ensure_one()
        self._check_role()
        self.state = "mapping"
        return self._reopen()

    def action_import(self):
        self.ensure_one()
        self._check_role()
        content, checksum = self._content()
        rescan = self.state == "upload" or checksum != self.file_checksum
        if rescan and self._scan(content, checksum):
            self.state = "mapping"
            return self._reopen()
        batch, outcome = self._run(dry_run=False)
        return self._show("preview" if outcome["counts"]["error"] else "done", batch, outcome)


class HospitalReferralBillImportColumn(models.TransientModel):
    """A column of the imported file and the field it goes to."""

    _name = "hospital.referral.bill.import.column"
    _description = "Column of an HIS Bill File"
    _order = "column"

    wizard_id = fields.Many2one("hospital.referral.bill.import", required=True, ondelete="cascade")
    column = fields.Integer(readonly=True)
    header = fields.Char(readonly=True)
    sample = fields.Char(string="First Values", readonly=True)
    field_name = fields.Selection(TARGETS, string="Imported As")
    recognised = fields.Boolean(readonly=True)
