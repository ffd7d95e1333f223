import math

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged

from .common import ReferralCase

# any JSON value, nested a little
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=80),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
# values close to valid ones, so that some bills go through
ALMOST = {
    "his_reference": st.text(
        alphabet=st.sampled_from("ZY-0\uff11\uff12\u200b \x00\ud800\uff21"),
        min_size=0,
        max_size=70,
    ),
    "voucher_number": st.one_of(st.none(), st.text(max_size=70)),
    "patient_name": st.one_of(st.none(), st.text(max_size=120)),
    "patient_phone": st.one_of(st.none(), st.text(max_size=40)),
    "kind": st.sampled_from(["inpatient", "outpatient", "门诊", "住院", "x", ""]),
    "department_code": st.sampled_from(["TNK", "TWK", "外科", "tnk", "XX", ""]),
    "total_fees": st.one_of(st.floats(), st.integers(min_value=-(10**14), max_value=10**14)),
    "drug_cost": st.one_of(st.floats(), st.integers(min_value=-10, max_value=10**5)),
    "admission_date": st.sampled_from(["2026-03-02", "2026-02-30", "2026/03/02", "", None]),
    "discharge_date": st.sampled_from(["2026-03-09", "2026-03-01", "9999-01-01", None]),
    "is_final": st.one_of(st.booleans(), st.none()),
}
# valid bills, but for what Hypothesis puts in the optional keys
VALID = st.fixed_dictionaries(
    {
        "his_reference": st.text(alphabet="ZYMN-0123456789\uff10\u200b ", min_size=1, max_size=20),
        "kind": st.sampled_from(["inpatient", "outpatient", "门诊", "住院"]),
        "department_code": st.sampled_from(["TNK", "TWK", "外科"]),
        "total_fees": st.one_of(
            st.integers(min_value=100, max_value=10**6),
            st.floats(min_value=100, max_value=1e6),
        ),
        "drug_cost": st.integers(min_value=0, max_value=100),
        "is_final": st.just(False),
    },
    optional={key: ALMOST[key] for key in ("voucher_number", "patient_name", "admission_date")},
)
BILL = st.one_of(
    VALID,
    st.fixed_dictionaries(
        {}, optional={key: st.one_of(value, JSON) for key, value in ALMOST.items()}
    ),
    st.dictionaries(st.text(max_size=12), JSON, max_size=4),
    JSON,
)


@tagged("post_install", "-at_install")
class TestHisApiProperties(ReferralCase):
    """R-R5, for any JSON the HIS may send: a result per bill, never an exception (the HTTP
    layer's 500), and nothing stored for a bill in error."""

    def _count(self):
        self.env.flush_all()
        return self.env["hospital.referral.bill"].sudo().search_count([])

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(bills=st.lists(BILL, max_size=6))
    def test_any_json_batch(self, bills):
        savepoint = self.env.cr.savepoint()
        try:
            before = self._count()
            outcome = self.env["hospital.his.importer"].with_user(self.user_his)._api_import(bills)
            results = outcome["results"]
            self.assertEqual(len(results), len(bills))
            self.assertEqual([r["index"] for r in results], list(range(len(bills))))
            for result in results:
                self.assertIn(result["status"], ("created", "updated", "unchanged", "error"))
                if result["status"] == "error":
                    self.assertTrue(result["error"].startswith(f"bills[{result['index']}]"))
                else:
                    self.assertIsNone(result["error"])
            for result in results:
                event(result["status"])
            created = sum(1 for r in results if r["status"] == "created")
            self.assertEqual(self._count() - before, created)
            for result, bill in zip(results, bills, strict=True):
                if result["status"] == "created":
                    stored = self.env["hospital.referral.bill"].search(
                        [("his_reference", "=", result["his_reference"])]
                    )
                    self.assertEqual(len(stored), 1)
                    self.assertTrue(math.isfinite(stored.total_fees))
                    self.assertEqual(stored.total_fees, round(bill["total_fees"], 2))
        finally:
            self.env.flush_all()
            savepoint.close(rollback=True)
            self.env.invalidate_all()
