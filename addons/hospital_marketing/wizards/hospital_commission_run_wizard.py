from dateutil.relativedelta import relativedelta

from odoo import fields, models


def _default_month(wizard):
    return fields.Date.context_today(wizard).replace(day=1) - relativedelta(months=1)


class HospitalCommissionRunWizard(models.TransientModel):
    """The month-end run on demand (the scheduled action runs it on the first of the month)."""

    _name = "hospital.commission.run.wizard"
    _description = "Run the Month-End Commission Settlement"

    month = fields.Date(required=True, default=_default_month, help="Any day of the month.")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_run(self):
        self.ensure_one()
        run = self.env["hospital.commission.run"]
        run._check_month_over(self.month, self.env.companies)
        settlements = run._run(self.month)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Settlements of %s", self.month.strftime("%Y-%m")),
            "res_model": "hospital.commission.settlement",
            "view_mode": "list,form",
            "domain": [("date_from", "=", self.month.replace(day=1))],
            "context": {"hm_touched": settlements.ids},
        }
