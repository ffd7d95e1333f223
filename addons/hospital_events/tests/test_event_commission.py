from dataclasses import FrozenInstanceError
from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.hospital_marketing.tests.common import MarketingCase
from odoo.addons.hospital_referral.tests.commission_common import create_billed_case

MONTH = date(2030, 6, 1)


@tagged("post_install", "-at_install")
class TestEventCommission(MarketingCase):
    """R-C3: 6% of the spending of the patients who came through an outreach event, split
    between its contact person, executor and lecturer (50/30/20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["hospital.commission.rule"].search([]).action_archive()
        cls.rule = cls.env["hospital.commission.rule"].create(
            {
                "name": "Outreach events 6%",
                "payee_kind": "event_role",
                "rate": 6.0,
                "contact_share": 50.0,
                "executor_share": 30.0,
                "lecturer_share": 20.0,
            }
        )
        cls.contact = cls.employees["promoter"]
        cls.executor = cls.employees["promoter_b"]
        cls.lecturer = cls.env["hr.employee"].create({"name": "Health Lecturer"})
        cls.event = cls.env["event.event"].create(
            {
                "name": "Free-clinic tour, Wangcheng",
                "hm_outreach_kind": "clinic_tour",
                "date_begin": "2030-05-20 01:00:00",
                "date_end": "2030-05-20 08:00:00",
                "hm_team_line_ids": [
                    Command.create({"employee_id": cls.contact.id, "role": "contact"}),
                    Command.create({"employee_id": cls.executor.id, "role": "executor"}),
                    Command.create({"employee_id": cls.lecturer.id, "role": "lecturer"}),
                    # the leader and a doctor of the team earn no event share
                    Command.create({"employee_id": cls.employees["leader"].id, "role": "leader"}),
                    Command.create(
                        {
                            "employee_id": cls.employees["manager"].id,
                            "role": "doctor",
                            "skill": "ultrasound",
                        }
                    ),
                ],
            }
        )

    def _case(self, **values):
        return create_billed_case(
            self.env,
            **{
                "patient_name": "Patient",
                "discharge_date": MONTH.replace(day=12),
                "event_id": self.event.id,
                **values,
            },
        )

    def _run(self):
        return self.env["hospital.commission.run"]._run(MONTH, self.company)

    def test_six_percent_split_fifty_thirty_twenty(self):
        case = self._case()
        self._run()
        amounts = {line.employee_id: line.amount for line in case.commission_line_ids}
        self.assertEqual(amounts, {self.contact: 300.0, self.executor: 180.0, self.lecturer: 120.0})
        self.assertEqual(case.commission_line_ids.event_id, self.event)
        roles = set(case.commission_line_ids.mapped("role"))
        self.assertEqual(roles, {"event_contact", "event_executor", "event_lecturer"})
        self.assertEqual(
            sum(case.commission_line_ids.mapped("amount")), 600.0, "6% of 10 000 in all"
        )

    def _line(self, role):
        return self.event.hm_team_line_ids.filtered(lambda line: line.role == role)

    def test_one_person_two_roles_one_line(self):
        self._line("executor").employee_id = self.contact
        case = self._case()
        self._run()
        line = case.commission_line_ids.filtered(lambda line: line.employee_id == self.contact)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.share, 80.0)
        self.assertEqual(line.amount, 480.0)

    def test_event_payees_join_a_new_candidate(self):
        """The contract is typed and frozen: the events addon hands the engine new candidates
        holding the event's roles, it does not change the referral's."""
        self._line("executor").employee_id = self.contact
        case = self._case()
        candidate = case._commission_candidates()[0]
        with self.assertRaises(FrozenInstanceError):
            candidate.total = 0.0
        event_payees = {
            payee.employee_id: (payee.role, payee.parts)
            for payee in candidate.payees
            if payee.payee_kind == "event_role"
        }
        self.assertEqual(
            event_payees,
            {
                self.contact.id: ("event", ("contact", "executor")),
                self.lecturer.id: ("event_lecturer", ("lecturer",)),
            },
        )
        self.assertEqual(candidate.extra["event_id"], self.event.id)

    def test_uninstall_keeps_event_role_lines(self):
        """Commission lines are the books: uninstalling the events addon may not drop the
        event roles of the lines written (the ondelete policy of the roles refuses)."""
        case = self._case()
        self._run()
        Line = self.env["hospital.commission.line"]
        for fname, value in (("role", "event_contact"), ("payee_kind", "event_role")):
            policy = Line._fields[fname].ondelete[value]
            policy(Line)  # no line, nothing to keep
            with self.assertRaisesRegex(UserError, "accounting records"):
                policy(case.commission_line_ids)

    def test_clinician_lecturer_is_refused(self):
        self.lecturer.hm_licensed_clinician = True
        case = self._case()
        self._run()
        self.assertNotIn(self.lecturer, case.commission_line_ids.employee_id)
        issue = self.env["hospital.commission.issue"].search([("res_id", "=", case.id)])
        self.assertEqual(issue.employee_id, self.lecturer)
        self.assertIn("licensed clinician", issue.message)

    def test_clinician_lecturer_needs_a_fee_agreement_to_be_approved(self):
        """The compliance guard at plan time (R-C10): a licensed clinician lectures for a fixed
        fee under a written agreement; without one the event is not approved."""
        self.lecturer.hm_licensed_clinician = True
        self.event.with_user(self.user_leader).action_hm_submit()
        with self.assertRaisesRegex(UserError, "Health Lecturer"):
            self.event.with_user(self.user_manager).action_hm_approve()
        self._line("lecturer").fee_agreement_ref = "ZJ-2030-011"
        self.event.with_user(self.user_manager).action_hm_approve()
        self.assertEqual(self.event.hm_state, "approved")
        # and still no share of the patients' spending
        case = self._case()
        self._run()
        self.assertNotIn(self.lecturer, case.commission_line_ids.employee_id)

    def test_role_shortcuts_read_and_write_the_team_lines(self):
        self.assertEqual(self.event.hm_contact_employee_id, self.contact)
        self.event.hm_executor_employee_id = self.contact
        self.assertEqual(self._line("executor").employee_id, self.contact)
        self.event.hm_lecturer_employee_id = False
        self.assertFalse(self._line("lecturer"))
        self.event.hm_lecturer_employee_id = self.lecturer
        self.assertEqual(self._line("lecturer").employee_id, self.lecturer)
        self.assertEqual(len(self.event.hm_team_line_ids), 5, "the leader and doctor stay")
        # an event created the former way gets its team lines
        event = self.env["event.event"].create(
            {
                "name": "Imported event",
                "hm_outreach_kind": "community",
                "date_begin": "2030-05-20 01:00:00",
                "date_end": "2030-05-20 08:00:00",
                "hm_contact_employee_id": self.contact.id,
                "hm_lecturer_employee_id": self.lecturer.id,
            }
        )
        self.assertEqual(
            {(line.role, line.employee_id) for line in event.hm_team_line_ids},
            {("contact", self.contact), ("lecturer", self.lecturer)},
        )

    def test_split_lands_in_the_month_end_settlements(self):
        case = self._case()
        self._run()
        for line in case.commission_line_ids:
            settlement = line.settlement_id
            self.assertEqual(settlement.employee_id, line.employee_id)
            self.assertEqual(settlement.date_from, MONTH)
            self.assertIn(line, settlement.line_ids)
            self.assertEqual(settlement.amount_commission, line.amount)

    def test_cases_without_event_pay_no_event_role(self):
        case = self._case(event_id=False)
        self._run()
        self.assertFalse(case.commission_line_ids)

    def test_event_analytic_account(self):
        plan = self.env["account.analytic.plan"].create({"name": "Events"})
        analytic = self.env["account.analytic.account"].create(
            {"name": "Wangcheng tour", "plan_id": plan.id}
        )
        self.event.hm_analytic_account_id = analytic
        case = self._case()
        self._run()
        accounts = self.env["hospital.commission.engine"]._analytic_accounts(
            case.commission_line_ids
        )
        self.assertEqual(set(accounts.values()), {analytic.id})

    def test_event_split_to_the_cent_and_corrected_when_the_event_changes(self):
        """6% of 1 000.09 = 60.01 (rounded) shared 50/30/20 by the largest remainder; a case
        taken off its event after the sign-off gets correcting lines, never edits."""
        case = self._case(total_fees=1000.09)
        lines = case.commission_line_ids
        self.assertEqual(sorted(lines.mapped("amount")), [12.0, 18.0, 30.01], "no cent lost")
        self.assertEqual(round(sum(lines.mapped("amount")), 2), 60.01)
        self._run()
        settlement = lines.filtered(lambda line: line.employee_id == self.contact).settlement_id
        settlement.with_user(self.user_manager).action_sign()
        case.event_id = False
        corrections = case.commission_line_ids - lines
        self.assertEqual(
            corrections.filtered(lambda line: line.employee_id == self.contact).amount, -30.01
        )
        self.assertEqual(set(corrections.mapped("line_type")), {"correction"})
        # the roles whose settlement was not signed yet simply lose their open lines
        self.assertEqual(case.commission_line_ids.employee_id, self.contact)
