"""With a read replica (Odoo's ``db_replica_host``), the web client's read requests run on a
read-only connection. Reading a secret record there still leaves its trace (R-S3): the trace is
written through a read/write cursor of its own, and the read itself is not refused."""

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSecretTraceOnReplica(TransactionCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            reader = env["res.users"].create(
                {
                    "name": "Replica reader",
                    "login": "hm_replica_reader",
                    "group_ids": [
                        Command.link(env.ref("hospital_marketing.group_marketing_office").id)
                    ],
                }
            )
            partner = env["res.partner"].create({"name": "Replica clinic", "is_company": True})
            promoter = env["hr.employee"].create(
                {"name": "Replica promoter", "hm_marketing_role": "promoter"}
            )
            visit = env["hospital.visit"].create(
                {
                    "partner_id": partner.id,
                    "promoter_id": promoter.id,
                    "outcome": "Special fee agreed",
                    "secret_class": "c",
                    "secret_user_ids": [Command.set(reader.ids)],
                }
            )
            self.ids = {
                "user": reader.id,
                "partner": partner.id,
                "employee": promoter.id,
                "visit": visit.id,
            }
        self.addCleanup(self._remove)

    def _remove(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM hospital_secret_access_log WHERE user_id = %s", [self.ids["user"]]
            )
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["hospital.visit"].browse(self.ids["visit"]).unlink()
            env["hr.employee"].browse(self.ids["employee"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()
            env["res.users"].browse(self.ids["user"]).unlink()

    def _traces(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT action FROM hospital_secret_access_log "
                "WHERE user_id = %s AND res_model = 'hospital.visit' AND res_id = %s",
                [self.ids["user"], self.ids["visit"]],
            )
            return sorted(action for (action,) in cr.fetchall())

    def test_reads_on_a_read_only_connection_are_traced(self):
        # a connection like the one Odoo opens to a replica (db_replica_host): its pool makes
        # every transaction read-only; here it points at the primary itself
        dbname = self.env.cr.dbname
        pool = sql_db.ConnectionPool(maxconn=1, readonly=True)
        self.addCleanup(pool.close_all)
        replica = sql_db.Connection(pool, dbname, sql_db.connection_info_for(dbname)[1])
        with replica.cursor() as cr:
            self.assertTrue(cr.readonly)
            env = api.Environment(cr, self.ids["user"], {})
            Visit = env["hospital.visit"]
            visit = Visit.browse(self.ids["visit"])
            self.assertEqual(visit.web_read({"outcome": {}})[0]["outcome"], "Special fee agreed")
            groups = Visit.formatted_read_group(
                [("id", "=", visit.id)], ["secret_class"], ["__count"]
            )
            self.assertEqual(groups[0]["__count"], 1)
        self.assertEqual(self._traces(), ["read", "read_group"])
