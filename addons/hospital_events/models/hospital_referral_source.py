from odoo import api, fields, models

# who moves a case that came to (or off) its source event (R-E4): a team leader (so the manager
# and the vice-president) and the office, never the promoter who earns on it
SOURCE_GROUPS = (
    "hospital_marketing.group_marketing_leader,hospital_marketing.group_marketing_office"
)
# a case in these states has not come yet: its source is free
OPEN_STATES = ("registered", "not_counted")


class HospitalReferral(models.Model):
    """The source event of a case (R-E4): set by whoever registers the case, then, once the
    patient came, corrected only by a team leader or the office."""

    _inherit = "hospital.referral"  # pylint: disable=consider-merging-classes-inherited

    hm_can_edit_event = fields.Boolean(
        string="May Set the Event", compute="_compute_hm_can_edit_event"
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_hm_can_edit_event(self):
        allowed = self.env.su or self.env.user.has_groups(SOURCE_GROUPS)
        for case in self:
            case.hm_can_edit_event = allowed

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if "event_id" in vals and not self.env.su:
            came = self.filtered(lambda c: c.state not in OPEN_STATES)
            if (
                came
                and not came._hm_workflow_same("event_id", vals["event_id"])
                and not self.env.user.has_groups(SOURCE_GROUPS)
            ):
                raise self._hm_workflow_error({"event_id"})
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _credit_fields(self):
        # the event is checked below: the office sets it too
        return super()._credit_fields() - {"event_id"}
