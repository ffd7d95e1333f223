"""Issue 8: the HIS bill and agreement forms show the protected workflow fields read-only to
exactly the roles the server refuses them to (as the case, partner and employee forms do)."""

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.hospital_referral_bill import HIS_FIELDS
from .test_workflow_fields import ALL_ROLES, PDF, WorkflowCase


@tagged("post_install", "-at_install")
class TestFormReadonly(WorkflowCase):
    def _writes(self, records, vals, role):
        """Whether ``role`` may write ``vals`` on ``records`` (rolled back)."""
        try:
            with self.env.cr.savepoint():
                records.with_user(self._user(role)).write(vals)
        except AccessError:
            return False
        return True

    def _form_readonly(self, model):
        """{field name: readonly expression} of the model's form."""
        arch = self.env[model].get_view(view_type="form")["arch"]
        return {
            node.get("name"): node.get("readonly", "")
            for node in etree.fromstring(arch).iter("field")
        }

    def test_bill_form_follows_the_server(self):
        bill = self.env["hospital.referral.bill"].create(
            {"his_reference": "RO-1", "total_fees": 100.0, "kind": "outpatient"}
        )
        Bill = self.env["hospital.referral.bill"]
        editors = set()
        for role in ALL_ROLES:
            with self.subTest(role=role):
                shown = Bill.with_user(self._user(role)).new({}).can_edit_his
                self.assertEqual(shown, self._writes(bill, {"total_fees": 90.0}, role))
                if shown:
                    editors.add(role)
        self.assertEqual(editors, {"office", "manager", "vp", "finance"})
        readonly = self._form_readonly("hospital.referral.bill")
        shown_fields = [fname for fname in HIS_FIELDS if fname in readonly]
        self.assertIn("total_fees", shown_fields)
        for fname in shown_fields:
            self.assertIn("not can_edit_his", readonly[fname], fname)

    def test_agreement_form_follows_the_server(self):
        agreement = (
            self.env["hospital.referral.agreement"]
            .with_user(self.user_promoter)
            .create(
                {
                    "name": "协议",
                    "partner_id": self.clinic.id,
                    "date_start": "2026-01-01",
                    "document": PDF,
                    "document_name": "signed.pdf",
                }
            )
        )
        Agreement = self.env["hospital.referral.agreement"]
        for role in ("promoter", "leader", "manager", "vp"):
            with self.subTest(role=role):
                form = Agreement.with_user(self._user(role)).new({})
                self.assertEqual(
                    form.can_reassign,
                    self._writes(agreement, {"promoter_id": self.employees["promoter_b"].id}, role),
                )
                self.assertEqual(
                    form.can_sign, self._writes(agreement, {"signed_date": "2026-01-05"}, role)
                )
        promoter = Agreement.with_user(self.user_promoter).new({})
        self.assertFalse(promoter.can_reassign or promoter.can_sign)
        readonly = self._form_readonly("hospital.referral.agreement")
        self.assertIn("not can_reassign", readonly["promoter_id"])
        self.assertIn("not can_sign", readonly["signed_date"])
