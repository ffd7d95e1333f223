from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from .commission_common import create_billed_case

MONTH = date(2031, 8, 1)


@tagged("post_install", "-at_install")
class TestCorrectionConcurrency(TransactionCase):
    """A bill corrected while the case's draft settlement is being signed never edits the
    signed line: the correction's transaction is refused by PostgreSQL (Odoo retries it) and
    its retry writes a correcting line. Needs committed data and cursors of its own, so the
    test commits its fixtures and removes them afterwards."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _setup_data(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            archived = env["hospital.commission.rule"].search([])
            archived.action_archive()
            partner = env["res.partner"].create(
                {"name": "Racing Part-timer", "referral_partner_kind": "part_time"}
            )
            env["hospital.referral.agreement"].create(
                {
                    "name": "Intermediary",
                    "kind": "intermediary",
                    "state": "signed",
                    "partner_id": partner.id,
                    "date_start": MONTH,
                }
            )
            rule = env["hospital.commission.rule"].create(
                {"name": "Racing 20%", "payee_kind": "part_time", "rate": 20.0}
            )
            case = create_billed_case(
                env,
                patient_name="Racing",
                discharge_date=MONTH.replace(day=10),
                total_fees=10000.0,
                referring_partner_id=partner.id,
            )
            settlement = env["hospital.commission.run"]._run(MONTH, env.company)
            return {
                "partner": partner.id,
                "rule": rule.id,
                "case": case.id,
                "bill": case.bill_ids.id,
                "settlement": settlement.filtered("partner_id").id,
                "archived": archived.ids,
            }

    def _cleanup(self, data):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            cr.execute(
                SQL(
                    "DELETE FROM hospital_commission_line WHERE res_model = 'hospital.referral' "
                    "AND res_id = %s",
                    data["case"],
                )
            )
            for query in (
                "DELETE FROM hospital_performance_adjustment WHERE date >= %s",
                "DELETE FROM hospital_commission_settlement WHERE date_from >= %s",
                "DELETE FROM hospital_commission_issue WHERE period_date >= %s",
            ):
                cr.execute(SQL(query, MONTH))
            cr.execute(SQL("DELETE FROM hospital_referral_bill WHERE id = %s", data["bill"]))
            env["hospital.referral"].browse(data["case"]).unlink()
            env["hospital.referral.agreement"].search(
                [("partner_id", "=", data["partner"])]
            ).unlink()
            env["hospital.commission.rule"].browse(data["rule"]).unlink()
            env["res.partner"].browse(data["partner"]).unlink()
            env["hospital.commission.rule"].browse(data["archived"]).action_unarchive()

    def test_correction_while_the_settlement_is_signed(self):
        data = self._setup_data()
        self.addCleanup(self._cleanup, data)
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        try:
            env1, env2 = self._env(cr1), self._env(cr2)
            cr1.execute("SELECT 1")  # the correction's transaction has begun
            env2["hospital.commission.settlement"].browse(data["settlement"]).write(
                {"state": "verified"}
            )
            cr2.commit()  # signed meanwhile
            bill1 = env1["hospital.referral.bill"].browse(data["bill"])
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                bill1.write({"total_fees": 8000.0})
            cr1.rollback()
            # Odoo's retry, with fresh data: the signed line stands, a correction follows
            env1.invalidate_all()
            bill1.write({"total_fees": 8000.0})
            lines = env1["hospital.commission.line"].search(
                [("res_model", "=", "hospital.referral"), ("res_id", "=", data["case"])]
            )
            self.assertEqual(
                sorted(lines.mapped(lambda line: (line.line_type, line.amount))),
                [("commission", 2000.0), ("correction", -400.0)],
            )
            cr1.commit()
        finally:
            for cr in (cr1, cr2):
                cr.rollback()
                cr.close()
