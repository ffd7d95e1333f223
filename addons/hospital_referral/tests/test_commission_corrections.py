"""R-C11: commission follows the final bills; what a signed settlement holds is never edited,
the difference is a correcting line in the month of the change, pointing at its cause."""

import base64
import io
from datetime import date

import openpyxl
import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.hospital_marketing.tests.common import MATRIX_ROLES

from .commission_common import DISCHARGE, MONTH, CommissionCase

APRIL = date(2030, 4, 1)
MAY = date(2030, 5, 1)


@tagged("post_install", "-at_install")
class TestCommissionCorrections(CommissionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.promoter = cls.employees["promoter"]
        cls.Bill = cls.env["hospital.referral.bill"]

    def _billed_case(self, fees=10000.0, kind="inpatient", reference="HIS-1"):
        """A case of the part-time promoter in treatment, discharged by its final HIS bill."""
        case = self._case(
            referring_partner_id=self.part_timer.id,
            promoter_id=self.promoter.id,
            state="in_treatment",
            discharge_date=False,
            total_fees=0.0,
            arrival_datetime="2030-03-01 09:00:00",
        )
        bill = self.Bill.create(
            {
                "his_reference": reference,
                "referral_id": case.id,
                "kind": kind,
                "department_id": self.dept_internal.id,
                "total_fees": fees,
                "drug_cost": 0.0,
                "discharge_date": DISCHARGE,
                "is_final": True,
            }
        )
        self.assertEqual(case.state, "discharged")
        return case, bill

    def _lines(self, case, payee=None):
        payee = payee or self.part_timer
        field = "employee_id" if payee._name == "hr.employee" else "partner_id"
        return case.commission_line_ids.filtered(lambda line: line[field] == payee)

    def _sign(self, settlement, until="approved"):
        signer = {
            "draft": "manager",
            "verified": "treatment_leader",
            "clinical_signed": "finance",
            "finance_signed": "vp",
        }
        while settlement.state != until:
            settlement.with_user(self.users[signer[settlement.state]]).action_sign()

    def _signed_march(self, case):
        """March settled, and its part-timer settlement signed off by marketing (frozen)."""
        self._run()
        settlement = self._settlement_of(self.part_timer)
        self.assertEqual(settlement.amount_total, 2000.0)
        settlement.with_user(self.user_manager).action_sign()
        return settlement

    # ------------------------------------------------------------------
    # the worked examples
    # ------------------------------------------------------------------
    def test_corrected_bill_after_settlement_gives_a_correcting_line(self):
        """10 000 → 8 000 after the settlement was signed: -400 (20%) in April."""
        case, bill = self._billed_case()
        original = self._lines(case)
        settlement = self._signed_march(case)
        with freeze_time("2030-04-10"):
            bill.total_fees = 8000.0
        lines = self._lines(case)
        correction = lines - original
        self.assertEqual(original.amount, 2000.0, "a signed line is never edited")
        self.assertEqual(original.settlement_id, settlement)
        self.assertEqual(
            (correction.line_type, correction.amount, correction.base_amount),
            ("correction", -400.0, -2000.0),
        )
        self.assertEqual((correction.date, correction.period_date), (date(2030, 4, 10), APRIL))
        self.assertEqual(correction.correction_of_id, original)
        self.assertIn("HIS-1", correction.cause)
        self.assertFalse(correction.settlement_id)
        self.assertEqual(sum(lines.mapped("amount")), 1600.0, "the lines sum to what is owed")
        # the promoter's 3% line follows the same way
        self.assertEqual(sum(self._lines(case, self.promoter).mapped("amount")), 240.0)
        # a second change of the same month updates the open correction, never stacks lines
        with freeze_time("2030-04-12"):
            bill.total_fees = 7000.0
        self.assertEqual(len(self._lines(case)), 2)
        self.assertEqual(correction.amount, -600.0)
        # April's run settles it apart from March: shown as a correction
        self._run(APRIL)
        april = self._settlement_of(self.part_timer, APRIL)
        self.assertEqual(april.correction_line_ids, correction)
        self.assertEqual((april.amount_correction, april.amount_total), (-600.0, -600.0))
        self.assertEqual(settlement.amount_total, 2000.0)

    def test_a_refused_positive_correction_is_listed_as_an_issue(self):
        """The part-timer became a licensed clinician after March was signed: April's extra
        final bill owes them more, which the guard refuses (R-C10). The refusal is listed
        under Commission > Issues with its reason, kept by April's run, and decided again
        when the case's commission is recomputed."""
        Issue = self.env["hospital.commission.issue"]
        case, _bill = self._billed_case()
        self._signed_march(case)
        self.part_timer.hm_payee_class = "clinician"
        with freeze_time("2030-04-03"):
            extra = self.Bill.create(
                {
                    "his_reference": "HIS-2",
                    "referral_id": case.id,
                    "kind": "inpatient",
                    "total_fees": 5000.0,
                    "discharge_date": DISCHARGE,
                    "is_final": True,
                }
            )
        self.assertEqual(sum(self._lines(case).mapped("amount")), 2000.0, "nothing more paid")
        issue = Issue.search([("res_id", "=", case.id), ("partner_id", "=", self.part_timer.id)])
        self.assertEqual(
            (issue.kind, issue.correction, issue.period_date, issue.source_name),
            ("refused", True, APRIL, case.name),
        )
        self.assertIn("licensed clinician", issue.message)
        self.assertEqual(issue.rule_ids, self._lines(case).rule_id)
        # the promoter's own +150 (3% of 5 000) passes: no issue for them
        self.assertFalse(Issue.search([("res_id", "=", case.id), ("employee_id", "!=", False)]))
        self.assertEqual(sum(self._lines(case, self.promoter).mapped("amount")), 450.0)
        # the marketing office reads it where it reads the other refusals
        self.assertEqual(Issue.with_user(self.user_office).search([("id", "=", issue.id)]), issue)
        # April's month-end run replaces its own refusals, not this one
        self._run(APRIL)
        self.assertTrue(issue.exists())
        # the extra bill is cancelled: nothing more is owed, the refusal is gone
        with freeze_time("2030-04-05"):
            extra.is_final = False
        self.assertFalse(issue.exists())
        self.assertFalse(Issue.search([("res_id", "=", case.id), ("correction", "=", True)]))

    def test_an_extra_final_bill_adds_a_correcting_line(self):
        case, _bill = self._billed_case()
        self._signed_march(case)
        with freeze_time("2030-04-03"):
            extra = self.Bill.create(
                {
                    "his_reference": "HIS-2",
                    "referral_id": case.id,
                    "kind": "inpatient",
                    "total_fees": 5000.0,
                    "discharge_date": DISCHARGE,
                    "is_final": True,
                }
            )
        correction = self._lines(case).filtered(lambda line: line.line_type == "correction")
        self.assertEqual(correction.amount, 1000.0)
        self.assertIn(extra.his_reference, correction.cause)
        self.assertEqual(sum(self._lines(case).mapped("amount")), 3000.0)

    def test_an_extra_final_bill_from_the_his_import_corrects_too(self):
        """The bulk import path (COPY) recomputes the cases it adds final bills to."""
        case, _bill = self._billed_case()
        case.sudo().voucher_number = "V-EXTRA"
        self._signed_march(case)
        bill = {
            "his_reference": "HIS-3",
            "voucher_number": "V-EXTRA",
            "kind": "inpatient",
            "department_code": "T-NK",
            "total_fees": 5000,
            "drug_cost": 0,
            "admission_date": "2030-03-01",
            "discharge_date": "2030-03-15",
            "is_final": True,
        }
        with freeze_time("2030-04-03"):
            result = (
                self.env["hospital.his.importer"]
                .with_user(self.user_office)
                ._api_import([bill], company=self.company)
            )
        self.assertEqual(result["counts"]["created"], 1, result["results"])
        correction = self._lines(case).filtered(lambda line: line.line_type == "correction")
        self.assertEqual((correction.amount, correction.period_date), (1000.0, APRIL))
        self.assertIn("HIS-3", correction.cause)

    def test_a_refund_bill_gives_a_negative_correction(self):
        case, bill = self._billed_case()
        self._signed_march(case)
        with freeze_time("2030-04-05"):
            refund = self.Bill.create(
                {
                    "his_reference": "HIS-1-R",
                    "refund_of_id": bill.id,
                    "kind": "inpatient",
                    "total_fees": -2000.0,
                    "discharge_date": date(2030, 4, 5),
                    "is_final": True,
                }
            )
        self.assertEqual(refund.referral_id, case, "a refund belongs to its original's case")
        self.assertEqual(case.total_fees, 8000.0)
        self.assertEqual(case.discharge_date, DISCHARGE, "a refund does not move the discharge")
        correction = self._lines(case).filtered(lambda line: line.line_type == "correction")
        self.assertEqual(correction.amount, -400.0)
        self.assertIn("HIS-1-R", correction.cause)

    @mute_logger("odoo.sql_db")
    def test_negative_amounts_only_on_refund_bills(self):
        _case, bill = self._billed_case()
        # refused in Python before PostgreSQL, whose refusal would log the row (R-S4)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.Bill.create({"his_reference": "NEG", "total_fees": -10.0})
        with self.assertRaisesRegex(ValidationError, "cannot be positive"):
            self.Bill.create(
                {"his_reference": "POS-R", "refund_of_id": bill.id, "total_fees": 10.0}
            )
        with self.assertRaisesRegex(ValidationError, "cannot be positive"):
            self.Bill.create({"his_reference": "NEG-R", "refund_of_id": bill.id}).write(
                {"total_fees": 5.0}
            )
        # the table refuses it as well, whoever writes around the ORM
        with (
            self.assertRaises(psycopg2.errors.CheckViolation),
            self.env.cr.savepoint(),
            mute_logger("odoo.sql_db"),
        ):
            self.env.cr.execute(
                "UPDATE hospital_referral_bill SET total_fees = -1 WHERE id = %s", [bill.id]
            )

    def test_a_case_rejected_as_fake_after_settlement_is_cancelled_by_a_correction(self):
        case, _bill = self._billed_case()
        self._signed_march(case)
        original = self._lines(case)
        with freeze_time("2030-04-20"):
            case.sudo().fraud_flag = "duplicate"
            case.with_user(self.user_leader)._reject("虚假转诊")
        self.assertEqual(case.state, "rejected")
        correction = self._lines(case) - original
        self.assertEqual((correction.line_type, correction.amount), ("correction", -2000.0))
        self.assertEqual(correction.period_date, APRIL)
        self.assertIn("no longer counts", correction.cause)
        self.assertEqual(sum(self._lines(case).mapped("amount")), 0.0)
        self.assertEqual(original.amount, 2000.0)
        # the promoter's line sat in an unsigned draft: it simply goes
        self.assertFalse(self._lines(case, self.promoter))
        self.assertEqual(self._settlement_of(self.promoter).amount_commission, 0.0)

    def test_corrected_before_the_run_the_line_simply_changes(self):
        case, bill = self._billed_case()
        line = self._lines(case)
        bill.total_fees = 8000.0
        self.assertEqual(self._lines(case), line, "no correction before anything is signed")
        self.assertEqual(
            (line.line_type, line.amount, line.base_amount), ("commission", 1600.0, 8000.0)
        )
        # in a draft settlement it still changes in place
        self._run()
        bill.total_fees = 9000.0
        self.assertEqual(self._lines(case), line)
        self.assertEqual(line.amount, 1800.0)
        self.assertEqual(self._settlement_of(self.part_timer).amount_total, 1800.0)
        # a later final bill moves the discharge to April: April's run settles the line
        self.Bill.create(
            {
                "his_reference": "HIS-1B",
                "referral_id": case.id,
                "kind": "inpatient",
                "total_fees": 1000.0,
                "discharge_date": date(2030, 4, 2),
                "is_final": True,
            }
        )
        self.assertEqual((line.period_date, line.amount), (APRIL, 2000.0))
        self.assertFalse(line.settlement_id)
        self.assertEqual(self._settlement_of(self.part_timer).amount_total, 0.0)
        self._run(APRIL)
        self.assertEqual(line.settlement_id, self._settlement_of(self.part_timer, APRIL))
        # a case rejected while nothing is signed loses its lines
        case.sudo().write({"state": "rejected", "decision_note": "wrong patient"})
        self.assertFalse(case.commission_line_ids)

    def test_a_commission_line_is_still_paid_once(self):
        case, _bill = self._billed_case()
        line = self._lines(case)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            line.sudo().copy({"date": line.date})
        # the run, run again, writes nothing more
        self._run()
        self._run()
        self.assertEqual(self._lines(case), line)

    def test_the_bulk_writer_writes_what_the_orm_would(self):
        case, _bill = self._billed_case()
        lines = case.commission_line_ids  # written by the bulk insert at discharge
        fnames = [
            fname
            for fname, field in self.Line._fields.items()
            if field.store and fname not in ("id", "create_date", "write_date")
        ]

        def rows(records):
            return sorted(
                ({k: v for k, v in row.items() if k != "id"} for row in records.read(fnames)),
                key=lambda row: row["role"],
            )

        bulk = rows(lines)
        lines.sudo().unlink()
        vals_list, _issues = self.Engine._prepare_lines(case._commission_candidates())
        self.assertEqual(rows(self.Line.sudo().create(vals_list)), bulk)

    def test_nobody_writes_corrections_by_hand(self):
        """Correcting lines and adjustments come from the engine only, for every role."""
        case, _bill = self._billed_case()
        line = self._lines(case)
        fine = self.env["hospital.performance.adjustment"].create(
            {
                "name": "Late report",
                "state": "confirmed",
                "employee_id": self.employees["promoter_b"].id,
                "amount": -50.0,
            }
        )
        for role in MATRIX_ROLES:
            user = self.users[role]
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.Line.with_user(user).create(
                        {**line.copy_data()[0], "line_type": "correction", "amount": 500.0}
                    )
                with self.assertRaises(AccessError):
                    line.with_user(user).write({"amount": 2500.0})
                with self.assertRaises(AccessError):
                    line.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["hospital.performance.adjustment"].with_user(user).create(
                        {
                            "name": "Fake correction",
                            "employee_id": self.employees["promoter_b"].id,
                            "amount": 50.0,
                            "correction_of_id": fine.id,
                        }
                    )
                with self.assertRaises(AccessError):
                    self.company.with_user(user).write({"hm_commission_withholding_tax_id": False})

    # ------------------------------------------------------------------
    # inpatient / outpatient rules (R-C4)
    # ------------------------------------------------------------------
    def test_outpatient_bill_does_not_get_the_inpatient_fee_band(self):
        self.rule_institution.care_kind = "inpatient"
        self.assertEqual(self.rule_institution.specificity, 1)
        outpatient = self._case(
            referring_partner_id=self.clinic.id,
            state="in_treatment",
            discharge_date=False,
            total_fees=0.0,
        )
        self.Bill.create(
            {
                "his_reference": "OP-1",
                "referral_id": outpatient.id,
                "kind": "outpatient",
                "total_fees": 200.0,
                "discharge_date": DISCHARGE,
                "is_final": True,
            }
        )
        inpatient = self._case(
            referring_partner_id=self.clinic.id,
            state="in_treatment",
            discharge_date=False,
            total_fees=0.0,
        )
        self.Bill.create(
            [
                {
                    "his_reference": ref,
                    "referral_id": inpatient.id,
                    "kind": kind,
                    "total_fees": 100.0,
                    "discharge_date": DISCHARGE,
                    "is_final": True,
                }
                for ref, kind in (("IP-1", "inpatient"), ("IP-1-OP", "outpatient"))
            ]
        )
        self.assertEqual((outpatient.care_kind, inpatient.care_kind), ("outpatient", "inpatient"))
        self._run()
        self.assertFalse(outpatient.commission_line_ids.filtered("partner_id"))
        self.assertEqual(inpatient.commission_line_ids.filtered("partner_id").amount, 300.0)

    # ------------------------------------------------------------------
    # quota and fines after a sign-off (R-W6, R-W5)
    # ------------------------------------------------------------------
    def test_quota_corrected_after_signoff_goes_to_the_months_new_draft(self):
        for _i in range(3):
            self._case(promoter_id=self.promoter.id)
        self._run()
        signed = self._settlement_of(self.promoter)
        penalty = signed.adjustment_ids
        self.assertEqual(penalty.amount, -200.0)  # 3 of 4 patients
        signed.with_user(self.user_manager).action_sign()
        self._case(promoter_id=self.promoter.id)  # the 4th patient, after the sign-off
        self._run()
        self.assertEqual(penalty.amount, -200.0, "what was signed is not edited")
        draft = self.Settlement.search(
            [("employee_id", "=", self.promoter.id), ("state", "=", "draft")]
        )
        self.assertEqual(draft.date_from, MONTH)
        correction = draft.adjustment_ids
        self.assertEqual((correction.amount, correction.correction_of_id), (200.0, penalty))
        # running again changes nothing
        self._run()
        self.assertEqual(draft.adjustment_ids, correction)
        self.assertEqual(correction.amount, 200.0)

    def test_a_fine_cancelled_after_signoff_is_reversed_in_a_new_draft(self):
        fine = self.env["hospital.performance.adjustment"].create(
            {
                "name": "Weekly report late",
                "kind": "late_report",
                "state": "confirmed",
                "employee_id": self.promoter.id,
                "date": MONTH.replace(day=20),
                "amount": -50.0,
            }
        )
        self._case(promoter_id=self.promoter.id)
        self._run()
        signed = self._settlement_of(self.promoter)
        signed.with_user(self.user_manager).action_sign()
        with self.assertRaises(AccessError):  # not the promoter's own decision
            fine.with_user(self.user_promoter).action_cancel()
        fine.with_user(self.user_leader).action_cancel()
        self.assertEqual(fine.state, "confirmed", "signed: it stays as signed")
        reversal = self.env["hospital.performance.adjustment"].search(
            [("correction_of_id", "=", fine.id)]
        )
        self.assertEqual((reversal.amount, reversal.date), (50.0, fine.date))
        fine.with_user(self.user_leader).action_cancel()  # twice: reversed once
        self.assertEqual(
            self.env["hospital.performance.adjustment"].search_count(
                [("correction_of_id", "=", fine.id)]
            ),
            1,
        )
        self._run()
        self.assertEqual(reversal.settlement_id.state, "draft")
        self.assertEqual(reversal.settlement_id.date_from, MONTH)
        self.assertNotEqual(reversal.settlement_id, signed)

    # ------------------------------------------------------------------
    # a negative total is carried into the next month
    # ------------------------------------------------------------------
    def test_negative_settlement_is_carried_into_the_next_month(self):
        case, bill = self._billed_case()
        march = self._signed_march(case)
        self._sign(march)
        march.with_user(self.user_finance).action_post()
        with freeze_time("2030-04-10"):
            bill.total_fees = 8000.0
        self._run(APRIL)
        april = self._settlement_of(self.part_timer, APRIL)
        self.assertEqual(april.amount_total, -400.0)
        self._sign(april)
        for role in ("manager", "promoter", "vp"):
            with self.assertRaises(AccessError):
                april.with_user(self.users[role]).action_post()
        self.assertFalse(april.with_user(self.user_finance).action_post(), "nothing posted")
        self.assertEqual(april.state, "carried")
        self.assertFalse(april.move_id)
        may = april.carried_to_id
        self.assertEqual(
            (may.date_from, may.state, may.partner_id), (MAY, "draft", self.part_timer)
        )
        carry = may.correction_line_ids
        self.assertEqual((carry.line_type, carry.amount), ("carry", -400.0))
        self.assertEqual(carry.carried_from_id, april)
        self.assertEqual(may.amount_total, -400.0)
        # a new case of May pays the rest
        self._case(referring_partner_id=self.part_timer.id, discharge_date=date(2030, 5, 3))
        self._run(MAY)
        self.assertEqual(may.amount_total, 1600.0)
        with self.assertRaisesRegex(UserError, "carried into the next month"):
            april.with_user(self.user_manager).action_cancel()
        # the payee's statement of May says where the deduction comes from
        wizard = (
            self.env["hospital.commission.statement.wizard"]
            .with_user(self.user_finance)
            .create({"kind": "payee", "settlement_ids": [Command.set(may.ids)]})
        )
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)))
        cases = [row[0] for row in book.worksheets[0].iter_rows(min_row=6, values_only=True)]
        self.assertTrue(any(april.name in (case or "") for case in cases), cases)

    # ------------------------------------------------------------------
    # a late draft of the same payee and month when a settlement is rejected
    # ------------------------------------------------------------------
    def test_reject_with_a_late_draft_takes_its_cases(self):
        case, _bill = self._billed_case()
        settlement = self._signed_march(case)
        late = self._case(referring_partner_id=self.part_timer.id, total_fees=5000.0)
        self._run()
        draft = self.Settlement.search(
            [("partner_id", "=", self.part_timer.id), ("state", "=", "draft")]
        )
        self.assertEqual(draft.line_ids.referral_id, late)
        self.env["hospital.commission.reject.wizard"].with_user(self.user_treatment_leader).create(
            {"settlement_ids": [Command.set(settlement.ids)], "reason": "Wrong fee"}
        ).action_reject()
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(draft.exists())
        self.assertEqual(settlement.line_ids.referral_id, case | late)
        self.assertEqual(settlement.amount_total, 3000.0)

    # ------------------------------------------------------------------
    # numbering, schedule, month end
    # ------------------------------------------------------------------
    def test_numbers_follow_the_settlement_month(self):
        self._billed_case()
        self._run()
        self.assertTrue(self._settlement_of(self.part_timer).name.startswith("COM/2030/"))

    def test_month_end_job_works_in_the_company_time_zone(self):
        self._billed_case()
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        # 00:30 on 1 April in Beijing is still 31 March in UTC
        with freeze_time("2030-03-31 16:30:00"):
            self.env["hospital.commission.run"]._cron_month_end()
        self.assertEqual(self._settlement_of(self.part_timer).amount_total, 2000.0)

    def test_a_month_is_not_settled_before_it_ends(self):
        self._billed_case()
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        wizard = self.env["hospital.commission.run.wizard"].with_user(self.user_manager)
        with freeze_time("2030-03-31 12:00:00"), self.assertRaisesRegex(UserError, "not over"):
            wizard.create({"month": MONTH}).action_run()
        self.assertFalse(self._settlement_of(self.part_timer))
        with freeze_time("2030-03-31 16:30:00"):
            wizard.create({"month": MONTH}).action_run()
        self.assertEqual(self._settlement_of(self.part_timer).amount_total, 2000.0)
