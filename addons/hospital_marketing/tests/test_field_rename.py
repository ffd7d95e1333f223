"""The 19.0.2.0.0 upgrade renames the fields we add to other addons' models (``hm_`` prefix)
with their data: the employee's marketing role is put back in the database as the previous
release had it (column, field row, external ids, an admin's saved filter and export list naming
it), the release's pre-migrate runs, and the role, the filter and the export still work.

rename.py: keep (this file names a field as it was before 19.0.2.0.0 on purpose)
"""

import importlib.util

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from odoo.addons.hospital_marketing.tools.field_rename import replace_field_names

OLD, NEW = "marketing_role", "hm_marketing_role"


def _pre_migrate():
    path = f"{get_module_path('hospital_marketing')}/migrations/19.0.2.0.0/pre-migrate.py"
    spec = importlib.util.spec_from_file_location("hospital_marketing_pre_migrate_2", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


@tagged("post_install", "-at_install")
class TestFieldRename(TransactionCase):
    def _query(self, query, *args):
        self.env.cr.execute(query, args)
        return self.env.cr.fetchall()

    def _columns(self):
        return {
            name
            for (name,) in self._query(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = 'hr_employee' AND column_name IN (%s, %s)",
                OLD,
                NEW,
            )
        }

    def _back_to_the_old_release(self):
        """The database as 19.0.1.x left it: the field under its old name everywhere."""
        self.env.flush_all()
        self.env.cr.execute(f'ALTER TABLE hr_employee RENAME COLUMN "{NEW}" TO "{OLD}"')
        self.env.cr.execute(
            "UPDATE ir_model_fields SET name = %s"
            " WHERE model IN ('hr.employee', 'hr.employee.public') AND name = %s",
            (OLD, NEW),
        )
        self.env.cr.execute(
            "UPDATE ir_model_data SET name = replace(name, %s, %s)"
            " WHERE model IN ('ir.model.fields', 'ir.model.fields.selection')"
            "   AND (name LIKE %s OR name LIKE %s)",
            (
                f"__{NEW}",
                f"__{OLD}",
                f"field\\_hr\\_employee%\\_\\_{NEW}",
                f"selection\\_\\_hr\\_employee%\\_\\_{NEW}\\_\\_%",
            ),
        )
        self.env.cr.execute(
            "UPDATE ir_filters SET domain = %s, sort = %s WHERE id = %s",
            (
                f"[('{OLD}', '=', 'leader'), ('x_{OLD}_note', '!=', False)]",
                f'["{OLD} desc"]',
                self.saved_filter.id,
            ),
        )
        self.env.cr.execute(
            "UPDATE ir_exports_line SET name = %s WHERE id = %s",
            (f"parent_id/{OLD}", self.export.export_fields.id),
        )
        self.env.invalidate_all()

    def setUp(self):
        super().setUp()
        if NEW not in self._columns():
            self.skipTest("the tree still has the fields under their old names")
        self.leader = self.env["hr.employee"].create({"name": "Leader Zhou", NEW: "leader"})
        self.saved_filter = self.env["ir.filters"].create(
            {"name": "Leaders", "model_id": "hr.employee", "domain": "[]"}
        )
        self.export = self.env["ir.exports"].create(
            {
                "name": "Roles",
                "resource": "hr.employee",
                "export_fields": [(0, 0, {"name": "parent_id/name"})],
            }
        )
        self._back_to_the_old_release()

    def test_the_upgrade_keeps_the_role_and_renames_what_names_it(self):
        self.assertEqual(self._columns(), {OLD}, "the old release's state")
        _pre_migrate().migrate(self.env.cr, "19.0.1.3.0")
        self.env.invalidate_all()

        self.assertEqual(self._columns(), {NEW})
        self.assertEqual(self.leader[NEW], "leader", "the employee keeps the role")
        self.assertEqual(
            self.env["hr.employee"].search([(NEW, "=", "leader"), ("id", "=", self.leader.id)]),
            self.leader,
        )
        names = self._query(
            "SELECT model, name FROM ir_model_fields WHERE name IN (%s, %s)"
            " AND model IN ('hr.employee', 'hr.employee.public') ORDER BY model",
            OLD,
            NEW,
        )
        self.assertEqual(names, [("hr.employee", NEW), ("hr.employee.public", NEW)])
        field = self.env.ref(f"hospital_marketing.field_hr_employee__{NEW}")
        self.assertEqual((field.model, field.name), ("hr.employee", NEW))
        value = self.env.ref(f"hospital_marketing.selection__hr_employee__{NEW}__leader")
        self.assertEqual(value.field_id, field)

        self.assertEqual(
            self.saved_filter.domain,
            f"[('{NEW}', '=', 'leader'), ('x_{OLD}_note', '!=', False)]",
            "the field renamed, a longer name that contains it left alone",
        )
        self.assertEqual(self.saved_filter.sort, f'["{NEW} desc"]')
        self.assertEqual(self.export.export_fields.name, f"parent_id/{NEW}")

    def test_the_upgrade_runs_twice_without_harm(self):
        script = _pre_migrate()
        script.migrate(self.env.cr, "19.0.1.3.0")
        script.migrate(self.env.cr, "19.0.1.3.0")
        self.env.invalidate_all()
        self.assertEqual(self._columns(), {NEW})
        self.assertEqual(self.leader[NEW], "leader")
        self.assertEqual(replace_field_names(self.env.cr, {OLD: NEW}), {}, "nothing left to do")
