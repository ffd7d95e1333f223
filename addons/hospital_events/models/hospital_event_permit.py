from odoo import api, fields, models


class HospitalEventPermit(models.Model):
    """A permit or agreement of a partner organisation for an outreach event (R-E2): a document
    valid until a date; an expired permit blocks the approval of the event."""

    _name = "hospital.event.permit"
    _description = "Outreach Event Permit"
    _order = "event_id, valid_until, id"
    _check_company_auto = True

    event_id = fields.Many2one("event.event", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="event_id.company_id", store=True)
    name = fields.Char(string="Document", required=True)
    issuer_id = fields.Many2one(
        "res.partner", string="Issued By", help="The authority or partner organisation."
    )
    valid_until = fields.Date(required=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Scans")
    expired = fields.Boolean(compute="_compute_expired")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("valid_until", "event_id.date_end")
    def _compute_expired(self):
        today = fields.Date.context_today(self)
        for permit in self:
            event_end = permit.event_id.date_end
            needed = max(today, event_end.date()) if event_end else today
            permit.expired = bool(permit.valid_until and permit.valid_until < needed)
