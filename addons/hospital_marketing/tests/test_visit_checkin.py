"""One-tap check-in and check-out at a visit (R-W1): the phone's position, or its refusal,
recorded by the visit's promoter only; the distance to the partner and the far flag; the
positions read by the promoter, their leader and the manager only."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MarketingCase

CLINIC = (28.2003, 112.9420)
# about 1.1 km north of the clinic
NORTH = (28.2103, 112.9420)


@tagged("post_install", "-at_install")
class TestVisitCheckIn(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.partner"].create(
            {
                "name": "Wangyuehu CHC",
                "is_company": True,
                "hm_latitude": CLINIC[0],
                "hm_longitude": CLINIC[1],
            }
        )
        cls.unlocated = cls.env["res.partner"].create({"name": "New Clinic", "is_company": True})

    def setUp(self):
        super().setUp()
        self.visit = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": self.clinic.id})
        )
        self.now = fields.Datetime.now()

    def _check_in(self, position=CLINIC, accuracy=10.0, user=None, visit=None):
        visit = (visit or self.visit).with_user(user or self.user_promoter)
        return visit._check_in(position[0], position[1], accuracy, self.now)

    def test_check_in_records_position_accuracy_time_and_distance(self):
        result = self._check_in(accuracy=12.5)
        visit = self.visit
        self.assertEqual(result["status"], "ok")
        self.assertEqual(visit.checkin_status, "ok")
        self.assertEqual(visit.state, "started", "a checked-in visit has started")
        self.assertEqual(visit.checkin_time, self.now)
        self.assertAlmostEqual(visit.latitude, CLINIC[0], places=6)
        self.assertAlmostEqual(visit.longitude, CLINIC[1], places=6)
        self.assertEqual(visit.checkin_accuracy, 12.5)
        self.assertLess(visit.checkin_distance, 1.0)
        self.assertFalse(visit.checkin_far)
        with self.assertRaisesRegex(UserError, "already checked in"):
            self._check_in()
        visit._check_out(NORTH[0], NORTH[1], 20.0, self.now + timedelta(minutes=1))
        self.assertEqual(visit.checkout_status, "ok")
        self.assertAlmostEqual(visit.checkout_latitude, NORTH[0], places=6)
        self.assertEqual(visit.end_datetime, self.now + timedelta(minutes=1))
        visit.action_done()
        self.assertEqual(visit.state, "done")

    def test_check_in_far_from_partner_is_flagged_for_the_leader(self):
        result = self._check_in(position=NORTH)
        self.assertTrue(result["far"])
        self.assertAlmostEqual(self.visit.checkin_distance, 1112, delta=5)
        self.assertTrue(self.visit.checkin_far)
        self.assertIn("flagged", result["message"])
        far = (
            self.env["hospital.visit"]
            .with_user(self.user_leader)
            .search([("checkin_far", "=", True)])
        )
        self.assertEqual(far, self.visit, "the leader's filter Far from Partner finds it")
        # a larger radius in the settings: the same distance is no longer far
        self.env.company.hm_checkin_radius = 2000
        visit = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": self.clinic.id})
        )
        self._check_in(position=NORTH, visit=visit)
        self.assertFalse(visit.checkin_far)

    def test_partner_without_position_gives_no_distance(self):
        visit = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": self.unlocated.id})
        )
        result = self._check_in(position=NORTH, visit=visit)
        self.assertIn("no position yet", result["message"])
        self.assertEqual(visit.checkin_distance, 0.0)
        self.assertFalse(visit.checkin_far)

    def test_refused_position_is_recorded_as_such_never_guessed(self):
        result = self.visit.with_user(self.user_promoter)._position_failed(
            "checkin", "denied", "User denied Geolocation"
        )
        self.assertEqual(result["status"], "denied")
        self.assertIn("refused", result["message"])
        self.assertEqual(self.visit.checkin_status, "denied")
        self.assertEqual(self.visit.checkin_error, "User denied Geolocation")
        self.assertEqual(self.visit.state, "started")
        self.assertFalse(self.visit.latitude)
        self.assertFalse(self.visit.checkin_far)
        self.assertFalse(
            self.env["hospital.visit.position"].search([("visit_id", "=", self.visit.id)])
        )
        # the phone finds its position later: the check-in is taken again
        self._check_in()
        self.assertEqual(self.visit.checkin_status, "ok")
        self.assertFalse(self.visit.checkin_error)
        other = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": self.clinic.id})
        )
        other.with_user(self.user_promoter)._position_failed("checkin", "unavailable", "Timeout")
        self.assertEqual(other.checkin_status, "unavailable")
        with self.assertRaises(ValidationError):
            other.with_user(self.user_promoter)._position_failed("checkin", "guessed", "")

    def test_invalid_positions_and_stale_times_are_refused(self):
        for position, accuracy in (((91.0, 0.0), 5.0), ((0.0, 181.0), 5.0), (CLINIC, -1.0)):
            with self.subTest(position=position), self.assertRaises(ValidationError):
                self._check_in(position=position, accuracy=accuracy)
        with self.assertRaisesRegex(ValidationError, "old position"):
            self.visit.with_user(self.user_promoter)._check_in(
                CLINIC[0], CLINIC[1], 5.0, self.now - timedelta(hours=2)
            )
        self.assertFalse(self.visit.checkin_status)

    def test_only_the_visits_promoter_checks_in(self):
        with self.assertRaisesRegex(AccessError, "own promoter"):
            self._check_in(user=self.user_leader)
        with self.assertRaisesRegex(AccessError, "own promoter"):
            self._check_in(user=self.user_manager)
        for user in (self.user_promoter_b, self.user_employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._check_in(user=user)
        call = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": self.clinic.id, "kind": "call"})
        )
        with self.assertRaisesRegex(UserError, "no check-in"):
            self._check_in(visit=call)
        self.assertFalse(self.visit.checkin_status)

    def test_check_in_fields_cannot_be_forged_over_rpc(self):
        self._check_in(position=NORTH)
        visit = self.visit.with_user(self.user_promoter)
        for vals in (
            {"checkin_far": False},
            {"checkin_distance": 0.0},
            {"checkin_status": "denied"},
            {"latitude": CLINIC[0]},
            {"checkin_time": self.now - timedelta(hours=1)},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                visit.write(vals)
        with self.assertRaises(AccessError):
            self.env["hospital.visit"].with_user(self.user_promoter).create(
                {"partner_id": self.clinic.id, "checkin_status": "ok", "latitude": 1.0}
            )
        with self.assertRaises(AccessError):
            self.env["hospital.visit.position"].with_user(self.user_promoter).create(
                {"visit_id": self.visit.id, "kind": "checkout", "latitude": 1.0, "longitude": 1.0}
            )
        self.assertTrue(self.visit.checkin_far)
        # the position itself: read-only to everyone, also the leader and the manager
        position = self.env["hospital.visit.position"].search([("visit_id", "=", self.visit.id)])
        for role in ("promoter", "leader", "manager"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                position.with_user(self.users[role]).write({"latitude": CLINIC[0]})
            with self.subTest(role=role), self.assertRaises(AccessError):
                position.with_user(self.users[role]).unlink()
        self.assertAlmostEqual(position.latitude, NORTH[0], places=6)

    def test_positions_are_read_by_promoter_leader_and_manager_only(self):
        self._check_in(position=NORTH)
        expected = {
            "promoter": NORTH[0],
            "leader": NORTH[0],
            "manager": NORTH[0],
            "vp": NORTH[0],
            "office": 0.0,
        }
        for role, latitude in expected.items():
            user = self.users[role]
            visit = self.visit.with_user(user)
            with self.subTest(role=role):
                values = visit.read(["latitude", "longitude", "checkin_far"])[0]
                self.assertAlmostEqual(values["latitude"], latitude, places=6)
                self.assertTrue(values["checkin_far"], "the flag is not a position")
                positions = (
                    self.env["hospital.visit.position"]
                    .with_user(user)
                    .search_read([("visit_id", "=", self.visit.id)], ["latitude"])
                )
                self.assertEqual(len(positions), 1 if latitude else 0)
        for role in ("promoter_b", "employee", "guide_desk", "finance"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.visit.with_user(self.users[role]).read(["latitude"])
        # a secret visit given to another promoter (the manager marks it, R-S2): they read it,
        # not where it was
        self.visit.with_user(self.user_manager).write(
            {"secret_class": "f", "secret_user_ids": [(6, 0, self.user_promoter_b.ids)]}
        )
        values = self.visit.with_user(self.user_promoter_b).read(["latitude", "longitude"])[0]
        self.assertEqual((values["latitude"], values["longitude"]), (0.0, 0.0))
        self.assertFalse(
            self.env["hospital.visit.position"]
            .with_user(self.user_promoter_b)
            .search([("visit_id", "=", self.visit.id)])
        )

    def test_leader_sets_partner_location_from_a_verified_check_in(self):
        visit = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": self.unlocated.id})
        )
        self._check_in(position=NORTH, accuracy=15.0, visit=visit)
        with self.assertRaises(AccessError):
            visit.with_user(self.user_promoter).action_set_partner_location()
        with self.assertRaises(AccessError):
            visit.with_user(self.user_office).action_set_partner_location()
        self.assertFalse(self.unlocated.hm_latitude)
        visit.with_user(self.user_leader).action_set_partner_location()
        self.assertAlmostEqual(self.unlocated.hm_latitude, NORTH[0], places=6)
        self.assertAlmostEqual(self.unlocated.hm_longitude, NORTH[1], places=6)
        note = self.unlocated.message_ids[:1]
        self.assertIn(visit.name, note.body)
        self.assertEqual(note.author_id, self.user_leader.partner_id)
        # an imprecise check-in does not set a position
        vague = (
            self.env["hospital.visit"]
            .with_user(self.user_promoter)
            .create({"partner_id": self.unlocated.id})
        )
        self._check_in(position=CLINIC, accuracy=900.0, visit=vague)
        with self.assertRaisesRegex(UserError, "more precise"):
            vague.with_user(self.user_leader).action_set_partner_location()
        self.assertAlmostEqual(self.unlocated.hm_latitude, NORTH[0], places=6)
