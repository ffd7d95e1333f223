from datetime import date

from odoo.tests import tagged

from .commission_common import MONTH, CommissionCase


@tagged("post_install", "-at_install")
class TestGuardSetWiseAtMonthEnd(CommissionCase):
    """R-C10 at the month-end run, with the guard asked once per payee and date rather than
    once per line: every line is still decided on its own payee and its own date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.part_timer_b = cls.env["res.partner"].create(
            {"name": "Zhou Part-timer", "referral_partner_kind": "part_time"}
        )
        cls.env["hospital.referral.agreement"].create(
            {
                "name": "Intermediary, Zhou",
                "kind": "intermediary",
                "state": "signed",
                "partner_id": cls.part_timer_b.id,
                "date_start": date(2030, 1, 1),
            }
        )

    def _lines(self, cases, payee):
        return cases.commission_line_ids.filtered(lambda line: line.partner_id == payee)

    def _issues(self, payee):
        return self.env["hospital.commission.issue"].search(
            [("partner_id", "=", payee.id), ("kind", "=", "refused")]
        )

    def test_one_payee_reclassified_among_many_lines(self):
        """Three cases of each of two part-timers, settled in drafts; one part-timer becomes a
        licensed clinician: the next run takes its three lines out of the draft and lists each
        of them, the other part-timer's lines stay settled."""
        days = (3, 15, 15)
        cases_a = self.env["hospital.referral"].browse(
            [
                self._case(
                    referring_partner_id=self.part_timer.id, discharge_date=date(2030, 3, d)
                ).id
                for d in days
            ]
        )
        cases_b = self.env["hospital.referral"].browse(
            [
                self._case(
                    referring_partner_id=self.part_timer_b.id, discharge_date=date(2030, 3, d)
                ).id
                for d in days
            ]
        )
        lines_a, lines_b = (
            self._lines(cases_a, self.part_timer),
            self._lines(cases_b, self.part_timer_b),
        )
        self.assertEqual((len(lines_a), len(lines_b)), (3, 3), "written at discharge")
        self._run()
        self.assertTrue(all(lines_a.mapped("settlement_id")))
        self.part_timer.with_user(self.user_manager).hm_payee_class = "clinician"
        self._run()
        self.assertFalse(lines_a.mapped("settlement_id"), "taken out of the open draft")
        self.assertEqual(
            sorted(self._issues(self.part_timer).mapped("res_id")), sorted(cases_a.ids)
        )
        self.assertIn("licensed clinician", self._issues(self.part_timer)[:1].message)
        self.assertEqual(len(lines_b.settlement_id), 1, "the other payee is still settled")
        self.assertFalse(self._issues(self.part_timer_b))
        self.assertFalse(self._settlement_of(self.part_timer).line_ids)

    def test_agreement_ended_mid_month_splits_one_payees_lines(self):
        """The same payee, two discharge dates: its agreement ended between them after both
        lines were written. The line of the earlier date settles, the later one is refused."""
        early = self._case(
            referring_partner_id=self.part_timer_b.id, discharge_date=date(2030, 3, 5)
        )
        late = self._case(
            referring_partner_id=self.part_timer_b.id, discharge_date=date(2030, 3, 20)
        )
        line_early = self._lines(early, self.part_timer_b)
        line_late = self._lines(late, self.part_timer_b)
        self.assertTrue(line_early and line_late, "both written at discharge")
        agreement = self.env["hospital.referral.agreement"].search(
            [("partner_id", "=", self.part_timer_b.id)]
        )
        agreement.sudo().date_end = date(2030, 3, 10)
        self._run()
        self.assertTrue(line_early.settlement_id)
        self.assertEqual(line_early.settlement_id.date_from, MONTH)
        self.assertFalse(line_late.settlement_id)
        issues = self._issues(self.part_timer_b)
        self.assertEqual(issues.mapped("res_id"), [late.id])
        self.assertIn("intermediary agreement", issues.message)
