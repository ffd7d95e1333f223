"""Once the patient came, who the patient is and the department are the triage's (guide desk,
office) or a leader's to correct, not the registering promoter's: the department decides the
rule and rate a case earns by (R-C5), so a promoter changing it on their own discharged case
would change their commission (issue 8 §1)."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReferralCase

ARRIVED_CHANGES = ("department_id", "patient_name", "patient_id_number", "voucher_number")
TRIAGE_AND_LEADERS = ("guide_desk", "office", "leader", "manager", "vp")


@tagged("post_install", "-at_install")
class TestArrivedCaseFields(ReferralCase):
    def setUp(self):
        super().setUp()
        self.case = self._case(patient_id_number="430102199001011234", voucher_number="ZZ-001")
        self.values = {
            "department_id": self.dept_surgery.id,
            "patient_name": "王晓明",
            "patient_id_number": "430102199001015678",
            "voucher_number": "ZZ-002",
        }

    def test_the_promoter_corrects_a_registration_before_the_patient_comes(self):
        self.case.with_user(self.user_promoter).write(self.values)
        self.assertEqual(self.case.department_id, self.dept_surgery)
        self.assertEqual(self.case.voucher_number, "ZZ-002")

    def test_after_arrival_the_promoter_may_not(self):
        self._arrive(self.case, self.user_guide_desk)
        for fname in ARRIVED_CHANGES:
            with (
                self.subTest(field=fname),
                self.assertRaises(AccessError),
                self.env.cr.savepoint(),
            ):
                self.case.with_user(self.user_promoter).write({fname: self.values[fname]})
        self.assertEqual(self.case.department_id, self.dept_internal)
        self.assertEqual(self.case.voucher_number, "ZZ-001")
        # saving the form with the values unchanged is no change
        self.case.with_user(self.user_promoter).write(
            {"department_id": self.dept_internal.id, "voucher_number": "ZZ-001"}
        )

    def test_after_arrival_the_triage_and_the_leaders_correct_the_department(self):
        self._arrive(self.case, self.user_guide_desk)
        for role in TRIAGE_AND_LEADERS:
            with self.subTest(role=role):
                self.case.with_user(self.users[role]).write({"department_id": self.dept_surgery.id})
                self.assertEqual(self.case.department_id, self.dept_surgery)
                self.case.sudo().write({"department_id": self.dept_internal.id})
        for role in ("promoter", "promoter_b", "finance", "treatment_leader", "employee"):
            with (
                self.subTest(role=role),
                self.assertRaises(AccessError),
                self.env.cr.savepoint(),
            ):
                self.case.with_user(self.users[role]).write({"department_id": self.dept_surgery.id})
