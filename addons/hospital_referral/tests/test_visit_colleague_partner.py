"""A promoter who goes along on a visit to a colleague's partner (the demo's visit to the Deren
clinic with the team leader) opens that visit of theirs: its name shows the partner's name as
the web client shows a many2one's, while the partner's record stays closed to them."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestVisitColleaguePartner(ReferralCase):
    def test_the_promoter_opens_their_visit_to_a_colleagues_partner(self):
        visit = self.env["hospital.visit"].create(
            {
                "partner_id": self.clinic_b.id,
                "promoter_id": self.employees["promoter"].id,
                "purpose": "陪同组长拜访",
            }
        )
        promoter = self.users["promoter"]
        with self.assertRaises(AccessError):
            self.clinic_b.with_user(promoter).check_access("read")
        mine = visit.with_user(promoter)
        self.assertTrue(mine.display_name.startswith(f"{self.clinic_b.name} · "))
        form = mine.web_read(
            {"display_name": {}, "purpose": {}, "partner_id": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(form[0]["partner_id"]["display_name"], self.clinic_b.name)
        self.assertEqual(form[0]["purpose"], "陪同组长拜访")
        # the chatter loads (no partner closed to them is suggested as recipient)
        self.assertEqual(mine._message_get_suggested_recipients(), [])
        own = visit.copy({"partner_id": self.clinic.id}).with_user(promoter)
        suggested = own._message_get_suggested_recipients()
        self.assertIn(self.clinic.id, [recipient.get("partner_id") for recipient in suggested])
