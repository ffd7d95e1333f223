import json
import logging

from odoo import http
from odoo.exceptions import AccessError, ConcurrencyError
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)

INTEGRATION_GROUP = "hospital_referral.group_his_integration"
# a batch of 20 000 bills is about 6 MB of JSON
MAX_BODY_BYTES = 16 * 1024 * 1024
# the two batch endpoints (bills, daily actuals): a key, POST only, no session, a bounded body
BATCH_ROUTE = {
    "type": "http",
    "auth": "bearer",
    "methods": ["POST"],
    "csrf": False,
    "save_session": False,
    "max_content_length": MAX_BODY_BYTES,
}
MAX_BATCH = 20000


class HisApiController(http.Controller):
    """JSON endpoint of the hospital information system (R-R5): a batch of bills in, a result
    per bill out. Authenticated by the API key of a user of the HIS integration group
    (``Authorization: Bearer <key>``); a refused bill writes nothing, the others go through.
    Every answer is JSON: 200 with per-bill results, 400 (not JSON), 413 (too large), 422
    (not a batch), 401/403 (key, right) and 500 (nothing stored, send again)."""

    def _reply(self, payload, status=200, headers=None):
        return request.make_json_response(payload, status=status, headers=headers)

    def _method_not_allowed(self):
        return self._reply(
            {"error": request.env._("Method not allowed: POST the bills.")},
            status=405,
            headers=[("Allow", "POST")],
        )

    @http.route(
        ["/hospital_referral/his/bills", "/hospital_referral/his/daily"],
        type="http",
        auth="none",
        methods=["GET", "HEAD", "PUT", "PATCH", "DELETE"],
        csrf=False,
        save_session=False,
    )
    def his_other_methods(self, **_kwargs):
        """Any other method than POST, with or without a key: a JSON 405 (werkzeug's routing
        would answer an HTML page)."""
        return self._method_not_allowed()

    @http.route("/hospital_referral/his/bills", **BATCH_ROUTE)
    def his_bills(self, **_kwargs):
        return self._serve_batch(
            "bills",
            lambda env, bills: env["hospital.his.importer"]._api_import(bills),
            lambda env: {
                "shape": env._('The body must be {"bills": [{...}, ...]}.'),
                "keys": env._('The body must be {"bills": [{...}, ...]} without other keys.'),
                "count": env._("At most %s bills per request: split the batch.", MAX_BATCH),
            },
        )

    @http.route("/hospital_referral/his/daily", **BATCH_ROUTE)
    def his_daily(self, **_kwargs):
        """The hospital's daily actuals (R-K1), the second record type of the HIS API:
        ``{"days": [{"date", "department_code", "revenue", "outpatient_visits",
        "inpatient_admissions", "occupied_beds", "beds", "new_patients"}, ...]}``; a result
        per day, the same answers and limits as the bills."""
        return self._serve_batch(
            "days",
            lambda env, days: env["hospital.his.importer"]._api_import_daily(days),
            lambda env: {
                "shape": env._('The body must be {"days": [{...}, ...]}.'),
                "keys": env._('The body must be {"days": [{...}, ...]} without other keys.'),
                "count": env._("At most %s days per request: split the batch.", MAX_BATCH),
            },
        )

    def _serve_batch(self, key, run, messages):
        """What both endpoints check before their batch: the method (OPTIONS, which Odoo adds
        to every route, is refused), the right of the key's user, then ``_post_batch``.
        ``run(env, items)`` imports the items, ``messages(env)`` words the refusals of a body
        of the wrong shape, in the integration user's language."""
        if request.httprequest.method != "POST":
            return self._method_not_allowed()
        # messages in the integration user's language
        env = request.env(context=dict(request.env.context, lang=request.env.user.lang))
        if not env.user.has_group(INTEGRATION_GROUP):
            return self._reply(
                {"error": env._("This user may not send HIS bills (HIS integration right).")},
                status=403,
            )
        return self._post_batch(env, key, lambda items: run(env, items), messages(env))

    def _post_batch(self, env, key, run, messages):
        """The JSON answer of a POSTed batch ``{key: [...]}`` handled by ``run``."""
        length = request.httprequest.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return self._reply(
                {
                    "error": env._(
                        "The body is larger than %s bytes: send smaller batches.", MAX_BODY_BYTES
                    )
                },
                status=413,
            )
        try:
            body = json.loads(request.httprequest.get_data())
        except RecursionError:
            return self._reply({"error": env._("The JSON is nested too deeply.")}, status=400)
        except ValueError:  # also a UnicodeDecodeError, an integer of too many digits
            return self._reply({"error": env._("The body is not valid UTF-8 JSON.")}, status=400)
        if not isinstance(body, dict) or not isinstance(body.get(key), list):
            return self._reply({"error": messages["shape"]}, status=422)
        if set(body) != {key}:
            return self._reply({"error": messages["keys"]}, status=422)
        items = body[key]
        if len(items) > MAX_BATCH:
            return self._reply({"error": messages["count"]}, status=413)
        try:
            outcome = run(items)
            env.flush_all()  # a database error surfaces here, not in Odoo's request log
        except (ConcurrencyError, *PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
            raise  # Odoo runs the request again in a new transaction
        except AccessError:
            request.env.cr.rollback()
            return self._reply({"error": env._("Access denied.")}, status=403)
        except Exception as error:
            request.env.cr.rollback()
            # the type only: a database error's text may quote a patient's values
            _logger.error(
                "HIS API: unexpected %s in a batch of %s %s",
                type(error).__name__,
                len(items),
                key,
            )
            return self._reply(
                {"error": env._("Internal server error: the batch was not stored, send it again.")},
                status=500,
            )
        return self._reply(outcome)
