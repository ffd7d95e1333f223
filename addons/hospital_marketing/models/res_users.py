from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

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
