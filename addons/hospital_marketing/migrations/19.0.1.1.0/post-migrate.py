"""19.0.1.1.0: "paid" now means matched with the bank (a payment in process is "In Payment"):
recompute the payment state of the posted settlements. The leader record rules get their new
domain where an admin did not change them."""

from odoo import SUPERUSER_ID, api

from odoo.addons.hospital_marketing.tools.record_rules import refresh_rule_domains

# the leader rules read the team's leaders in scope (stored), no longer a user field; a
# partner whose promoter has no login belongs to its team, not to every promoter
RULE_DOMAINS = {
    "hospital_visit_rule_leader": (
        (
            "[('team_id', 'in', user.marketing_team_scope_ids.ids), '|', "
            "('secret_class', '=', False), ('secret_user_ids', 'in', [user.id])]"
        ),
        (
            "[('team_id.scope_leader_user_ids', 'in', [user.id]), '|', "
            "('secret_class', '=', False), ('secret_user_ids', 'in', [user.id])]"
        ),
    ),
    "hospital_work_report_rule_leader": (
        (
            "[('team_id', 'in', user.marketing_team_scope_ids.ids), '|', "
            "('secret_class', '=', False), ('secret_user_ids', 'in', [user.id])]"
        ),
        (
            "[('team_id.scope_leader_user_ids', 'in', [user.id]), '|', "
            "('secret_class', '=', False), ('secret_user_ids', 'in', [user.id])]"
        ),
    ),
    "hospital_performance_adjustment_rule_leader": (
        ("[('team_id', 'in', user.marketing_team_scope_ids.ids)]"),
        ("[('team_id.scope_leader_user_ids', 'in', [user.id])]"),
    ),
    "hospital_commission_line_rule_leader": (
        ("[('team_id', 'in', user.marketing_team_scope_ids.ids)]"),
        ("[('team_id.scope_leader_user_ids', 'in', [user.id])]"),
    ),
    "hospital_commission_settlement_rule_leader": (
        ("[('team_id', 'in', user.marketing_team_scope_ids.ids)]"),
        ("[('team_id.scope_leader_user_ids', 'in', [user.id])]"),
    ),
    "hospital_commission_signoff_rule_leader": (
        ("[('settlement_id.team_id', 'in', user.marketing_team_scope_ids.ids)]"),
        ("[('settlement_id.team_id.scope_leader_user_ids', 'in', [user.id])]"),
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    refresh_rule_domains(env, "hospital_marketing", RULE_DOMAINS)
    Settlement = env["hospital.commission.settlement"]
    settlements = Settlement.search([("move_id", "!=", False)])
    for fname in ("payment_state", "is_paid"):
        env.add_to_compute(Settlement._fields[fname], settlements)
    settlements.flush_recordset(["payment_state", "is_paid"])
