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

    def _hm_marketing_home_action(self):
        """The action of the first Marketing menu this user sees (depth first, by sequence):
        the home of a marketing login, whatever its role."""
        self.ensure_one()
        Menu = self.env["ir.ui.menu"].with_user(self)
        visible = Menu._visible_menu_ids()
        root = self.env.ref("hospital_marketing.menu_marketing_root", raise_if_not_found=False)

        def first_action(menu):
            if menu.action:
                return menu.action
            for child in menu.child_id.sorted(lambda m: (m.sequence, m.id)):
                if child.id in visible and (action := first_action(child)):
                    return action
            return None

        action = root and root.id in visible and first_action(root.sudo())
        return action.sudo()._get_action_dict() if action else False
