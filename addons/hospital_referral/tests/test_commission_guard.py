from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .commission_common import DISCHARGE, MONTH, CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionGuard(CommissionCase):
    """Compliance guard (R-C10): refusals come with a clear reason and write no line."""

    def _issues(self, case):
        return self.env["hospital.commission.issue"].search([("res_id", "=", case.id)])

    def test_licensed_clinician_is_refused(self):
        case = self._case(referring_partner_id=self.clinic.id, referring_doctor_id=self.doctor.id)
        self._run()
        self.assertEqual(case.commission_line_ids.partner_id, self.clinic, "only the clinic")
        issue = self._issues(case)
        self.assertEqual(issue.kind, "refused")
        self.assertEqual(issue.partner_id, self.doctor)
        self.assertIn("licensed clinician", issue.message)

    def test_licensed_clinician_on_staff_is_refused(self):
        lecturer = self.employees["promoter_b"]
        lecturer.hm_licensed_clinician = True
        case = self._case(promoter_id=lecturer.id)
        self._run()
        self.assertFalse(case.commission_line_ids)
        self.assertIn("licensed clinician", self._issues(case).message)

    def test_institution_needs_a_signed_agreement_in_force(self):
        case = self._case(referring_partner_id=self.pharmacy.id)
        self._run()
        self.assertFalse(case.commission_line_ids)
        self.assertIn("no signed agreement in force", self._issues(case).message)
        agreement = self.env["hospital.referral.agreement"].create(
            {
                "name": "Two-way, Kaifu Pharmacy",
                "kind": "two_way",
                "state": "draft",
                "partner_id": self.pharmacy.id,
                "date_start": date(2030, 1, 1),
            }
        )
        self._run()
        self.assertFalse(case.commission_line_ids, "a draft agreement is not in force")
        agreement.state = "signed"
        self._run()
        self.assertEqual(case.commission_line_ids.amount, 500.0)  # 5% from 10 000
        self.assertFalse(self._issues(case), "the run replaces the issues of its month")

    def test_intermediary_needs_a_written_agreement_in_force(self):
        expired = self._case(
            referring_partner_id=self.part_timer.id, discharge_date=date(2031, 1, 10)
        )
        self._run(date(2031, 1, 1))
        self.assertFalse(expired.commission_line_ids)
        self.assertIn("intermediary agreement", self._issues(expired).message)

    def test_unclassified_partner_is_refused(self):
        stranger = self.env["res.partner"].create({"name": "Unknown"})
        self.env["hospital.referral.agreement"].create(
            {
                "name": "Signed",
                "kind": "two_way",
                "state": "signed",
                "partner_id": stranger.id,
                "date_start": date(2030, 1, 1),
            }
        )
        case = self._case(referring_partner_id=stranger.id)
        self._run()
        self.assertFalse(case.commission_line_ids)
        self.assertIn("no payee classification", self._issues(case).message)

    def test_no_line_can_be_written_for_a_clinician(self):
        case = self._case()
        with self.assertRaisesRegex(ValidationError, "licensed clinician"):
            self.Line.create(
                {
                    "company_id": self.company.id,
                    "date": DISCHARGE,
                    "period_date": MONTH,
                    "res_model": case._name,
                    "res_id": case.id,
                    "role": "doctor",
                    "payee_kind": "part_time",
                    "partner_id": self.doctor.id,
                    "rule_id": self.rule_external.id,
                    "base_kind": "total",
                    "amount": 2000.0,
                }
            )

    def test_interactive_creation_says_why(self):
        case = self._case(referring_doctor_id=self.doctor.id)
        with self.assertRaisesRegex(UserError, "licensed clinician"):
            self.Engine._create_for_cases(case._commission_candidates())
        self.assertFalse(case.commission_line_ids)
