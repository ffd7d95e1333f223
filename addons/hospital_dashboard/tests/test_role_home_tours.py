"""Each demo login lands on its home at 390 px (a phone, touch) and at 1366 px (headless
Chromium, on the demo hospital of the test database)."""

from odoo.tests import HttpCase, tagged

LOGINS = (
    *("promoter", "leader", "office", "mkt_manager", "vp", "guidedesk", "finance", "treatment"),
    *("magazine", "doctor"),
)


class RoleHomeTourCase(HttpCase):
    def _home(self, login, url="/odoo"):
        if not self.env["res.users"].search([("login", "=", login)]):
            self.fail(f"the demo login {login!r} is missing: install the addons with demo data")
        self.start_tour(url, f"hospital_dashboard_home_{login}", login=login)


@tagged("post_install", "-at_install")
class TestRoleHomesOnAPhone(RoleHomeTourCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_promoter(self):
        self._home("promoter")

    def test_leader(self):
        self._home("leader")

    def test_office(self):
        self._home("office")

    def test_manager(self):
        self._home("mkt_manager")

    def test_vp(self):
        self._home("vp")

    def test_guidedesk(self):
        self._home("guidedesk")

    def test_finance(self):
        self._home("finance")

    def test_treatment(self):
        self._home("treatment")

    def test_magazine(self):
        self._home("magazine")

    def test_doctor(self):
        self._home("doctor", "/my")


@tagged("post_install", "-at_install")
class TestRoleHomesOnADesktop(RoleHomeTourCase):
    browser_size = "1366x768"

    def test_department_dashboard(self):
        self._home("mkt_manager")

    def test_leader(self):
        self._home("leader")

    def test_guidedesk(self):
        self._home("guidedesk")
