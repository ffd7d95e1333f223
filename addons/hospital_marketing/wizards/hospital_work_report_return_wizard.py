from odoo import fields, models


class HospitalWorkReportReturnWizard(models.TransientModel):
    _name = "hospital.work.report.return.wizard"
    _description = "Return Work Reports"

    report_ids = fields.Many2many(
        "hospital.work.report",
        "hospital_work_report_return_rel",
        "wizard_id",
        "report_id",
        required=True,
    )
    reason = fields.Text(required=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_return(self):
        self.ensure_one()
        self.report_ids._return_to_author(self.reason)
        return {"type": "ir.actions.act_window_close"}
