from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    marketing_team_scope_ids = fields.Many2many(
        "hospital.marketing.team",
        string="Teams in Marketing Scope",
        compute="_compute_marketing_team_scope_ids",
        help="Teams this user leads, with their squads: record rules give a team leader the "
        "records of these teams.",
    )

    def _compute_marketing_team_scope_ids(self):
        Team = self.env["hospital.marketing.team"].sudo()
        for user in self:
            led = Team.search([("leader_user_id", "=", user.id)]) if user.id else Team
            user.marketing_team_scope_ids = (
                Team.search([("id", "child_of", led.ids)]) if led else Team
            )
