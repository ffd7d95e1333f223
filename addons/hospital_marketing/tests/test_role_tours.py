"""A browser tour per demo role (headless Chromium): the demo login lands in the Marketing app and
reaches the main menu of its role. Runs on the demo hospital (the test database has demo data)."""

from odoo.tests import HttpCase, tagged


class RoleTourCase(HttpCase):
    def _tour(self, login, tour=None):
        if not self.env["res.users"].search([("login", "=", login)]):
            self.fail(f"the demo login {login!r} is missing: install the addons with demo data")
        self.start_tour("/odoo", tour or f"hospital_marketing_role_{login}", login=login)


@tagged("post_install", "-at_install")
class TestRoleTours(RoleTourCase):
    def test_promoter(self):
        self._tour("promoter")

    def test_promoter2(self):
        self._tour("promoter2")

    def test_leader(self):
        self._tour("leader")

    def test_office(self):
        self._tour("office")

    def test_manager(self):
        self._tour("mkt_manager")

    def test_vp(self):
        self._tour("vp")

    def test_finance(self):
        self._tour("finance")

    def test_treatment(self):
        self._tour("treatment")
