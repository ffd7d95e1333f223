import json
from datetime import datetime, timedelta

from odoo.tests import HttpCase, tagged

from .common import ReferralCase

URL = "/hospital_referral/his/bills"


@tagged("post_install", "-at_install")
class TestHisApi(ReferralCase, HttpCase):
    """R-R5: the HIS posts a batch of bills with the API key of its integration user; each
    bill gets its result, a refused bill writes nothing and the others go through."""

    def _key(self, user):
        return (
            self.env["res.users.apikeys"]
            .with_user(user)
            ._generate(scope="rpc", name="HIS", expiration_date=datetime.now() + timedelta(days=1))
        )

    def _post(self, body, key):
        return self.url_open(
            URL,
            data=json.dumps(body),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )

    def test_batch_with_per_bill_results(self):
        case = self._case(voucher_number="ZD-77")
        self._arrive(case, self.user_guide_desk)
        self.user_his.lang = "en_US"  # the messages follow the integration user's language
        key = self._key(self.user_his)
        bills = [
            {
                "his_reference": "API-1",
                "voucher_number": "ZD-77",
                "kind": "inpatient",
                "department_code": "TNK",
                "total_fees": 9000,
                "drug_cost": 3000,
                "admission_date": "2026-03-02",
                "discharge_date": "2026-03-09",
                "is_final": True,
            },
            {
                "his_reference": "API-2",
                "kind": "outpatient",
                "department_code": "NOPE",
                "total_fees": 100,
                "is_final": False,
            },
            {
                "his_reference": "API-3",
                "kind": "outpatient",
                "department_code": "TWK",
                "total_fees": -5,
                "is_final": False,
            },
        ]
        response = self._post({"bills": bills}, key)
        self.assertEqual(response.status_code, 200, response.text)
        results = response.json()["results"]
        self.assertEqual([r["status"] for r in results], ["created", "error", "error"])
        self.assertIn("unknown department", results[1]["message"])
        self.assertIn("negative", results[2]["message"])
        Bill = self.env["hospital.referral.bill"]
        self.assertEqual(Bill.search([("his_reference", "like", "API-")]).his_reference, "API-1")
        self.assertEqual(case.state, "discharged")
        self.assertEqual(case.sudo().total_fees, 9000)
        # the same batch again: unchanged; a change on the final bill is refused
        bills[0]["total_fees"] = 9500
        again = self._post({"bills": bills[:1]}, key).json()["results"]
        self.assertEqual(again[0]["status"], "error")
        self.assertIn("final", again[0]["message"])
        bills[0]["total_fees"] = 9000
        again = self._post({"bills": bills[:1]}, key).json()["results"]
        self.assertEqual(again[0]["status"], "unchanged")

    def test_only_the_integration_right_may_post(self):
        response = self._post({"bills": []}, self._key(self.user_office))
        self.assertEqual(response.status_code, 403)
        response = self._post({"bills": []}, "not-a-key")
        self.assertEqual(response.status_code, 401)

    def test_bad_body(self):
        response = self._post({"bill": {}}, self._key(self.user_his))
        self.assertEqual(response.status_code, 400)
