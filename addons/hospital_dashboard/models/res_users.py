from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _hm_home_actions(self):
        """Office clerk, manager and vice-president (the manager and the vice-president are
        office clerks by implication) land on the department dashboard, before any other
        home of their roles."""
        return [
            (
                "hospital_marketing.group_marketing_office",
                "hospital_dashboard.action_department_dashboard",
            ),
            *super()._hm_home_actions(),
        ]
