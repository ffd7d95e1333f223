import threading
from functools import partial
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ConcurrencyError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

PREFIX = "CONC-HIS-"


@tagged("post_install", "-at_install")
class TestHisApiConcurrency(TransactionCase):
    """Two HIS clients sending the same batch at once each get a result per bill: the one
    that loses the race is run again by Odoo (as a request is) and finds the bills stored,
    never an error of the whole request. The clients need committed data and cursors of
    their own, so this test commits its department and removes everything afterwards."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "lang": "en_US"})

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            department = self._env(cr)["hospital.clinical.department"].create(
                {"name": "Concurrency Dept", "code": "CONCX", "kind": "other"}
            )
            self.department_id = department.id
        self.addCleanup(self._cleanup)
        self.bills = [
            {
                "his_reference": f"{PREFIX}{i}",
                "kind": "outpatient",
                "department_code": "CONCX",
                "total_fees": 100.0 + i,
                "drug_cost": 10,
                "is_final": False,
            }
            for i in range(20)
        ]

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["hospital.referral.bill"].search(
                [("his_reference", "=like", f"{PREFIX}%")]
            ).unlink()
            env["hospital.clinical.department"].browse(self.department_id).unlink()

    def _send(self, cr):
        env = self._env(cr)
        return retrying(partial(env["hospital.his.importer"]._api_import, self.bills), env)

    def _statuses(self, outcome):
        return {r["status"] for r in outcome["results"]}

    @patch("odoo.service.model.time.sleep", lambda _seconds: None)
    def test_a_batch_stored_meanwhile_is_unchanged(self):
        """Client 2 began before client 1 committed the same batch: its insert meets client
        1's rows, the request is run again and every bill is unchanged."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            cr2.execute("SELECT 1")  # client 2's snapshot predates client 1's commit
            first = self._env(cr1)["hospital.his.importer"]._api_import(self.bills)
            self.assertEqual(self._statuses(first), {"created"})
            cr1.commit()
            with self.assertRaises(ConcurrencyError):
                self._env(cr2)["hospital.his.importer"]._api_import(self.bills)
            cr2.rollback()
            cr2.execute("SELECT 1")
            cr1.execute("SELECT 1")
            # through Odoo's retry, as an HTTP request runs
            env2 = self._env(cr2)
            with mute_logger("odoo.service.model"):
                self.assertEqual(self._statuses(self._send(cr2)), {"unchanged"})
            env2.cr.rollback()
        with self.registry.cursor() as cr:
            count = self._env(cr)["hospital.referral.bill"].search_count(
                [("his_reference", "=like", f"{PREFIX}%")]
            )
        self.assertEqual(count, 20)

    @patch("odoo.service.model.time.sleep", lambda _seconds: None)
    def test_two_clients_at_the_same_time(self):
        outcomes, failures = [], []
        barrier = threading.Barrier(2)

        def client():
            try:
                with self.registry.cursor() as cr:
                    cr.execute("SELECT 1")
                    barrier.wait(timeout=10)
                    outcomes.append(self._send(cr))
            except Exception as error:
                failures.append(repr(error))

        threads = [threading.Thread(target=client) for _i in range(2)]
        with mute_logger("odoo.service.model"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        self.assertFalse(failures)
        self.assertEqual(len(outcomes), 2)
        statuses = sorted(frozenset(self._statuses(outcome)) for outcome in outcomes)
        self.assertEqual(
            sorted(statuses, key=sorted), sorted([{"created"}, {"unchanged"}], key=sorted)
        )
        with self.registry.cursor() as cr:
            count = self._env(cr)["hospital.referral.bill"].search_count(
                [("his_reference", "=like", f"{PREFIX}%")]
            )
        self.assertEqual(count, 20)
