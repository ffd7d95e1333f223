from odoo import fields, models


class HospitalEventMaterialLine(models.Model):
    """Magazines and flyers planned for an outreach event and handed out there (R-E2, R-E3)."""

    _name = "hospital.event.material.line"
    _description = "Outreach Event Material"
    _order = "event_id, id"
    _check_company_auto = True

    event_id = fields.Many2one("event.event", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="event_id.company_id", store=True)
    material_id = fields.Many2one(
        "hospital.marketing.material", required=True, check_company=True, ondelete="restrict"
    )
    qty_planned = fields.Integer(string="Planned")
    qty_handed_out = fields.Integer(string="Handed Out")

    _quantities_positive = models.Constraint(
        "CHECK (qty_planned >= 0 AND qty_handed_out >= 0)",
        "Material quantities cannot be negative.",
    )
