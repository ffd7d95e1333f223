"""19.0.2.0.0: the event's outreach kind, a field this addon adds to ``event.event``, takes the
``hm_`` prefix (CONTRIBUTING.md, "Naming"); its column, field row, external ids and the rules,
filters and actions that name it follow."""

from odoo.addons.hospital_marketing.tools.field_rename import rename_fields

RENAMES = [("event.event", "outreach_kind", "hm_outreach_kind")]


def migrate(cr, version):
    rename_fields(cr, RENAMES)
