from odoo import fields, models


class HospitalDistributionDropWizard(models.TransientModel):
    """One photo closes several drop points at one place (a row of shops, a school's gate):
    the photo, the position and the recipient go to every selected drop point, which are then
    confirmed together."""

    _name = "hospital.distribution.drop.wizard"
    _description = "Confirm Drops with One Photo"

    line_ids = fields.Many2many(
        "hospital.distribution.line",
        "hospital_distribution_drop_wizard_rel",
        "wizard_id",
        "line_id",
        string="Drop Points",
        required=True,
    )
    photo = fields.Image(max_width=1920, max_height=1920, required=True)
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    recipient_name = fields.Char(string="Received By")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        self.ensure_one()
        self.env["hospital.distribution.line"]._check_position_vals(
            {"latitude": self.latitude, "longitude": self.longitude}
        )
        lines = self.line_ids
        lines._check_distributor()
        vals = {"photo": self.photo, "latitude": self.latitude, "longitude": self.longitude}
        if self.recipient_name:
            vals["recipient_name"] = self.recipient_name
        # the caller's own rights: only drop points of the caller's tasks take the proof
        lines.write(vals)
        lines.action_confirm_drop()
        return {"type": "ir.actions.act_window_close"}
