import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

VISIT_MATCH = [
    ("match", "Matches a Visit"),
    ("no_visit", "No Linked Visit"),
    ("date", "Date Not a Visit Day"),
    ("place", "Place Not the Visit's"),
]


class HrExpense(models.Model):
    """A trip expense names the visits it paid for (R-W8); the approver sees those visits and
    a flag when the expense does not match them."""

    _inherit = "hr.expense"

    hm_visit_ids = fields.Many2many(
        "hospital.visit",
        "hr_expense_hospital_visit_rel",
        "expense_id",
        "visit_id",
        string="Visits Paid For",
        domain="[('promoter_id', '=', employee_id), ('kind', '=', 'visit'), "
        "('state', '=', 'done')]",
        help="The visits of the expense's employee this trip was for.",
        copy=False,  # see copy_data: only a user who may read visits copies them
    )
    hm_is_field_staff = fields.Boolean(
        string="Marketing Field Staff", compute="_compute_hm_visit_match", store=True
    )
    hm_visit_match = fields.Selection(
        VISIT_MATCH,
        string="Visit Check",
        compute="_compute_hm_visit_match",
        store=True,
        index=True,
        help="Marketing staff's expenses only: whether the expense matches a linked visit (R-W8).",
    )
    hm_visit_flagged = fields.Boolean(
        string="Visit Check Flagged", compute="_compute_hm_visit_match", store=True
    )
    hm_visit_summary = fields.Text(
        string="Linked Visits",
        compute="_compute_hm_visit_summary",
        help="Day, partner and place of each linked visit, for the approver.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends(
        "date",
        "name",
        "description",
        "employee_id.hm_marketing_team_id",
        "hm_visit_ids.start_datetime",
        "hm_visit_ids.place",
        "hm_visit_ids.state",
        "hm_visit_ids.partner_id.city",
        "hm_visit_ids.partner_id.name",
    )
    def _compute_hm_visit_match(self):
        for expense in self:
            staff = bool(expense.employee_id.sudo().hm_marketing_team_id)
            expense.hm_is_field_staff = staff
            expense.hm_visit_match = staff and expense._hm_compute_visit_match()
            expense.hm_visit_flagged = staff and expense.hm_visit_match != "match"

    def _hm_compute_visit_match(self):
        """The match of a trip expense with the visits it names (R-W8), in this order:

        - ``no_visit``: no done visit is linked;
        - ``date``: the expense's date is not the local day (the employee's time zone) of
          any linked visit;
        - ``place``: among the visits of that day, none is named in the expense: neither its
          place text, nor its partner's name, nor its partner's city appears in the expense's
          description or notes (case-insensitive). A visit with none of them is not checked
          for the place. Check-in coordinates are not compared: an expense has none.
        - ``match`` otherwise."""
        self.ensure_one()
        visits = self.sudo().hm_visit_ids.filtered(lambda v: v.state == "done")
        if not visits:
            return "no_visit"
        employee = self.employee_id.sudo()
        tz = pytz.timezone(employee.tz or employee.company_id.resource_calendar_id.tz or "UTC")
        same_day = visits.filtered(
            lambda v: pytz.utc.localize(v.start_datetime).astimezone(tz).date() == self.date
        )
        if not same_day:
            return "date"
        text = f"{self.name or ''} {self.description or ''}".casefold()
        for visit in same_day:
            names = [
                name.strip().casefold()
                for name in (visit.place, visit.partner_id.name, visit.partner_id.city)
                if name and name.strip()
            ]
            if not names or any(name in text for name in names):
                return "match"
        return "place"

    @api.depends("hm_visit_ids")
    @api.depends_context("tz")
    def _compute_hm_visit_summary(self):
        for expense in self:
            # sudo: the approver (expense manager) sees what the expense was for, not the
            # visit records themselves
            lines = [
                " · ".join(
                    filter(
                        None,
                        (
                            fields.Datetime.context_timestamp(visit, visit.start_datetime).strftime(
                                "%Y-%m-%d %H:%M"
                            ),
                            visit.partner_id.name,
                            visit.place,
                        ),
                    )
                )
                for visit in expense.sudo().hm_visit_ids
            ]
            expense.hm_visit_summary = "\n".join(lines) or False

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("hm_visit_ids", "employee_id")
    def _check_hm_visit_ids(self):
        """An expense names only visits of its own employee."""
        for expense in self:
            visits = expense.sudo().hm_visit_ids
            if visits.filtered(lambda v, e=expense: v.promoter_id != e.employee_id):
                raise ValidationError(
                    self.env._("An expense names only visits of the employee who claims it.")
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def copy_data(self, default=None):
        """Odoo's own flows copy expenses (the split wizard) as users who may not read
        visits: the copy names the visits only when its user may read them."""
        vals_list = super().copy_data(default=default)
        if "hm_visit_ids" not in (default or {}) and self.env["hospital.visit"].has_access("read"):
            for expense, vals in zip(self, vals_list, strict=True):
                vals["hm_visit_ids"] = [Command.set(expense.hm_visit_ids.ids)]
        return vals_list
