from odoo import api, fields, models


class HospitalMarketingOwnedMixin(models.AbstractModel):
    """A record that belongs to a staff member of the department (a visit, a report, a case,
    a fine...): the staff member's user owns it and their team sees it.

    The record rules (own, team, department) read the stored ``user_id`` and ``team_id``. Both
    follow the staff member named by ``_hm_owner_field`` when the record changes hands, and keep
    their values when the staff member later moves to another team: a record stays with the
    team it was made in.
    """

    _name = "hospital.marketing.owned.mixin"
    _description = "Record Owned by a Marketing Staff Member"

    # the hr.employee field naming the staff member the record belongs to
    _hm_owner_field = "employee_id"

    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        compute="_compute_owner",
        store=True,
        index=True,
        precompute=True,
    )
    team_id = fields.Many2one(
        "hospital.marketing.team",
        compute="_compute_owner",
        store=True,
        index=True,
        precompute=True,
    )

    # the form shows who the record belongs to read-only to whoever write() would refuse (no
    # security: the model's protected fields decide, see hospital.workflow.mixin)
    can_reassign = fields.Boolean(string="May Reassign", compute="_compute_can_reassign")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends(lambda self: [self._hm_owner_field])
    def _compute_owner(self):
        for record in self:
            employee = record[self._hm_owner_field].sudo()
            record.user_id = employee.user_id
            record.team_id = employee.hm_marketing_team_id

    @api.depends_context("uid")
    def _compute_can_reassign(self):
        blocked = getattr(self, "_hm_workflow_blocked", None)
        fnames = {self._hm_owner_field, "user_id", "team_id"}
        self.can_reassign = not (blocked and blocked(fnames))
