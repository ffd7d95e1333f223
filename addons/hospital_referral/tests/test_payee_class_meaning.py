from odoo.tests import tagged

from odoo.addons.hospital_referral.models.res_partner import PARTNER_KINDS, PAYEE_CLASS_OF_KIND

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestPayeeClassMeaning(ReferralCase):
    """R-C10: the payee class means the same with or without hospital_referral. The core
    computes it from the class a partner's kind implies (``_hm_payee_class_from_kind``, empty in
    the core) and otherwise keeps the class set by hand; this addon only maps its kinds."""

    def _recompute(self, partners):
        # what an upgrade or a change of a dependency does: the stored class is computed again
        self.env.add_to_compute(partners._fields["hm_payee_class"], partners)
        partners.flush_recordset(["hm_payee_class"])
        partners.invalidate_recordset(["hm_payee_class"])

    def test_each_kind_gives_its_class_through_the_core_hook(self):
        Partner = self.env["res.partner"]
        for kind, _label in PARTNER_KINDS:
            with self.subTest(kind=kind):
                partner = Partner.create({"name": f"partner {kind}", "referral_partner_kind": kind})
                expected = PAYEE_CLASS_OF_KIND.get(kind, "institution")
                self.assertEqual(partner.hm_payee_class, expected)
                self.assertEqual(partner._hm_payee_class_from_kind(), {partner.id: expected})
                self._recompute(partner)
                self.assertEqual(partner.hm_payee_class, expected)

    def test_a_partner_without_kind_keeps_the_class_set_by_hand(self):
        """What the core alone does for every partner: no kind implies a class, the manager's
        classification is kept when the class is computed again."""
        contact = self.env["res.partner"].create({"name": "个体转介人"})
        self.assertFalse(contact.hm_payee_class)
        self.assertEqual(contact._hm_payee_class_from_kind(), {})
        contact.with_user(self.user_manager).write({"hm_payee_class": "individual"})
        self._recompute(contact)
        self.assertEqual(contact.hm_payee_class, "individual")

    def test_the_manager_classification_stands_until_the_kind_changes(self):
        clinic = self.clinic
        self.assertEqual(clinic.hm_payee_class, "institution")
        clinic.with_user(self.user_manager).write({"hm_payee_class": "intermediary"})
        clinic.with_user(self.user_promoter).write({"phone": "0731-7654321"})
        clinic.invalidate_recordset(["hm_payee_class"])
        self.assertEqual(clinic.hm_payee_class, "intermediary")
        # a new kind proposes its class again
        clinic.with_user(self.user_manager).write({"referral_partner_kind": "public_doctor"})
        self.assertEqual(clinic.hm_payee_class, "clinician")
