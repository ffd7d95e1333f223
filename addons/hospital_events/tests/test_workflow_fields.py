from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.hospital_marketing.tests.common import MarketingCase


@tagged("post_install", "-at_install")
class TestEventCredit(MarketingCase):
    """The event of a case earns its roles a commission (R-C3): once the patient came, only a
    team leader moves the case to (or off) an event."""

    def test_event_of_a_case_after_arrival(self):
        event = self.env["event.event"].create(
            {
                "name": "Free-clinic tour",
                "hm_outreach_kind": "clinic_tour",
                "date_begin": "2026-10-01 01:00:00",
                "date_end": "2026-10-01 08:00:00",
            }
        )
        Referral = self.env["hospital.referral"].with_user(self.user_promoter)
        registered = Referral.create({"patient_name": "P1"})
        registered.event_id = event
        discharged = Referral.create({"patient_name": "P2"})
        discharged.sudo().state = "discharged"
        with self.assertRaises(AccessError):
            discharged.write({"event_id": event.id})
        self.assertFalse(discharged.event_id)
        discharged.with_user(self.user_leader).event_id = event
        self.assertEqual(discharged.event_id, event)
