"""Both HIS API endpoints (bills, daily actuals) answer the same request checks alike, from
one helper of the controller: another method than POST, a user without the HIS integration
right, a body too large, not JSON or of the wrong shape (R-R5, R-K1)."""

import json
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from ..controllers import his_api
from .common import ReferralCase

ENDPOINTS = {
    "/hospital_referral/his/bills": "bills",
    "/hospital_referral/his/daily": "days",
}


@tagged("post_install", "-at_install")
class TestHisApiChecks(ReferralCase, HttpCase):
    def _key(self, user):
        return (
            self.env["res.users.apikeys"]
            .with_user(user)
            ._generate(scope="rpc", name="HIS", expiration_date=datetime.now() + timedelta(days=1))
        )

    def _post(self, url, data, key):
        return self.url_open(
            url,
            data=data,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )

    def test_same_checks_on_both_endpoints(self):
        self.user_his.lang = "en_US"
        self.user_office.lang = "en_US"
        his_key, office_key = self._key(self.user_his), self._key(self.user_office)
        bill_count = self.env["hospital.referral.bill"].search_count([])
        for url, key_name in ENDPOINTS.items():
            response = self.opener.get(self.base_url() + url, timeout=30)
            self.assertEqual(response.status_code, 405, url)
            self.assertEqual(response.headers["Allow"], "POST", url)
            self.assertIn("POST", response.json()["error"], url)

            response = self._post(url, json.dumps({key_name: []}), office_key)
            self.assertEqual(response.status_code, 403, url)
            self.assertIn("HIS integration right", response.json()["error"], url)

            for data, status, words in (
                ("{", 400, "not valid UTF-8 JSON"),
                (json.dumps({key_name: {}}), 422, key_name),
                (json.dumps({key_name: [], "other": 1}), 422, "without other keys"),
            ):
                response = self._post(url, data, his_key)
                self.assertEqual(response.status_code, status, (url, data))
                self.assertIn(words, response.json()["error"], (url, data))

            with patch.object(his_api, "MAX_BATCH", 1):
                response = self._post(url, json.dumps({key_name: [{}, {}]}), his_key)
            self.assertEqual(response.status_code, 413, url)
            self.assertIn("split the batch", response.json()["error"], url)
        self.assertEqual(self.env["hospital.referral.bill"].search_count([]), bill_count)
