"""What is secret, and to whom it is given, is decided by the department's head whom the
vice-president approves (R-S2, seed 002: 由主任制定并呈报经营院长审批): the marketing manager
and the vice-president set a record's secret class and its "given to" list, never its owner,
who could otherwise hide a case, a visit or a report from their leader (issue 8)."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import MarketingCase

MARKERS = ("manager", "vp")
NOT_MARKERS = ("promoter", "leader", "office", "finance", "guide_desk", "employee")


@tagged("post_install", "-at_install")
class TestSecretMarking(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.partner"].create({"name": "Clinic", "is_company": True})
        cls.Visit = cls.env["hospital.visit"]

    def setUp(self):
        super().setUp()
        self.visit = self.Visit.with_user(self.user_promoter).create({"partner_id": self.clinic.id})

    def _refused(self, role, vals, record=None):
        with (
            self.subTest(role=role, vals=list(vals)),
            self.assertRaises(AccessError),
            self.env.cr.savepoint(),
        ):
            (record or self.visit).with_user(self.users[role]).write(vals)

    def test_only_the_manager_and_the_vp_mark_a_secret(self):
        for role in NOT_MARKERS:
            self._refused(role, {"secret_class": "f"})
            self._refused(role, {"secret_user_ids": [Command.link(self.user_promoter_b.id)]})
        self.assertFalse(self.visit.secret_class)
        for role in MARKERS:
            with self.subTest(role=role):
                marker = self.users[role]
                # given to the office and to the marker (a secret is read by the people it
                # was given to: the manager who marks it without naming themselves no longer
                # reads it, the vice-president reads all)
                self.visit.with_user(marker).write(
                    {
                        "secret_class": "b",
                        "secret_user_ids": [Command.set((self.user_office | marker).ids)],
                    }
                )
                self.assertEqual(self.visit.secret_class, "b")
                self.visit.with_user(marker).write(
                    {"secret_class": False, "secret_user_ids": [Command.clear()]}
                )
                self.assertFalse(self.visit.secret_class)

    def test_an_owner_cannot_hide_a_record_from_the_leader(self):
        Leader = self.Visit.with_user(self.user_leader)
        self.assertIn(self.visit, Leader.search([]))
        self._refused("promoter", {"secret_class": "a"})
        self.assertIn(self.visit, Leader.search([]), "still the team leader's to read")
        with self.assertRaises(AccessError):
            self.Visit.with_user(self.user_promoter).create(
                {"partner_id": self.clinic.id, "secret_class": "f"}
            )

    def test_nor_unmark_or_widen_a_secret_the_manager_set(self):
        self.visit.with_user(self.user_manager).write(
            {"secret_class": "c", "secret_user_ids": [Command.set(self.user_office.ids)]}
        )
        self._refused("promoter", {"secret_class": False})
        self._refused("promoter", {"secret_user_ids": [Command.link(self.user_promoter_b.id)]})
        self.assertEqual(self.visit.secret_class, "c")
        self.assertEqual(self.visit.secret_user_ids, self.user_office)
        # the owner saving the form with the same people is no change
        self.visit.with_user(self.user_promoter).write(
            {"outcome": "Agreed", "secret_user_ids": [Command.set(self.user_office.ids)]}
        )
        self.assertEqual(self.visit.outcome, "Agreed")

    def test_the_form_shows_the_secret_fields_read_only_to_the_owner(self):
        self.assertFalse(self.visit.with_user(self.user_promoter).can_mark_secret)
        self.assertTrue(self.visit.with_user(self.user_manager).can_mark_secret)
        with Form(self.visit.with_user(self.user_promoter)) as form:
            self.assertTrue(form._get_modifier("secret_class", "readonly"))
        with Form(self.visit.with_user(self.user_manager)) as form:
            self.assertFalse(form._get_modifier("secret_class", "readonly"))
