import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from ..wizards.hospital_distribution_generate_wizard import _split
from .magazine_common import PHOTO, MagazineCase


@tagged("post_install", "-at_install")
class TestMagazineIssue(MagazineCase):
    """R-M1: squad sizing from the print run and the configured capacity."""

    def test_150000_copies_need_two_squads_the_team_has(self):
        issue = self.issue.with_user(self.user_office)
        self.assertEqual(issue.monthly_copies, 150000)
        self.assertEqual(issue.squads_needed, 2)
        self.assertEqual(issue.staff_needed, 8)  # 1 leader + 3 members each
        self.assertEqual(issue.squads_available, 2)
        self.assertFalse(issue.squad_warning)

    def test_warns_when_the_magazine_team_has_fewer_squads(self):
        self.issue.print_run = 300001
        self.assertEqual(self.issue.squads_needed, 4)
        self.assertIn("4", self.issue.squad_warning)
        self.assertIn("2", self.issue.squad_warning)

    def test_capacity_and_period_are_data(self):
        self.env.company.hm_magazine_squad_capacity = 200000
        self.issue.invalidate_recordset(["squads_needed"])
        self.assertEqual(self.issue.squads_needed, 1)
        self.env.company.hm_magazine_squad_capacity = 100000
        self.issue.write({"print_run": 300000, "date_end": date(2026, 4, 30)})
        self.assertEqual(self.issue.monthly_copies, 150000)
        self.assertEqual(self.issue.squads_needed, 2)

    def test_a_magazine_team_without_squads_is_one_squad(self):
        (self.squad_1 | self.squad_2).action_archive()
        self.issue.invalidate_recordset(["squads_available"])
        self.assertEqual(self.issue.squads_available, 1)
        self.assertTrue(self.issue.squad_warning)

    def test_issue_workflow_by_buttons_only(self):
        issue = self.issue.with_user(self.user_office)
        with self.assertRaises(AccessError):
            issue.write({"state": "printed"})
        with self.assertRaises(AccessError):
            self.env["hospital.magazine.issue"].with_user(self.user_office).create(
                {
                    "name": "X",
                    "date_start": date(2026, 4, 1),
                    "date_end": date(2026, 4, 30),
                    "print_run": 1,
                    "state": "closed",
                }
            )
        issue.action_printed()
        self.assertEqual(issue.state, "printed")
        self.assertEqual(issue.copies_received, 150000)
        self.assertEqual(issue.copies_left, 150000)
        issue.action_distribute()
        issue.action_close()
        self.assertEqual(issue.state, "closed")
        with self.assertRaises(UserError):
            issue.write({"copies_received": 10})


