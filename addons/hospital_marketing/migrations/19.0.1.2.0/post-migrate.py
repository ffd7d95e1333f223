"""19.0.1.2.0: the month-end run is its own service (``hospital.commission.run``): the
scheduled action (kept as the admin tuned it, ``noupdate``) gets its new model where it
still points at the settlement model."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("hospital_marketing.ir_cron_hospital_commission_month_end", False)
    if cron and cron.model_id.model == "hospital.commission.settlement":
        cron.model_id = env["ir.model"]._get("hospital.commission.run")
