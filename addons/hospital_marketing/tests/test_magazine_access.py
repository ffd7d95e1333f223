from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MATRIX_ROLES
from .magazine_common import PHOTO, MagazineCase

# the role x model matrix of the magazine models (the department core's matrix test checks that
# every model of the addon is in a matrix): c(reate) r(ead) w(rite) u(nlink) on a record in the
# role's scope (a task of the role's team)
_DEPARTMENT = {
    "promoter": "r",
    "leader": "r",
    "office": "crw",
    "manager": "crwu",
    "vp": "crwu",
    "guide_desk": "",
    "finance": "r",
    "treatment_leader": "",
    "employee": "",
}
MAGAZINE_MATRIX = {
    "hospital.magazine.issue": _DEPARTMENT,
    "hospital.marketing.material": _DEPARTMENT,
    "hospital.publicity.placement": {**_DEPARTMENT, "office": "crwu"},
    "hospital.publicity.placement.history": {
        **_DEPARTMENT,
        "office": "r",
        "manager": "r",
        "vp": "r",
    },
    "hospital.distribution.task": {
        **_DEPARTMENT,
        "leader": "crwu",
        "office": "crwu",
    },
    "hospital.distribution.line": {
        **_DEPARTMENT,
        "promoter": "rw",
        "leader": "crwu",
        "office": "crwu",
    },
}

# roles that read the department's magazine records (issues, materials, placements)
READERS = {"mag_promoter", "promoter", "leader", "mag_leader", "office", "manager", "vp", "finance"}
# roles that see the costs
COST_READERS = {"office", "manager", "vp", "finance"}
# roles that manage issues, materials and placements
MANAGERS = {"office", "manager", "vp"}
# roles that see the first squad's task: its member, its team's leader, the department, finance
TASK_READERS = {"mag_promoter", "mag_leader", "office", "manager", "vp", "finance"}
# roles that plan and move the first squad's task
TASK_PLANNERS = {"mag_leader", "office", "manager", "vp"}
# roles that confirm a drop of the first squad
DROPPERS = {"mag_promoter", "mag_leader", "office", "manager", "vp"}
ROLES = (
    "mag_promoter",
    "promoter",
    "leader",
    "mag_leader",
    "office",
    "manager",
    "vp",
    "finance",
    "guide_desk",
    "treatment_leader",
    "employee",
)


