"""The role x model matrix of the field-work planning models: visit plans, their lines and
quotas (R-W6, R-W7), on a record in each role's scope; every other operation is denied."""

from datetime import date, timedelta

from odoo.tests import tagged

from .common import MATRIX_ROLES, MarketingCase

NO_ROLE = dict.fromkeys(("guide_desk", "finance", "treatment_leader", "employee"), "")

FIELD_WORK_MATRIX = {
    "hospital.visit.plan": {
        "promoter": "crw",
        "leader": "crwu",
        "office": "crw",
        "manager": "crwu",
        "vp": "crwu",
        **NO_ROLE,
    },
    "hospital.visit.plan.line": {
        "promoter": "crwu",
        "leader": "crwu",
        "office": "crwu",
        "manager": "crwu",
        "vp": "crwu",
        **NO_ROLE,
    },
    "hospital.marketing.quota": {
        "promoter": "r",
        "leader": "crwu",
        "office": "r",
        "manager": "crwu",
        "vp": "crwu",
        **NO_ROLE,
    },
}


@tagged("post_install", "-at_install")
class TestFieldWorkMatrix(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.partner"].create({"name": "Clinic", "is_company": True})

    def _scope_employee(self, role):
        """Own records for a promoter and the office, the promoter's for everybody else."""
        if role in ("promoter", "office"):
            return self.employees[role]
        return self.employees["promoter"]

    def _check(self, model, role, allowed):
        self._assert_crud(
            self.users[role],
            allowed,
            self.env[model].create(self._vals(model, role, "existing")),
            self._vals(model, role, "new"),
            self._write_vals(model, role),
        )

    def _vals(self, model, role, tag):
        self._counter = getattr(self, "_counter", 0) + 1
        employee = self._scope_employee(role)
        if model == "hospital.visit.plan":
            return {"employee_id": employee.id, "week_start": self._monday()}
        if model == "hospital.visit.plan.line":
            monday = self._monday()
            plan = self.env["hospital.visit.plan"].create(
                {"employee_id": employee.id, "week_start": monday}
            )
            return {"plan_id": plan.id, "date": monday, "partner_id": self.clinic.id}
        if model == "hospital.marketing.quota":
            start = date(2030, 1, 1) + timedelta(days=31 * self._counter)
            return {
                "employee_id": employee.id,
                "date_from": start,
                "date_to": start + timedelta(days=20),
            }
        raise NotImplementedError(model)

    def _monday(self):
        return date(2030, 1, 7) + timedelta(weeks=self._counter)

    def _write_vals(self, model, role):
        if model == "hospital.visit.plan":
            return {"note": "Two more clinics"}
        if model == "hospital.visit.plan.line":
            return {"purpose": "Bring the agreement"}
        if model == "hospital.marketing.quota":
            return {"target_patients": 5}
        raise NotImplementedError(model)

    def test_matrix(self):
        for model, rights in FIELD_WORK_MATRIX.items():
            self.assertEqual(set(rights), set(MATRIX_ROLES), f"matrix of {model}")
            for role in MATRIX_ROLES:
                with self.subTest(model=model, role=role):
                    self._check(model, role, rights[role])
