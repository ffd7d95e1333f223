import base64

from markupsafe import Markup, escape

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.hospital_his_importer import HisImportError

PREVIEW_ROWS = 10


class HospitalReferralBillImport(models.TransientModel):
    """Import HIS bills from an XLSX or CSV file (R-R5): a preview first, errors in plain
    words per row and column, nothing written unless every row is valid; importing the same
    file again changes nothing."""

    _name = "hospital.referral.bill.import"
    _description = "Import HIS Bills"

    file = fields.Binary(required=True)
    file_name = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview"), ("done", "Done")], default="upload"
    )
    summary = fields.Html(readonly=True, sanitize=False)
    has_errors = fields.Boolean(readonly=True)

    def _run(self, dry_run):
        self.ensure_one()
        Importer = self.env["hospital.his.importer"]
        content = base64.b64decode(self.file or b"")
        try:
            rows = Importer._read_file(content, self.file_name)
        except HisImportError as error:
            raise UserError(str(error)) from error
        if not rows:
            raise UserError(self.env._("The file has no bill rows."))
        return rows, Importer._import_rows(rows, atomic=True, dry_run=dry_run)

    def _render(self, rows, outcome):
        counts = outcome["counts"]
        parts = [
            Markup("<p>%s</p>")
            % self.env._(
                "%(rows)s rows: %(created)s new, %(updated)s changed, %(unchanged)s "
                "unchanged, %(error)s in error.",
                rows=len(rows),
                **counts,
            )
        ]
        if outcome["errors"]:
            items = Markup("").join(
                Markup("<li>%s</li>")
                % self.env._(
                    "Row %(row)s, column %(column)s: %(message)s",
                    row=row,
                    column=column,
                    message=message,
                )
                for row, column, message in outcome["errors"][:200]
            )
            parts.append(
                Markup('<div class="alert alert-danger"><p>%s</p><ul>%s</ul></div>')
                % (self.env._("Nothing will be imported until these rows are corrected:"), items)
            )
        head = Markup("").join(
            Markup("<th>%s</th>") % escape(column) for column in ("row", *rows[0].keys())
        )
        body = Markup("").join(
            Markup("<tr><td>%s</td>%s</tr>")
            % (
                number,
                Markup("").join(Markup("<td>%s</td>") % escape(str(v)) for v in row.values()),
            )
            for number, row in enumerate(rows[:PREVIEW_ROWS], start=2)
        )
        parts.append(
            Markup(
                '<table class="table table-sm"><thead><tr>%s</tr></thead><tbody>%s</tbody></table>'
            )
            % (head, body)
        )
        return Markup("").join(parts)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_preview(self):
        rows, outcome = self._run(dry_run=True)
        self.write(
            {
                "state": "preview",
                "summary": self._render(rows, outcome),
                "has_errors": bool(outcome["errors"]),
            }
        )
        return self._reopen()

    def action_import(self):
        rows, outcome = self._run(dry_run=False)
        if outcome["errors"]:
            self.write(
                {"state": "preview", "summary": self._render(rows, outcome), "has_errors": True}
            )
            return self._reopen()
        self.write({"state": "done", "summary": self._render(rows, outcome), "has_errors": False})
        return self._reopen()
