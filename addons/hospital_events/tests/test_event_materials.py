"""The materials an outreach event hands out come from the department's stock of the magazine
and the materials (R-E3, R-M3): the stock goes down when they are handed out, never below
zero, and back up when a line or the event is cancelled; only the team's leader and the
office hand them out."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import EventCase


@tagged("post_install", "-at_install")
class TestEventMaterials(EventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flyer = cls.env["hospital.marketing.material"].create(
            {"name": "Gynaecology flyer", "kind": "flyer", "qty_received": 1000}
        )
        cls.issue = cls.env["hospital.magazine.issue"].create(
            {
                "name": "2030-05",
                "date_start": "2030-05-01",
                "date_end": "2030-05-31",
                "print_run": 200,
                "copies_received": 200,
            }
        )
        cls.event.write(
            {
                "hm_material_line_ids": [
                    Command.create({"material_id": cls.flyer.id, "qty_planned": 300}),
                    Command.create(
                        {"material_id": cls.flyer.id, "qty_planned": 100, "qty_handed_out": 80}
                    ),
                    Command.create({"issue_id": cls.issue.id, "qty_planned": 50}),
                ]
            }
        )
        cls.flyers_300, cls.flyers_80, cls.magazines = cls.event.hm_material_line_ids

    def _stock(self):
        self.flyer.invalidate_recordset()
        self.issue.invalidate_recordset()
        return self.flyer.qty_available, self.issue.copies_left

    def test_handed_out_lines_draw_on_the_stock(self):
        self._approve()
        self.assertEqual(self._stock(), (1000, 200), "nothing drawn while planned")
        self.flyers_300.with_user(self.user_leader).action_hand_out()
        self.assertEqual(self.flyers_300.state, "done")
        self.assertEqual(self.flyers_300.qty_handed_out, 300, "everything planned")
        self.assertEqual(self._stock(), (700, 200))
        self.assertEqual(self.flyer.qty_handed_out, 300, "the material screen counts it")
        self.assertEqual(self.event.hm_material_handed_out, 300)
        # the event done hands out what was not confirmed, at the quantities entered
        self.event.with_user(self.user_leader).action_hm_done()
        self.assertEqual(self.flyers_80.state, "done")
        self.assertEqual(self.magazines.state, "done")
        self.assertEqual(self._stock(), (620, 150))
        self.assertEqual(self.issue.copies_handed_out, 50)
        self.assertEqual(self.event.hm_material_handed_out, 430)
        self.assertEqual(self.magazines.qty_in_stock, 150)

    def test_no_more_than_the_stock(self):
        self._approve()
        self.flyers_300.qty_planned = 1200
        with self.assertRaises(ValidationError):
            self.flyers_300.with_user(self.user_office).action_hand_out()
        self.assertEqual(self._stock(), (1000, 200))
        # nor can the event be closed on it
        with self.assertRaises(ValidationError):
            self.event.with_user(self.user_leader).action_hm_done()
        self.assertEqual(self.event.hm_state, "approved")
        self.flyers_300.qty_planned = 900
        self.event.with_user(self.user_leader).action_hm_done()
        self.assertEqual(self._stock(), (20, 150))

    def test_a_distribution_sees_what_the_event_took(self):
        """One stock: a squad cannot take out the copies the event handed out."""
        self._approve()
        self.flyers_300.qty_planned = 900
        self.flyers_300.with_user(self.user_leader).action_hand_out()
        task = self.env["hospital.distribution.task"].create(
            {
                "name": "Flyers, Wangcheng",
                "material_id": self.flyer.id,
                "team_id": self.team.id,
                "line_ids": [Command.create({"address": "Wangcheng square", "qty_planned": 200})],
            }
        )
        with self.assertRaises(ValidationError):
            task.with_user(self.user_office).action_assign()
        self.assertEqual(self._stock(), (100, 200))

    def test_cancelling_gives_back(self):
        self._approve()
        self.flyers_300.with_user(self.user_leader).action_hand_out()
        self.magazines.with_user(self.user_leader).action_hand_out()
        self.assertEqual(self._stock(), (700, 150))
        self.flyers_300.with_user(self.user_office).action_cancel()
        self.assertEqual(self.flyers_300.state, "cancel")
        self.assertEqual(self._stock(), (1000, 150))
        self.assertEqual(self.event.hm_material_handed_out, 50)
        # the approved event cancelled: everything comes back, nothing is handed out later
        self.event.with_user(self.user_manager).action_hm_cancel()
        self.assertEqual(set(self.event.hm_material_line_ids.mapped("state")), {"cancel"})
        self.assertEqual(self._stock(), (1000, 200))
        self.assertEqual(self.event.hm_material_handed_out, 0)

    def test_a_line_handed_out_is_fixed(self):
        self._approve()
        self.flyers_300.with_user(self.user_leader).action_hand_out()
        with self.assertRaises(UserError):
            self.flyers_300.with_user(self.user_leader).qty_handed_out = 10
        with self.assertRaises(UserError):
            self.flyers_300.with_user(self.user_leader).unlink()
        with self.assertRaises(UserError):
            self.flyers_300.with_user(self.user_leader).action_hand_out()
        self.assertEqual(self._stock(), (700, 200))

    def test_not_before_the_approval(self):
        with self.assertRaises(UserError):
            self.flyers_300.with_user(self.user_leader).action_hand_out()
        self.assertEqual(self.flyers_300.state, "todo")

    def test_roles(self):
        self._approve()
        other = self._create_event(
            "Another team's event",
            team=[("promoter_b", "leader")],
            hm_material_line_ids=[Command.create({"material_id": self.flyer.id, "qty_planned": 5})],
        )
        self._approve_as_sudo(other)
        Line = self.env["hospital.event.material.line"]
        # reading and searching: the team's members, their leader, the office
        for user, sees_other in (
            (self.user_promoter, False),
            (self.user_leader, False),
            (self.user_promoter_b, True),
            (self.user_office, True),
        ):
            with self.subTest(user=user.login):
                found = Line.with_user(user).search([("event_id", "in", (self.event | other).ids)])
                self.assertEqual(bool(found & other.hm_material_line_ids), sees_other)
                [group] = Line.with_user(user).formatted_read_group(
                    [("event_id", "=", other.id)], [], ["qty_planned:sum"]
                )
                self.assertEqual(group["qty_planned:sum"] or 0, 5 if sees_other else 0)
        self.assertEqual(
            self.flyers_300.with_user(self.user_promoter).read(["qty_planned"])[0]["qty_planned"],
            300,
        )
        # a promoter on the team and a user without a marketing role hand nothing out
        for user in (self.user_promoter, self.user_employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.flyers_300.with_user(user).action_hand_out()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.flyers_300.with_user(user).action_cancel()
        # a leader does not hand out another team's materials
        with self.assertRaises(AccessError):
            other.hm_material_line_ids.with_user(self.user_leader).action_hand_out()
        # the status changes only through the actions
        with self.assertRaises(AccessError):
            self.flyers_300.with_user(self.user_leader).state = "done"
        with self.assertRaises(AccessError):
            self.flyers_300.with_user(self.user_promoter).qty_handed_out = 10
        self.assertEqual(self._stock(), (1000, 200))
        # the office hands out any event's materials
        other.hm_material_line_ids.with_user(self.user_office).action_hand_out()
        self.assertEqual(self._stock(), (995, 200))

    def _approve_as_sudo(self, event):
        event.sudo().write({"hm_state": "approved"})
