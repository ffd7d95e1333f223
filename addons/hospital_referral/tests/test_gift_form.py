from odoo.tests import Form, tagged

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestGiftFormShowsWhoMayReassign(ReferralCase):
    """R-P6: a gift is recorded by its giver; the form shows the giver read-only to the
    promoter (write() refuses another giver) and editable to a team leader."""

    def test_giver_by_the_leader(self):
        gift = (
            self.env["hospital.referral.gift"]
            .with_user(self.user_promoter)
            .create({"name": "台历", "partner_id": self.clinic.id, "value": 30.0})
        )
        self.assertEqual(gift.giver_id, self.employees["promoter"])
        for user, readonly in ((self.user_promoter, True), (self.user_leader, False)):
            form = Form(gift.with_user(user))
            with self.subTest(user=user.login):
                self.assertEqual(bool(form._get_modifier("giver_id", "readonly")), readonly)
