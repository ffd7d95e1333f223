from odoo import fields, models

READ_GROUPS = (
    "hospital_marketing.group_marketing_promoter,hospital_marketing.group_marketing_finance"
)


# the magazine feature keeps its fields in its own file (one feature, one file)
class ResPartner(models.Model):
    """What a partner received of the magazine and the materials, and when (R-M2)."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hm_distribution_line_ids = fields.One2many(
        "hospital.distribution.line",
        "partner_id",
        string="Publicity Received",
        domain=[("state", "=", "done")],
        groups=READ_GROUPS,
        copy=False,
    )
    hm_copies_received = fields.Integer(
        string="Copies Received",
        compute="_compute_hm_copies_received",
        groups=READ_GROUPS,
        copy=False,
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    def _compute_hm_copies_received(self):
        totals = dict(
            self.env["hospital.distribution.line"]._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "done")],
                ["partner_id"],
                ["qty_handed_out:sum"],
            )
        )
        for partner in self:
            partner.hm_copies_received = totals.get(partner, 0)
