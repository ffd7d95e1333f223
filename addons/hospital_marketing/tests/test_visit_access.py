from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestVisitAccess(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.partner"].create({"name": "Clinic", "is_company": True})
        Visit = cls.env["hospital.visit"]
        cls.visit_a = Visit.with_user(cls.user_promoter).create({"partner_id": cls.clinic.id})
        cls.visit_b = Visit.with_user(cls.user_promoter_b).create({"partner_id": cls.clinic.id})

    def test_owner_and_team_are_derived_from_the_promoter(self):
        self.assertEqual(self.visit_a.user_id, self.user_promoter)
        self.assertEqual(self.visit_a.team_id, self.team)
        self.assertEqual(self.visit_b.team_id, self.team_b)

    def test_promoter_sees_only_own_visits(self):
        Visit = self.env["hospital.visit"].with_user(self.user_promoter_b)
        self.assertEqual(Visit.search([("partner_id", "=", self.clinic.id)]), self.visit_b)
        with self.assertRaises(AccessError):
            self.visit_a.with_user(self.user_promoter_b).read(["partner_id"])
