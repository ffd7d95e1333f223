"""19.0.1.2.0: the month-end run is its own service (``hospital.commission.run``) and every
scheduled job is named ``_cron_*``: the scheduled actions (``noupdate``, kept as the admin
tuned them) get their new model and code where they still hold the old ones."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("hospital_marketing.ir_cron_hospital_commission_month_end", False)
    if cron and cron.model_id.model == "hospital.commission.settlement":
        cron.model_id = env["ir.model"]._get("hospital.commission.run")
    cron = env.ref("hospital_marketing.ir_cron_hospital_work_report_penalties", False)
    if cron and cron.code == "model._hm_cron_report_penalties()":
        cron.code = "model._cron_report_penalties()"
