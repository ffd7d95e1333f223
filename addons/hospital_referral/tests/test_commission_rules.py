from datetime import date

import psycopg2

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .commission_common import MONTH, CommissionCase, create_final_bill


@tagged("post_install", "-at_install")
class TestCommissionRules(CommissionCase):
    def test_external_collaborator_twenty_percent(self):
        """R-C1: 20% of the patient's total fees: 20% of 10 000 = 2 000."""
        case = self._case(referring_partner_id=self.part_timer.id)
        self._run()
        line = case.commission_line_ids.filtered(lambda line: line.partner_id == self.part_timer)
        self.assertEqual(line.rule_id, self.rule_external)
        self.assertEqual(line.base_amount, 10000.0)
        self.assertEqual(line.rate, 20.0)
        self.assertEqual(line.amount, 2000.0)
        self.assertEqual(line.period_date, MONTH, "counted in the month of discharge (R-R5)")

    def test_fee_bands(self):
        """R-C4: 0-5 000 pays 300, 5 000-10 000 pays 800, from 10 000 a rate of 5%."""
        cases = [
            self._case(referring_partner_id=self.clinic.id, total_fees=fees)
            for fees in (3000.0, 7000.0, 5000.0, 20000.0)
        ]
        self._run()
        amounts = [case.commission_line_ids.filtered("partner_id").amount for case in cases]
        self.assertEqual(amounts, [300.0, 800.0, 800.0, 1000.0])

    def test_department_rate_on_fees_minus_drugs(self):
        """R-C5: surgery 5% and internal medicine 3% of the fees excluding drug cost."""
        surgery = self._case(
            promoter_id=self.employees["promoter"].id,
            department_id=self.dept_surgery.id,
            total_fees=10000.0,
            drug_cost=4000.0,
        )
        internal = self._case(
            promoter_id=self.employees["promoter"].id, total_fees=8000.0, drug_cost=2000.0
        )
        self._run()
        self.assertEqual(surgery.commission_line_ids.base_amount, 6000.0)
        self.assertEqual(surgery.commission_line_ids.amount, 300.0)
        self.assertEqual(internal.commission_line_ids.amount, 180.0)
        # a department kind without a rate pays nothing
        pediatrics = self.env["hospital.clinical.department"].create(
            {"name": "Pediatrics", "code": "T-EK", "kind": "pediatrics"}
        )
        other = self._case(promoter_id=self.employees["promoter"].id, department_id=pediatrics.id)
        self._run()
        self.assertFalse(other.commission_line_ids)

    def test_campaign_period_overrides_the_normal_rule(self):
        """R-C1 六.5: during a campaign the rate is set for the period and wins."""
        campaign = self.env["hospital.commission.rule"].create(
            {
                "name": "Spring campaign 25%",
                "payee_kind": "part_time",
                "rate": 25.0,
                "date_from": date(2030, 3, 10),
                "date_to": date(2030, 3, 20),
            }
        )
        inside = self._case(referring_partner_id=self.part_timer.id)
        outside = self._case(
            referring_partner_id=self.part_timer.id, discharge_date=date(2030, 3, 25)
        )
        self._run()
        self.assertEqual(inside.commission_line_ids.rule_id, campaign)
        self.assertEqual(inside.commission_line_ids.amount, 2500.0)
        self.assertEqual(outside.commission_line_ids.rule_id, self.rule_external)
        self.assertEqual(outside.commission_line_ids.amount, 2000.0)

    def test_most_specific_rule_wins_and_ties_are_reported(self):
        by_kind = self.env["hospital.commission.rule"].create(
            {
                "name": "Clinics 300 per case",
                "payee_kind": "institution",
                "method": "fixed",
                "fixed_amount": 300.0,
                "partner_kind": "private_clinic",
            }
        )
        case = self._case(referring_partner_id=self.clinic.id)
        self._run()
        self.assertEqual(case.commission_line_ids.rule_id, by_kind)
        # a second rule of the same specificity: a configuration error, not a silent choice
        self.env["hospital.commission.rule"].create(
            {
                "name": "Clinics 400 per case",
                "payee_kind": "institution",
                "method": "fixed",
                "fixed_amount": 400.0,
                "partner_kind": "private_clinic",
            }
        )
        tied = self._case(referring_partner_id=self.clinic.id)
        self._run()
        self.assertFalse(tied.commission_line_ids)
        issue = self.env["hospital.commission.issue"].search([("res_id", "=", tied.id)])
        self.assertEqual(issue.kind, "tie")
        self.assertEqual(len(issue.rule_ids), 2)
        self.assertIn("same specificity", issue.message)

    def test_never_two_lines_for_the_same_case_payee_and_rule(self):
        case = self._case(
            referring_partner_id=self.part_timer.id, promoter_id=self.employees["promoter"].id
        )
        self._run()
        self._run()
        self.assertEqual(len(case.commission_line_ids), 2)
        line = case.commission_line_ids.filtered("partner_id")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.IntegrityError),
            self.env.cr.savepoint(),
        ):
            line.copy({"settlement_id": False})

    def test_a_rule_added_after_the_run_does_not_pay_a_case_twice(self):
        """R-C8: the same case is never paid twice to a payee, whatever the configuration
        becomes after its line was written."""
        case = self._case(referring_partner_id=self.part_timer.id)
        self._run()
        self.env["hospital.commission.rule"].create(
            {
                "name": "Campaign 25%",
                "payee_kind": "part_time",
                "rate": 25.0,
                "date_from": date(2030, 3, 1),
                "date_to": date(2030, 3, 31),
            }
        )
        self._run()
        line = case.commission_line_ids.filtered(lambda line: line.partner_id == self.part_timer)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.amount, 2000.0)
        settlement = self._settlement_of(self.part_timer)
        self.assertEqual(sum(settlement.mapped("amount_total")), 2000.0)

    def test_lines_are_written_at_discharge_and_settled_at_month_end(self):
        """R-R5: a case's lines exist as soon as it is discharged; the month-end run settles
        them without writing them twice."""
        case = self._case(
            referring_partner_id=self.part_timer.id,
            promoter_id=self.employees["promoter"].id,
            state="in_treatment",
        )
        self.assertFalse(case.commission_line_ids)
        create_final_bill(case)  # the final HIS bill discharges it
        self.assertEqual(case.state, "discharged")
        self.assertEqual(len(case.commission_line_ids), 2)
        self.assertFalse(case.commission_line_ids.settlement_id)
        external = case.commission_line_ids.filtered("partner_id")
        self.assertEqual(external.amount, 2000.0)
        self._run()
        case.invalidate_recordset()
        self.assertEqual(len(case.commission_line_ids), 2)
        self.assertEqual(external.settlement_id, self._settlement_of(self.part_timer))
        self.assertEqual(self._settlement_of(self.part_timer).amount_total, 2000.0)

    def test_a_clinician_gets_no_line_at_discharge_either(self):
        case = self._case(referring_doctor_id=self.doctor.id, state="in_treatment")
        create_final_bill(case)
        self.assertFalse(case.commission_line_ids)

    def test_uncounted_and_not_discharged_cases_pay_nothing(self):
        """R-R2: a case registered after the first visit is not counted; R-R5: only final
        bills (discharged or closed) count."""
        late = self._case(
            referring_partner_id=self.part_timer.id,
            state="not_counted",
            not_counted_reason="registered after the first visit",
        )
        # a discharged case that stopped counting (an existing patient, not decided yet)
        flagged = self._case(referring_partner_id=self.part_timer.id)
        flagged.write({"fraud_flag": "existing", "fraud_decision": "pending"})
        self.assertFalse(flagged.is_counted)
        staying = self._case(referring_partner_id=self.part_timer.id, state="in_treatment")
        closed = self._case(referring_partner_id=self.part_timer.id, state="closed")
        self._run()
        self.assertFalse(late.commission_line_ids)
        self.assertFalse(sum(flagged.commission_line_ids.mapped("amount")))
        self.assertFalse(staying.commission_line_ids)
        self.assertEqual(closed.commission_line_ids.amount, 2000.0)

    def test_overlapping_fee_bands_are_refused(self):
        with self.assertRaisesRegex(Exception, "overlap"):
            self.rule_institution.tier_ids = [
                Command.create({"amount_from": 4000, "amount_to": 6000, "fixed_amount": 500})
            ]

    def test_partner_form_shows_its_commission(self):
        case = self._case(referring_partner_id=self.clinic.id)
        self._run()
        finance = self.users["finance"]
        clinic = self.clinic.with_user(finance)
        self.assertEqual(clinic.hm_commission_line_count, 1)
        action = clinic.action_open_commission_lines()
        lines = self.env["hospital.commission.line"].with_user(finance).search(action["domain"])
        self.assertEqual(lines, case.commission_line_ids)
        # a promoter sees no partner's commission (secret class E)
        self.assertEqual(self.clinic.with_user(self.user_promoter).hm_commission_line_count, 0)
