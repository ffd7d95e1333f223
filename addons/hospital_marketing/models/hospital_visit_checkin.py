import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.geo import haversine_m
from .hospital_visit import POSITION_BOUNDS

POSITION_STATUSES = [
    ("ok", "Position Recorded"),
    ("denied", "Position Refused"),
    ("unavailable", "Position Unavailable"),
]
# the check-in and check-out of a visit change only through _check_in / _check_out
CHECKIN_FIELDS = (
    "latitude",
    "longitude",
    "checkin_accuracy",
    "checkin_status",
    "checkin_error",
    "checkin_time",
    "checkin_distance",
    "checkin_far",
    "checkout_latitude",
    "checkout_longitude",
    "checkout_accuracy",
    "checkout_status",
    "checkout_error",
    "checkout_time",
)
# a phone may hand a cached position: older than this, it is not where the promoter is now
MAX_POSITION_AGE = timedelta(minutes=30)
# a phone's clock may run a little ahead of the server's
MAX_CLOCK_SKEW = timedelta(minutes=5)
POSITION_FIELDS = {
    ("checkin", "latitude"): "latitude",
    ("checkin", "longitude"): "longitude",
    ("checkin", "accuracy"): "checkin_accuracy",
    ("checkout", "latitude"): "checkout_latitude",
    ("checkout", "longitude"): "checkout_longitude",
    ("checkout", "accuracy"): "checkout_accuracy",
}


