"""A new visit on the phone (R-W1): planned or starting now, titled by its partner and day,
and the people met picked among the partner's own contacts."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestVisitDefaults(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.clinic = Partner.create({"name": "Wangyuehu Clinic", "is_company": True})
        cls.doctor = Partner.create({"name": "Dr. Tan", "parent_id": cls.clinic.id})
        cls.other_clinic = Partner.create({"name": "Deren Clinic", "is_company": True})
        cls.other_doctor = Partner.create({"name": "Dr. Li", "parent_id": cls.other_clinic.id})
        cls.user_promoter.tz = "Asia/Shanghai"

    @freeze_time("2026-12-04 16:30:00")  # 00:30 on 5 December in Changsha
    def test_a_new_visit_is_planned_now_and_titled_by_partner_and_local_day(self):
        Visit = self.env["hospital.visit"].with_user(self.user_promoter)
        with Form(Visit) as form:
            self.assertEqual(form.state, "planned", "not Done before anything happened")
            self.assertEqual(form.start_datetime, datetime(2026, 12, 4, 16, 30))
            self.assertEqual(form.display_name, "New Visit")
            form.partner_id = self.clinic
            self.assertEqual(form.display_name, "Wangyuehu Clinic · 2026-12-05")
        visit = form.record
        self.assertEqual(visit.state, "planned")
        self.assertEqual(visit.display_name, "Wangyuehu Clinic · 2026-12-05")
        self.assertNotIn("/", visit.display_name)
        self.assertTrue(visit.name.startswith("VIS/"), "the reference stays unique")
        # found by its partner as well as by its reference
        self.assertIn(visit.id, [r[0] for r in Visit.name_search("Wangyuehu")])
        self.assertIn(visit.id, [r[0] for r in Visit.name_search(visit.name)])

    def test_a_new_call_says_so_before_its_partner_is_chosen(self):
        Visit = self.env["hospital.visit"].with_user(self.user_promoter)
        with Form(Visit) as form:
            form.kind = "call"
            self.assertEqual(form.display_name, "New Call")
            form.partner_id = self.clinic

    def test_the_people_met_are_the_partners_contacts(self):
        Visit = self.env["hospital.visit"].with_user(self.user_promoter)
        domain = safe_eval(
            Visit.fields_get(["contact_ids"])["contact_ids"]["domain"],
            {"partner_id": self.clinic.id},
        )
        offered = self.env["res.partner"].search(domain)
        self.assertEqual(offered, self.doctor)
        self.assertNotIn(self.other_doctor, offered)
        self.assertNotIn(self.clinic, offered, "the institution itself is no person met")
