import logging

from werkzeug.exceptions import HTTPException

from odoo import models
from odoo.exceptions import AccessDenied, AccessError
from odoo.http import request

_logger = logging.getLogger(__name__)

HIS_API_PATH = "/hospital_referral/his/"


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @classmethod
    def _handle_error(cls, exception):
        """The HIS API answers in JSON whatever fails, authentication included (the web
        client's HTML pages mean nothing to the HIS); the message never holds request data."""
        if not (request and request.httprequest.path.startswith(HIS_API_PATH)):
            return super()._handle_error(exception)
        if isinstance(exception, HTTPException) and exception.code:
            status = exception.code
            messages = {
                401: request.env._(
                    "Unauthorized: send a valid API key as 'Authorization: Bearer <key>'."
                ),
                404: request.env._("Not found."),
                405: request.env._("Method not allowed: POST the bills."),
                413: request.env._("The request is too large."),
            }
            message = messages.get(status, exception.name)
        elif isinstance(exception, AccessDenied | AccessError):
            status, message = 403, request.env._("Access denied.")
        else:
            status = 500
            message = request.env._(
                "Internal server error: the batch was not stored, send it again."
            )
            # the type only: a database error's text may quote the values of a row
            _logger.error("HIS API: unexpected %s", type(exception).__name__)
        return request.make_json_response({"error": message}, status=status)
