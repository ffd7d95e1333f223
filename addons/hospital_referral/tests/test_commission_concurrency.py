from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from .commission_common import create_billed_case

MONTH = date(2031, 7, 1)


@tagged("post_install", "-at_install")
class TestCommissionConcurrency(TransactionCase):
    """Two month-end runs at the same time write no line or settlement twice. The runs need
    committed data and cursors of their own, so this test commits its fixtures and removes
    them afterwards."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _setup_data(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["hospital.commission.rule"].search([]).action_archive()
            partner = env["res.partner"].create(
                {"name": "Concurrent Part-timer", "referral_partner_kind": "part_time"}
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
                {"name": "Concurrent 20%", "payee_kind": "part_time", "rate": 20.0}
            )
            cases = env["hospital.referral"].concat(
                *(
                    create_billed_case(
                        env,
                        patient_name=f"Concurrent {i}",
                        discharge_date=MONTH.replace(day=10 + i),
                        total_fees=1000.0 * (i + 1),
                        referring_partner_id=partner.id,
                    )
                    for i in range(3)
                )
            )
            data = {
                "partner": partner.id,
                "rule": rule.id,
                "cases": cases.ids,
                "company": env.company.id,
                "archived": env["hospital.commission.rule"]
                .with_context(active_test=False)
                .search([("active", "=", False), ("id", "!=", rule.id)])
                .ids,
            }
        return data

    def _cleanup(self, data):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            for query in (
                "DELETE FROM hospital_commission_line WHERE period_date = %s",
                "DELETE FROM hospital_performance_adjustment WHERE date >= %s",
                "DELETE FROM hospital_commission_settlement WHERE date_from = %s",
                "DELETE FROM hospital_commission_issue WHERE period_date = %s",
            ):
                cr.execute(SQL(query, MONTH))
            cr.execute(
                SQL("DELETE FROM hospital_referral_bill WHERE referral_id = ANY(%s)", data["cases"])
            )
            env["hospital.referral"].browse(data["cases"]).unlink()
            env["hospital.referral.agreement"].search(
                [("partner_id", "=", data["partner"])]
            ).unlink()
            env["hospital.commission.rule"].browse(data["rule"]).unlink()
            env["res.partner"].browse(data["partner"]).unlink()
            env["hospital.commission.rule"].browse(data["archived"]).action_unarchive()

    def _counts(self, env):
        Line = env["hospital.commission.line"]
        Settlement = env["hospital.commission.settlement"]
        return (
            Line.search_count([("period_date", "=", MONTH)]),
            Settlement.search_count([("date_from", "=", MONTH), ("partner_id", "!=", False)]),
        )

    def test_two_runs_at_once(self):
        data = self._setup_data()
        self.addCleanup(self._cleanup, data)
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
