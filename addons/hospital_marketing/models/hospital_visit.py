import math
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# the check-in position's bounds, in degrees
POSITION_BOUNDS = {"latitude": 90.0, "longitude": 180.0}


class HospitalVisit(models.Model):
    """A visit to a referral partner or a phone follow-up (R-W1, R-W2)."""

    _name = "hospital.visit"
    _description = "Partner Visit or Call"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "hospital.secret.mixin",
        "hospital.marketing.owned.mixin",
        "hospital.workflow.mixin",
    ]
    _hm_owner_field = "promoter_id"
    # a visit is logged by its promoter; a team leader corrects who made it (R-W1)
    _hm_workflow_fields = dict.fromkeys(
        ("promoter_id", "user_id", "team_id"), "hospital_marketing.group_marketing_leader"
    )
    _order = "start_datetime desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    kind = fields.Selection(
        [("visit", "Visit"), ("call", "Phone Follow-up")],
        required=True,
        default="visit",
        tracking=True,
    )
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancel", "Cancelled")],
        required=True,
        # a new visit is planned or starting now; it is done once logged (R-W1)
        default="planned",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    # ownership: record rules give the promoter their own, the leader the team's
    promoter_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user.employee_id,
    )
    # the owner and team may be corrected by hand
    user_id = fields.Many2one(readonly=False)
    team_id = fields.Many2one(readonly=False, check_company=True)
    partner_id = fields.Many2one("res.partner", required=True, index=True, tracking=True)
    # the people met are the chosen partner's contacts (its doctors), not any contact
    contact_ids = fields.Many2many(
        "res.partner",
        string="People Met",
        domain="[('parent_id', '=', partner_id), ('is_company', '=', False)]",
    )
    start_datetime = fields.Datetime(
        string="Start", required=True, default=fields.Datetime.now, index=True
    )
    end_datetime = fields.Datetime(string="End")
    duration = fields.Float(compute="_compute_duration", store=True, string="Duration (hours)")
    place = fields.Char()
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    purpose = fields.Text()
    outcome = fields.Text()
    attitude = fields.Selection(
        [
            ("positive", "Positive"),
            ("neutral", "Neutral"),
            ("negative", "Negative"),
        ],
        string="Attitude of the Doctor",
    )
    patient_sources = fields.Text(string="Patient Sources and Diseases Heard")
    competitor_info = fields.Text(string="Competitor Information")
    materials = fields.Text(string="Materials and Gifts Handed Over")
    next_step = fields.Char()
    next_date = fields.Date(string="Next Step Date")

    _end_after_start = models.Constraint(
        "CHECK(end_datetime IS NULL OR end_datetime >= start_datetime)",
        "A visit cannot end before it starts.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("partner_id", "start_datetime", "kind", "name")
    @api.depends_context("tz")
    def _compute_display_name(self):
        """A visit reads as its partner and local day (``Clinic · 2026-12-04``), also while
        it is being entered; the reference (``name``) stays its unique number. The partner's
        name is read as the web client reads a many2one's (sudo): a promoter who goes along on
        a visit to a colleague's partner opens the visit without reading the partner."""
        for visit in self:
            if visit.partner_id and visit.start_datetime:
                day = fields.Datetime.context_timestamp(visit, visit.start_datetime).date()
                visit.display_name = f"{visit.partner_id.sudo().name} · {day}"
            elif visit.name and visit.name != "/":
                visit.display_name = visit.name
            else:
                visit.display_name = (
                    self.env._("New Call") if visit.kind == "call" else self.env._("New Visit")
                )

    @api.depends("start_datetime", "end_datetime")
    def _compute_duration(self):
        for visit in self:
            if visit.end_datetime and visit.start_datetime:
                delta = visit.end_datetime - visit.start_datetime
                visit.duration = delta.total_seconds() / 3600.0
            else:
                visit.duration = 0.0

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            self._check_position_vals(vals)
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("hospital.visit") or "/"
        return super().create(vals_list)

    def write(self, vals):
        self._check_position_vals(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _contacts_by_day(self, employees, date_from, date_to, tz):
        """``{(employee id, local date): {partner ids}}``: the distinct people each of
        ``employees`` visited or called on each day from ``date_from`` to ``date_to`` in
        the time zone ``tz`` (R-W3). The people met count, or the partner itself when
        nobody was named. Read with sudo: a leader counts the contacts of visits they may
        not open (a secret visit), without seeing them."""

        def to_utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        visits = self.sudo().search(
            [
                ("promoter_id", "in", employees.ids),
                ("state", "=", "done"),
                ("start_datetime", ">=", to_utc(date_from)),
                ("start_datetime", "<", to_utc(date_to + timedelta(days=1))),
            ]
        )
        contacts = defaultdict(set)
        for visit in visits:
            day = pytz.utc.localize(visit.start_datetime).astimezone(tz).date()
            people = visit.contact_ids or visit.partner_id
            contacts[visit.promoter_id.id, day].update(people.ids)
        return contacts

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _check_position_vals(self, vals):
        """A check-in position is a finite latitude in [-90, 90] and longitude in [-180, 180]:
        checked before writing, as an absurd number (1e308, NaN, infinity) does not fit the
        column and would fail the whole transaction in the database."""
        for fname, bound in POSITION_BOUNDS.items():
            value = vals.get(fname)
            if not value:
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = math.nan
            if not (math.isfinite(number) and -bound <= number <= bound):
                raise ValidationError(
                    self.env._(
                        "The check-in position is not a valid position: the latitude lies "
                        "between -90 and 90 degrees, the longitude between -180 and 180."
                    )
                )
