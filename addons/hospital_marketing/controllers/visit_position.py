import math
from datetime import UTC, datetime

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

KINDS = ("checkin", "checkout")
STATUSES = ("ok", "denied", "unavailable")


class VisitPositionController(http.Controller):
    """The phone's check-in and check-out at a visit (R-W1).

    The browser asks for the position (``navigator.geolocation``) and posts what it got: a
    position with its accuracy and time, or the refusal or failure with the browser's
    message. The arguments are parsed here and handed, typed, to the visit's private methods,
    which check the caller's role; no public model method takes them over RPC."""

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------
    @http.route("/hospital_marketing/visit/position", type="jsonrpc", auth="user", methods=["POST"])
    def visit_position(self, visit_id, kind, status, **position):
        if kind not in KINDS or status not in STATUSES or not isinstance(visit_id, int):
            raise ValidationError(request.env._("This check-in request is not valid."))
        visit = request.env["hospital.visit"].browse(visit_id).exists()
        if not visit:
            raise ValidationError(request.env._("This visit does not exist any more."))
        if status != "ok":
            error = position.get("error")
            return visit._position_failed(kind, status, error if isinstance(error, str) else "")
        latitude = self._number(position.get("latitude"))
        longitude = self._number(position.get("longitude"))
        accuracy = self._number(position.get("accuracy"))
        timestamp = self._number(position.get("timestamp"))
        position_time = datetime.fromtimestamp(timestamp / 1000.0, UTC).replace(tzinfo=None)
        method = visit._check_in if kind == "checkin" else visit._check_out
        return method(latitude, longitude, accuracy, position_time)

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _number(self, value):
        """A finite float from a JSON number; anything else is refused."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(request.env._("This check-in request is not valid."))
        number = float(value)
        if not math.isfinite(number) or abs(number) > 1e13:
            raise ValidationError(request.env._("This check-in request is not valid."))
        return number
