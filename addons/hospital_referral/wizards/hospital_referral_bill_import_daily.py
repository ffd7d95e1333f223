import re

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.hospital_his_importer import HisImportError
from .hospital_referral_bill_import import SHOWN_ERRORS

DAY_INDEX = re.compile(r"days\[(\d+)\]")
API_ERROR = re.compile(r"days\[\d+\](?:\.(\w+))?: (.*)", re.DOTALL)


class RollbackDailyImport(Exception):
    """Leaves the savepoint of a check, or of an import with errors, writing nothing."""


class HospitalReferralBillImport(models.TransientModel):
    """The HIS file import's second record type (R-K1): a daily report of the hospital
    (日期, 总收入, 门诊人次, 入院人次, 在院人数, 开放床位, …), recognised by its headers, is
    checked and stored as daily actuals through the same contract as the HIS API's days, all
    or nothing; importing the same file again changes nothing."""

    _inherit = "hospital.referral.bill.import"

    record_type = fields.Selection(
        [("bills", "HIS Bills"), ("daily", "Daily Actuals")],
        string="File Holds",
        readonly=True,
        help="Found from the file's headers: bills (住院号, 总费用, …) or the hospital's daily "
        "actuals (日期, 总收入, 门诊人次, …).",
    )

    def _daily_header(self):
        """(table, header index, columns) when the file is a daily report, else None."""
        content, checksum = self._content()
        Importer = self.env["hospital.his.importer"]
        try:
            table = Importer._read_table(content, self.file_name, checksum)
        except HisImportError as error:
            raise UserError(str(error)) from error
        found = Importer._scan_daily_header(table) if table else None
        self.record_type = "daily" if found else "bills"
        return (table, *found) if found else None

    def _run_daily(self, daily, dry_run):
        """Check (``dry_run``) or import the days of the file: the rows parsed, then stored
        as the HIS API stores its days, in a savepoint left when checking or when any row is
        in error. The office imports what only the HIS writes otherwise: as the superuser,
        once its role is checked."""
        table, header_index, columns = daily
        Importer = self.env["hospital.his.importer"]
        days, errors = Importer._daily_file_days(table, header_index, columns)
        rows = [number for number, _day in days]
        outcome = {"counts": {"created": 0, "updated": 0, "unchanged": 0, "error": 0}}
        if days:
            try:
                with self.env.cr.savepoint():
                    outcome = Importer.sudo()._api_import_daily(
                        [day for _number, day in days], company=self.env.company
                    )
                    if dry_run or errors or outcome["counts"]["error"]:
                        raise RollbackDailyImport
            except RollbackDailyImport:
                self.env.invalidate_all()
            titles = {
                key: str(table[header_index][column]).strip() for column, key in columns.items()
            }
            for result in outcome["results"]:
                if result["status"] != "error":
                    continue
                # "days[2].department_code: unknown department 'X'; days[2]: …" in the
                # file's words: the column's title, the row's number
                for part in result["error"].split("; "):
                    match = API_ERROR.fullmatch(part)
                    key, text = (match[1], match[2]) if match else (None, part)
                    text = DAY_INDEX.sub(
                        lambda found: self.env._("row %s", rows[int(found[1])]), text
                    )
                    errors.append((rows[result["index"]], titles.get(key, ""), text))
        errors.sort(key=lambda error: error[0])
        counts = dict(outcome["counts"], error=len({row for row, _c, _m in errors}))
        done = not dry_run and not errors
        self.write(
            {
                "state": "done" if done else "preview",
                "header_row": header_index + 1,
                "summary": self._render_daily(len(days) + counts["error"], counts, errors, done),
                "has_errors": bool(errors),
                "error_file": False,
                "error_file_name": False,
            }
        )
        return self._reopen()

    def _render_daily(self, count, counts, errors, done):
        parts = [
            Markup("<p>%s</p>")
            % self.env._(
                "%(rows)s days of the hospital's actuals (header on row %(header)s): "
                "%(created)s new, %(updated)s changed, %(unchanged)s unchanged, %(error)s in "
                "error.",
                rows=count,
                header=self.header_row,
                **counts,
            )
        ]
        if done:
            parts.append(Markup("<p>%s</p>") % self.env._("The daily actuals are imported."))
        if errors:
            items = Markup("").join(
                Markup("<li>%s</li>")
                % (
                    self.env._(
                        "Row %(row)s, column %(column)s: %(message)s",
                        row=row,
                        column=column,
                        message=message,
                    )
                    if column
                    else self.env._("Row %(row)s: %(message)s", row=row, message=message)
                )
                for row, column, message in errors[:SHOWN_ERRORS]
            )
            parts.append(
                Markup('<div class="alert alert-danger"><p>%s</p><ul>%s</ul></div>')
                % (self.env._("Nothing will be imported until these rows are corrected:"), items)
            )
        return Markup("").join(parts)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_preview(self):
        self.ensure_one()
        self._check_role()
        daily = self._daily_header()
        return self._run_daily(daily, dry_run=True) if daily else super().action_preview()

    def action_import(self):
        self.ensure_one()
        self._check_role()
        daily = self._daily_header()
        return self._run_daily(daily, dry_run=False) if daily else super().action_import()
