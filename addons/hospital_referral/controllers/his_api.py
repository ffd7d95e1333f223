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
        "/hospital_referral/his/bills",
        type="http",
        auth="none",
        methods=["GET", "HEAD", "PUT", "PATCH", "DELETE"],
        csrf=False,
        save_session=False,
    )
    def his_bills_other_methods(self, **_kwargs):
        """Any other method than POST, with or without a key: a JSON 405 (werkzeug's routing
        would answer an HTML page)."""
        return self._method_not_allowed()

    @http.route(
        "/hospital_referral/his/bills",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,
        save_session=False,
        max_content_length=MAX_BODY_BYTES,
    )
    def his_bills(self, **_kwargs):
        if request.httprequest.method != "POST":  # OPTIONS, which Odoo adds to every route
            return self._method_not_allowed()
        # messages in the integration user's language
        env = request.env(context=dict(request.env.context, lang=request.env.user.lang))
        if not env.user.has_group(INTEGRATION_GROUP):
            return self._reply(
                {"error": env._("This user may not send HIS bills (HIS integration right).")},
                status=403,
            )
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
        if not isinstance(body, dict) or not isinstance(body.get("bills"), list):
            return self._reply(
                {"error": env._('The body must be {"bills": [{...}, ...]}.')}, status=422
            )
        if set(body) != {"bills"}:
            return self._reply(
                {"error": env._('The body must be {"bills": [{...}, ...]} without other keys.')},
                status=422,
            )
        bills = body["bills"]
        if len(bills) > MAX_BATCH:
            return self._reply(
                {"error": env._("At most %s bills per request: split the batch.", MAX_BATCH)},
                status=413,
            )
        try:
            outcome = env["hospital.his.importer"]._api_import(bills)
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
                "HIS API: unexpected %s in a batch of %s bills", type(error).__name__, len(bills)
            )
            return self._reply(
                {"error": env._("Internal server error: the batch was not stored, send it again.")},
                status=500,
            )
        return self._reply(outcome)
