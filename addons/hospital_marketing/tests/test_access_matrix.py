"""The role x model matrix of the department core: create, read, write and unlink through the
ORM as each role, on a record in that role's scope; every operation not in the matrix is denied.
"""

from datetime import date, timedelta

from odoo.tests import tagged

from .common import MATRIX_ROLES, MarketingCase
from .test_commission_matrix import COMMISSION_MATRIX
from .test_field_work_matrix import FIELD_WORK_MATRIX
from .test_magazine_access import MAGAZINE_MATRIX
from .test_marketing_target import TARGET_MATRIX

ROLES = MATRIX_ROLES

# model: {role: allowed operations among c(reate) r(ead) w(rite) u(nlink)}
MATRIX = {
    "hospital.marketing.team": {
        "promoter": "r",
        "leader": "r",
        "office": "crw",
        "manager": "crwu",
        "vp": "crwu",
        "guide_desk": "r",
        "finance": "r",
        "treatment_leader": "r",
        "employee": "r",
    },
    "hospital.marketing.territory": {
        "promoter": "r",
        "leader": "crw",
        "office": "r",
        "manager": "crwu",
        "vp": "crwu",
        "guide_desk": "r",
        "finance": "r",
        "treatment_leader": "r",
        "employee": "r",
    },
    "hospital.clinical.department": {
        "promoter": "r",
        "leader": "r",
        "office": "r",
        "manager": "crwu",
        "vp": "crwu",
        "guide_desk": "r",
        "finance": "r",
        "treatment_leader": "r",
        "employee": "r",
    },
    "hospital.visit": {
        "promoter": "crw",
        "leader": "crwu",
        "office": "crw",
        "manager": "crwu",
        "vp": "crwu",
        "guide_desk": "",
        "finance": "",
        "treatment_leader": "",
        "employee": "",
    },
    "hospital.work.report": {
        "promoter": "crw",
        "leader": "crwu",
        "office": "crw",
        "manager": "crwu",
        "vp": "crwu",
        "guide_desk": "",
        "finance": "",
        "treatment_leader": "",
        "employee": "",
    },
    "hospital.performance.adjustment": {
        "promoter": "r",
        "leader": "crw",
        "office": "r",
        "manager": "crwu",
        "vp": "crwu",
        "guide_desk": "",
        "finance": "r",
        "treatment_leader": "",
        "employee": "",
    },
    # where a promoter checked in: read by the visit's promoter (the office clerk, a promoter
    # too, reads their own), leader and manager; written by the check-in only (as superuser)
    "hospital.visit.position": {
        "promoter": "r",
        "leader": "r",
        "office": "r",
        "manager": "r",
        "vp": "r",
        "guide_desk": "",
        "finance": "",
        "treatment_leader": "",
        "employee": "",
    },
    # the cards of the role homes: data, read by every user (counted as the user)
    "hospital.home.tile": dict.fromkeys(MATRIX_ROLES, "r"),
    "hospital.secret.access.log": {
        "promoter": "",
        "leader": "",
        "office": "",
        "manager": "",
        "vp": "r",
        "guide_desk": "",
        "finance": "",
        "treatment_leader": "",
        "employee": "",
    },
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.partner"].create({"name": "Clinic", "is_company": True})

    # ------------------------------------------------------------------
    # one record per model in the scope of a role, and values to create one
    # ------------------------------------------------------------------
    def _scope_employee(self, role):
        """The employee whose records fall in ``role``'s scope: their own for a promoter, a
        member of the team for the leader, the promoter for everybody else."""
        if role in ("promoter", "office"):
            return self.employees[role]
        return self.employees["promoter"]

    def _vals(self, model, role, tag):
        name = f"{model} {role} {tag}"
        if model == "hospital.visit":
            return {"partner_id": self.clinic.id, "promoter_id": self._scope_employee(role).id}
        if model == "hospital.visit.position":
            visit = self.env["hospital.visit"].create(
                {"partner_id": self.clinic.id, "promoter_id": self._scope_employee(role).id}
            )
            return {"visit_id": visit.id, "kind": "checkin", "latitude": 28.2, "longitude": 112.9}
        if model == "hospital.work.report":
            # one report per staff member and day: a day of its own for each role and tag
            self._report_days = getattr(self, "_report_days", 0) + 1
            return {
                "employee_id": self._scope_employee(role).id,
                "report_type": "daily",
                "date": date(2025, 1, 1) + timedelta(days=self._report_days),
            }
        if model == "hospital.performance.adjustment":
            return {
                "name": name,
                "employee_id": self._scope_employee(role).id,
                "amount": -20.0,
            }
        if model == "hospital.secret.access.log":
            return {
                "res_model": "hospital.visit",
                "res_id": 1,
                "action": "read",
                "user_id": self.env.uid,
                "company_id": self.company.id,
            }
        if model == "hospital.clinical.department":
            return {"name": name, "kind": "other"}
        if model == "hospital.home.tile":
            action = self.env.ref("hospital_marketing.action_hospital_visit")
            return {"name": name, "home": "leader", "action_id": action.id}
        return {"name": name}

    def _write_vals(self, model, role):
        if model == "hospital.visit.position":
            return {"latitude": 28.3}
        if model == "hospital.visit":
            return {"outcome": "Agreed to refer"}
        if model == "hospital.performance.adjustment":
            return {"note": "Checked"}
        if model == "hospital.work.report":
            return {"summary": "Visited three clinics"}
        if model == "hospital.secret.access.log":
            return {"record_name": "Tampered"}
        return {"name": f"Renamed by {role}"}

    def _check(self, model, role, allowed):
        self._assert_crud(
            self.users[role],
            allowed,
            self.env[model].create(self._vals(model, role, "existing")),
            self._vals(model, role, "new"),
            self._write_vals(model, role),
        )

    def test_matrix(self):
        for model, rights in MATRIX.items():
            self.assertEqual(set(rights), set(ROLES), f"matrix of {model} covers every role")
            for role in ROLES:
                with self.subTest(model=model, role=role):
                    self._check(model, role, rights[role])

    def test_every_model_of_the_addon_is_in_the_matrix(self):
        models = self.env["ir.model"].search([("model", "=like", "hospital.%")])
        ours = {
            m.model
            for m in models
            if "hospital_marketing" in m.modules.split(", ")
            and not self.env[m.model]._abstract
            and not self.env[m.model]._transient
        }
        tested = set(MATRIX) | set(COMMISSION_MATRIX) | set(MAGAZINE_MATRIX) | set(TARGET_MATRIX)
        tested |= set(FIELD_WORK_MATRIX)
        self.assertEqual(ours - tested, set(), "models of the addon without access tests")
