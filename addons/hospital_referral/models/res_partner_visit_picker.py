from odoo import api, models
from odoo.fields import Domain


class ResPartner(models.Model):
    """The visit form's partner picker (R-W1): the promoter's own referral partners first,
    then their team's, then the others they may see."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def name_search(self, name="", domain=None, operator="ilike", limit=100):
        if not self.env.context.get("hm_visit_partner_picker"):
            return super().name_search(name, domain=domain, operator=operator, limit=limit)
        user = self.env.user
        base = Domain(domain or []) & Domain("referral_partner_kind", "!=", False)
        teams = user.employee_ids.hm_marketing_team_id
        tiers = [
            Domain("hm_referral_user_id", "=", user.id),
            Domain("hm_referral_team_id", "in", teams.ids),
            Domain.TRUE,
        ]
        result = []
        seen = []
        for tier in tiers:
            remaining = limit - len(result) if limit else None
            if remaining is not None and remaining <= 0:
                break
            found = super().name_search(
                name,
                domain=base & tier & Domain("id", "not in", seen),
                operator=operator,
                limit=remaining,
            )
            result += found
            seen += [partner_id for partner_id, _name in found]
        return result
