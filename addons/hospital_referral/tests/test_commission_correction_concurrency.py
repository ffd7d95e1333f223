from datetime import date

import psycopg2

from odoo.tests import tagged
from odoo.tools import mute_logger

from .commission_common import CommittedCommissionCase

MONTH = date(2031, 8, 1)


@tagged("post_install", "-at_install")
class TestCorrectionConcurrency(CommittedCommissionCase):
    """A bill corrected while the case's draft settlement is being signed never edits the
    signed line: the correction's transaction is refused by PostgreSQL (Odoo retries it) and
    its retry writes a correcting line. Needs committed data and cursors of its own, so the
    test commits its fixtures and removes them afterwards."""

    def _setup_data(self):
        data = self._commit_part_timer(
            "Racing",
            MONTH,
            [
                {
                    "patient_name": "Racing",
                    "discharge_date": MONTH.replace(day=10),
                    "total_fees": 10000.0,
                }
            ],
        )
        with self.registry.cursor() as cr:
            env = self._env(cr)
            settlement = env["hospital.commission.run"]._run(MONTH, env.company)
            case = env["hospital.referral"].browse(data["cases"])
            data.update(
                case=case.id,
                bill=case.bill_ids.id,
                settlement=settlement.filtered("partner_id").id,
            )
        return data

    def test_correction_while_the_settlement_is_signed(self):
        data = self._setup_data()
        self.addCleanup(self._remove_part_timer, data)
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
