from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user

ROLE_GROUPS = {
    "promoter": "hospital_marketing.group_marketing_promoter",
    "leader": "hospital_marketing.group_marketing_leader",
    "office": "hospital_marketing.group_marketing_office",
    "manager": "hospital_marketing.group_marketing_manager",
    "vp": "hospital_marketing.group_marketing_vp",
    "guide_desk": "hospital_marketing.group_marketing_guide_desk",
    "finance": "hospital_marketing.group_marketing_finance",
    "treatment_leader": "hospital_marketing.group_marketing_treatment_leader",
}

# the roles of the access matrices: the marketing roles and an internal user without one
MATRIX_ROLES = (*ROLE_GROUPS, "employee")


class MarketingCase(TransactionCase):
    """Two teams of one company, a user per role, and a second company.

    Users: ``promoter`` and ``leader`` belong to the referral team (``team``); ``promoter_b``
    belongs to the expansion team (``team_b``); ``office``, ``manager``, ``vp``, ``guide_desk``,
    ``finance``, ``treatment_leader`` have their role only; ``employee`` is an internal user
    without any marketing role. ``other_company`` has its own team and promoter.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Hospital"})
        cls.users = {}
        for role, group in ROLE_GROUPS.items():
            cls.users[role] = cls._make_user(f"hm_{role}", group)
        cls.users["promoter_b"] = cls._make_user("hm_promoter_b", ROLE_GROUPS["promoter"])
        cls.users["employee"] = cls._make_user("hm_employee", "base.group_user")
        cls.users["other_promoter"] = cls._make_user(
            "hm_other_promoter", ROLE_GROUPS["promoter"], company=cls.other_company
        )
        for role, user in cls.users.items():
            setattr(cls, f"user_{role}", user)
        Employee = cls.env["hr.employee"]
        cls.employees = {}
        for role, user in cls.users.items():
            cls.employees[role] = Employee.create(
                {
                    "name": user.name,
                    "user_id": user.id,
                    "company_id": user.company_id.id,
                }
            )
        Team = cls.env["hospital.marketing.team"]
        cls.team = Team.create(
            {"name": "Referral", "kind": "referral", "leader_id": cls.employees["leader"].id}
        )
        cls.team_b = Team.create({"name": "Expansion", "kind": "expansion"})
        cls.other_team = Team.create(
            {"name": "Referral", "kind": "referral", "company_id": cls.other_company.id}
        )
        cls.employees["promoter"].hm_marketing_team_id = cls.team
        cls.employees["leader"].hm_marketing_team_id = cls.team
        cls.employees["promoter_b"].hm_marketing_team_id = cls.team_b
        cls.employees["other_promoter"].hm_marketing_team_id = cls.other_team

    @classmethod
    def _make_clinic(cls):
        """The partners of the field-work tests: a clinic with its two doctors, Dr. Tan and
        Dr. Liu (the people a promoter meets), and a pharmacy."""
        Partner = cls.env["res.partner"]
        cls.clinic = Partner.create({"name": "Wangyuehu Clinic", "is_company": True})
        cls.doctor_tan = Partner.create({"name": "Dr. Tan", "parent_id": cls.clinic.id})
        cls.doctor_liu = Partner.create({"name": "Dr. Liu", "parent_id": cls.clinic.id})
        cls.pharmacy = Partner.create({"name": "Laobaixing Pharmacy", "is_company": True})

    @classmethod
    def _log_visit(cls, start, partner=None, people=(), state="done", role="promoter", **vals):
        """A visit of the staff member of ``role`` to ``partner`` (the clinic of
        ``_make_clinic`` by default), meeting ``people``."""
        return cls.env["hospital.visit"].create(
            {
                "partner_id": (partner or cls.clinic).id,
                "contact_ids": [Command.set([p.id for p in people])],
                "promoter_id": cls.employees[role].id,
                "start_datetime": start,
                "state": state,
                **vals,
            }
        )

    @classmethod
    def _make_user(cls, login, groups, company=None):
        company = company or cls.env.company
        return new_test_user(
            cls.env,
            login=login,
            name=login.replace("hm_", "").replace("_", " ").title(),
            groups=groups,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )

    def _assert_crud(self, user, allowed, record, create_vals, write_vals):
        """Read, create, write and unlink through the ORM as ``user``: each operation in
        ``allowed`` (letters c, r, w, u) succeeds on ``record`` (a record in the user's scope),
        every other one raises AccessError."""
        model = record._name
        Model = self.env[model].with_user(user)
        label = f"{user.login} on {model}"
        if "r" in allowed:
            self.assertTrue(record.with_user(user).read(["display_name"]))
            self.assertIn(record, Model.search([("id", "=", record.id)]))
        else:
            with self.assertRaises(AccessError, msg=f"{label}: read"):
                record.with_user(user).read(["create_date"])
        if "c" in allowed:
            self.assertTrue(Model.create(create_vals).exists())
        else:
            with self.assertRaises(AccessError, msg=f"{label}: create"):
                Model.create(create_vals)
        if "w" in allowed:
            record.with_user(user).write(write_vals)
        else:
            with self.assertRaises(AccessError, msg=f"{label}: write"):
                record.with_user(user).write(write_vals)
        if "u" in allowed:
            record.with_user(user).unlink()
            self.assertFalse(record.exists())
        else:
            with self.assertRaises(AccessError, msg=f"{label}: unlink"):
                record.with_user(user).unlink()
