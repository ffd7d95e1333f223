"""19.0.2.0.0: the fields this addon adds to the employee (and its public mirror) take the
``hm_`` prefix of fields added to another addon's model (CONTRIBUTING.md, "Naming"); columns,
field rows, external ids and the rules, filters and actions that name them follow."""

from odoo.addons.hospital_marketing.tools.field_rename import rename_fields

RENAMES = [
    (model, old, f"hm_{old}")
    for model in ("hr.employee", "hr.employee.public")
    for old in (
        "marketing_role",
        "marketing_team_id",
        "marketing_led_team_ids",
        "marketing_territory_ids",
    )
]


def migrate(cr, version):
    rename_fields(cr, RENAMES)
