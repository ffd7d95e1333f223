import json
import logging
from datetime import datetime, timedelta
from unittest.mock import patch

import psycopg2

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from ..controllers import his_api
from .common import ReferralCase

URL = "/hospital_referral/his/bills"
LOGGER = "odoo.addons.hospital_referral"


def good_bill(reference, **values):
    bill = {
        "his_reference": reference,
        "kind": "outpatient",
        "department_code": "TWK",
        "total_fees": 350.5,
        "drug_cost": 120,
        "admission_date": "2026-03-05",
        "is_final": False,
    }
    bill.update(values)
    return bill


@tagged("post_install", "-at_install")
class TestHisApi(ReferralCase, HttpCase):
    """R-R5: the HIS posts a batch of bills with the API key of its integration user; each
    bill gets its result, a refused bill writes nothing and the others go through; every
    answer is JSON."""

    def _key(self, user):
        return (
            self.env["res.users.apikeys"]
            .with_user(user)
            ._generate(scope="rpc", name="HIS", expiration_date=datetime.now() + timedelta(days=1))
        )

    def _post(self, body, key=None, raw=None):
        return self.url_open(
            URL,
            data=raw if raw is not None else json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key or self.key}",
            },
        )

    def setUp(self):
        super().setUp()
        self.user_his.lang = "en_US"  # the messages follow the integration user's language
        self.key = self._key(self.user_his)

    def _bills(self, *references):
        return self.env["hospital.referral.bill"].search([("his_reference", "in", references)])

    def test_batch_with_per_bill_results(self):
        case = self._case(voucher_number="ZD-77")
        self._arrive(case, self.user_guide_desk)
        bills = [
            good_bill(
                "API-1",
                voucher_number="ZD-77",
                kind="inpatient",
                department_code="TNK",
                total_fees=9000,
                drug_cost=3000,
                admission_date="2026-03-02",
                discharge_date="2026-03-09",
                is_final=True,
            ),
            good_bill("API-2", department_code="NOPE"),
            good_bill("API-3", total_fees=-5),
        ]
        response = self._post({"bills": bills})
        self.assertEqual(response.status_code, 200, response.text)
        results = response.json()["results"]
        self.assertEqual([r["status"] for r in results], ["created", "error", "error"])
        self.assertEqual([r["index"] for r in results], [0, 1, 2])
        self.assertIsNone(results[0]["error"])
        self.assertEqual(results[1]["error"], "bills[1].department_code: unknown department 'NOPE'")
        self.assertIn("bills[2].total_fees", results[2]["error"])
        self.assertIn("negative", results[2]["error"])
        self.assertEqual(self._bills("API-1", "API-2", "API-3").his_reference, "API-1")
        self.assertEqual(case.state, "discharged")
        self.assertEqual(case.sudo().total_fees, 9000)
        # the same batch again: unchanged; a change on the final bill is refused
        bills[0]["total_fees"] = 9500
        again = self._post({"bills": bills[:1]}).json()["results"]
        self.assertEqual(again[0]["status"], "error")
        self.assertIn("final", again[0]["error"])
        bills[0]["total_fees"] = 9000
        again = self._post({"bills": bills[:1]}).json()
        self.assertEqual(again["results"][0]["status"], "unchanged")
        self.assertEqual(again["counts"], {"created": 0, "updated": 0, "unchanged": 1, "error": 0})

    def test_one_bad_bill_never_fails_the_batch(self):
        """Each hostile bill gets its own error naming its index and field; the good ones
        are stored, the bad ones not at all."""
        hostile = {
            "NUL in the name": good_bill("BAD-NUL", patient_name="王\x00小明"),
            "NUL in the reference": good_bill("BAD-\x00REF"),
            "a 65-character reference": good_bill("R" * 65),
            "a reference beyond the index limit": good_bill("X" * 5000),
            "a 65-character voucher": good_bill("BAD-VOUCHER", voucher_number="V" * 65),
            "NaN": good_bill("BAD-NAN", total_fees=float("nan")),
            "infinity": good_bill("BAD-INF", total_fees=float("inf")),
            "1e308": good_bill("BAD-E308", total_fees=1e308),
            "above 1e12": good_bill("BAD-E13", total_fees=1e13),
            "a huge integer": good_bill("BAD-INT", total_fees=10**400),
            "negative drug cost": good_bill("BAD-NEG", drug_cost=-1),
            "text amount": good_bill("BAD-TEXT", total_fees="350.5"),
            "boolean amount": good_bill("BAD-BOOL", total_fees=True),
            "missing amount": {k: v for k, v in good_bill("BAD-MISS").items() if k != "drug_cost"},
            "null amount": good_bill("BAD-NULL", total_fees=None),
            "list as a name": good_bill("BAD-LIST", patient_name=["王", "小明"]),
            "nested object": good_bill("BAD-NEST", department_code={"a": {"b": [[[["TWK"]]]]}}),
            "number as a date": good_bill("BAD-DATE", admission_date=20260305),
            "text as is_final": good_bill("BAD-FINAL", is_final="yes"),
            "unknown key": good_bill("BAD-KEY", hospital="x"),
            "not an object": ["BAD-ARRAY"],
            "no reference": {k: v for k, v in good_bill("").items() if k != "his_reference"},
            "a 200-character name": good_bill("BAD-NAME", patient_name="名" * 200),
            "impossible date": good_bill("BAD-DAY", admission_date="2026-02-30"),
            "year 9999": good_bill("BAD-YEAR", admission_date="9999-01-01"),
        }
        bills = [good_bill("GOOD-1"), *hostile.values(), good_bill("GOOD-2")]
        raw = json.dumps({"bills": bills}, allow_nan=True)
        # a lone surrogate, as a JSON escape (valid JSON, not valid text)
        bills.append(good_bill("BAD-SURROGATE"))
        raw = (
            raw[:-2]
            + ', {"his_reference": "BAD-\\ud800", "kind": "outpatient", '
            + ('"department_code": "TWK", "total_fees": 1, "drug_cost": 0, "is_final": false}]}')
        )
        with self.assertNoLogs(LOGGER, level=logging.WARNING):
            response = self._post(None, raw=raw)
        self.assertEqual(response.status_code, 200, response.text)
        results = response.json()["results"]
        self.assertEqual(len(results), len(bills))
        self.assertEqual(results[0]["status"], "created")
        self.assertEqual(results[-2]["status"], "created")
        for index, (label, result) in enumerate(zip(hostile, results[1:-2], strict=True), start=1):
            self.assertEqual(result["status"], "error", label)
            self.assertTrue(result["error"].startswith(f"bills[{index}]"), (label, result))
        self.assertEqual(results[-1]["status"], "error")
        self.assertIn(
            "bills[27].his_reference: the text holds invalid characters", results[-1]["error"]
        )
        messages = {label: r["error"] for label, r in zip(hostile, results[1:], strict=False)}
        self.assertIn(
            "bills[1].patient_name: the text holds control characters", messages["NUL in the name"]
        )
        self.assertIn("longer than 64 characters", messages["a 65-character reference"])
        self.assertIn("not a finite number", messages["NaN"])
        self.assertIn("above 1,000,000,000,000", messages["1e308"])
        self.assertIn("a number is expected, not text", messages["text amount"])
        self.assertIn("drug_cost: a value is required", messages["missing amount"])
        self.assertIn("text is expected, not list", messages["list as a name"])
        self.assertIn("unknown field 'hospital'", messages["unknown key"])
        self.assertIn("an object is expected, not list", messages["not an object"])
        self.assertNotIn("\x00", response.text)
        stored = self.env["hospital.referral.bill"].search([("his_reference", "=like", "%")])
        self.assertEqual(
            set(stored.mapped("his_reference")) & {"GOOD-1", "GOOD-2"}, {"GOOD-1", "GOOD-2"}
        )
        self.assertFalse(
            stored.filtered(lambda b: b.his_reference.startswith(("BAD", "RRR", "XXX")))
        )

    def test_references_are_normalised(self):
        """Full-width characters, invisible characters and spaces around a reference do not
        make a second bill."""
        first = self._post({"bills": [good_bill("ZY-001")]}).json()["results"]
        self.assertEqual(first[0]["status"], "created")
        for variant in ("ＺＹ－００１", " ZY-001 ", "ZY\u200b-001", "\ufeffZY-001\u2060"):  # noqa: RUF001
            result = self._post({"bills": [good_bill(variant)]}).json()["results"][0]
            self.assertEqual(result["status"], "unchanged", variant)
            self.assertEqual(result["his_reference"], "ZY-001")
        self.assertEqual(len(self._bills("ZY-001")), 1)
        # twice in one batch: the second is an error naming the first
        batch = self._post({"bills": [good_bill("MZ-9"), good_bill("ＭＺ－９")]}).json()  # noqa: RUF001
        self.assertEqual([r["status"] for r in batch["results"]], ["created", "error"])
        self.assertIn("already bills[0]", batch["results"][1]["error"])

    def test_department_by_name(self):
        result = self._post({"bills": [good_bill("MZ-NAME", department_code="外科")]}).json()
        self.assertEqual(result["results"][0]["status"], "created", result)
        self.assertEqual(self._bills("MZ-NAME").department_id, self.dept_surgery)

    def test_answers_are_json(self):
        cases = [
            ("bad key", None, "not-a-key", None, 401),
            ("not JSON", None, None, "{bills: [", 400),
            ("not UTF-8", None, None, b'{"bills": ["\xff"]}', 400),
            ("deep nesting", None, None, "[" * 100000 + "]" * 100000, 400),
            ("no bills", {"bill": {}}, None, None, 422),
            ("bills not a list", {"bills": {"a": 1}}, None, None, 422),
            ("extra key", {"bills": [], "more": 1}, None, None, 422),
            ("a list", [], None, None, 422),
        ]
        for label, body, key, raw, status in cases:
            response = self._post(body, key=key, raw=raw)
            self.assertEqual(response.status_code, status, label)
            self.assertTrue(response.headers["Content-Type"].startswith("application/json"), label)
            self.assertTrue(response.json()["error"], label)
        self.user_office.lang = "en_US"
        response = self._post({"bills": []}, key=self._key(self.user_office))
        self.assertEqual(response.status_code, 403)
        self.assertIn("HIS integration right", response.json()["error"])

    def test_other_methods_answer_json_405(self):
        """A GET (a browser, a monitoring probe) or any other method than POST, with or
        without a key, is told to POST, in JSON; nothing is stored."""
        for method in ("GET", "PUT", "PATCH", "DELETE", "OPTIONS"):
            for key in (self.key, None):
                headers = {"Authorization": f"Bearer {key}"} if key else {}
                response = self.opener.request(
                    method,
                    self.base_url() + URL,
                    data=json.dumps({"bills": [good_bill("GET-1")]}),
                    headers={"Content-Type": "application/json", **headers},
                    timeout=30,
                )
                label = (method, bool(key))
                if method == "OPTIONS" and not key:
                    # Odoo adds OPTIONS to the POST route: the key is asked for first
                    self.assertEqual(response.status_code, 401, label)
                else:
                    self.assertEqual(response.status_code, 405, label)
                    self.assertEqual(response.headers["Allow"], "POST", label)
                    # no user is known yet: the message is in the database's language
                    self.assertIn("POST", response.json()["error"], label)
                self.assertTrue(
                    response.headers["Content-Type"].startswith("application/json"), label
                )
        response = self.opener.head(self.base_url() + URL, timeout=30)
        self.assertEqual(response.status_code, 405)
        self.assertFalse(self._bills("GET-1"))

    def test_api_key_lives_at_most_90_days(self):
        Keys = self.env["res.users.apikeys"].with_user(self.user_his)
        Keys._check_expiration_date(datetime.now() + timedelta(days=89))
        with self.assertRaisesRegex(ValidationError, "90"):
            Keys._check_expiration_date(datetime.now() + timedelta(days=91))
        with self.assertRaises(ValidationError):
            Keys._check_expiration_date(False)  # no key without an end

    def test_size_limits(self):
        with patch.object(his_api, "MAX_BATCH", 3):
            response = self._post({"bills": [good_bill(f"L-{i}") for i in range(4)]})
        self.assertEqual(response.status_code, 413)
        self.assertIn("At most 3 bills", response.json()["error"])
        with patch.object(his_api, "MAX_BODY_BYTES", 100):
            response = self._post({"bills": [good_bill("L-1")]})
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self._bills("L-0", "L-1", "L-2", "L-3"))

    def test_unexpected_error_is_json_and_logs_no_patient_data(self):
        """A database error whose text quotes the row (as PostgreSQL's DETAIL does) gives a
        JSON 500, stores nothing and leaves only its type in the log."""
        error = psycopg2.DataError(
            "value too long; DETAIL: Failing row contains (王小明, 13800001111)"
        )
        Importer = self.registry["hospital.his.importer"]
        with (
            patch.object(Importer, "_api_import", side_effect=error),
            self.assertLogs(LOGGER, level=logging.ERROR) as logs,
        ):
            response = self._post({"bills": [good_bill("ERR-1", patient_name="王小明")]})
        self.assertEqual(response.status_code, 500)
        self.assertIn("not stored", response.json()["error"])
        self.assertNotIn("王小明", response.text)
        self.assertNotIn("王小明", "\n".join(logs.output))
        self.assertNotIn("13800001111", "\n".join(logs.output))
        self.assertIn("DataError", "\n".join(logs.output))
        self.assertFalse(self._bills("ERR-1"))
