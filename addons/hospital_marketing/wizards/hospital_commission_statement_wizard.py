import base64
import io
from collections import defaultdict

import xlsxwriter

from odoo import fields, models
from odoo.exceptions import UserError


class HospitalCommissionStatementWizard(models.TransientModel):
    """Commission statements as spreadsheets (R-K3): per payee, every case with its base, rule
    and amount; or the month's summary per department. Reads with the user's own rights."""

    _name = "hospital.commission.statement.wizard"
    _description = "Commission Statement"

    kind = fields.Selection(
        [("payee", "Statement per Payee"), ("department", "Department Summary")],
        required=True,
        default="payee",
    )
    settlement_ids = fields.Many2many(
        "hospital.commission.settlement",
        "hospital_commission_statement_settlement_rel",
        "wizard_id",
        "settlement_id",
    )
    month = fields.Date(default=lambda self: fields.Date.context_today(self).replace(day=1))
    file = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_export(self):
        self.ensure_one()
        if not self.month and not (self.kind == "payee" and self.settlement_ids):
            raise UserError(self.env._("Choose the month of the statement."))
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        styles = {
            "head": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "total": workbook.add_format({"bold": True, "num_format": "#,##0.00", "top": 1}),
            "title": workbook.add_format({"bold": True, "font_size": 13}),
        }
        if self.kind == "payee":
            self._write_payee_sheets(workbook, styles)
            name = self.env._("commission-statements")
        else:
            self._write_department_sheet(workbook, styles)
            name = self.env._("commission-departments-%s", self.month.strftime("%Y-%m"))
        workbook.close()
        self.write({"file": base64.b64encode(output.getvalue()), "file_name": f"{name}.xlsx"})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file/{self.file_name}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _write_payee_sheets(self, workbook, styles):
        settlements = self.settlement_ids or self.env["hospital.commission.settlement"].search(
            [("date_from", "=", self.month.replace(day=1))]
        )
        if not settlements:
            raise UserError(
                self.env._(
                    "There is no settlement of %s to put in a statement.",
                    self.month.strftime("%Y-%m"),
                )
            )
        used = set()
        for settlement in settlements:
            sheet_name = "".join(c for c in settlement.name if c not in "[]:*?/\\")[:31]
            while sheet_name in used:
                sheet_name = sheet_name[:28] + f"~{len(used)}"
            used.add(sheet_name)
            sheet = workbook.add_worksheet(sheet_name)
            sheet.write(0, 0, f"{settlement.name} · {settlement.payee_name}", styles["title"])
            sheet.write(1, 0, self.env._("Month"))
            sheet.write(1, 1, settlement.date_from.strftime("%Y-%m"))
            sheet.write(2, 0, self.env._("Status"))
            sheet.write(
                2,
                1,
                dict(settlement._fields["state"]._description_selection(self.env))[
                    settlement.state
                ],
            )
            headers = [
                self.env._("Case"),
                self.env._("Discharge Date"),
                self.env._("Role"),
                self.env._("Department"),
                self.env._("Rule"),
                self.env._("Base"),
                self.env._("Base Amount"),
                self.env._("Rate (%)"),
                self.env._("Share (%)"),
                self.env._("Amount"),
            ]
            for col, header in enumerate(headers):
                sheet.write(4, col, header, styles["head"])
            role_labels = dict(settlement.line_ids._fields["role"]._description_selection(self.env))
            type_labels = dict(
                settlement.line_ids._fields["line_type"]._description_selection(self.env)
            )
            base_labels = dict(
                settlement.line_ids._fields["base_kind"]._description_selection(self.env)
            )
            row = 5
            for line in settlement.line_ids.sorted(lambda line: (line.date, line.id)):
                case = line.source_name or ""
                if line.line_type != "commission":  # corrections and carried totals (R-C11)
                    case = f"{case} ({type_labels[line.line_type]}: {line.cause or ''})"
                sheet.write(row, 0, case)
                sheet.write_datetime(row, 1, fields.Datetime.to_datetime(line.date), styles["date"])
                sheet.write(row, 2, role_labels.get(line.role, ""))
                sheet.write(row, 3, line.department_id.display_name or "")
                sheet.write(row, 4, line.rule_id.display_name or "")
                sheet.write(row, 5, base_labels.get(line.base_kind, ""))
                sheet.write_number(row, 6, line.base_amount, styles["money"])
                sheet.write_number(row, 7, line.rate)
                sheet.write_number(row, 8, line.share)
                sheet.write_number(row, 9, line.amount, styles["money"])
                row += 1
            for adjustment in settlement.adjustment_ids.filtered(lambda a: a.state == "confirmed"):
                sheet.write(row, 0, adjustment.name)
                sheet.write_datetime(
                    row, 1, fields.Datetime.to_datetime(adjustment.date), styles["date"]
                )
                sheet.write(row, 4, self.env._("Performance adjustment"))
                sheet.write_number(row, 9, adjustment.amount, styles["money"])
                row += 1
            sheet.write(row, 8, self.env._("Total"), styles["head"])
            sheet.write_number(row, 9, settlement.amount_total, styles["total"])
            sheet.set_column(0, 0, 22)
            sheet.set_column(1, 9, 14)

    def _write_department_sheet(self, workbook, styles):
        month = self.month.replace(day=1)
        sheet = workbook.add_worksheet(self.env._("Departments"))
        sheet.write(
            0,
            0,
            self.env._("Commissions by department, %s", month.strftime("%Y-%m")),
            styles["title"],
        )
        kinds = dict(
            self.env["hospital.commission.line"]
            ._fields["payee_kind"]
            ._description_selection(self.env)
        )
        headers = [
            self.env._("Department"),
            self.env._("Payee Kind"),
            self.env._("Lines"),
            self.env._("Cases"),
            self.env._("Base Amount"),
            self.env._("Commission"),
        ]
        for col, header in enumerate(headers):
            sheet.write(2, col, header, styles["head"])
        groups = self.env["hospital.commission.line"]._read_group(
            [("period_date", "=", month)],
            ["department_id", "payee_kind"],
            ["__count", "res_id:count_distinct", "base_amount:sum", "amount:sum"],
        )
        totals = defaultdict(float)
        row = 3
        for department, payee_kind, count, cases, base, amount in sorted(
            groups, key=lambda g: (g[0].display_name or "", g[1] or "")
        ):
            sheet.write(row, 0, department.display_name or self.env._("(none)"))
            sheet.write(row, 1, kinds.get(payee_kind, ""))
            sheet.write_number(row, 2, count)
            sheet.write_number(row, 3, cases)
            sheet.write_number(row, 4, base, styles["money"])
            sheet.write_number(row, 5, amount, styles["money"])
            totals["amount"] += amount
            row += 1
        if not groups:
            sheet.write(row, 0, self.env._("No commission in this month."))
            row += 1
        sheet.write(row, 4, self.env._("Total"), styles["head"])
        sheet.write_number(row, 5, totals["amount"], styles["total"])
        sheet.set_column(0, 1, 24)
        sheet.set_column(2, 5, 14)
