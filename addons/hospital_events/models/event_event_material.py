from odoo import api, fields, models


class EventEvent(models.Model):
    """The materials of an outreach event drawn from the department's stock: handed out when
    the event is done (the lines not confirmed before), given back when it is cancelled."""

    _inherit = "event.event"  # pylint: disable=consider-merging-classes-inherited

    hm_material_handed_out = fields.Integer(
        string="Materials Handed Out",
        compute="_compute_hm_material_handed_out",
        store=True,
        compute_sudo=True,
        help="Copies of magazines and pieces of materials the event took from the stock.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("hm_material_line_ids.state", "hm_material_line_ids.qty_handed_out")
    def _compute_hm_material_handed_out(self):
        for event in self:
            event.hm_material_handed_out = sum(
                event.hm_material_line_ids.filtered(lambda line: line.state == "done").mapped(
                    "qty_handed_out"
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_hm_done(self):
        res = super().action_hm_done()
        self.sudo().hm_material_line_ids._hand_out()
        return res

    def action_hm_cancel(self):
        res = super().action_hm_cancel()
        self.sudo().hm_material_line_ids.filtered(lambda line: line.state != "cancel").write(
            {"state": "cancel"}
        )
        return res