@tagged("post_install", "-at_install")
class TestDistribution(MagazineCase):
    """R-M2: the ledger per drop point, its roll-ups, the refusals, returns and proof."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._printed_issue()

    def _drop(self, line, qty=None, user=None, **vals):
        line = line.with_user(user or self.user_mag_promoter)
        values = {"photo": PHOTO, **vals}
        if qty is not None:
            values["qty_handed_out"] = qty
        line.write(values)
        line.action_confirm_drop()
        return line

    def test_assignment_takes_copies_out_and_drops_roll_up(self):
        task = self._task()
        line_1, line_2 = task.line_ids
        self.assertEqual(task.state, "assigned")
        self.assertEqual(self.issue.state, "distributing")
        self.assertEqual((line_1.qty_received, line_2.qty_received), (1000, 500))
        self.assertEqual(self.issue.copies_issued, 1500)
        self.assertEqual(self.issue.copies_left, 148500)
        self._drop(line_1, 800, latitude=28.19, longitude=113.02)
        self.assertEqual(line_1.state, "done")
        self.assertEqual(line_1.done_user_id, self.user_mag_promoter)
        self.assertTrue(line_1.photo_datetime)
        self.assertEqual(line_1.qty_left, 200)
        self.assertEqual(task.qty_handed_out, 800)
        self.assertEqual(task.drop_done_count, 1)
        self.issue.invalidate_recordset()
        self.assertEqual(self.issue.copies_handed_out, 800)
        self.assertEqual(self.issue.copies_out, 700)
        # without a quantity, everything taken out counts as handed out
        self._drop(line_2)
        self.assertEqual(line_2.qty_handed_out, 500)
        # the line's cost follows the issue's cost per copy (120 000 / 150 000)
        self.assertAlmostEqual(line_1.cost, 640.0)

    def test_handing_out_more_than_received_is_refused(self):
        line = self._task().line_ids[1]
        with self.assertRaises(ValidationError):
            line.with_user(self.user_mag_promoter).write({"qty_handed_out": 501})
        self.assertEqual(line.qty_handed_out, 0)

    def test_taking_out_more_than_the_stock_is_refused(self):
        task = self._task(planned=(150000, 1), assign=False)
        with self.assertRaises(ValidationError):
            task.with_user(self.user_mag_leader).action_assign()

    def test_a_drop_needs_a_photo_and_a_partner_drop_a_recipient(self):
        partner = self.env["res.partner"].create({"name": "Clinic", "is_company": True})
        task = self._task(assign=False)
        task.line_ids[0].with_user(self.user_mag_leader).write(
            {"partner_id": partner.id, "address": False}
        )
        task.with_user(self.user_mag_leader).action_assign()
        line = task.line_ids[0].with_user(self.user_mag_promoter)
        with self.assertRaises(UserError):
            line.action_confirm_drop()
        line.photo = PHOTO
        with self.assertRaises(UserError):
            line.action_confirm_drop()
        line.recipient_name = "Dr. Tan"
        line.action_confirm_drop()
        self.assertEqual(line.state, "done")
        self.assertEqual(line.drop_point, "Clinic")

    def test_position_must_be_finite_and_in_range(self):
        line = self._task().line_ids[0].with_user(self.user_mag_promoter)
        for lat, lon in ((91.0, 0.0), (0.0, -181.0), (float("nan"), 0.0), (0.0, float("inf"))):
            with self.subTest(lat=lat, lon=lon), self.assertRaises(ValidationError):
                line.write({"latitude": lat, "longitude": lon})
                line.flush_recordset()

    def test_one_photo_closes_several_drop_points(self):
        task = self._task(planned=(100, 200, 300))
        lines = task.line_ids[:2]
        action = lines.with_user(self.user_mag_promoter).action_open_drop_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_mag_promoter)
            .with_context(**action["context"])
            .create({"photo": PHOTO, "latitude": 28.2, "longitude": 112.9})
        )
        wizard.action_confirm()
        self.assertEqual(lines.mapped("state"), ["done", "done"])
        self.assertEqual(lines.mapped("qty_handed_out"), [100, 200])
        self.assertEqual(lines.mapped("latitude"), [28.2, 28.2])
        self.assertTrue(all(lines.mapped("photo")))
        self.assertEqual(task.line_ids[2].state, "todo")
        # the photos are attachments of the drop points
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", lines._name),
                ("res_id", "in", lines.ids),
                ("res_field", "=", "photo"),
            ]
        )
        self.assertEqual(len(attachments), 2)

    def test_leftovers_go_back_to_stock(self):
        task = self._task()
        line_1, line_2 = task.line_ids
        self._drop(line_1, 700)
        line_1.with_user(self.user_mag_promoter).action_return_leftover()
        self.assertEqual(line_1.qty_returned, 300)
        self.issue.invalidate_recordset()
        self.assertEqual(self.issue.copies_left, 150000 - 1500 + 300)
        # closing the task brings back what the unreached drop point took
        task.with_user(self.user_mag_leader).action_done()
        self.assertEqual(task.state, "done")
        self.assertEqual(line_2.state, "cancel")
        self.assertEqual(line_2.qty_returned, 500)
        self.issue.invalidate_recordset()
        self.assertEqual(self.issue.copies_left, 150000 - 700)
        self.assertEqual(self.issue.copies_out, 0)

    def test_closing_the_issue_closes_its_tasks_with_their_leftovers(self):
        task = self._task()
        self._drop(task.line_ids[0], 1000)
        draft = self._task(assign=False)
        self.issue.with_user(self.user_office).action_close()
        self.assertEqual(task.state, "done")
        self.assertEqual(draft.state, "cancel")
        self.assertEqual(self.issue.copies_left, 149000)
        self.assertEqual(self.issue.copies_handed_out, 1000)

    def test_cancelling_a_task_returns_everything(self):
        task = self._task()
        task.with_user(self.user_mag_leader).action_cancel()
        self.assertEqual(task.line_ids.mapped("state"), ["cancel", "cancel"])
        self.issue.invalidate_recordset()
        self.assertEqual(self.issue.copies_left, 150000)

    def test_workflow_fields_are_refused_to_every_caller(self):
        task = self._task()
        line = task.line_ids[0]
        for user in (self.user_mag_promoter, self.user_mag_leader, self.user_manager):
            for vals in ({"state": "done"}, {"qty_received": 5000}, {"qty_returned": 1}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    line.with_user(user).write(vals)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                task.with_user(user).write({"state": "done"})
        # a distributor does not change the plan
        with self.assertRaises(AccessError):
            line.with_user(self.user_mag_promoter).write({"qty_planned": 9})
        # nor a confirmed drop
        self._drop(line, 10)
        with self.assertRaises(UserError):
            line.with_user(self.user_mag_promoter).write({"qty_handed_out": 20})

    def test_materials_use_the_same_ledger(self):
        material = self.env["hospital.marketing.material"].create(
            {"name": "Flyer", "kind": "flyer", "qty_received": 1000, "unit_cost": 0.5}
        )
        task = self._task(planned=(600,), assign=False, issue_id=False, material_id=material.id)
        task.with_user(self.user_mag_leader).action_assign()
        self._drop(task.line_ids, 400)
        material.invalidate_recordset()
        self.assertEqual(material.qty_handed_out, 400)
        self.assertEqual(material.qty_available, 400)
        self.assertAlmostEqual(task.line_ids.cost, 200.0)
        with self.assertRaises(ValidationError):
            self._task(planned=(401,), issue_id=False, material_id=material.id)


@tagged("post_install", "-at_install")
class TestGenerator(MagazineCase):
    """R-M2: the generator spreads an issue over the squads and their territories."""

    @given(quantity=st.integers(min_value=0, max_value=10**7), parts=st.integers(1, 50))
    def test_split_keeps_every_copy_and_is_even(self, quantity, parts):
        shares = _split(quantity, parts)
        self.assertEqual(len(shares), parts)
        self.assertEqual(sum(shares), quantity)
        self.assertLessEqual(max(shares) - min(shares), 1)
        self.assertEqual(shares, sorted(shares, reverse=True))

    def test_a_new_member_of_the_squad_sees_its_tasks(self):
        self._printed_issue()
        task = self._task()
        Task = self.env["hospital.distribution.task"].with_user(self.user_promoter_b)
        self.assertFalse(Task.search([("id", "=", task.id)]))
        self.employees["promoter_b"].hm_marketing_team_id = self.squad_1
        self.assertEqual(Task.search([("id", "=", task.id)]), task)
        self.assertEqual(
            self.env["hospital.distribution.line"]
            .with_user(self.user_promoter_b)
            .search([("task_id", "=", task.id)]),
            task.line_ids,
        )

    def test_spread_editable_then_tasks(self):
        self._printed_issue()
        Wizard = self.env["hospital.distribution.generate.wizard"].with_user(self.user_office)
        form = Form(Wizard.with_context(default_issue_id=self.issue.id))
        self.assertEqual(form.quantity, 150000)
        self.assertEqual(len(form.line_ids), 2)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.team_id, self.squad_1)
            self.assertEqual(line.territory_id, self.east)
            self.assertEqual(line.quantity, 75000)
            line.quantity = 80000
        with form.line_ids.edit(1) as line:
            line.quantity = 70000
        wizard = form.save()
        action = wizard.action_generate()
        tasks = self.env["hospital.distribution.task"].search(action["domain"]).sorted("id")
        self.assertEqual(tasks.mapped("qty_allocated"), [80000, 70000])
        self.assertEqual(tasks.team_id, self.squad_1 | self.squad_2)
        self.assertEqual(set(tasks.mapped("state")), {"draft"})
        self.assertEqual(tasks.territory_id, self.east | self.west)
        # the next spread proposes what is left to plan: nothing
        again = Wizard.create({"issue_id": self.issue.id})
        self.assertEqual(again.quantity, 0)

    def test_spread_cannot_give_out_more_than_the_issue(self):
        wizard = (
            self.env["hospital.distribution.generate.wizard"]
            .with_user(self.user_office)
            .create({"issue_id": self.issue.id})
        )
        wizard.line_ids[0].quantity = 150000
        with self.assertRaises(UserError):
            wizard.action_generate()

    def test_only_office_and_manager_spread(self):
        for user in (self.user_mag_leader, self.user_mag_promoter, self.user_finance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["hospital.distribution.generate.wizard"].with_user(user).create(
                    {"issue_id": self.issue.id}
                ).action_generate()


@tagged("post_install", "-at_install")
class TestPlacements(MagazineCase):
    """R-M3: placements with their status history and one reminder when something is due."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Placement = cls.env["hospital.publicity.placement"]
        with freeze_time("2026-03-01"):
            cls.window = cls.Placement.with_user(cls.user_office).create(
                {
                    "name": "Window",
                    "kind": "window",
                    "place": "Donghu community",
                    "date_start": date(2026, 3, 1),
                    "date_end": date(2026, 12, 31),
                    "maintenance_interval": 30,
                    "user_id": cls.user_office.id,
                }
            )
            cls.bus = cls.Placement.with_user(cls.user_office).create(
                {
                    "name": "Bus 202",
                    "kind": "bus",
                    "place": "Line 202",
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 3, 20),
                    "maintenance_interval": 0,
                    "user_id": cls.user_office.id,
                }
            )

    def _reminders(self, placements):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "hospital.publicity.placement"),
                ("res_id", "in", placements.ids),
                ("activity_type_id.name", "=", "Placement Due"),
            ]
        )

    def test_one_reminder_when_due_never_two(self):
        placements = self.window | self.bus
        self.assertEqual(self.window.next_maintenance_date, date(2026, 3, 31))
        with freeze_time("2026-03-10"):
            self.Placement._cron_placement_reminders()
        self.assertFalse(self._reminders(placements))
        with freeze_time("2026-03-18"):
            self.Placement._cron_placement_reminders()
            self.Placement._cron_placement_reminders()
        reminder = self._reminders(placements)
        self.assertEqual(reminder.res_id, self.bus.id)
        self.assertEqual(reminder.user_id, self.user_office)
        with freeze_time("2026-03-29"):
            self.Placement._cron_placement_reminders()
            self.Placement._cron_placement_reminders()
        self.assertEqual(len(self._reminders(self.window)), 1)
        self.assertEqual(len(self._reminders(self.bus)), 1)

    def test_maintenance_done_moves_the_next_date_and_closes_the_reminder(self):
        with freeze_time("2026-03-29"):
            self.Placement._cron_placement_reminders()
            self.window.with_user(self.user_office).action_maintained()
            self.assertEqual(self.window.next_maintenance_date, date(2026, 4, 28))
            self.assertFalse(self._reminders(self.window))
            self.Placement._cron_placement_reminders()
        self.assertFalse(self._reminders(self.window))

    def test_content_update_due_reminds(self):
        self.window.with_user(self.user_office).next_content_date = date(2026, 3, 12)
        with freeze_time("2026-03-10"):
            self.Placement._cron_placement_reminders()
        self.assertEqual(len(self._reminders(self.window)), 1)
        self.assertIn("content", self._reminders(self.window).summary)

    def test_status_by_buttons_with_history(self):
        window = self.window
        with self.assertRaises(AccessError):
            window.with_user(self.user_office).write({"status": "removed"})
        with self.assertRaises(AccessError):
            self.Placement.with_user(self.user_manager).create(
                {"name": "W", "place": "P", "status": "damaged"}
            )
        window.with_user(self.user_mag_promoter).action_report_damaged()
        self.assertEqual(window.status, "damaged")
        with self.assertRaises(AccessError):
            window.with_user(self.user_mag_promoter).action_set_live()
        with self.assertRaises(AccessError):
            window.with_user(self.user_employee).action_report_damaged()
        window.with_user(self.user_office).action_set_live()
        window.with_user(self.user_manager).action_remove()
        self.assertEqual(window.status, "removed")
        self.assertEqual(
            window.history_ids.sorted("id").mapped("status"), ["live", "damaged", "live", "removed"]
        )
        self.assertEqual(window.history_ids.sorted("id")[1].user_id, self.user_mag_promoter)
        # a removed placement is reminded of nothing
        with freeze_time("2026-03-31"):
            self.Placement._cron_placement_reminders()
        self.assertFalse(self._reminders(window))


