"""19.0.2.0.0: the referral fields this addon adds to ``res.partner`` take the ``hm_`` prefix
(CONTRIBUTING.md, "Naming"); columns, field rows, external ids and the rules, filters and
actions that name them follow; the users' field rows too (``res.users`` inherits the partner's
fields), which the upgrade would otherwise delete and create again. ``referral_partner_kind``
keeps its name: the distribution line has a field of that name too (see the naming debt in
CONTRIBUTING.md)."""

from odoo.addons.hospital_marketing.tools.field_rename import rename_fields

RENAMES = [
    (model, old, f"hm_{old}")
    for model in ("res.partner", "res.users")
    for old in (
        "referral_agreement_count",
        "referral_assigned",
        "referral_beds",
        "referral_case_count",
        "referral_co_maintainer_id",
        "referral_competitor_ids",
        "referral_cooperation_mode",
        "referral_currency_id",
        "referral_experience",
        "referral_gift_count",
        "referral_gift_over_cap",
        "referral_gift_total_year",
        "referral_grade",
        "referral_grade_history_ids",
        "referral_inpatients",
        "referral_last_visit",
        "referral_main_diseases",
        "referral_monthly_estimate",
        "referral_promoter_id",
        "referral_reputation",
        "referral_since",
        "referral_stage",
        "referral_team_id",
        "referral_territory_id",
        "referral_trial_until",
        "referral_user_id",
        "referral_visit_count",
        "referral_visit_due",
        "referral_visit_ids",
        "referral_visit_overdue_since",
    )
]


def migrate(cr, version):
    rename_fields(cr, RENAMES)
