from datetime import date

from odoo.tests import Form, tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestFormsShowWhatTheRoleMayChange(MarketingCase):
    """The forms show the protected fields read-only to the roles whose write() would refuse
    them, and editable to those who may change them (a view is no security: the refusals are
    tested in test_workflow_fields)."""

    def assertFormReadonly(self, record, user, fnames, readonly=True):
        form = Form(record.with_user(user))
        for fname in fnames:
            with self.subTest(user=user.login, field=fname):
                self.assertEqual(
                    bool(form._get_modifier(fname, "readonly")),
                    readonly,
                    f"{fname} {'read-only' if readonly else 'editable'} for {user.login}",
                )

    def test_work_report_owner_by_the_leader_content_until_submitted(self):
        report = self.env["hospital.work.report"].create(
            {"employee_id": self.employees["promoter"].id, "date": date(2026, 12, 3)}
        )
        owner = ("employee_id", "team_id")
        content = ("whereabouts", "new_clients", "call_notes", "summary")
        self.assertFormReadonly(report, self.user_promoter, owner)
        self.assertFormReadonly(report, self.user_promoter, content, readonly=False)
        self.assertFormReadonly(report, self.user_leader, owner, readonly=False)
        report.with_user(self.user_promoter).write({"summary": "两家合作方"})
        report.with_user(self.user_promoter).action_submit()
        # a submitted report is returned for corrections, never edited in place
        for user in (self.user_promoter, self.user_leader, self.user_manager):
            self.assertFormReadonly(report, user, content)

    def test_adjustment_decided_by_a_leader_never_on_their_own_pay(self):
        Adjustment = self.env["hospital.performance.adjustment"]
        decided = ("name", "employee_id", "kind", "date", "amount")
        promoters_fine = Adjustment.create(
            {"name": "迟到", "employee_id": self.employees["promoter"].id, "amount": -50.0}
        )
        leaders_fine = Adjustment.create(
            {"name": "迟交周报", "employee_id": self.employees["leader"].id, "amount": -50.0}
        )
        self.assertFormReadonly(promoters_fine, self.user_leader, decided, readonly=False)
        self.assertFormReadonly(promoters_fine, self.user_leader, ("team_id",), readonly=False)
        self.assertFormReadonly(leaders_fine, self.user_leader, decided)
        self.assertFormReadonly(leaders_fine, self.user_manager, decided, readonly=False)
        promoters_fine.with_user(self.user_leader).action_confirm()
        self.assertFormReadonly(promoters_fine, self.user_manager, decided)

    def test_visit_promoter_and_team_by_the_leader(self):
        visit = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": self.env["res.partner"].create({"name": "东湖诊所"}).id})
        )
        self.assertEqual(visit.promoter_id, self.employees["promoter"])
        self.assertFormReadonly(visit, self.user_promoter, ("promoter_id", "team_id"))
        self.assertFormReadonly(visit, self.user_leader, ("promoter_id", "team_id"), readonly=False)
