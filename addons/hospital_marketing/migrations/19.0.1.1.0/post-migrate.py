"""19.0.1.1.0: "paid" now means matched with the bank (a payment in process is "In Payment"):
recompute the payment state of the posted settlements."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Settlement = env["hospital.commission.settlement"]
    settlements = Settlement.search([("move_id", "!=", False)])
    for fname in ("payment_state", "is_paid"):
        env.add_to_compute(Settlement._fields[fname], settlements)
    settlements.flush_recordset(["payment_state", "is_paid"])
