"""The browser tour of the guide desk's demo login (the other roles' are in hospital_marketing)."""

from odoo.tests import tagged

from odoo.addons.hospital_marketing.tests.test_role_tours import RoleTourCase


@tagged("post_install", "-at_install")
class TestGuideDeskTour(RoleTourCase):
    def test_guidedesk(self):
        self._tour("guidedesk", "hospital_referral_role_guidedesk")
