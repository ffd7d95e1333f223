"""Confidentiality policy (R-S1..R-S3): who sees which visits and adjustments, by every path a user
has (search, read, read_group, name_search, export), secret classes and the access trace."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ROLE_GROUPS, MarketingCase


@tagged("post_install", "-at_install")
class TestVisitScopes(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.partner"].create({"name": "Clinic", "is_company": True})
        Visit = cls.env["hospital.visit"]
        cls.visit_promoter = Visit.create(
            {"partner_id": cls.clinic.id, "promoter_id": cls.employees["promoter"].id}
        )
        cls.visit_leader = Visit.create(
            {"partner_id": cls.clinic.id, "promoter_id": cls.employees["leader"].id}
        )
        cls.visit_b = Visit.create(
            {"partner_id": cls.clinic.id, "promoter_id": cls.employees["promoter_b"].id}
        )
        cls.other_clinic = cls.env["res.partner"].create(
            {"name": "Other clinic", "company_id": cls.other_company.id}
        )
        cls.visit_other_company = Visit.create(
            {
                "partner_id": cls.other_clinic.id,
                "promoter_id": cls.employees["other_promoter"].id,
                "company_id": cls.other_company.id,
            }
        )
        cls.all_visits = cls.visit_promoter | cls.visit_leader | cls.visit_b

    def _mine(self):
        """Only the visits of this test (the database may hold demo visits)."""
        return [("partner_id", "in", (self.clinic | self.other_clinic).ids)]

    def _visible(self, role):
        return self.env["hospital.visit"].with_user(self.users[role]).search(self._mine())

    def test_promoter_sees_own_visits_only_by_every_path(self):
        Visit = self.env["hospital.visit"].with_user(self.user_promoter_b)
        self.assertEqual(Visit.search(self._mine()), self.visit_b)
        self.assertEqual(Visit.search_count(self._mine()), 1)
        groups = Visit._read_group(self._mine(), ["promoter_id"], ["__count"])
        self.assertEqual(groups, [(self.employees["promoter_b"], 1)])
        self.assertEqual(
            [r[0] for r in Visit.name_search(self.visit_promoter.name)],
            [],
            "another promoter's visit cannot be found by its reference",
        )
        self.assertEqual([r[0] for r in Visit.name_search(self.visit_b.name)], [self.visit_b.id])
        with self.assertRaises(AccessError):
            self.visit_promoter.with_user(self.user_promoter_b).read(["outcome"])
        with self.assertRaises(AccessError):
            self.visit_promoter.with_user(self.user_promoter_b).write({"outcome": "x"})

    def test_promoter_with_export_right_exports_only_own(self):
        self.user_promoter_b.group_ids = [
            Command.link(self.env.ref("hospital_marketing.group_marketing_export").id)
        ]
        Visit = self.env["hospital.visit"].with_user(self.user_promoter_b)
        rows = Visit.search(self._mine()).export_data(["name"])["datas"]
        self.assertEqual(rows, [[self.visit_b.name]])
        with self.assertRaises(AccessError):
            self.visit_promoter.with_user(self.user_promoter_b).export_data(["name"])

    def test_export_is_a_right_of_its_own(self):
        for role in ("promoter", "leader", "office", "manager"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self._visible(role).export_data(["name"])
        rows = self._visible("vp").export_data(["name"])["datas"]
        self.assertEqual(len(rows), 3)

    def test_leader_sees_the_team_and_its_squads(self):
        self.assertEqual(self._visible("leader"), self.visit_promoter | self.visit_leader)
        squad = self.env["hospital.marketing.team"].create(
            {"name": "Squad", "parent_id": self.team.id}
        )
        self.employees["promoter_b"].hm_marketing_team_id = squad
        squad_visit = self.env["hospital.visit"].create(
            {"partner_id": self.clinic.id, "promoter_id": self.employees["promoter_b"].id}
        )
        self.assertEqual(squad_visit.team_id, squad)
        self.assertEqual(
            self._visible("leader"), self.visit_promoter | self.visit_leader | squad_visit
        )

    def test_leader_scope_follows_the_team_leader(self):
        self.assertNotIn(self.visit_b, self._visible("leader"))
        self.team_b.leader_id = self.employees["leader"]
        self.assertIn(self.visit_b, self._visible("leader"))
        self.team_b.leader_id = False
        self.assertNotIn(self.visit_b, self._visible("leader"))

    def test_department_roles_see_the_department(self):
        for role in ("office", "manager", "vp"):
            with self.subTest(role=role):
                self.assertEqual(self._visible(role), self.all_visits)

    def test_roles_outside_marketing_see_no_visit(self):
        for role in ("guide_desk", "finance", "treatment_leader", "employee"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self._visible(role)

    def test_teams_and_territories_of_another_company_are_invisible(self):
        other_territory = self.env["hospital.marketing.territory"].create(
            {"name": "Other district", "company_id": self.other_company.id}
        )
        for role in ("promoter", "manager", "vp"):
            with self.subTest(role=role):
                user = self.users[role]
                self.assertNotIn(
                    self.other_team, self.env["hospital.marketing.team"].with_user(user).search([])
                )
                self.assertNotIn(
                    other_territory,
                    self.env["hospital.marketing.territory"].with_user(user).search([]),
                )
        self.assertIn(
            self.other_team,
            self.env["hospital.marketing.team"].with_user(self.user_other_promoter).search([]),
        )

    def test_another_company_is_invisible(self):
        for role in ("promoter", "leader", "office", "manager", "vp"):
            with self.subTest(role=role):
                self.assertNotIn(self.visit_other_company, self._visible(role))
        other = self.env["hospital.visit"].with_user(self.user_other_promoter).search(self._mine())
        self.assertEqual(other, self.visit_other_company)
        with self.assertRaises(AccessError):
            self.visit_other_company.with_user(self.user_vp).read(["name"])


@tagged("post_install", "-at_install")
class TestSecretRecords(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.partner"].create({"name": "Clinic", "is_company": True})
        cls.secret = cls.env["hospital.visit"].create(
            {
                "partner_id": cls.clinic.id,
                "promoter_id": cls.employees["promoter"].id,
                "outcome": "Expert visits agreed at a special fee",
                "secret_class": "c",
                "secret_user_ids": [Command.set(cls.user_office.ids)],
            }
        )
        cls.plain = cls.env["hospital.visit"].create(
            {"partner_id": cls.clinic.id, "promoter_id": cls.employees["promoter"].id}
        )
        cls.Log = cls.env["hospital.secret.access.log"]

    def _traces(self, user=None, action=None):
        domain = [("res_model", "=", "hospital.visit"), ("res_id", "=", self.secret.id)]
        if user:
            domain.append(("user_id", "=", user.id))
        if action:
            domain.append(("action", "=", action))
        return self.Log.search(domain)

    def test_secret_is_read_by_owner_given_people_and_vp_only(self):
        for role in ("promoter", "office", "vp"):
            with self.subTest(role=role):
                self.secret.with_user(self.users[role]).read(["outcome"])
        for role in ("leader", "manager", "promoter_b"):
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.secret.with_user(self.users[role]).read(["outcome"])
                visible = self.env["hospital.visit"].with_user(self.users[role]).search([])
                self.assertNotIn(self.secret, visible)
        # the leader still sees the team's plain visit
        leader_visits = self.env["hospital.visit"].with_user(self.user_leader).search([])
        self.assertIn(self.plain, leader_visits)

    def test_giving_a_secret_to_someone_opens_it_to_them(self):
        with self.assertRaises(AccessError):
            self.secret.with_user(self.user_promoter_b).read(["outcome"])
        self.secret.secret_user_ids = [Command.link(self.user_promoter_b.id)]
        self.secret.with_user(self.user_promoter_b).read(["outcome"])

    def test_reading_a_secret_leaves_a_trace(self):
        self.assertFalse(self._traces())
        self.secret.with_user(self.user_vp).read(["outcome"])
        trace = self._traces(self.user_vp, "read")
        self.assertEqual(len(trace), 1)
        self.assertEqual(trace.secret_class, "c")
        self.assertEqual(trace.record_name, self.secret.display_name)
        self.assertEqual(trace.company_id, self.company)
        # the web client's read path as well
        self.secret.with_user(self.user_office).web_read({"outcome": {}})
        self.assertEqual(len(self._traces(self.user_office, "read")), 1)

    def test_reading_a_plain_record_leaves_no_trace(self):
        count = self.Log.search_count([])
        self.plain.with_user(self.user_vp).read(["outcome"])
        self.assertEqual(self.Log.search_count([]), count)

    def test_exporting_a_secret_leaves_a_trace(self):
        rows = self.secret.with_user(self.user_vp).export_data(["name", "outcome"])["datas"]
        self.assertEqual(rows, [[self.secret.name, "Expert visits agreed at a special fee"]])
        self.assertEqual(len(self._traces(self.user_vp, "export")), 1)

    def test_copying_a_secret_is_for_the_vice_president_and_traced(self):
        for role in ("promoter", "office"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.secret.with_user(self.users[role]).copy()
        self.plain.with_user(self.user_promoter).copy()  # a plain record copies freely
        self.secret.with_user(self.user_vp).copy()
        self.assertEqual(len(self._traces(self.user_vp, "copy")), 1)

    def test_trace_is_for_the_vice_president_only(self):
        self.secret.with_user(self.user_promoter).read(["outcome"])
        trace = self._traces(self.user_promoter)
        self.assertEqual(len(trace), 1)
        self.assertEqual(
            trace.with_user(self.user_vp).read(["user_id"])[0]["user_id"][0], self.user_promoter.id
        )
        for role in ("promoter", "leader", "office", "manager", "finance"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.Log.with_user(self.users[role]).search([])
        # nobody edits the trace, not even the vice-president
        with self.assertRaises(AccessError):
            trace.with_user(self.user_vp).write({"record_name": "nothing to see"})
        with self.assertRaises(AccessError):
            trace.with_user(self.user_vp).unlink()

    def test_the_trace_names_no_patient_data(self):
        """The trace keeps which record was read, never the values read."""
        self.secret.with_user(self.user_vp).read(["outcome"])
        trace = self._traces(self.user_vp)
        values = " ".join(str(v) for v in trace.read()[0].values())
        self.assertNotIn("special fee", values)


@tagged("post_install", "-at_install")
class TestAdjustmentScopes(MarketingCase):
    """Performance adjustments are secret class E: the person concerned, their leader, the
    manager, finance and the vice-president."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Adjustment = cls.env["hospital.performance.adjustment"]
        cls.fine = Adjustment.create(
            {
                "name": "Late weekly report",
                "employee_id": cls.employees["promoter"].id,
                "amount": -50.0,
                "kind": "late_report",
            }
        )
        cls.bonus = Adjustment.create(
            {
                "name": "Over quota",
                "employee_id": cls.employees["promoter_b"].id,
                "amount": 100.0,
                "kind": "quota_bonus",
            }
        )

    def _visible(self, role):
        Adjustment = self.env["hospital.performance.adjustment"].with_user(self.users[role])
        return Adjustment.search([("id", "in", (self.fine | self.bonus).ids)])

    def test_scopes(self):
        self.assertEqual(self.fine.team_id, self.team)
        self.assertEqual(self.fine.user_id, self.user_promoter)
        self.assertEqual(self._visible("promoter"), self.fine)
        self.assertEqual(self._visible("promoter_b"), self.bonus)
        self.assertEqual(self._visible("leader"), self.fine)
        for role in ("manager", "finance", "vp"):
            with self.subTest(role=role):
                self.assertEqual(self._visible(role), self.fine | self.bonus)
        # a treatment group leader reads only those of the settlements they co-sign
        self.assertFalse(self._visible("treatment_leader"))
        for role in ("guide_desk", "employee"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self._visible(role)

    def test_leader_cannot_fine_outside_the_team(self):
        Adjustment = self.env["hospital.performance.adjustment"].with_user(self.user_leader)
        Adjustment.create(
            {
                "name": "Missing daily report",
                "employee_id": self.employees["promoter"].id,
                "amount": -20.0,
            }
        )
        with self.assertRaises(AccessError):
            Adjustment.create(
                {
                    "name": "Missing daily report",
                    "employee_id": self.employees["promoter_b"].id,
                    "amount": -20.0,
                }
            )

    def test_promoter_cannot_change_own_fine(self):
        with self.assertRaises(AccessError):
            self.fine.with_user(self.user_promoter).write({"amount": 0.0})
        with self.assertRaises(AccessError):
            self.fine.with_user(self.user_promoter).action_cancel()


@tagged("post_install", "-at_install")
class TestRoles(MarketingCase):
    def test_role_hierarchy(self):
        def has(role, group):
            return self.users[role].has_group(ROLE_GROUPS[group])

        self.assertTrue(has("leader", "promoter"))
        self.assertTrue(has("manager", "leader") and has("manager", "office"))
        self.assertTrue(has("vp", "manager"))
        self.assertTrue(self.users["vp"].has_group("hospital_marketing.group_marketing_export"))
        self.assertFalse(has("office", "leader"))
        self.assertFalse(has("leader", "office"))
        for role in ("guide_desk", "finance", "treatment_leader"):
            with self.subTest(role=role):
                self.assertFalse(has(role, "promoter"))

    def test_privilege_groups_roles_in_the_user_form(self):
        privilege = self.env.ref("hospital_marketing.res_groups_privilege_marketing")
        self.assertEqual(
            privilege.group_ids,
            self.env["res.groups"].browse(
                self.env.ref(ROLE_GROUPS[r]).id
                for r in ("promoter", "leader", "office", "manager", "vp")
            ),
        )
