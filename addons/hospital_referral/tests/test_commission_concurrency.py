from datetime import date

import psycopg2

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .commission_common import CommittedCommissionCase

MONTH = date(2031, 7, 1)


@tagged("post_install", "-at_install")
class TestCommissionConcurrency(CommittedCommissionCase):
    """Two month-end runs at the same time write no line or settlement twice. The runs need
    committed data and cursors of their own, so this test commits its fixtures and removes
    them afterwards."""

    def _setup_data(self):
        return self._commit_part_timer(
            "Concurrent",
            MONTH,
            [
                {
                    "patient_name": f"Concurrent {i}",
                    "discharge_date": MONTH.replace(day=10 + i),
                    "total_fees": 1000.0 * (i + 1),
                }
                for i in range(3)
            ],
        )

    def _counts(self, env):
        Line = env["hospital.commission.line"]
        Settlement = env["hospital.commission.settlement"]
        return (
            Line.search_count([("period_date", "=", MONTH)]),
            Settlement.search_count([("date_from", "=", MONTH), ("partner_id", "!=", False)]),
        )

    def test_two_runs_at_once(self):
        data = self._setup_data()
        self.addCleanup(self._remove_part_timer, data)
        cr1, cr2, cr3 = (self.registry.cursor() for _i in range(3))
        try:
            env1, env2, env3 = self._env(cr1), self._env(cr2), self._env(cr3)
            company1 = env1["res.company"].browse(data["company"])
            # cr3 begins its transaction (takes its snapshot) before run 1 commits
            cr3.execute("SELECT 1")
            env1["hospital.commission.run"]._run(MONTH, company1)
            self.assertEqual(self._counts(env1), (3, 1))
            # a second run while the first one is still open stops with a message
            company2 = env2["res.company"].browse(data["company"])
            with self.assertRaisesRegex(UserError, "already in progress"):
                env2["hospital.commission.run"]._run(MONTH, company2)
            cr2.rollback()
            cr1.commit()
            # a run whose snapshot predates the commit is refused by PostgreSQL (Odoo retries
            # such a transaction from the start): it cannot write what it does not see
            company3 = env3["res.company"].browse(data["company"])
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                env3["hospital.commission.run"]._run(MONTH, company3)
            cr3.rollback()
            # a later run sees the first one's work and adds nothing
            env2.invalidate_all()
            self.assertFalse(env2["hospital.commission.run"]._run(MONTH, company2))
            cr2.commit()
            self.assertEqual(self._counts(env2), (3, 1))
        finally:
            for cr in (cr1, cr2, cr3):
                cr.rollback()
                cr.close()
