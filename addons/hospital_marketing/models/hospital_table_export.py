import base64
from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import AccessError

from ..tools.local_time import local_tz
from ..tools.xlsx_table import workbook_bytes


class HospitalTableExport(models.AbstractModel):
    """The base of the department's statistic tables (R-K3): a small wizard with the screen's
    filters (month, company, team) that writes one XLSX workbook. The figures are read as the
    user (``_read_group`` under the record rules): a promoter's table holds their own rows,
    a leader's their team's."""

    _name = "hospital.table.export"
    _description = "Statistic Table Export"

    #: who may export the table (checked on the server, besides the wizard's access rights)
    _table_groups = "hospital_marketing.group_marketing_promoter"

    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month: the table covers the whole calendar month.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    team_id = fields.Many2one(
        "hospital.marketing.team",
        domain="[('company_id', 'in', [company_id, False])]",
        help="Only the rows of this team (and its squads); empty: every team you may see.",
    )
    xlsx_file = fields.Binary(string="Workbook", readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_export(self):
        self.ensure_one()
        if not self.env.user.has_groups(self._table_groups):
            raise AccessError(self.env._("You may not export this table."))
        name = self._table_name()
        month = self.month.strftime("%Y-%m")
        content = workbook_bytes(
            self._table_sheets(), title=f"{name} {month} {self.company_id.name}"
        )
        self.write({"xlsx_file": base64.b64encode(content), "xlsx_name": f"{name}_{month}.xlsx"})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/{self.xlsx_name}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    # the table
    def _table_name(self):
        raise NotImplementedError

    def _table_sheets(self):
        """``[(sheet title, header, rows)]``"""
        raise NotImplementedError

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    # filters
    def _month_dates(self):
        """First day of the month and first day of the next month."""
        first = self.month.replace(day=1)
        return first, first + relativedelta(months=1)

    def _month_datetimes(self):
        """The month as naive UTC datetimes from local midnight to local midnight (a case
        registered at 07:00 on the 1st in Asia/Shanghai is 23:00 UTC the day before). The
        company's time zone first: the table is the same whoever exports it."""
        tz = pytz.timezone(
            self.company_id.sudo().partner_id.tz or local_tz(self.env, self.company_id)
        )
        return tuple(
            tz.localize(datetime.combine(day, time())).astimezone(pytz.utc).replace(tzinfo=None)
            for day in self._month_dates()
        )

    def _team_ids(self):
        """The chosen team and its squads (ids), or None for no team filter."""
        if not self.team_id:
            return None
        return (
            self.env["hospital.marketing.team"]
            .with_context(active_test=False)
            .search([("id", "child_of", self.team_id.id)])
            .ids
        )
