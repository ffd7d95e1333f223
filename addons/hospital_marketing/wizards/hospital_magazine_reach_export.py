import base64
import io
from datetime import timedelta

import xlsxwriter

from odoo import fields, models
from odoo.exceptions import AccessError

from ..models.hospital_marketing_material import COST_GROUPS


class HospitalMagazineReachExport(models.TransientModel):
    """Reach of the magazine and the materials (R-K2) as an XLSX workbook: copies handed out
    per territory and month, per kind of drop point and month, and the material cost per
    month. Sums the confirmed drops the caller may read."""

    _name = "hospital.magazine.reach.export"
    _description = "Magazine Reach Export"

    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self).replace(day=1, month=1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    xlsx_file = fields.Binary(string="Workbook", readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_export(self):
        self.ensure_one()
        if not self.env.user.has_groups(COST_GROUPS):
            raise AccessError(
                self.env._(
                    "Only the office, the manager, finance and the vice-president export the reach."
                )
            )
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        month_format = workbook.add_format({"num_format": "yyyy-mm"})
        for title, header, data in self._sheets():
            sheet = workbook.add_worksheet(title[:31])
            sheet.write_row(0, 0, header, bold)
            for row, values in enumerate(data, start=1):
                for col, value in enumerate(values):
                    if hasattr(value, "strftime"):
                        sheet.write_datetime(row, col, value, month_format)
                    else:
                        sheet.write(row, col, value)
            sheet.set_column(0, len(header) - 1, 18)
        workbook.close()
        self.write(
            {
                "xlsx_file": base64.b64encode(output.getvalue()),
                "xlsx_name": f"magazine_reach_{self.date_from}_{self.date_to}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/{self.xlsx_name}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _kind_fields(self):
        """The fields a drop point's kind is read from (the referral addon adds the partner
        kind)."""
        return ["place_kind"]

    def _sheets(self):
        self.ensure_one()
        Line = self.env["hospital.distribution.line"]
        domain = [
            ("state", "=", "done"),
            ("done_datetime", ">=", fields.Datetime.to_datetime(self.date_from)),
            ("done_datetime", "<", fields.Datetime.to_datetime(self.date_to) + timedelta(days=1)),
        ]
        sheets = []

        def rows(groupby, aggregates):
            return Line._read_group(domain, groupby, aggregates, order=", ".join(groupby))

        header = [self.env._("Territory"), self.env._("Month"), self.env._("Copies Handed Out")]
        sheets.append(
            (
                self.env._("By Territory"),
                header,
                [
                    [territory.display_name or "", month, qty]
                    for territory, month, qty in rows(
                        ["territory_id", "done_datetime:month"], ["qty_handed_out:sum"]
                    )
                ],
            )
        )
        for fname in self._kind_fields():
            field = Line._fields[fname]
            labels = dict(field._description_selection(self.env))
            sheets.append(
                (
                    field._description_string(self.env),
                    [
                        field._description_string(self.env),
                        self.env._("Month"),
                        self.env._("Copies Handed Out"),
                    ],
                    [
                        [labels.get(kind, ""), month, qty]
                        for kind, month, qty in rows(
                            [fname, "done_datetime:month"], ["qty_handed_out:sum"]
                        )
                    ],
                )
            )
        sheets.append(
            (
                self.env._("Material Cost"),
                [self.env._("Month"), self.env._("Copies Handed Out"), self.env._("Material Cost")],
                [
                    [month, qty, cost]
                    for month, qty, cost in rows(
                        ["done_datetime:month"], ["qty_handed_out:sum", "cost:sum"]
                    )
                ],
            )
        )
        return sheets
