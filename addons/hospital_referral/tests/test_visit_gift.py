"""Gifts handed over at a visit go into the gift ledger (R-P6)."""

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestVisitGift(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employees["promoter"].tz = "Asia/Shanghai"
        cls.visit = (
            cls.env["hospital.visit"]
            .with_user(cls.user_promoter)
            .create(
                {
                    "partner_id": cls.clinic.id,
                    "contact_ids": [Command.set(cls.doctor.ids)],
                    "start_datetime": "2026-12-03 17:00:00",  # 4 Dec 01:00 in Shanghai
                }
            )
        )

    def test_gift_lines_of_the_visit_are_ledger_records(self):
        self.visit.with_user(self.user_promoter).write(
            {
                "gift_ids": [
                    Command.create({"name": "Umbrella", "kind": "souvenir", "value": 35.0}),
                    Command.create(
                        {
                            "name": "Mid-autumn mooncakes",
                            "kind": "holiday",
                            "value": 120.0,
                            "receiver_id": self.doctor.id,
                        }
                    ),
                ]
            }
        )
        gifts = self.visit.gift_ids
        self.assertEqual(len(gifts), 2)
        self.assertEqual(gifts.partner_id, self.clinic)
        self.assertEqual(gifts.giver_id, self.employees["promoter"])
        self.assertEqual(
            set(gifts.mapped("date")), {self.visit.start_datetime.date().replace(day=4)}
        )
        self.assertEqual(self.visit.gift_total, 155.0)
        # the ledger: the partner's yearly total and the promoter's gift list
        Gift = self.env["hospital.referral.gift"].with_user(self.user_promoter)
        self.assertEqual(Gift.search([("visit_id", "=", self.visit.id)]), gifts)
        self.assertEqual(self.clinic.with_user(self.user_leader).hm_referral_gift_total_year, 155.0)

    def test_a_gift_is_given_by_the_visits_promoter_to_its_partner(self):
        with self.assertRaises(ValidationError):
            self.env["hospital.referral.gift"].create(
                {
                    "name": "Cup",
                    "value": 10.0,
                    "visit_id": self.visit.id,
                    "partner_id": self.clinic_b.id,
                }
            )
        # another promoter cannot add gifts to this visit
        with self.assertRaises(AccessError):
            self.visit.with_user(self.user_promoter_b).write(
                {"gift_ids": [Command.create({"name": "Cup", "value": 10.0})]}
            )
