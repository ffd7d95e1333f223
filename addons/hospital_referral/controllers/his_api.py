import json

from odoo import http
from odoo.http import request

from ..models.hospital_his_importer import COLUMNS

INTEGRATION_GROUP = "hospital_referral.group_his_integration"


class HisApiController(http.Controller):
    """JSON endpoint of the hospital information system (R-R5): a batch of bills in, a result
    per bill out. Authenticated by the API key of a user of the HIS integration group
    (``Authorization: Bearer <key>``); a refused bill writes nothing, the others go through."""

    def _reply(self, payload, status=200):
        return request.make_json_response(payload, status=status)

    @http.route(
        "/hospital_referral/his/bills",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def his_bills(self, **_kwargs):
        # messages in the integration user's language
        env = request.env(context=dict(request.env.context, lang=request.env.user.lang))
        if not env.user.has_group(INTEGRATION_GROUP):
            return self._reply(
                {"error": env._("This user may not send HIS bills (HIS integration right).")},
                status=403,
            )
        try:
            body = json.loads(request.httprequest.get_data(as_text=True) or "{}")
        except ValueError:
            return self._reply({"error": env._("The body is not valid JSON.")}, status=400)
        bills = body.get("bills") if isinstance(body, dict) else None
        if not isinstance(bills, list) or not all(isinstance(b, dict) for b in bills):
            return self._reply(
                {"error": env._('The body must be {"bills": [{...}, ...]}.')}, status=400
            )
        rows = [{column: bill.get(column) for column in COLUMNS} for bill in bills]
        outcome = env["hospital.his.importer"]._import_rows(rows, atomic=False)
        results = []
        for index, bill in enumerate(bills):
            status, message = outcome["results"].get(index + 2, ("error", ""))
            results.append(
                {
                    "his_reference": bill.get("his_reference"),
                    "status": status,
                    "message": message.replace("his_reference: ", "", 1) if message else "",
                }
            )
        return self._reply({"results": results, "counts": outcome["counts"]})
