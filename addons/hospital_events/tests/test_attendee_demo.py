from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAttendeeDemo(TransactionCase):
    """The demo free-clinic tour (义诊) was run from a phone: attendees with and without
    consent, two leads that came and were discharged by their final bills (R-E3, R-E4)."""

    def test_demo_clinic_tour_was_run(self):
        event = self.env.ref("hospital_events.demo_event_clinic_tour", raise_if_not_found=False)
        if not event:
            self.skipTest("no demo data")
        self.assertEqual(event.hm_attendee_count, 6)
        self.assertEqual(event.hm_lead_count, 2)
        self.assertEqual(event.hm_arrival_count, 2)
        leads = event.registration_ids.filtered("hm_referral_id")
        self.assertTrue(all(leads.mapped("hm_contact_consent_at")))
        self.assertEqual(set(leads.hm_referral_id.mapped("state")), {"discharged"})
        # 6 400 + 14 200 spent against the real costs of the demo (its expenses and bill)
        self.assertEqual(event.hm_effect_spending, 20600.0)
        cost = event.hm_actual_cost
        self.assertGreater(cost, 0.0)
        self.assertEqual(event.hm_effect_cost, cost)
        self.assertAlmostEqual(event.hm_effect_roi, (20600.0 - cost) / cost * 100.0)
        refused = event.registration_ids.filtered(lambda r: not r.hm_contact_consent)
        self.assertTrue(refused)
        self.assertFalse(any(refused.mapped("phone")))

    def test_demo_clinic_tour_drew_its_flyers_from_stock(self):
        event = self.env.ref("hospital_events.demo_event_clinic_tour", raise_if_not_found=False)
        if not event:
            self.skipTest("no demo data")
        flyer = self.env.ref("hospital_marketing.demo_material_flyer_gyn")
        line = event.hm_material_line_ids.filtered(lambda ln: ln.material_id == flyer)
        self.assertEqual(line.state, "done")
        self.assertEqual(line.qty_handed_out, 420)
        self.assertEqual(event.hm_material_handed_out, 420)
        # the flyer's stock figures count them: without the event's line the ledger is 420 less
        ledger = self.env["hospital.distribution.line"].sudo()
        distributed = sum(ledger.search([("material_id", "=", flyer.id)]).mapped("qty_received"))
        self.assertEqual(flyer.qty_issued, distributed + 420)
        self.assertEqual(
            flyer.qty_available, flyer.qty_received - flyer.qty_issued + flyer.qty_returned
        )
