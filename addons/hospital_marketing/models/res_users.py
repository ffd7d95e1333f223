from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _hm_home_actions(self):
        """Role → home, in order: (group xml id, action xml id) pairs; the first pair whose
        group the user has and whose action exists is the user's home. Upper addons extend
        the list (hospital_referral: the guide desk; hospital_dashboard: the department
        dashboard of office, manager and vice-president, put first)."""
        group, action = "hospital_marketing.group_marketing_", "hospital_marketing.action_hospital_"
        return [
            (f"{group}leader", f"{action}home_leader"),
            (f"{group}promoter", f"{action}my_day"),
            (f"{group}promoter", f"{action}visit"),
            (f"{group}finance", f"{action}home_finance"),
            (f"{group}treatment_leader", f"{action}commission_settlement_to_cosign"),
        ]

    def _hm_marketing_home_action(self):
        """The action of the user's home (``_hm_home_actions``); without one, the action of the
        first Marketing menu this user sees (depth first, by sequence)."""
        self.ensure_one()
        for group, xmlid in self._hm_home_actions():
            if not self.has_group(group):
                continue
            action = self.env.ref(xmlid, raise_if_not_found=False)
            if action and action.exists():
                return action.sudo()._get_action_dict()
        return self._hm_first_menu_action()

    def _hm_first_menu_action(self):
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