@tagged("post_install", "-at_install")
class TestReach(MagazineCase):
    """R-K2: copies per territory and month, material cost per month, as XLSX."""

    def test_reach_export(self):
        self._printed_issue()
        task = self._task(planned=(1000,), territory_id=self.east.id)
        with freeze_time("2026-03-15 10:00:00"):
            line = task.line_ids.with_user(self.user_mag_promoter)
            line.write({"photo": PHOTO, "qty_handed_out": 900})
            line.action_confirm_drop()
        self.assertEqual(line.territory_id, self.east)
        for user in (self.user_office, self.user_finance, self.user_vp):
            export = (
                self.env["hospital.magazine.reach.export"]
                .with_user(user)
                .create({"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)})
            )
            action = export.action_export()
            self.assertIn("/web/content/", action["url"])
            book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.xlsx_file)))
            territory = book.worksheets[0]
            row = [c.value for c in territory[2]]
            self.assertEqual((row[0], row[2]), ("East", 900))
            cost = book.worksheets[-1]
            self.assertAlmostEqual([c.value for c in cost[2]][2], 720.0)
        for user in (self.user_mag_leader, self.user_mag_promoter):
            export = (
                self.env["hospital.magazine.reach.export"]
                .sudo()
                .create({"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)})
            )
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                export.with_user(user).action_export()
        # the pivot's numbers: one query by territory and month
        groups = (
            self.env["hospital.distribution.line"]
            .with_user(self.user_mag_leader)
            ._read_group(
                [("state", "=", "done")],
                ["territory_id", "done_datetime:month"],
                ["qty_handed_out:sum"],
            )
        )
        self.assertEqual([(t, q) for t, _m, q in groups], [(self.east, 900)])
