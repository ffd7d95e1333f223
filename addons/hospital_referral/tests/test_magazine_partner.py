import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.hospital_marketing.tests.magazine_common import PHOTO, MagazineCase

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestMagazinePartner(ReferralCase, MagazineCase):
    """R-M2: a delivery to a referral partner shows on the partner and counts as a contact of
    the distributor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._printed_issue()
        cls.clinic.hm_referral_territory_id = cls.west
        cls.task = cls._task(planned=(300, 200), assign=False)
        cls.clinic_line, cls.street_line = cls.task.line_ids
        cls.clinic_line.with_user(cls.user_mag_leader).write(
            {"partner_id": cls.clinic.id, "address": False, "place_kind": "clinic"}
        )
        cls.task.with_user(cls.user_mag_leader).action_assign()

    def _drop(self, line, **vals):
        line = line.with_user(self.user_mag_promoter)
        line.write({"photo": PHOTO, **vals})
        line.action_confirm_drop()
        return line

    def test_delivery_is_a_contact_of_the_distributor(self):
        self.assertEqual(self.clinic_line.territory_id, self.west)
        self.assertEqual(self.clinic_line.referral_partner_kind, "private_clinic")
        self._drop(
            self.clinic_line,
            qty_handed_out=250,
            recipient_id=self.doctor.id,
            latitude=28.2,
            longitude=112.9,
        )
        visit = self.clinic_line.visit_id
        self.assertTrue(visit)
        self.assertEqual(visit.promoter_id, self.emp_mag_promoter)
        self.assertEqual(visit.partner_id, self.clinic)
        self.assertEqual((visit.kind, visit.state), ("visit", "done"))
        self.assertEqual(visit.contact_ids, self.doctor)
        self.assertEqual(visit.start_datetime, self.clinic_line.done_datetime)
        self.assertIn("250", visit.materials)
        # the distributor finds it among their own visits
        Visit = self.env["hospital.visit"].with_user(self.user_mag_promoter)
        self.assertIn(visit, Visit.search([("partner_id", "=", self.clinic.id)]))
        # a drop in the street is no contact
        self._drop(self.street_line)
        self.assertFalse(self.street_line.visit_id)
        # the link is the drop's, nobody sets it by hand
        with self.assertRaises(AccessError):
            self.street_line.with_user(self.user_mag_leader).write({"visit_id": visit.id})

    def test_partner_shows_what_it_received_and_when(self):
        self._drop(self.clinic_line, qty_handed_out=250, recipient_name="前台")
        for user in (self.user_promoter, self.user_leader, self.user_manager, self.user_finance):
            with self.subTest(user=user.login):
                clinic = self.clinic.with_user(user)
                self.assertEqual(clinic.hm_distribution_line_ids, self.clinic_line)
                self.assertEqual(clinic.hm_copies_received, 250)
                self.assertTrue(clinic.hm_distribution_line_ids.done_datetime)
        # the partner's promoter reads the delivery but does not act on it
        line = self.clinic_line.with_user(self.user_promoter)
        with self.assertRaises(AccessError):
            line.write({"note": "x"})
        with self.assertRaises(AccessError):
            line.action_return_leftover()
        # another team's promoter does not see it
        self.assertFalse(
            self.env["hospital.distribution.line"]
            .with_user(self.user_promoter_b)
            .search([("partner_id", "=", self.clinic.id)])
        )
        # undelivered drop points are not in the partner's history
        self.assertEqual(self.clinic_b.with_user(self.user_manager).hm_copies_received, 0)

    def _kinds(self):
        today = date.today()
        export = (
            self.env["hospital.magazine.reach.export"]
            .with_user(self.user_office)
            .create({"date_from": date(today.year, 1, 1), "date_to": today})
        )
        export.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.xlsx_file)))
        kinds = {}
        for kind, _month, qty in book.worksheets[1].iter_rows(min_row=2, values_only=True):
            kinds[kind] = kinds.get(kind, 0) + qty
        return kinds

    def test_reach_by_partner_kind(self):
        before = self._kinds()
        self._drop(self.clinic_line, qty_handed_out=250, recipient_name="前台")
        self._drop(self.street_line)
        after = self._kinds()
        self.assertEqual(after["Private Clinic"] - before.get("Private Clinic", 0), 250)
        self.assertEqual(after[None] - before.get(None, 0), 200)
