from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.hospital_referral.models.hospital_referral_arrival import HospitalReferral

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestReferralFlow(ReferralCase):
    def test_registration_by_promoter_gives_credit_and_number(self):
        """R-R1: the promoter registers; the case carries a number, owner and team."""
        case = self._case()
        self.assertTrue(case.name.startswith("ZZ/"))
        self.assertEqual(case.state, "registered")
        self.assertEqual(case.channel, "promoter")
        self.assertEqual(case.promoter_id, self.employees["promoter"])
        self.assertEqual(case.user_id, self.user_promoter)
        self.assertEqual(case.team_id, self.team)
        self.assertTrue(case.is_counted)
        self.assertEqual(case.sudo().patient_phone_norm, "13800001111")

    def test_registration_by_office_goes_to_partner_promoter(self):
        case = self._case(
            user=self.user_office, referring_partner_id=self.clinic_b.id, referring_doctor_id=False
        )
        self.assertEqual(case.channel, "office")
        self.assertEqual(case.promoter_id, self.employees["promoter_b"])
        self.assertEqual(case.user_id, self.user_promoter_b)
        self.assertEqual(case.team_id, self.team_b)

    def test_doctor_gives_the_partner(self):
        case = (
            self.env["hospital.referral"]
            .with_user(self.user_promoter)
            .create({"patient_name": "孙八", "referring_doctor_id": self.doctor.id})
        )
        self.assertEqual(case.referring_partner_id, self.clinic)

    def test_arrival_needs_identity_diagnosis_and_doctor(self):
        """R-R3: the guide desk confirms identity, diagnosis and attending doctor."""
        case = self._case()
        desk_case = case.with_user(self.user_guide_desk)
        with self.assertRaisesRegex(UserError, "identity checked"):
            desk_case.action_confirm_arrival()
        self._arrive(case, self.user_guide_desk)
        self.assertEqual(case.state, "arrived")
        self.assertEqual(case.arrival_user_id, self.user_guide_desk)
        self.assertTrue(case.arrival_datetime)
        with self.assertRaises(UserError):
            desk_case.action_confirm_arrival()

    def test_feedback_activity_due_within_configured_hours(self):
        """R-R4: arrival creates 'tell the referring doctor' for the promoter, due in 24 h."""
        with freeze_time("2026-03-02 02:00:00"):
            case = self._case()
            self._arrive(case, self.user_guide_desk)
        self.assertEqual(case.feedback_deadline, datetime(2026, 3, 3, 2, 0))
        self.assertEqual(case.feedback_status, "pending")
        activity = case.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("hospital_referral.mail_activity_referral_feedback")
        )
        self.assertEqual(activity.user_id, self.user_promoter)
        with freeze_time("2026-03-02 20:00:00"):
            activity.with_user(self.user_promoter).action_feedback(feedback="已电话告知李医生")
        self.assertEqual(case.feedback_status, "on_time")
        self.assertEqual(case.feedback_done_at, datetime(2026, 3, 2, 20, 0))

    def test_feedback_hours_are_configurable_and_late_is_visible(self):
        self.env.company.hm_feedback_hours = 12
        with freeze_time("2026-03-02 02:00:00"):
            case = self._case()
            self._arrive(case, self.user_guide_desk)
        self.assertEqual(case.feedback_deadline, datetime(2026, 3, 2, 14, 0))
        with freeze_time("2026-03-02 15:00:00"):
            self.env["hospital.referral"]._cron_feedback_overdue()
            self.assertEqual(case.feedback_status, "overdue")
            case.with_user(self.user_promoter).action_feedback_done()
        self.assertEqual(case.feedback_status, "late")
        self.assertFalse(case.activity_ids)

    def test_walk_in_is_not_counted_with_reason(self):
        """R-R2: a walk-in without prior registration is recorded but not counted."""
        Referral = self.env["hospital.referral"].with_user(self.user_guide_desk)
        with self.assertRaises(ValidationError):
            Referral.create({"patient_name": "赵六", "patient_phone_masked": "13911112222"})
        case = Referral.create(
            {
                "patient_name": "赵六",
                "patient_phone_masked": "13911112222",
                "not_counted_reason": "未提前登记 患者自行来院",
                "referring_partner_id": self.clinic.id,
            }
        )
        self.assertEqual(case.channel, "walk_in")
        self.assertEqual(case.state, "not_counted")
        self.assertFalse(case.is_counted)
        self.assertTrue(case.arrival_datetime)
        self.assertEqual(case.sudo().patient_phone, "13911112222")
        self.assertEqual(case.patient_phone_masked, "139****2222")

    def test_guide_desk_records_a_walk_in_in_the_form(self):
        form = Form(self.env["hospital.referral"].with_user(self.user_guide_desk))
        self.assertEqual(form.channel, "walk_in")
        form.patient_name = "郑强"
        form.patient_phone_masked = "13922223333"
        form.not_counted_reason = "自行来院"
        case = form.save()
        self.assertEqual(case.state, "not_counted")
        self.assertEqual(case.patient_phone_masked, "139****3333")
        self.assertFalse(case.user_id)

    def test_promoter_registers_in_the_form(self):
        form = Form(self.env["hospital.referral"].with_user(self.user_promoter))
        form.patient_name = "吴晓梅"
        form.patient_phone = "13655550123"
        form.referring_doctor_id = self.doctor
        case = form.save()
        self.assertEqual(case.referring_partner_id, self.clinic)
        self.assertEqual(case.promoter_id, self.employees["promoter"])

    def test_discharge_from_final_bills_with_fees(self):
        """R-R5: the final HIS bills give fees, drug cost and discharge date; the case is
        discharged and the commission hook runs once, on the set."""
        case = self._case(voucher_number="ZD-0001")
        self._arrive(case, self.user_guide_desk)
        case.with_user(self.user_guide_desk).action_start_treatment()
        Bill = self.env["hospital.referral.bill"].with_user(self.user_office)
        calls = []
        original = HospitalReferral._after_discharge

        def spy(records):
            calls.append(records.ids)
            return original(records)

        with patch.object(HospitalReferral, "_after_discharge", spy):
            Bill.create(
                {
                    "his_reference": "MZ-1",
                    "voucher_number": "ZD-0001",
                    "kind": "outpatient",
                    "department_id": self.dept_internal.id,
                    "total_fees": 800.0,
                    "drug_cost": 300.0,
                    "admission_date": "2026-03-02",
                    "is_final": False,
                }
            )
            self.assertEqual(case.state, "in_treatment")
            self.assertEqual(case.sudo().total_fees, 0.0)
            Bill.create(
                {
                    "his_reference": "ZY-1",
                    "voucher_number": "ZD-0001",
                    "kind": "inpatient",
                    "department_id": self.dept_internal.id,
                    "total_fees": 12000.0,
                    "drug_cost": 4000.0,
                    "admission_date": "2026-03-02",
                    "discharge_date": "2026-03-10",
                    "is_final": True,
                }
            )
        self.assertEqual(case.state, "discharged")
        self.assertEqual(calls, [case.ids])
        case = case.sudo()
        self.assertEqual(case.total_fees, 12000.0)
        self.assertEqual(case.drug_cost, 4000.0)
        self.assertEqual(str(case.discharge_date), "2026-03-10")
        self.assertEqual(case.bill_count, 2)
        case.with_user(self.user_office).action_close()
        self.assertEqual(case.state, "closed")

    def test_bill_matches_by_phone_within_the_window(self):
        with freeze_time("2026-03-02 02:00:00"):
            case = self._case(patient_phone="+86 138-0000-2222")
            self._arrive(case, self.user_guide_desk)
        Bill = self.env["hospital.referral.bill"]
        near, far, other = Bill.create(
            [
                {
                    "his_reference": ref,
                    "patient_phone": phone,
                    "kind": "inpatient",
                    "admission_date": day,
                    "total_fees": 100,
                }
                for ref, phone, day in [
                    ("B-near", "13800002222", "2026-03-04"),
                    ("B-far", "13800002222", "2026-03-20"),
                    ("B-other", "13999999999", "2026-03-02"),
                ]
            ]
        )
        self.assertEqual(near.referral_id, case)
        self.assertFalse(far.referral_id)
        self.assertEqual(far.match_state, "unmatched")
        self.assertFalse(other.referral_id)
        # the office matches the queue by hand
        far.with_user(self.user_office).referral_id = case
        self.assertEqual(far.match_state, "matched")

    def test_only_discharged_closes(self):
        case = self._case()
        with self.assertRaises(UserError):
            case.with_user(self.user_office).action_close()

    def test_state_changes_are_tracked(self):
        case = self._case().with_context(tracking_disable=False)
        self.env.flush_all()
        self.env.cr.precommit.run()  # the creation is logged apart from later changes
        self._arrive(case, self.user_guide_desk)
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("field_id.name", "=", "state"),
                ("mail_message_id.model", "=", "hospital.referral"),
                ("mail_message_id.res_id", "=", case.id),
            ]
        )
        self.assertEqual(tracked.old_value_char, "Registered")
        self.assertEqual(tracked.new_value_char, "Arrived")

    def test_arrival_cannot_precede_registration(self):
        # refused in Python, before PostgreSQL would log the row (R-S4), naming the case
        with self.assertRaisesRegex(ValidationError, "ZZ/"):
            self._case(
                user=self.user_office,
                registered_at=datetime(2026, 3, 2, 8, 0),
                arrival_datetime=datetime(2026, 3, 2, 8, 0) - timedelta(hours=3),
            )
        case = self._case(registered_at=datetime(2026, 3, 2, 8, 0))
        with self.assertRaisesRegex(ValidationError, case.name):
            case.write({"arrival_datetime": datetime(2026, 3, 1, 8, 0)})
