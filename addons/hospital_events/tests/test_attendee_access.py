"""Who sees and touches the attendees of an outreach event (R-S4): its team and the office;
every other role neither finds them (no oracle on the phone) nor reads, groups, writes or acts
on them."""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .attendee_common import PHONE, AttendeeCase

# role -> whether they reach the attendees of the event (team: the promoter is its contact)
REACH = {
    "promoter": True,
    "office": True,
    "manager": True,
    "vp": True,
    "promoter_b": False,
    "leader": False,
}
# roles without Odoo's event access at all
NO_EVENT_ACCESS = ("guide_desk", "finance", "treatment_leader", "employee")


@tagged("post_install", "-at_install")
class TestAttendeeAccess(AttendeeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.attendee = cls.env["event.registration"].create(
            {
                "event_id": cls.event.id,
                "name": "刘桂兰",
                "hm_contact_consent": True,
                "phone": PHONE,
                "hm_health_consent": True,
                "hm_screening_result": "血压 172/104",
                "hm_needs_care": True,
            }
        )

    def test_each_role_on_the_attendees(self):
        for role, reaches in REACH.items():
            user = self.users[role]
            Registration = self.env["event.registration"].with_user(user)
            attendee = self.attendee.with_user(user)
            with self.subTest(role=role):
                found = Registration.search([("phone", "like", "5555")])
                groups = Registration._read_group(
                    [("event_id", "=", self.event.id)], [], ["__count"]
                )
                if reaches:
                    self.assertEqual(found, attendee)
                    self.assertEqual(groups[0][0], 1)
                    row = attendee.read(["phone", "hm_screening_result"])[0]
                    self.assertEqual(row["hm_screening_result"], "血压 172/104")
                    attendee.write({"hm_place": "乔口镇"})
                    attendee.check_access("write")
                else:
                    self.assertFalse(found, "no oracle: a search by phone finds nothing")
                    self.assertEqual(groups[0][0], 0)
                    with self.assertRaises(AccessError):
                        attendee.read(["phone"])
                    with self.assertRaises(AccessError):
                        attendee.write({"hm_place": "乔口镇"})
                    for action in (
                        "action_hm_create_referral",
                        "action_hm_withdraw_contact_consent",
                        "action_hm_withdraw_health_consent",
                    ):
                        with self.assertRaises(AccessError):
                            getattr(attendee, action)()
        for role in NO_EVENT_ACCESS:
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.env["event.registration"].with_user(self.users[role]).search([])

    def test_the_team_follows_the_event(self):
        Registration = self.env["event.registration"].with_user(self.user_promoter_b)
        self.assertFalse(Registration.search([("id", "=", self.attendee.id)]))
        self.event.hm_executor_employee_id = self.employees["promoter_b"]
        self.assertEqual(Registration.search([("id", "=", self.attendee.id)]), self.attendee)
        self.assertTrue(self.event.with_user(self.user_promoter_b).hm_is_team_member)

    def test_the_counts_are_for_everyone_who_reads_the_event(self):
        # the leader reads the team's event but not its attendees' data
        event = self.event.with_user(self.user_leader)
        self.assertEqual(event.hm_attendee_count, 1)
        self.assertEqual(event.hm_needs_care_count, 1)

    def test_registration_desk_checks_in_a_preregistered_attendee(self):
        """Odoo's registration desk (barcode scan) keeps working for the team."""
        Registration = self.env["event.registration"]
        result = Registration.with_user(self.user_promoter).register_attendee(
            self.attendee.barcode, self.event.id
        )
        self.assertEqual(result["status"], "confirmed_registration")
        self.assertEqual(self.attendee.state, "done")
        # off the team the ticket is unknown (not even its existence leaks)
        other = self._attendee(name="王秀英")
        result = Registration.with_user(self.user_promoter_b).register_attendee(
            other.barcode, self.event.id
        )
        self.assertEqual(result, {"error": "invalid_ticket"})


@tagged("post_install", "-at_install")
class TestAttendeeRpc(AttendeeCase, HttpCase):
    """What a browser may ask the server directly (``call_kw``) about the attendees."""

    def _call(self, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/event.registration/{method}",
            {"model": "event.registration", "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_rpc_search_and_read_per_role(self):
        attendee = self._consented(self.user_promoter)
        domain = [["phone", "like", "5555"]]
        self.authenticate("hm_promoter", "hm_promoter")
        rows = self._call("search_read", [domain], {"fields": ["phone", "hm_screening_result"]})
        self.assertEqual([row["id"] for row in rows], attendee.ids)
        self.authenticate("hm_promoter_b", "hm_promoter_b")
        self.assertEqual(self._call("search_read", [domain], {"fields": ["name"]}), [])
        self.assertEqual(self._call("search_count", [domain]), 0)
        with self.assertRaises(Exception) as caught:
            self._call("read", [attendee.ids, ["phone"]])
        self.assertNotIn("5555", str(caught.exception))
        self.authenticate("hm_office", "hm_office")
        rows = self._call("search_read", [domain], {"fields": ["phone"]})
        self.assertEqual([row["id"] for row in rows], attendee.ids)
