"""R-R5 and R-C11: refund (credit) bills come through the HIS API and the import wizard by
naming the bill they refund (``refund_of``); the commission of a discharged, settled case goes
down by a correcting line. The bulk (COPY) path writes the rows the ORM's ``create`` writes."""

import base64
import json
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from .commission_common import DISCHARGE, CommissionCase

URL = "/hospital_referral/his/bills"


def api_bill(reference, **values):
    bill = {
        "his_reference": reference,
        "kind": "inpatient",
        "department_code": "T-NK",
        "total_fees": -2000,
        "drug_cost": 0,
        "discharge_date": "2030-04-05",
        "is_final": True,
    }
    bill.update(values)
    return bill


@tagged("post_install", "-at_install")
class TestHisRefund(CommissionCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.promoter = cls.employees["promoter"]
        cls.Bill = cls.env["hospital.referral.bill"]
        cls.user_his = new_test_user(
            cls.env, login="hm_his_refund", groups="hospital_referral.group_his_integration"
        )
        (cls.user_his | cls.user_office).lang = "en_US"

    def _billed_case(self, reference="HIS-1", fees=10000.0, voucher="V-1"):
        """A case of the part-time promoter discharged by its final HIS bill, March settled
        and its settlement signed by marketing (what it holds is frozen)."""
        case = self._case(
            referring_partner_id=self.part_timer.id,
            promoter_id=self.promoter.id,
            state="in_treatment",
            discharge_date=False,
            total_fees=0.0,
            arrival_datetime="2030-03-01 09:00:00",
            voucher_number=voucher,
        )
        bill = self.Bill.create(
            {
                "his_reference": reference,
                "referral_id": case.id,
                "kind": "inpatient",
                "department_id": self.dept_internal.id,
                "total_fees": fees,
                "drug_cost": 0.0,
                "discharge_date": DISCHARGE,
                "is_final": True,
            }
        )
        self.assertEqual(case.state, "discharged")
        self._run()
        settlement = self._settlement_of(self.part_timer)
        self.assertEqual(settlement.amount_total, fees * 0.2)
        settlement.with_user(self.user_manager).action_sign()
        return case, bill

    def _part_timer_lines(self, case):
        return case.commission_line_ids.filtered(lambda line: line.partner_id == self.part_timer)

    def _assert_refund_corrects(self, case, bill, reference):
        refund = self.Bill.search([("his_reference", "=", reference)])
        self.assertEqual(refund.refund_of_id, bill)
        self.assertEqual(refund.referral_id, case, "a refund belongs to its original's case")
        self.assertEqual(refund.total_fees, -2000.0)
        self.assertEqual(case.total_fees, 8000.0)
        self.assertEqual(case.discharge_date, DISCHARGE, "a refund does not move the discharge")
        lines = self._part_timer_lines(case)
        correction = lines.filtered(lambda line: line.line_type == "correction")
        self.assertEqual(correction.amount, -400.0, "-20% of the refund of 2 000")
        self.assertIn(reference, correction.cause)
        self.assertEqual(sum(lines.mapped("amount")), 1600.0)
        self.assertEqual(
            lines.filtered(lambda line: line.line_type != "correction").amount,
            2000.0,
            "the signed line is never edited",
        )

    # ------------------------------------------------------------------
    # the API
    # ------------------------------------------------------------------
    def _post(self, bills):
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.user_his)
            ._generate(scope="rpc", name="HIS", expiration_date=datetime.now() + timedelta(days=1))
        )
        response = self.url_open(
            URL,
            data=json.dumps({"bills": bills}),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()["results"]

    def test_api_refund_corrects_the_commission(self):
        case, bill = self._billed_case()
        results = self._post([api_bill("HIS-1-R", refund_of="HIS-1")])
        self.assertEqual(results[0]["status"], "created", results)
        self._assert_refund_corrects(case, bill, "HIS-1-R")
        # sent again: unchanged, no second correction
        results = self._post([api_bill("HIS-1-R", refund_of="HIS-1")])
        self.assertEqual(results[0]["status"], "unchanged", results)
        self.assertEqual(sum(self._part_timer_lines(case).mapped("amount")), 1600.0)

    def test_api_refund_errors_name_the_bill(self):
        _case, bill = self._billed_case()
        self.Bill.create({"his_reference": "HIS-1-R0", "refund_of_id": bill.id})
        bills = [
            api_bill("R-UNKNOWN", refund_of="NOPE"),  # 0
            api_bill("R-OF-REFUND", refund_of="HIS-1-R0"),  # 1
            api_bill("R-POSITIVE", refund_of="HIS-1", total_fees=100),  # 2
            api_bill("NEGATIVE", total_fees=-100),  # 3
            api_bill("R-EARLY", refund_of="LATER"),  # 4
            api_bill("LATER", total_fees=500),  # 5
            api_bill("NEW-ORIGINAL", total_fees=700),  # 6
            # 7, the original's reference in full-width characters
            api_bill("R-NEW", refund_of="ＮＥＷ－ＯＲＩＧＩＮＡＬ", total_fees=-700),  # noqa: RUF001
            api_bill("R-OF-R-NEW", refund_of="R-NEW"),  # 8
            api_bill("R-SELF", refund_of="R-SELF"),  # 9
            api_bill("R-ZERO", refund_of="HIS-1", total_fees=0),  # 10
            api_bill("R-DRUG", refund_of="HIS-1", total_fees=-100, drug_cost=-200),  # 11
            api_bill("R-TYPE", refund_of=12),  # 12
        ]
        results = self._post(bills)
        statuses = [result["status"] for result in results]
        self.assertEqual(
            statuses,
            ["error"] * 5 + ["created"] * 3 + ["error", "error", "created", "error", "error"],
            results,
        )
        errors = {index: result["error"] for index, result in enumerate(results)}
        self.assertEqual(
            errors[0],
            "bills[0].refund_of: unknown original bill NOPE: import the bill it refunds first",
        )
        self.assertEqual(errors[1], "bills[1].refund_of: the bill HIS-1-R0 is itself a refund")
        self.assertEqual(
            errors[2], "bills[2].total_fees: a refund bill's amount is 0 or negative, not 100"
        )
        self.assertEqual(errors[3], "bills[3].total_fees: the amount -100 is negative")
        self.assertIn("bills[4].refund_of: the original bill LATER comes after", errors[4])
        self.assertIn("(bills[5])", errors[4])
        self.assertEqual(errors[8], "bills[8].refund_of: the bill R-NEW is itself a refund")
        self.assertEqual(errors[9], "bills[9].refund_of: a bill cannot refund itself")
        self.assertIn("bills[11].drug_cost: the drug cost is higher", errors[11])
        self.assertIn("bills[12].refund_of: text is expected, not number", errors[12])
        # an original and its refund in one batch: the refund refers to the new bill
        refund = self.Bill.search([("his_reference", "=", "R-NEW")])
        self.assertEqual(refund.refund_of_id.his_reference, "NEW-ORIGINAL")
        self.assertEqual(refund.total_fees, -700.0)
        stored = self.Bill.search([("his_reference", "like", "R-%")])
        self.assertEqual(sorted(stored.mapped("his_reference")), ["R-NEW", "R-ZERO"])

    # ------------------------------------------------------------------
    # the import wizard
    # ------------------------------------------------------------------
    def _wizard(self, content):
        return (
            self.env["hospital.referral.bill.import"]
            .with_user(self.user_office)
            .create({"file": base64.b64encode(content), "file_name": "退费.csv"})
        )

    def test_wizard_refund_corrects_the_commission(self):
        case, bill = self._billed_case()
        content = "\n".join(
            [
                "住院号,类别,科室,总费用,药费,出院日期,已结算,原单号",
                "HIS-1-R,住院,T-NK,-2000,0,2030-04-05,是,HIS-1",
            ]
        ).encode("utf-8")
        wizard = self._wizard(content)
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview", wizard.summary)
        self.assertFalse(wizard.has_errors, wizard.summary)
        self.assertIn("-2,000.00", wizard.summary, "the preview shows the parsed refund")
        with freeze_time("2030-04-05"):
            wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.summary)
        self._assert_refund_corrects(case, bill, "HIS-1-R")
        correction = self._part_timer_lines(case).filtered(
            lambda line: line.line_type == "correction"
        )
        self.assertEqual(correction.period_date, date(2030, 4, 1), "in the month of the refund")

    def test_wizard_refund_errors_name_the_row(self):
        self._billed_case()
        content = "\n".join(
            [
                "住院号,类别,科室,总费用,药费,出院日期,已结算,冲红单号",
                "R-UNKNOWN,住院,T-NK,-10,0,2030-04-05,是,NOPE",
                "R-POSITIVE,住院,T-NK,10,0,2030-04-05,是,HIS-1",
                "NEGATIVE,住院,T-NK,-10,0,2030-04-05,是,",
                "R-OK,住院,T-NK,-10,0,2030-04-05,是,HIS-1",
                "R-OF-R,住院,T-NK,-10,0,2030-04-05,是,R-OK",
            ]
        ).encode("utf-8")
        wizard = self._wizard(content)
        wizard.action_import()
        self.assertTrue(wizard.has_errors)
        summary = wizard.summary
        self.assertIn(
            "Row 2, column 冲红单号: unknown original bill NOPE: import the bill it refunds first",
            summary,
        )
        self.assertIn("Row 3, column 总费用: a refund bill&#39;s amount is 0 or negative", summary)
        self.assertIn("Row 4, column 总费用: the amount -10 is negative", summary)
        self.assertIn("Row 6, column 冲红单号: the bill R-OK is itself a refund", summary)
        self.assertNotIn("Row 5,", summary)
        self.assertFalse(self.Bill.search([("his_reference", "like", "R-%")]), "all or nothing")

    # ------------------------------------------------------------------
    # the bulk path writes what create writes
    # ------------------------------------------------------------------
    def test_bulk_rows_equal_orm_rows(self):
        """Every stored column of a bill written by the importer's COPY equals the one the
        ORM's ``create`` writes for the same values, stored computed and related fields
        included: a bill matched by voucher, one matched by phone, an unmatched one, and
        refunds of a matched and of an unmatched bill."""
        case, _bill = self._billed_case(voucher="V-PAR")
        case.sudo().patient_phone = "138 0000 2222"
        Importer = self.env["hospital.his.importer"].with_user(self.user_office)
        Bill = self.Bill.with_user(self.user_office)
        common = {
            "company_id": self.company.id,
            "kind": "inpatient",
            "department_id": self.dept_surgery.id,
            "admission_date": date(2030, 3, 1),
            "discharge_date": date(2030, 3, 20),
            "is_final": True,
            "patient_name": "Patient",
            "patient_phone": False,
            "voucher_number": False,
            "his_row_hash": "fingerprint",
            "refund_of_id": False,
        }
        variants = {
            "voucher": {"voucher_number": "V-PAR", "total_fees": 500.0, "drug_cost": 100.0},
            "phone": {"patient_phone": "13800002222", "total_fees": 300.0, "drug_cost": 0.0},
            # the COPY's text format escapes backslashes and line breaks
            "escaped": {
                "voucher_number": "V\\PAR\tX",
                "patient_name": "王\\五\n",
                "patient_phone": "\\138",
                "total_fees": 12.5,
                "drug_cost": 0.0,
            },
            "unmatched": {
                "patient_phone": "+86 139 0000 9999",
                "total_fees": 80.5,
                "drug_cost": 20.25,
                "is_final": False,
                "discharge_date": False,
            },
        }
        stored = [
            name
            for name, field in self.Bill._fields.items()
            if field.store and field.column_type and name not in ("id", "his_reference")
        ]
        stored = [name for name in stored if name not in ("create_date", "write_date")]
        computed = {"patient_phone_norm", "department_kind", "match_state", "user_id", "team_id"}
        self.assertLessEqual(computed, set(stored))
        pairs = {}
        for label, values in variants.items():
            orm = Bill.create(dict(common, his_reference=f"ORM-{label}", **values))
            bulk = Importer._create_bills([dict(common, his_reference=f"BULK-{label}", **values)])
            pairs[label] = (orm, bulk)
        for label in ("voucher", "unmatched"):
            orm_original, bulk_original = pairs[label]
            values = {"total_fees": -50.0, "drug_cost": -10.0, "voucher_number": False}
            orm = Bill.create(
                dict(
                    common,
                    his_reference=f"ORM-R-{label}",
                    refund_of_id=orm_original.id,
                    **values,
                )
            )
            bulk = Importer._create_bills(
                [
                    dict(
                        common,
                        his_reference=f"BULK-R-{label}",
                        refund_of_id=bulk_original.id,
                        **values,
                    )
                ]
            )
            pairs[f"refund of {label}"] = (orm, bulk)
        self.env.flush_all()
        self.env.invalidate_all()
        for label, (orm, bulk) in pairs.items():
            orm_row, bulk_row = orm.sudo().read(stored)[0], bulk.sudo().read(stored)[0]
            if orm_row["refund_of_id"]:
                # each refers to its own original; they are pairs of each other
                self.assertEqual(
                    pairs[label.removeprefix("refund of ")][0].id, orm_row["refund_of_id"][0]
                )
                self.assertEqual(
                    pairs[label.removeprefix("refund of ")][1].id, bulk_row["refund_of_id"][0]
                )
                orm_row.pop("refund_of_id"), bulk_row.pop("refund_of_id")
            orm_row.pop("id"), bulk_row.pop("id")
            self.assertEqual(orm_row, bulk_row, label)
        self.assertEqual(pairs["voucher"][1].referral_id, case)
        self.assertEqual(pairs["phone"][1].referral_id, case)
        self.assertFalse(pairs["unmatched"][1].referral_id)
        self.assertEqual(pairs["refund of voucher"][1].referral_id, case)
