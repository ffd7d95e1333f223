"""The effect of an outreach event (R-E4) on a worked example, its export, and who reads the
money (R-S1 class D)."""

import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.hospital_referral.tests.commission_common import create_billed_case

from .attendee_common import AttendeeCase


@tagged("post_install", "-at_install")
class TestEventEffect(AttendeeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 10 attendees, 4 of them leads; 2 of the leads came and were discharged with final
        # bills of 9 000 and 3 000; one is still registered; one was rejected
        for index in range(10):
            cls.env["event.registration"].create(
                {"event_id": cls.event.id, "name": f"A{index}", "hm_screened": index < 8}
            )
        attendees = cls.event.registration_ids
        cases = [
            create_billed_case(cls.env, patient_name=name, event_id=cls.event.id, **values)
            for name, values in (
                ("P1", {"total_fees": 9000}),
                ("P2", {"total_fees": 3000}),
                ("P3", {"state": "registered"}),
                ("P4", {"state": "rejected"}),
            )
        ]
        for attendee, case in zip(attendees, cases, strict=False):
            attendee.sudo().hm_referral_id = case
        # the event cost 4 000 (AttendeeCase)

    def test_worked_example(self):
        event = self.event.with_user(self.user_office)
        self.assertEqual(event.hm_attendee_count, 10)
        self.assertEqual(event.hm_screening_count, 8)
        self.assertEqual(event.hm_lead_count, 4)
        self.assertEqual(event.hm_arrival_count, 2)
        self.assertEqual(event.hm_effect_spending, 12000.0)
        self.assertEqual(event.hm_effect_cost, 4000.0)
        # (12 000 - 4 000) / 4 000 = 200 %
        self.assertAlmostEqual(event.hm_effect_roi, 200.0)
        self.assertEqual(event.hm_cost_per_patient, 2000.0)
        self.assertAlmostEqual(event.hm_lead_rate, 40.0)
        self.assertAlmostEqual(event.hm_arrival_rate, 50.0)

    def test_figures_follow_the_bills_and_the_cost(self):
        # another 8 000 of real costs: 12 000 in all
        self._cost(8000.0)
        self.assertAlmostEqual(self.event.hm_effect_roi, 0.0)
        self.assertEqual(self.event.hm_cost_per_patient, 6000.0)
        # the expenses refused: no cost left, no ROI
        (self.cost_expense | self.env["hr.expense"].search([("name", "=", "Venue 8000.0")])).write(
            {"approval_state": "refused"}
        )
        self.assertEqual(self.event.hm_effect_roi, 0.0)

    def test_per_kind_and_month_in_the_pivot(self):
        Event = self.env["event.event"].with_user(self.user_manager)
        groups = Event.formatted_read_group(
            [("id", "=", self.event.id)],
            ["hm_outreach_kind", "date_begin:month"],
            ["hm_arrival_count:sum", "hm_effect_spending:sum", "hm_effect_cost:sum"],
        )
        self.assertEqual(groups[0]["hm_arrival_count:sum"], 2)
        self.assertEqual(groups[0]["hm_effect_spending:sum"], 12000.0)

    def test_money_is_class_d(self):
        """A promoter reads the counts of the event, not its money, neither on the record nor
        grouped; the office, the manager and the vice-president do."""
        for role in ("office", "manager", "vp"):
            with self.subTest(role=role):
                row = self.event.with_user(self.users[role]).read(["hm_effect_roi"])[0]
                self.assertAlmostEqual(row["hm_effect_roi"], 200.0)
        for role in ("promoter", "leader"):
            event = self.event.with_user(self.users[role])
            with self.subTest(role=role):
                self.assertEqual(event.read(["hm_arrival_count"])[0]["hm_arrival_count"], 2)
                for fname in ("hm_effect_spending", "hm_effect_cost", "hm_effect_roi"):
                    with self.assertRaises(AccessError):
                        event.read([fname])
                with self.assertRaises(AccessError):
                    event.formatted_read_group([], ["hm_outreach_kind"], ["hm_effect_spending:sum"])
                with self.assertRaises(AccessError):
                    event.action_hm_export_effect()

    def test_xlsx_export_of_the_screen(self):
        other = self.event.copy({"name": "Lecture", "hm_outreach_kind": "campus_lecture"})
        action = (
            self.env["event.event"]
            .with_user(self.user_office)
            .with_context(
                lang="zh_CN",
                active_domain=[
                    ("id", "in", [self.event.id, other.id]),
                    ("hm_outreach_kind", "=", "clinic_tour"),
                ],
            )
            .action_hm_export_effect()
        )
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        rows = list(sheet.iter_rows(values_only=True))
        header, event_row, total = rows[0], rows[1], rows[-1]
        self.assertEqual(len(rows), 3, "the screen's filter: the clinic tour only, then totals")
        self.assertNotIn(other.name, str(rows))
        self.assertIn("活动", header)
        self.assertEqual(event_row[0], self.event.name)
        arrivals = header.index("到院人数")
        self.assertEqual(event_row[arrivals], 2)
        self.assertIsInstance(event_row[arrivals], int)
        self.assertEqual(event_row[header.index("患者消费")], 12000)
        roi = header.index("投入产出比（%）")  # noqa: RUF001
        self.assertAlmostEqual(total[roi], 200.0)
