import uuid
from datetime import date

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.hospital_referral_arrival import BILL_COMPUTED_FIELDS
from .commission_common import CommissionCase


@tagged("post_install", "-at_install")
class TestBillTotalsParity(CommissionCase):
    """R-R5: a discharge stores the cases' fees, drug cost, discharge date, bill count and
    care kind from their final HIS bills with one UPDATE (``_store_bill_totals``); the
    values equal those of the ORM computes field by field, whatever mix of bills a case has."""

    def _arrived(self):
        return self._case(state="arrived", arrival_datetime=fields.Datetime.now())

    def _bill(self, case, total, drugs, day, kind="inpatient", final=True, **values):
        return self.env["hospital.referral.bill"].create(
            {
                "his_reference": f"PARITY-{uuid.uuid4().hex[:12]}",
                "referral_id": case.id,
                "company_id": case.company_id.id,
                "department_id": case.department_id.id,
                "kind": kind,
                "total_fees": total,
                "drug_cost": drugs,
                "discharge_date": date(2030, 3, day),
                "is_final": final,
                **values,
            }
        )

    def _stored(self, cases):
        self.env.flush_all()
        return self.env.execute_query(
            SQL(
                "SELECT id, bill_count, total_fees, drug_cost, discharge_date, care_kind "
                "FROM hospital_referral WHERE id = ANY(%s) ORDER BY id",
                cases.ids,
            )
        )

    def _recompute(self, cases, by_sql):
        fields_ = [cases._fields[fname] for fname in BILL_COMPUTED_FIELDS]
        for field in fields_:
            self.env.add_to_compute(field, cases)
        if by_sql:
            cases._store_bill_totals()
            self.assertFalse(
                any(self.env.is_to_compute(field, case) for field in fields_ for case in cases),
                "computed by the UPDATE, not left to the ORM",
            )
        else:
            cases.flush_recordset(list(BILL_COMPUTED_FIELDS))
        return self._stored(cases)

    def test_sql_totals_equal_orm_computes(self):
        two_finals, refunded, not_final, no_bill, moved_from = (self._arrived() for _i in range(5))
        # two final bills, inpatient and outpatient, and one that is not final
        self._bill(two_finals, 1000.10, 100.05, 10)
        self._bill(two_finals, 500.20, 50.0, 12, kind="outpatient")
        self._bill(two_finals, 9999.0, 999.0, 20, final=False)
        # an outpatient bill and its partial refund issued later (the date does not move)
        original = self._bill(refunded, 800.0, 80.0, 5, kind="outpatient")
        self._bill(refunded, -300.0, -30.0, 25, kind="outpatient", refund_of_id=original.id)
        # a bill that is not final (yet)
        self._bill(not_final, 700.0, 70.0, 8, final=False)
        # a final bill moved to another case
        self._bill(moved_from, 400.0, 0.0, 9).write({"referral_id": two_finals.id})
        cases = two_finals | refunded | not_final | no_bill | moved_from
        by_sql = self._recompute(cases, by_sql=True)
        by_orm = self._recompute(cases, by_sql=False)
        self.assertEqual(by_sql, by_orm)
        expected = {
            two_finals.id: (4, 1900.30, 150.05, date(2030, 3, 12), "inpatient"),
            refunded.id: (2, 500.0, 50.0, date(2030, 3, 5), "outpatient"),
            not_final.id: (1, 0.0, 0.0, None, None),
            no_bill.id: (0, 0.0, 0.0, None, None),
            moved_from.id: (0, 0.0, 0.0, None, None),
        }
        self.assertEqual(
            {row[0]: (row[1], float(row[2]), float(row[3]), *row[4:]) for row in by_sql},
            expected,
        )
        self.assertEqual(two_finals.state, "discharged")
        self.assertEqual(not_final.state, "arrived")

    def test_batch_discharge_by_final_bills(self):
        """The HIS sends a batch of final bills (the benchmark's path): each case is
        discharged with its own bill's figures, read back through the ORM."""
        cases = [self._arrived() for _i in range(4)]
        bills = self.env["hospital.referral.bill"].concat(
            *(
                self._bill(case, 1000.0 + index, 10.0 * index, 1 + index, final=False)
                for index, case in enumerate(cases)
            )
        )
        bills.write({"is_final": True})
        for index, case in enumerate(cases):
            self.assertEqual(case.state, "discharged")
            self.assertEqual(case.total_fees, 1000.0 + index)
            self.assertEqual(case.drug_cost, 10.0 * index)
            self.assertEqual(case.discharge_date, date(2030, 3, 1 + index))
            self.assertEqual(case.care_kind, "inpatient")
            self.assertEqual(case.bill_count, 1)
        cases = self.env["hospital.referral"].concat(*cases)
        self.assertEqual(self._recompute(cases, by_sql=False), self._stored(cases))
