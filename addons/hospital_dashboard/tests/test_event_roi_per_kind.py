"""The department dashboard's outreach events per kind (R-E4, R-K2): count, patients'
spending, cost and the return on the cost of each kind (the kind's total spending over its
total cost, not an average of the events' returns), money read by the class-D roles only
(R-S1)."""

import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.hospital_events.tests.attendee_common import AttendeeCase
from odoo.addons.hospital_referral.tests.commission_common import create_billed_case

AGGREGATES = ["__count", "hm_effect_spending:sum", "hm_effect_cost:sum"]


@tagged("post_install", "-at_install")
class TestEventRoiPerKind(AttendeeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the free-clinic tour (AttendeeCase, cost 4 000): two patients came, 9 000 + 3 000
        for name, fees in (("P1", 9000), ("P2", 3000)):
            create_billed_case(cls.env, patient_name=name, event_id=cls.event.id, total_fees=fees)
        # a second tour, cost 2 000, one patient of 1 000; a campus lecture, cost 500, nobody
        cls.tour2 = cls._event("第二次巡回义诊", "clinic_tour", 2000.0)
        create_billed_case(cls.env, patient_name="P3", event_id=cls.tour2.id, total_fees=1000)
        cls.lecture = cls._event("校园青春期讲座", "campus_lecture", 500.0)
        cls.events = cls.event | cls.tour2 | cls.lecture

    @classmethod
    def _event(cls, name, kind, cost):
        now = fields.Datetime.now()
        event = cls.env["event.event"].create(
            {
                "name": name,
                "hm_outreach_kind": kind,
                "date_begin": now - timedelta(hours=2),
                "date_end": now + timedelta(hours=2),
                "hm_contact_employee_id": cls.employees["promoter"].id,
                "hm_analytic_account_id": cls.env["account.analytic.account"]
                .create({"name": name, "plan_id": cls.event.hm_analytic_account_id.plan_id.id})
                .id,
            }
        )
        cls.env["hr.expense"].create(
            {
                "name": f"{name} venue",
                "employee_id": cls.employees["leader"].id,
                "product_id": cls.cost_product.id,
                "total_amount_currency": cost,
                "tax_ids": [fields.Command.clear()],
                "analytic_distribution": {str(event.hm_analytic_account_id.id): 100},
            }
        ).approval_state = "approved"
        return event

    def _pivot(self):
        data = json.loads(
            self.env.ref("hospital_dashboard.spreadsheet_dashboard_department").spreadsheet_data
        )
        return next(p for p in data["pivots"].values() if p["model"] == "event.event")

    def test_the_pivot_shows_spending_cost_and_return_per_kind(self):
        pivot = self._pivot()
        self.assertEqual([row["fieldName"] for row in pivot["rows"]], ["hm_outreach_kind"])
        measures = {m["id"]: m for m in pivot["measures"]}
        self.assertEqual(
            list(measures), ["__count", "hm_effect_spending", "hm_effect_cost", "hm_return_on_cost"]
        )
        formula = measures["hm_return_on_cost"]["computedBy"]["formula"]
        self.assertEqual(formula, "=IFERROR((hm_effect_spending-hm_effect_cost)/hm_effect_cost)")
        self.assertEqual(measures["hm_return_on_cost"]["format"], "0.0%")

    def test_worked_example_as_the_office(self):
        """What the pivot reads as the office and what its return formula makes of it."""
        Event = self.env["event.event"].with_user(self.user_office)
        groups = Event.formatted_read_group(
            [("id", "in", self.events.ids)], ["hm_outreach_kind"], AGGREGATES
        )
        per_kind = {
            group["hm_outreach_kind"]: (
                group["__count"],
                group["hm_effect_spending:sum"],
                group["hm_effect_cost:sum"],
            )
            for group in groups
        }
        # tours: 9 000 + 3 000 + 1 000 = 13 000 spent on 4 000 + 2 000 = 6 000 of cost
        self.assertEqual(per_kind["clinic_tour"], (2, 13000.0, 6000.0))
        self.assertEqual(per_kind["campus_lecture"], (1, 0.0, 500.0))
        returns = {kind: (spent - cost) / cost for kind, (_n, spent, cost) in per_kind.items()}
        # (13 000 - 6 000) / 6 000 = 116.7 %, not the mean of the tours' 200 % and -50 %
        self.assertAlmostEqual(returns["clinic_tour"], 7 / 6)
        self.assertAlmostEqual(
            (self.event.hm_effect_roi + self.tour2.hm_effect_roi) / 2, 75.0
        )  # what averaging the events' returns would have shown
        self.assertAlmostEqual(returns["campus_lecture"], -1.0)

    def test_money_per_kind_is_for_the_class_d_roles_only(self):
        for role in ("office", "manager", "vp", "finance"):
            with self.subTest(role=role):
                Event = self.env["event.event"].with_user(self.users[role])
                self.assertTrue(
                    Event.formatted_read_group(
                        [("id", "in", self.events.ids)], ["hm_outreach_kind"], AGGREGATES
                    )
                )
        for role in ("promoter", "leader", "guide_desk", "treatment_leader", "employee"):
            with self.subTest(role=role):
                Event = self.env["event.event"].with_user(self.users[role])
                with self.assertRaises(AccessError):
                    Event.formatted_read_group(
                        [("id", "in", self.events.ids)], ["hm_outreach_kind"], AGGREGATES
                    )

    def test_the_return_is_named_in_the_users_language(self):
        dashboard = self.env.ref("hospital_dashboard.spreadsheet_dashboard_department")
        self.env["res.lang"]._activate_lang("zh_CN")
        for lang, name in (("en_US", "Return on Cost"), ("zh_CN", "投入产出比")):
            with self.subTest(lang=lang):
                served = json.loads(
                    dashboard.with_context(lang=lang)._get_serialized_readonly_dashboard()
                )
                pivot = next(
                    p for p in served["snapshot"]["pivots"].values() if p["model"] == "event.event"
                )
                measure = next(m for m in pivot["measures"] if m["id"] == "hm_return_on_cost")
                self.assertEqual(measure["userDefinedName"], name)