@tagged("post_install", "-at_install")
class TestMagazineAccess(MagazineCase):
    """Who reads, writes and moves the magazine records, role by role (R-S3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._printed_issue()
        cls.material = cls.env["hospital.marketing.material"].create(
            {"name": "Poster", "kind": "poster", "qty_received": 100, "unit_cost": 2.0}
        )
        cls.placement = cls.env["hospital.publicity.placement"].create(
            {"name": "Window", "place": "Donghu", "cost": 3600.0, "date_start": date(2026, 3, 1)}
        )

    def _user(self, role):
        return getattr(self, f"user_{role}")

    def _matrix_vals(self, model, tag):
        if model == "hospital.magazine.issue":
            return {
                "name": f"Issue {tag}",
                "date_start": date(2026, 4, 1),
                "date_end": date(2026, 4, 30),
                "print_run": 1000,
            }
        if model == "hospital.marketing.material":
            return {"name": f"Cup {tag}", "kind": "cup"}
        if model == "hospital.publicity.placement":
            return {"name": f"Window {tag}", "place": "Donghu"}
        if model == "hospital.publicity.placement.history":
            return {"placement_id": self.placement.id, "note": tag}
        task_vals = {"name": f"Task {tag}", "issue_id": self.issue.id, "team_id": self.team.id}
        if model == "hospital.distribution.task":
            return task_vals
        task = self.env["hospital.distribution.task"].create(task_vals)
        return {"task_id": task.id, "address": f"Street {tag}", "qty_planned": 10}

    def test_matrix(self):
        write_vals = {
            "hospital.magazine.issue": {"note": "<p>Checked</p>"},
            "hospital.marketing.material": {"note": "<p>Checked</p>"},
            "hospital.publicity.placement": {"content_version": "v2"},
            "hospital.publicity.placement.history": {"note": "Tampered"},
            "hospital.distribution.task": {"note": "<p>Checked</p>"},
            "hospital.distribution.line": {"note": "Left at the gate"},
        }
        for model, rights in MAGAZINE_MATRIX.items():
            self.assertEqual(set(rights), set(MATRIX_ROLES))
            for role in MATRIX_ROLES:
                with self.subTest(model=model, role=role):
                    self._assert_crud(
                        self.users[role],
                        rights[role],
                        self.env[model].create(self._matrix_vals(model, f"{role} existing")),
                        self._matrix_vals(model, f"{role} new"),
                        write_vals[model],
                    )

    def test_department_records_read_write_and_costs(self):
        cases = (
            (self.issue, "printing_cost", {"note": "<p>x</p>"}),
            (self.material, "unit_cost", {"qty_received": 120}),
            (self.placement, "cost", {"content_version": "v2"}),
        )
        for role in ROLES:
            user = self._user(role)
            for record, cost_field, write_vals in cases:
                with self.subTest(role=role, model=record._name):
                    rec = record.with_user(user)
                    if role in READERS:
                        self.assertEqual(rec.search([("id", "=", record.id)]), record)
                        rec.read(["display_name"])
                    else:
                        with self.assertRaises(AccessError):
                            rec.search([("id", "=", record.id)])
                        with self.assertRaises(AccessError):
                            rec.read(["display_name"])
                    if role in COST_READERS:
                        rec.read([cost_field])
                    else:
                        with self.assertRaises(AccessError):
                            rec.read([cost_field])
                    if role in MANAGERS:
                        rec.write(write_vals)
                    else:
                        with self.assertRaises(AccessError):
                            rec.write(write_vals)

    def test_issue_actions_by_role(self):
        for role in ROLES:
            if role in MANAGERS:
                continue
            with self.subTest(role=role):
                issue = self.issue.with_user(self._user(role))
                for action in ("action_printed", "action_distribute", "action_close"):
                    with self.assertRaises(AccessError):
                        getattr(issue, action)()
        self.issue.with_user(self.user_vp).action_distribute()
        self.assertEqual(self.issue.state, "distributing")

    def test_tasks_and_drops_by_role(self):
        for role in ROLES:
            user = self._user(role)
            with self.subTest(role=role):
                task = self._task(assign=False)
                line = task.line_ids[0]
                if role in TASK_READERS:
                    self.assertEqual(task.with_user(user).search([("id", "=", task.id)]), task)
                    self.assertEqual(line.with_user(user).search([("id", "=", line.id)]), line)
                    task.with_user(user).read(["name", "qty_handed_out"])
                elif role in ("promoter", "leader"):
                    # marketing staff of other teams: the task is not in their scope
                    self.assertFalse(task.with_user(user).search([("id", "=", task.id)]))
                    self.assertFalse(line.with_user(user).search([("id", "=", line.id)]))
                    with self.assertRaises(AccessError):
                        task.with_user(user).read(["name"])
                    with self.assertRaises(AccessError):
                        line.with_user(user).read(["drop_point"])
                else:
                    with self.assertRaises(AccessError):
                        task.with_user(user).search([])
                    with self.assertRaises(AccessError):
                        line.with_user(user).read(["drop_point"])
                if role in TASK_PLANNERS:
                    task.with_user(user).write({"name": "Renamed"})
                    task.with_user(user).action_assign()
                    self.assertEqual(task.state, "assigned")
                else:
                    with self.assertRaises(AccessError):
                        task.with_user(user).write({"name": "Renamed"})
                    with self.assertRaises(AccessError):
                        task.with_user(user).action_assign()
                    task.with_user(self.user_mag_leader).action_assign()
                if role in DROPPERS:
                    line.with_user(user).write({"photo": PHOTO, "recipient_name": "x"})
                    line.with_user(user).action_confirm_drop()
                    self.assertEqual(line.state, "done")
                else:
                    with self.assertRaises(AccessError):
                        line.with_user(user).write({"photo": PHOTO})
                    line.with_user(self.user_mag_promoter).photo = PHOTO
                    with self.assertRaises(AccessError):
                        line.with_user(user).action_confirm_drop()
                    with self.assertRaises(AccessError):
                        line.with_user(user).action_return_leftover()
                if role in TASK_PLANNERS:
                    task.with_user(user).action_done()
                else:
                    with self.assertRaises(AccessError):
                        task.with_user(user).action_done()
                    with self.assertRaises(AccessError):
                        task.with_user(user).action_cancel()

    def test_line_cost_only_for_cost_readers(self):
        line = self._task().line_ids[0]
        for role in TASK_READERS:
            with self.subTest(role=role):
                if role in COST_READERS:
                    line.with_user(self._user(role)).read(["cost"])
                else:
                    with self.assertRaises(AccessError):
                        line.with_user(self._user(role)).read(["cost"])

    def test_placement_status_by_role(self):
        for role in ROLES:
            user = self._user(role)
            with self.subTest(role=role):
                placement = self.placement.with_user(user)
                if role in MANAGERS:
                    placement.action_maintained()
                    continue
                with self.assertRaises(AccessError):
                    placement.action_maintained()
                with self.assertRaises(AccessError):
                    placement.action_remove()
                if role in READERS - {"finance"}:
                    placement.action_report_damaged()
                    self.placement.with_user(self.user_office).action_set_live()
                else:
                    with self.assertRaises(AccessError):
                        placement.action_report_damaged()

    def test_other_company_sees_nothing(self):
        task = self._task()
        other = self.user_other_promoter
        for record in (self.issue, self.material, self.placement, task, task.line_ids):
            with self.subTest(model=record._name):
                self.assertFalse(record.with_user(other).search([("id", "in", record.ids)]))

    def test_records_of_two_companies_do_not_mix(self):
        other_issue = self.env["hospital.magazine.issue"].create(
            {
                "name": "Other",
                "company_id": self.other_company.id,
                "date_start": date(2026, 3, 1),
                "date_end": date(2026, 3, 31),
                "print_run": 10,
            }
        )
        with self.assertRaises(UserError):
            self.env["hospital.distribution.task"].create(
                {"name": "Mixed", "issue_id": other_issue.id, "team_id": self.squad_1.id}
            )
