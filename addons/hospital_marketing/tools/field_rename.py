"""Renaming fields of our own in an upgrade (pre-migrate), data kept.

An upgrade that finds a field gone from the code drops its column and its ``ir.model.fields``
row; so a field renamed in the code is renamed in the database BEFORE the registry loads:
its column (stored fields only), its ``ir.model.fields`` row and the external ids derived from
its name (``field_<table>__<name>``, ``selection__<table>__<name>__<value>``). Admin-owned data
that names fields in text is rewritten too: record rules (``noupdate``, not reloaded), saved
filters, window actions, export lists, server action code, mail templates and views (an
admin's own; and ours, which the upgrade reloads, but an inheriting view of an addon upgraded
later is checked against its new parent first). Data shipped by the addons is reloaded from
the new code by the upgrade itself.

Each step is skipped when already done, so a migration can run twice.
"""

import logging

from odoo.tools import sql

_logger = logging.getLogger(__name__)

# (table, column) pairs of admin-owned text that may name fields
FIELD_TEXT_COLUMNS = (
    ("ir_rule", "domain_force"),
    ("ir_filters", "domain"),
    ("ir_filters", "context"),
    ("ir_filters", "sort"),
    ("ir_act_window", "domain"),
    ("ir_act_window", "context"),
    ("ir_exports_line", "name"),
    ("ir_act_server", "code"),
    ("ir_ui_view_custom", "arch"),
    # views: an admin's own, and one of ours another addon extends: until that addon is
    # upgraded too, its old arch is checked against the new parent
    ("ir_ui_view", "arch_db"),
    ("mail_template", "subject"),
    ("mail_template", "body_html"),
)


def _word(name):
    """A PostgreSQL regex matching ``name`` as a whole identifier (``\\m``/``\\M``: word
    start/end, ``_`` being a word character)."""
    return r"\m" + name + r"\M"


def replace_field_names(cr, names):
    """Replace each old field name by its new one, as a whole identifier, in admin-owned text
    (``FIELD_TEXT_COLUMNS``). ``names``: ``{old: new}``. Returns the rows changed per table."""
    changed = {}
    for table, column in FIELD_TEXT_COLUMNS:
        cr.execute(
            "SELECT data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema AND table_name = %s AND column_name = %s",
            (table, column),
        )
        row = cr.fetchone()
        if not row:
            continue
        # translated text is jsonb ({lang: text}): field names are the same in every language
        cast = sql.SQL("::jsonb") if row[0] == "jsonb" else sql.SQL("")
        text = sql.SQL("%s::text", sql.SQL.identifier(column))
        for old, new in names.items():
            cr.execute(
                sql.SQL(
                    "UPDATE %s SET %s = regexp_replace(%s, %s, %s, 'g')%s WHERE %s ~ %s",
                    sql.SQL.identifier(table),
                    sql.SQL.identifier(column),
                    text,
                    _word(old),
                    new,
                    cast,
                    text,
                    _word(old),
                )
            )
            if cr.rowcount:
                changed[table] = changed.get(table, 0) + cr.rowcount
    return changed


def rename_field(cr, model, old, new):
    """Rename field ``old`` of ``model`` to ``new`` in the database: column, ``ir.model.fields``
    row and its (and its selection values') external ids."""
    table = model.replace(".", "_")
    if (
        sql.table_kind(cr, table) == sql.TableKind.Regular
        and sql.column_exists(cr, table, old)
        and not sql.column_exists(cr, table, new)
    ):
        sql.rename_column(cr, table, old, new)
    cr.execute(
        """
        UPDATE ir_model_fields f
           SET name = %(new)s
         WHERE f.model = %(model)s AND f.name = %(old)s
           AND NOT EXISTS (
                SELECT 1 FROM ir_model_fields n WHERE n.model = %(model)s AND n.name = %(new)s
           )
        """,
        {"model": model, "old": old, "new": new},
    )
    cr.execute(
        """
        UPDATE ir_model_data d
           SET name = %(new_xmlid)s
         WHERE d.model = 'ir.model.fields' AND d.name = %(old_xmlid)s
           AND NOT EXISTS (
                SELECT 1 FROM ir_model_data n
                 WHERE n.module = d.module AND n.name = %(new_xmlid)s
           )
        """,
        {"old_xmlid": f"field_{table}__{old}", "new_xmlid": f"field_{table}__{new}"},
    )
    old_sel, new_sel = f"selection__{table}__{old}__", f"selection__{table}__{new}__"
    cr.execute(
        """
        UPDATE ir_model_data d
           SET name = %(new_sel)s || substr(d.name, length(%(old_sel)s) + 1)
         WHERE d.model = 'ir.model.fields.selection' AND starts_with(d.name, %(old_sel)s)
           AND NOT EXISTS (
                SELECT 1 FROM ir_model_data n
                 WHERE n.module = d.module
                   AND n.name = %(new_sel)s || substr(d.name, length(%(old_sel)s) + 1)
           )
        """,
        {"old_sel": old_sel, "new_sel": new_sel},
    )


def rename_fields(cr, renames):
    """``renames``: ``[(model, old, new), ...]``; the same old name on several models (a
    model and its public mirror) is one text replacement."""
    for model, old, new in renames:
        rename_field(cr, model, old, new)
    changed = replace_field_names(cr, {old: new for _model, old, new in renames})
    _logger.info("renamed %d fields; admin data rewritten: %s", len(renames), changed or "none")
