import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError

# who reads what an event cost and what its patients spent (R-S1 class D): the office (so the
# manager and the vice-president) and finance
EVENT_COST_GROUPS = (
    "hospital_marketing.group_marketing_office,hospital_marketing.group_marketing_finance"
)


class EventEvent(models.Model):
    """The effect of an outreach event (R-E4): the patients who came through it, their final
    bills' spending against the event's cost, and the conversion attendee -> lead -> arrival.
    Stored, so that the pivot and graph group them by kind, team and month; the money figures
    are class D (R-S1): their fields are read and grouped by the class-D roles only."""

    _inherit = "event.event"  # pylint: disable=consider-merging-classes-inherited

    hm_marketing_team_id = fields.Many2one(
        "hospital.marketing.team",
        string="Marketing Team",
        compute="_compute_hm_marketing_team_id",
        store=True,
        compute_sudo=True,
        help="The team of the event's contact person.",
    )
    hm_effect_spending = fields.Monetary(
        string="Patients' Spending",
        currency_field="hm_currency_id",
        compute="_compute_hm_effect_money",
        store=True,
        compute_sudo=True,
        groups=EVENT_COST_GROUPS,
        help="Total fees of the final bills of the patients who came through the event.",
    )
    hm_effect_cost = fields.Monetary(
        string="Event Cost",
        currency_field="hm_currency_id",
        compute="_compute_hm_effect_money",
        store=True,
        compute_sudo=True,
        groups=EVENT_COST_GROUPS,
    )
    hm_effect_roi = fields.Float(
        string="Return on Cost (%)",
        compute="_compute_hm_effect_money",
        store=True,
        compute_sudo=True,
        aggregator=None,
        groups=EVENT_COST_GROUPS,
        help="(Patients' spending - event cost) / event cost.",
    )
    hm_cost_per_patient = fields.Monetary(
        string="Cost per Patient",
        currency_field="hm_currency_id",
        compute="_compute_hm_effect_money",
        store=True,
        compute_sudo=True,
        aggregator=None,
        groups=EVENT_COST_GROUPS,
    )
    hm_lead_rate = fields.Float(
        string="Attendee to Lead (%)",
        compute="_compute_hm_conversion",
        store=True,
        aggregator=None,
    )
    hm_arrival_rate = fields.Float(
        string="Lead to Arrival (%)",
        compute="_compute_hm_conversion",
        store=True,
        aggregator=None,
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("hm_team_line_ids.role", "hm_team_line_ids.employee_id.hm_marketing_team_id")
    def _compute_hm_marketing_team_id(self):
        for event in self:
            event.hm_marketing_team_id = event.hm_contact_employee_id.hm_marketing_team_id

    @api.depends("hm_referral_ids.state", "hm_referral_ids.total_fees", "hm_actual_cost")
    def _compute_hm_effect_money(self):
        for event in self:
            came = event._hm_arrived_cases()
            spending = sum(came.mapped("total_fees"))
            cost = event.hm_actual_cost
            event.hm_effect_spending = spending
            event.hm_effect_cost = cost
            event.hm_effect_roi = (spending - cost) / cost * 100.0 if cost else 0.0
            event.hm_cost_per_patient = cost / len(came) if came else 0.0

    @api.depends("hm_attendee_count", "hm_lead_count", "hm_arrival_count")
    def _compute_hm_conversion(self):
        for event in self:
            attendees, leads = event.hm_attendee_count, event.hm_lead_count
            event.hm_lead_rate = leads / attendees * 100.0 if attendees else 0.0
            event.hm_arrival_rate = event.hm_arrival_count / leads * 100.0 if leads else 0.0

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_hm_export_effect(self):
        """The effect of the events on the screen as an XLSX workbook: the selected events, or
        all those the screen's filters find (the list's header button sends its domain)."""
        if not self.env.user.has_groups(EVENT_COST_GROUPS):
            raise AccessError(
                self.env._(
                    "Only the office, the manager, finance and the vice-president export what "
                    "events cost."
                )
            )
        events = self
        if not events:
            domain = self.env.context.get("active_domain") or [("hm_outreach_kind", "!=", False)]
            events = self.search(domain)
        attachment = self.env["ir.attachment"].create(
            {
                "name": "event_effect.xlsx",
                "raw": events._hm_effect_workbook(),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_effect_columns(self):
        """(header, value of an event or None for a total, number format) per column."""
        kinds = dict(self._fields["hm_outreach_kind"]._description_selection(self.env))
        return [
            (self.env._("Event"), lambda e: e.name, None),
            (self.env._("Kind"), lambda e: kinds.get(e.hm_outreach_kind, ""), None),
            (self.env._("Team"), lambda e: e.hm_marketing_team_id.name or "", None),
            (self.env._("Date"), lambda e: e.date_begin, "date"),
            (self.env._("Attendees"), lambda e: e.hm_attendee_count, "int"),
            (self.env._("Screenings"), lambda e: e.hm_screening_count, "int"),
            (self.env._("Needing Care"), lambda e: e.hm_needs_care_count, "int"),
            (self.env._("Leads"), lambda e: e.hm_lead_count, "int"),
            (self.env._("Arrivals"), lambda e: e.hm_arrival_count, "int"),
            (self.env._("Patients' Spending"), lambda e: e.hm_effect_spending, "money"),
            (self.env._("Event Cost"), lambda e: e.hm_effect_cost, "money"),
            (self.env._("Return on Cost (%)"), lambda e: e.hm_effect_roi, "pct"),
            (self.env._("Cost per Patient"), lambda e: e.hm_cost_per_patient, "money"),
        ]

    def _hm_effect_workbook(self):
        """The workbook of the events of ``self``, one row each, then the totals with the
        return on the total cost."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        formats = {
            "bold": workbook.add_format({"bold": True}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "int": workbook.add_format({"num_format": "0"}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "pct": workbook.add_format({"num_format": "0.0"}),
        }
        sheet = workbook.add_worksheet(self.env._("Event Effect")[:31])
        columns = self._hm_effect_columns()
        sheet.write_row(0, 0, [header for header, _value, _fmt in columns], formats["bold"])
        events = self.sudo().sorted("date_begin")
        for row, event in enumerate(events, start=1):
            for col, (_header, value, fmt) in enumerate(columns):
                cell = value(event)
                if fmt == "date":
                    sheet.write_datetime(row, col, cell, formats["date"])
                elif fmt:
                    sheet.write_number(row, col, cell or 0, formats[fmt])
                else:
                    sheet.write_string(row, col, cell or "")
        total_row = len(events) + 1
        sheet.write_string(total_row, 0, self.env._("Total"), formats["bold"])
        totals = {}
        for col, (header, value, fmt) in enumerate(columns):
            if fmt in ("int", "money"):
                totals[header] = sum(value(event) or 0 for event in events)
                sheet.write_number(total_row, col, totals[header], formats[fmt])
        spending = sum(events.mapped("hm_effect_spending"))
        cost = sum(events.mapped("hm_effect_cost"))
        arrivals = sum(events.mapped("hm_arrival_count"))
        roi_col = len(columns) - 2
        sheet.write_number(
            total_row, roi_col, (spending - cost) / cost * 100.0 if cost else 0.0, formats["pct"]
        )
        sheet.write_number(
            total_row, roi_col + 1, cost / arrivals if arrivals else 0.0, formats["money"]
        )
        sheet.set_column(0, len(columns) - 1, 14)
        sheet.set_column(0, 0, 28)
        workbook.close()
        return output.getvalue()
