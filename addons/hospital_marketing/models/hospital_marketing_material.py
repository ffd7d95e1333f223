from odoo import api, fields, models
from odoo.exceptions import ValidationError

# who sees what the department pays for print and placements
COST_GROUPS = (
    "hospital_marketing.group_marketing_office,"
    "hospital_marketing.group_marketing_manager,"
    "hospital_marketing.group_marketing_finance,"
    "hospital_marketing.group_marketing_vp"
)

MATERIAL_KINDS = [
    ("flyer", "DM Flyer"),
    ("poster", "Poster"),
    ("cup", "Cup"),
    ("umbrella", "Umbrella"),
    ("card", "Card"),
    ("other", "Other"),
]


class HospitalMarketingMaterial(models.Model):
    """Publicity material other than the magazine (R-M3): DM flyers per department, posters,
    cups, umbrellas, cards. Its stock is a ledger: what was received from the supplier here,
    what the distribution lines took, handed out and brought back (see
    ``hospital.distribution.line``)."""

    _name = "hospital.marketing.material"
    _description = "Publicity Material"
    _inherit = ["mail.thread"]
    _order = "kind, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    kind = fields.Selection(MATERIAL_KINDS, required=True, default="flyer", tracking=True)
    department_id = fields.Many2one(
        "hospital.clinical.department",
        check_company=True,
        help="The clinical department a DM flyer presents.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    unit_cost = fields.Monetary(groups=COST_GROUPS, tracking=True)
    qty_received = fields.Integer(
        string="Received",
        tracking=True,
        help="Pieces received from the supplier (each receipt is traced in the chatter).",
    )
    qty_issued = fields.Integer(string="Taken Out", compute="_compute_stock")
    qty_handed_out = fields.Integer(string="Handed Out", compute="_compute_stock")
    qty_returned = fields.Integer(string="Returned", compute="_compute_stock")
    qty_available = fields.Integer(string="In Stock", compute="_compute_stock")
    note = fields.Html()

    _qty_received_positive = models.Constraint(
        "CHECK(qty_received >= 0)", "The quantity received cannot be negative."
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    def _compute_stock(self):
        totals = self.env["hospital.distribution.line"]._stock_totals("material_id", self)
        for material in self:
            issued, handed_out, returned = totals.get(material, (0, 0, 0))
            material.qty_issued = issued
            material.qty_handed_out = handed_out
            material.qty_returned = returned
            material.qty_available = material.qty_received - issued + returned

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("qty_received")
    def _check_qty_received(self):
        for material in self:
            if material.qty_available < 0:
                raise ValidationError(
                    self.env._(
                        "%(material)s: more pieces were taken out than received.",
                        material=material.display_name,
                    )
                )
