"""A browser tour per demo role (headless Chromium): the demo login lands in the Marketing app and
reaches the main menu of its role. Runs on the demo hospital (the test database has demo data)."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase):
    def _tour(self, login):
        if not self.env["res.users"].search([("login", "=", login)]):
            self.fail(f"the demo login {login!r} is missing: install the addons with demo data")
        self.start_tour("/odoo", f"hospital_marketing_role_{login}", login=login)

    def test_promoter(self):
        self._tour("promoter")

    def test_promoter2(self):
        self._tour("promoter2")

    def test_leader(self):
        self._tour("leader")

    def test_office(self):
        self._tour("office")

    def test_manager(self):
        self._tour("manager")

    def test_vp(self):
        self._tour("vp")
