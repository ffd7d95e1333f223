"""19.0.1.1.0: the referral record rules get their new domain where an admin did not change
them."""

from odoo import SUPERUSER_ID, api

from odoo.addons.hospital_marketing.tools.record_rules import refresh_rule_domains

# the leader rules read the team's leaders in scope (stored), no longer a user field; a
# partner whose promoter has no login belongs to its team, not to every promoter
RULE_DOMAINS = {
    "hospital_referral_rule_leader": (
        (
            "[('team_id', 'in', user.marketing_team_scope_ids.ids), '|', "
            "('secret_class', '=', False), ('secret_user_ids', 'in', [user.id])]"
        ),
        (
            "[('team_id.scope_leader_user_ids', 'in', [user.id]), '|', "
            "('secret_class', '=', False), ('secret_user_ids', 'in', [user.id])]"
        ),
    ),
    "hospital_referral_bill_rule_leader": (
        ("[('team_id', 'in', user.marketing_team_scope_ids.ids)]"),
        ("[('team_id.scope_leader_user_ids', 'in', [user.id])]"),
    ),
    "hospital_referral_agreement_rule_leader": (
        ("[('team_id', 'in', user.marketing_team_scope_ids.ids)]"),
        ("[('team_id.scope_leader_user_ids', 'in', [user.id])]"),
    ),
    "hospital_referral_gift_rule_leader": (
        ("[('team_id', 'in', user.marketing_team_scope_ids.ids)]"),
        ("[('team_id.scope_leader_user_ids', 'in', [user.id])]"),
    ),
    "res_partner_rule_referral_promoter": (
        ("[('referral_user_id', 'in', [False, user.id])]"),
        ("['|', ('referral_user_id', '=', user.id), ('referral_assigned', '=', False)]"),
    ),
    "res_partner_rule_referral_leader": (
        ("[('referral_team_id', 'in', user.marketing_team_scope_ids.ids)]"),
        ("[('referral_team_id.scope_leader_user_ids', 'in', [user.id])]"),
    ),
}


def migrate(cr, version):
    refresh_rule_domains(api.Environment(cr, SUPERUSER_ID, {}), "hospital_referral", RULE_DOMAINS)
