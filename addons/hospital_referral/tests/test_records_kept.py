"""What the department must keep cannot be deleted, whatever the role's access rights (issue 8:
no role can hide what it may not): a case the patient came for or a flagged one (R-R6), a signed
agreement (R-C10, class C), a partner's grade history, and a department cases point at."""

import base64

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ReferralCase

DELETERS = ("promoter", "leader", "office", "manager", "vp")


@tagged("post_install", "-at_install")
class TestRecordsKept(ReferralCase):
    def _refused(self, records, role, exception=UserError):
        # an AccessError is a UserError
        with (
            self.subTest(role=role, model=records._name),
            self.assertRaises(exception),
            self.env.cr.savepoint(),
        ):
            records.with_user(self.users[role]).unlink()

    def test_a_case_is_deleted_only_while_registered_and_unflagged(self):
        typo = self._case()
        typo.with_user(self.user_manager).unlink()
        self.assertFalse(typo.exists(), "a plain registration typed by mistake goes")
        came = self._case(patient_phone="13900005555")
        self._arrive(came, self.user_guide_desk)
        flagged = self._case(patient_phone="13900005555")  # the same phone: a duplicate flag
        self.assertTrue(flagged.fraud_flag)
        for role in DELETERS:
            self._refused(came, role)
            self._refused(flagged, role)
        self.assertTrue(came.exists() and flagged.exists())

    def _agreement(self, name):
        return (
            self.env["hospital.referral.agreement"]
            .with_user(self.user_promoter)
            .create(
                {
                    "name": name,
                    "partner_id": self.clinic.id,
                    "date_start": "2026-01-01",
                    "document": base64.b64encode(b"%PDF-1.4 signed"),
                    "document_name": "agreement.pdf",
                }
            )
        )

    def test_a_signed_agreement_is_cancelled_never_deleted(self):
        agreement = self._agreement("双向转诊协议")
        agreement.with_user(self.user_manager).action_sign()
        for role in DELETERS:
            self._refused(agreement, role)
        agreement.with_user(self.user_manager).action_cancel()
        self._refused(agreement, "manager")
        self.assertTrue(agreement.exists())
        draft = self._agreement("草稿")
        draft.with_user(self.user_manager).unlink()
        self.assertFalse(draft.exists(), "a draft never signed may go")

    def test_the_grade_history_is_kept(self):
        self.clinic.with_user(self.user_leader).write({"hm_referral_grade": "a"})
        history = self.env["hospital.referral.grade.history"].search(
            [("partner_id", "=", self.clinic.id)]
        )
        self.assertTrue(history)
        for role in DELETERS:
            self._refused(history, role, AccessError)

    def test_a_department_under_cases_is_archived_not_deleted(self):
        self._case(department_id=self.dept_surgery.id)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.dept_surgery.unlink()
        self.dept_surgery.action_archive()
        self.assertFalse(self.dept_surgery.active)
