"""Field work on the phone, the referral parts (R-W1): the visit's partner picker, the partner's
position set by its responsible promoter, and My day's referral action."""

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ReferralCase

CLINIC = (28.2003, 112.9420)


@tagged("post_install", "-at_install")
class TestVisitFieldwork(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.team_partner = Partner.create(
            {
                "name": "望月湖药店",
                "is_company": True,
                "referral_partner_kind": "pharmacy",
                "hm_referral_promoter_id": cls.employees["leader"].id,
            }
        )
        cls.open_partner = Partner.create(
            {
                "name": "望月湖村卫生室",
                "is_company": True,
                "referral_partner_kind": "village_clinic",
            }
        )
        cls.trade_company = Partner.create({"name": "望月湖贸易公司", "is_company": True})

    def _pick(self, user, name="望月湖"):
        Partner = self.env["res.partner"].with_user(user).with_context(hm_visit_partner_picker=True)
        return [partner_id for partner_id, _name in Partner.name_search(name, limit=10)]

    def test_picker_offers_own_partners_first_then_the_teams_never_other_contacts(self):
        found = self._pick(self.user_promoter)
        self.assertEqual(found[0], self.clinic.id, "the promoter's own partner first")
        self.assertIn(self.open_partner.id, found, "then the unassigned ones they may visit")
        self.assertNotIn(self.team_partner.id, found, "another's partner stays hidden (rules)")
        self.assertNotIn(self.trade_company.id, found, "not a referral partner")
        self.assertNotIn(self.doctor.id, found, "a doctor is met, not visited")
        # the leader: their own partner, then their team's, then the unassigned ones
        found = self._pick(self.user_leader)
        self.assertEqual(found[:2], [self.team_partner.id, self.clinic.id])
        self.assertIn(self.open_partner.id, found[2:])
        self.assertNotIn(self.trade_company.id, found)
        # the limit holds across the tiers
        Partner = self.env["res.partner"].with_user(self.user_promoter)
        self.assertEqual(
            len(Partner.with_context(hm_visit_partner_picker=True).name_search("望月湖", limit=2)),
            2,
        )
        # without the picker's context, the usual search (the trade company included)
        plain = [pid for pid, _name in Partner.name_search("望月湖贸易", limit=10)]
        self.assertEqual(plain, [self.trade_company.id])

    def _checked_in_visit(self, partner):
        visit = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": partner.id})
        )
        visit._check_in(CLINIC[0], CLINIC[1], 8.0, fields.Datetime.now())
        return visit

    def test_responsible_promoter_sets_a_first_position_only(self):
        visit = self._checked_in_visit(self.clinic)
        visit.action_set_partner_location()
        self.assertAlmostEqual(self.clinic.hm_latitude, CLINIC[0], places=6)
        self.assertIn(visit.name, self.clinic.message_ids[:1].body)
        # a later check-in does not move it: the leader corrects a position
        again = self._checked_in_visit(self.clinic)
        with self.assertRaisesRegex(UserError, "already has a position"):
            again.action_set_partner_location()
        again.with_user(self.user_leader).action_set_partner_location()
        # a partner of someone else (the leader's): its position is not the promoter's to set
        other = self._checked_in_visit(self.team_partner)
        with self.assertRaises(AccessError):
            other.action_set_partner_location()
        self.assertFalse(self.team_partner.hm_latitude)

    def test_my_day_registers_a_referral_first(self):
        self._case()
        day = self.env["hospital.my.day"].with_user(self.user_promoter).retrieve_my_day()
        self.assertEqual(
            [action["key"] for action in day["actions"]], ["register_referral", "log_visit"]
        )
        self.assertEqual(day["actions"][0]["action"]["res_model"], "hospital.referral")
        referrals = next(s for s in day["sections"] if s["key"] == "referrals")
        self.assertEqual(referrals["value"], 1)
        day = self.env["hospital.my.day"].with_user(self.user_promoter_b).retrieve_my_day()
        referrals = next(s for s in day["sections"] if s["key"] == "referrals")
        self.assertEqual(referrals["value"], 0, "another promoter's case is not theirs")
