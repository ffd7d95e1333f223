from odoo import fields, models


class HospitalVisitPosition(models.Model):
    """Where a promoter checked in or out at a visit (WGS-84, as the browser gives it).

    Kept apart from the visit so that record rules decide who reads a position: the visit's
    promoter, the leader of its team and the marketing manager only (an office clerk reads the
    department's visits, not where their colleagues were). Written only by the check-in and
    check-out of the visit (as superuser, after the caller's role was checked)."""

    _name = "hospital.visit.position"
    _description = "Visit Check-in Position"
    _order = "visit_id, kind"
    _check_company_auto = True

    visit_id = fields.Many2one(
        "hospital.visit", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="visit_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [("checkin", "Check-in"), ("checkout", "Check-out")], required=True, default="checkin"
    )
    latitude = fields.Float(digits=(10, 7), required=True, help="WGS-84 latitude in degrees")
    longitude = fields.Float(digits=(10, 7), required=True, help="WGS-84 longitude in degrees")
    accuracy = fields.Float(string="Accuracy (m)", help="The radius of uncertainty the phone gave")
    position_time = fields.Datetime()

    _visit_kind_unique = models.Constraint(
        "UNIQUE(visit_id, kind)", "A visit has one check-in and one check-out position."
    )
