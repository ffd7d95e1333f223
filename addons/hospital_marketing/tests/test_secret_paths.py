"""A secret record (R-S2, R-S3) read through any path leaves a trace: search_read,
web_search_read, and the totals of grouped lists, pivots and graphs (formatted_read_group,
web_read_group, the deprecated read_group still callable over RPC)."""

from odoo import Command
from odoo.service.model import call_kw
from odoo.tests import tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestSecretReadPaths(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.partner"].create({"name": "Secret clinic", "is_company": True})
        Visit = cls.env["hospital.visit"]
        cls.secret = Visit.create(
            {
                "partner_id": cls.clinic.id,
                "promoter_id": cls.employees["promoter"].id,
                "outcome": "Expert visits agreed at a special fee",
                "secret_class": "c",
                "secret_user_ids": [Command.set(cls.user_office.ids)],
            }
        )
        cls.plain = Visit.create(
            {"partner_id": cls.clinic.id, "promoter_id": cls.employees["promoter"].id}
        )
        cls.Log = cls.env["hospital.secret.access.log"]

    def _domain(self):
        return [("partner_id", "=", self.clinic.id)]

    def _traces(self, user, action):
        return self.Log.search(
            [
                ("res_model", "=", "hospital.visit"),
                ("res_id", "=", self.secret.id),
                ("user_id", "=", user.id),
                ("action", "=", action),
            ]
        )

    def _paths(self, Visit):
        domain = self._domain()
        return {
            "search_read": (
                lambda: Visit.search_read(domain, ["outcome"]),
                "read",
            ),
            "web_search_read": (
                lambda: Visit.web_search_read(domain, {"outcome": {}}),
                "read",
            ),
            "formatted_read_group": (
                lambda: Visit.formatted_read_group(domain, ["promoter_id"], ["__count"]),
                "read_group",
            ),
            "web_read_group": (
                lambda: Visit.web_read_group(domain, ["promoter_id"], ["__count"]),
                "read_group",
            ),
            "formatted_read_grouping_sets": (
                lambda: Visit.formatted_read_grouping_sets(domain, [["promoter_id"]], ["__count"]),
                "read_group",
            ),
            "read_group over RPC": (
                lambda: call_kw(
                    Visit, "read_group", [domain, ["promoter_id"], ["promoter_id"]], {}
                ),
                "read_group",
            ),
        }

    def test_every_read_path_of_a_secret_leaves_a_trace(self):
        for role in ("promoter", "office", "vp"):
            user = self.users[role]
            for path, (call, action) in self._paths(
                self.env["hospital.visit"].with_user(user)
            ).items():
                with self.subTest(role=role, path=path):
                    before = len(self._traces(user, action))
                    call()
                    self.assertGreater(len(self._traces(user, action)), before)

    def test_who_cannot_read_the_secret_gets_neither_it_nor_a_trace(self):
        user = self.user_leader  # leads the promoter's team, was not given the secret
        Visit = self.env["hospital.visit"].with_user(user)
        rows = Visit.search_read(self._domain(), ["outcome"])
        self.assertEqual([row["id"] for row in rows], self.plain.ids)
        groups = Visit.formatted_read_group(self._domain(), [], ["__count"])
        self.assertEqual(groups[0]["__count"], 1)
        self.assertFalse(self.Log.search([("user_id", "=", user.id)]))

    def test_plain_records_leave_no_trace(self):
        self.secret.secret_class = False
        count = self.Log.search_count([])
        for call, _action in self._paths(
            self.env["hospital.visit"].with_user(self.user_vp)
        ).values():
            call()
        self.assertEqual(self.Log.search_count([]), count)

    def test_the_trace_keeps_no_content(self):
        self.env["hospital.visit"].with_user(self.user_vp).search_read(self._domain(), ["outcome"])
        trace = self._traces(self.user_vp, "read")
        self.assertEqual(trace.record_name, self.secret.display_name)
        self.assertNotIn("special fee", str(trace.read()[0]))


@tagged("post_install", "-at_install")
class TestWorkReportTitle(MarketingCase):
    """The VP and the manager open work reports: the title names the staff member without
    reading employee fields their public profile lacks (the clinician flag)."""

    def test_manager_and_vp_read_the_title(self):
        report = self.env["hospital.work.report"].create(
            {"employee_id": self.employees["promoter"].id, "date": "2026-11-03"}
        )
        staff_name = self.employees["promoter"].name
        for role in ("manager", "vp", "leader", "office"):
            with self.subTest(role=role):
                self.env.invalidate_all()
                as_role = report.with_user(self.users[role])
                self.assertIn(staff_name, as_role.name)
                as_role.web_read({"name": {}, "employee_id": {"fields": {"display_name": {}}}})
