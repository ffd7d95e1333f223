from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.fields import Domain


class HospitalMarketingQuota(models.Model):
    """Events run of a quota (R-W6, R-K2): the outreach events done in the period (by their
    start date) that the staff member was on the team of."""

    _inherit = "hospital.marketing.quota"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _figures_by_employee(self, employees, date_from, date_to):
        figures = super()._figures_by_employee(employees, date_from, date_to)
        if not employees:
            return figures
        runs = dict(
            self.env["hospital.event.team.line"]
            .sudo()
            ._read_group(
                Domain("employee_id", "in", employees.ids)
                & Domain("event_id.hm_outreach_kind", "!=", False)
                & Domain("event_id.hm_state", "=", "done")
                & Domain("event_id.date_begin", ">=", date_from)
                & Domain("event_id.date_begin", "<", date_to + relativedelta(days=1)),
                ["employee_id"],
                ["event_id:count_distinct"],
            )
        )
        for employee in employees:
            figures[employee.id]["events"] = runs.get(employee, 0)
        return figures