class HospitalVisit(models.Model):
    """One-tap check-in and check-out at a visit (R-W1): the phone's position with its
    accuracy and time, or the refusal or failure to give one, never a guess. The distance to
    the partner's position is computed and a check-in beyond the company's radius is flagged
    for the team leader. Positions are read from ``hospital.visit.position``, whose record
    rules show them to the visit's promoter, their leader and the manager only."""

    _inherit = "hospital.visit"

    state = fields.Selection(
        selection_add=[("started", "Started"), ("done",)],
        ondelete={"started": "set default"},
    )
    # positions: computed for the reading user from hospital.visit.position (record rules)
    latitude = fields.Float(
        string="Check-in Latitude",
        digits=(10, 7),
        compute="_compute_positions",
        inverse="_inverse_positions",
        help="WGS-84, as the phone gave it.",
    )
    longitude = fields.Float(
        string="Check-in Longitude",
        digits=(10, 7),
        compute="_compute_positions",
        inverse="_inverse_positions",
        help="WGS-84, as the phone gave it.",
    )
    checkin_accuracy = fields.Float(
        string="Check-in Accuracy (m)", compute="_compute_positions", inverse="_inverse_positions"
    )
    checkout_latitude = fields.Float(
        string="Check-out Latitude",
        digits=(10, 7),
        compute="_compute_positions",
        inverse="_inverse_positions",
    )
    checkout_longitude = fields.Float(
        string="Check-out Longitude",
        digits=(10, 7),
        compute="_compute_positions",
        inverse="_inverse_positions",
    )
    checkout_accuracy = fields.Float(
        string="Check-out Accuracy (m)", compute="_compute_positions", inverse="_inverse_positions"
    )
    checkin_status = fields.Selection(
        POSITION_STATUSES, string="Check-in Status", readonly=True, copy=False
    )
    checkin_error = fields.Char(string="Check-in Error", readonly=True, copy=False)
    checkin_time = fields.Datetime(string="Check-in Time", readonly=True, copy=False)
    checkin_distance = fields.Float(
        string="Distance to Partner (m)",
        readonly=True,
        copy=False,
        help="From the check-in position to the partner's position; 0 when either is unknown.",
    )
    checkin_far = fields.Boolean(
        string="Far from Partner",
        readonly=True,
        copy=False,
        index=True,
        help="Checked in farther from the partner than the company's check-in radius.",
    )
    checkout_status = fields.Selection(
        POSITION_STATUSES, string="Check-out Status", readonly=True, copy=False
    )
    checkout_error = fields.Char(string="Check-out Error", readonly=True, copy=False)
    checkout_time = fields.Datetime(string="Check-out Time", readonly=True, copy=False)
    partner_located = fields.Boolean(
        string="Partner Position Known", compute="_compute_partner_located"
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_positions(self):
        """The positions the reading user may see: none for whom the record rules of
        ``hospital.visit.position`` hide them (another promoter given a secret visit, the
        office)."""
        positions = self.env["hospital.visit.position"].search(
            [("visit_id", "in", self._origin.ids)]
        )
        by_visit = {(p.visit_id.id, p.kind): p for p in positions}
        for visit in self:
            for (kind, attr), fname in POSITION_FIELDS.items():
                position = by_visit.get((visit._origin.id, kind))
                visit[fname] = position[attr] if position else 0.0

    def _inverse_positions(self):
        """Only the superuser gets here (an import, the demo data): the fields are
        protected, everyone else checks in through :meth:`_check_in`."""
        for visit in self:
            for kind in ("checkin", "checkout"):
                values = {
                    attr: visit[fname]
                    for (fkind, attr), fname in POSITION_FIELDS.items()
                    if fkind == kind
                }
                if values["latitude"] or values["longitude"]:
                    visit.sudo()._set_position(kind, values)
                    if not visit[f"{kind}_status"]:
                        visit.sudo()[f"{kind}_status"] = "ok"

    @api.depends("partner_id")
    def _compute_partner_located(self):
        for visit in self:
            visit.partner_located = (
                bool(visit.partner_id) and visit.partner_id.sudo()._hm_has_position()
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        """Start a planned visit or call without a position (a call, or a visit logged
        afterwards)."""
        for visit in self:
            if visit.state != "planned":
                raise UserError(self.env._("Only a planned visit or call can be started."))
        self.write({"state": "started"})

    def action_done(self):
        """Log the visit or call as done: it counts in the day's contacts (R-W3)."""
        for visit in self:
            if visit.state not in ("planned", "started"):
                raise UserError(self.env._("Only a planned or started visit can be logged done."))
            vals = {"state": "done"}
            if not visit.end_datetime:
                vals["end_datetime"] = max(fields.Datetime.now(), visit.start_datetime)
            visit.write(vals)

    def action_set_partner_location(self):
        """ "This is the partner's location": the check-in position becomes the partner's
        position, at a verified check-in (a position no less precise than the check-in
        radius). The team leader may set or correct it; whom :meth:`_may_locate_partner`
        allows (the partner's responsible promoter) only sets a first one."""
        self.ensure_one()
        visit = self
        visit.check_access("read")
        if not (self.env.su or visit._may_locate_partner()):
            raise AccessError(
                self.env._(
                    "Only the team leader or the partner's responsible promoter may set the "
                    "partner's position."
                )
            )
        radius = visit.company_id.hm_checkin_radius
        position = visit.sudo()._get_position("checkin")
        if visit.checkin_status != "ok" or not position or position.accuracy > radius:
            raise UserError(
                self.env._(
                    "The partner's position is taken from a check-in with a position more "
                    "precise than %(radius)s m.",
                    radius=radius,
                )
            )
        partner = visit.partner_id.sudo()
        leader = self.env.su or self.env.user.has_group("hospital_marketing.group_marketing_leader")
        if partner._hm_has_position() and not leader:
            raise UserError(
                self.env._(
                    "%(partner)s already has a position: ask the team leader to correct it.",
                    partner=partner.display_name,
                )
            )
        partner.write({"hm_latitude": position.latitude, "hm_longitude": position.longitude})
        partner.message_post(
            body=self.env._(
                "Position set by %(user)s from the check-in at %(visit)s "
                "(WGS-84 %(latitude).6f, %(longitude).6f, accuracy %(accuracy)d m).",
                user=self.env.user.name,
                visit=visit.name,
                latitude=position.latitude,
                longitude=position.longitude,
                accuracy=position.accuracy,
            ),
            author_id=self.env.user.partner_id.id,
        )
        visit.sudo().write({"checkin_distance": 0.0, "checkin_far": False})
        return True

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _hm_workflow_spec(self):
        return super()._hm_workflow_spec() | dict.fromkeys(CHECKIN_FIELDS, False)

    # check-in and check-out (called by the /hospital_marketing/visit route)
    def _check_in(self, latitude, longitude, accuracy, position_time):
        """Check in at the visit with the phone's position. Returns what the phone shows."""
        visit = self._take_position("checkin", latitude, longitude, accuracy, position_time)
        partner = visit.partner_id
        distance = 0.0
        if partner._hm_has_position():
            distance = haversine_m(latitude, longitude, partner.hm_latitude, partner.hm_longitude)
        far = distance > visit.company_id.hm_checkin_radius
        vals = {
            "checkin_status": "ok",
            "checkin_error": False,
            "checkin_time": position_time,
            "checkin_distance": distance,
            "checkin_far": far,
        }
        visit.write(vals | self._started_vals(position_time))
        self.invalidate_recordset(list(CHECKIN_FIELDS))
        if far:
            message = self.env._(
                "Checked in %(distance)d m from %(partner)s: flagged for your team leader.",
                distance=distance,
                partner=partner.display_name,
            )
        elif partner._hm_has_position():
            message = self.env._(
                "Checked in %(distance)d m from %(partner)s.",
                distance=distance,
                partner=partner.display_name,
            )
        else:
            message = self.env._(
                "Checked in. %(partner)s has no position yet to compare with.",
                partner=partner.display_name,
            )
        self._post_position_note(message)
        return {"status": "ok", "distance": distance, "far": far, "message": message}

    def _check_out(self, latitude, longitude, accuracy, position_time):
        visit = self._take_position("checkout", latitude, longitude, accuracy, position_time)
        visit.write(
            {
                "checkout_status": "ok",
                "checkout_error": False,
                "checkout_time": position_time,
                "end_datetime": max(position_time, visit.start_datetime),
            }
        )
        self.invalidate_recordset(list(CHECKIN_FIELDS))
        message = self.env._("Checked out.")
        self._post_position_note(message)
        return {"status": "ok", "message": message}

    def _position_failed(self, kind, status, error):
        """The phone refused (``denied``) or could not give (``unavailable``) a position:
        recorded as such with the browser's message; no position is made up."""
        if status not in ("denied", "unavailable"):
            raise ValidationError(self.env._("Unknown position status: %s", status))
        self._check_position_caller(kind)
        now = fields.Datetime.now()
        prefix = "checkin" if kind == "checkin" else "checkout"
        vals = {
            f"{prefix}_status": status,
            f"{prefix}_error": (error or "")[:200] or False,
            f"{prefix}_time": now,
        }
        visit = self.sudo()
        if kind == "checkin":
            vals |= {"checkin_distance": 0.0, "checkin_far": False} | self._started_vals(now)
        else:
            vals["end_datetime"] = max(now, visit.start_datetime)
        visit._get_position(kind).unlink()
        visit.write(vals)
        self.invalidate_recordset(list(CHECKIN_FIELDS))
        if status == "denied":
            message = self.env._(
                "The phone refused to give its position: the visit is recorded without one. "
                "Allow the position for this site in the browser's settings."
            )
        else:
            message = self.env._(
                "The phone could not find its position: the visit is recorded without one."
            )
        self._post_position_note(message)
        return {"status": status, "message": message}

    def _take_position(self, kind, latitude, longitude, accuracy, position_time):
        """Check the caller and the phone's values, then keep the position of ``kind``
        (``checkin`` or ``checkout``); returns the visit as superuser, to record the rest."""
        self._check_position_caller(kind)
        self._check_position_values(latitude, longitude, accuracy, position_time)
        visit = self.sudo()
        visit._set_position(
            kind,
            {
                "latitude": latitude,
                "longitude": longitude,
                "accuracy": accuracy,
                "position_time": position_time,
            },
        )
        return visit

    def _started_vals(self, when):
        self.ensure_one()
        if self.state == "planned":
            return {"state": "started", "start_datetime": when}
        return {}

    def _get_position(self, kind):
        return self.env["hospital.visit.position"].search(
            [("visit_id", "in", self.ids), ("kind", "=", kind)]
        )

    def _set_position(self, kind, values):
        """Create or update the ``kind`` position of the visit (as superuser)."""
        self.ensure_one()
        position = self._get_position(kind)
        if position:
            position.write(values)
        else:
            self.env["hospital.visit.position"].create(dict(values, visit_id=self.id, kind=kind))

    def _post_position_note(self, message):
        # the note says the distance and status, never the position (the chatter is read
        # by everyone who reads the visit)
        self.sudo().message_post(body=message, author_id=self.env.user.partner_id.id)

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _may_locate_partner(self):
        """Whether the current user may set the partner's position from this visit: the
        leader of the visit's team (the record rules let them read it). hospital_referral adds
        the partner's responsible promoter."""
        self.ensure_one()
        return self.env.user.has_group("hospital_marketing.group_marketing_leader")

    def _check_position_caller(self, kind):
        """Only the visit's own promoter checks in or out, at a visit (not a call) that is
        not done or cancelled."""
        self.ensure_one()
        self._hm_check_role(
            "hospital_marketing.group_marketing_promoter",
            self.env._("Only a promoter checks in at a visit."),
        )
        if not self.env.su and self.user_id != self.env.user:
            raise AccessError(self.env._("Only the visit's own promoter checks in at it."))
        if self.kind != "visit":
            raise UserError(self.env._("A phone follow-up has no check-in."))
        if kind == "checkin" and self.state not in ("planned", "started"):
            raise UserError(self.env._("Only a planned or started visit can be checked in."))
        if kind == "checkin" and self.checkin_status == "ok":
            raise UserError(self.env._("This visit is already checked in."))
        if kind == "checkout" and (not self.checkin_status or self.state == "cancel"):
            raise UserError(self.env._("Check in before checking out."))

    def _check_position_values(self, latitude, longitude, accuracy, position_time):
        for value, bound in (
            (latitude, POSITION_BOUNDS["latitude"]),
            (longitude, POSITION_BOUNDS["longitude"]),
        ):
            if not (isinstance(value, float) and math.isfinite(value) and -bound <= value <= bound):
                raise ValidationError(
                    self.env._(
                        "The check-in position is not a valid position: the latitude lies "
                        "between -90 and 90 degrees, the longitude between -180 and 180."
                    )
                )
        if not (isinstance(accuracy, float) and math.isfinite(accuracy) and accuracy >= 0):
            raise ValidationError(self.env._("The position's accuracy is not valid."))
        now = fields.Datetime.now()
        if position_time > now + MAX_CLOCK_SKEW or position_time < now - MAX_POSITION_AGE:
            raise ValidationError(
                self.env._("The phone gave an old position (or its clock is wrong): try again.")
            )
