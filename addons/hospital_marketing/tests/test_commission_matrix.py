"""The role x model matrix of the commission engine (R-S1, R-S3: commission income is secret
class E): each role reads, creates, writes and deletes through the ORM on a record in its
scope; every operation not in the matrix is denied. Lines, settlements, sign-offs and issues
are written by the engine only (month-end run, sign-off, posting)."""

from datetime import date

from odoo.tests import tagged

from .common import MATRIX_ROLES, MarketingCase

ROLES = MATRIX_ROLES
CONFIG = {
    "promoter": "r",
    "leader": "r",
    "office": "r",
    "manager": "crwu",
    "vp": "crwu",
    "guide_desk": "",
    "finance": "r",
    "treatment_leader": "",
    "employee": "",
}
COMMISSION_MATRIX = {
    "hospital.commission.rule": CONFIG,
    "hospital.commission.tier": CONFIG,
    "hospital.commission.department.rate": CONFIG,
    "hospital.commission.line": {
        "promoter": "r",
        "leader": "r",
        "office": "r",
        "manager": "r",
        "vp": "r",
        "guide_desk": "",
        "finance": "r",
        "treatment_leader": "",
        "employee": "",
    },
    "hospital.commission.settlement": {
        "promoter": "r",
        "leader": "r",
        "office": "r",
        "manager": "rw",
        "vp": "rw",
        "guide_desk": "",
        "finance": "rw",
        "treatment_leader": "",
        "employee": "",
    },
    "hospital.commission.signoff": {
        "promoter": "r",
        "leader": "r",
        "office": "r",
        "manager": "r",
        "vp": "r",
        "guide_desk": "",
        "finance": "r",
        "treatment_leader": "",
        "employee": "",
    },
    "hospital.commission.issue": {
        "promoter": "",
        "leader": "",
        "office": "r",
        "manager": "r",
        "vp": "r",
        "guide_desk": "",
        "finance": "r",
        "treatment_leader": "",
        "employee": "",
    },
}
MONTH = date(2030, 8, 1)


@tagged("post_install", "-at_install")
class TestCommissionMatrix(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["hospital.commission.rule"].search([]).action_archive()
        cls.rule = cls.env["hospital.commission.rule"].create(
            {
                "name": "Matrix",
                "method": "tier",
                "tier_ids": [(0, 0, {"amount_from": 0, "amount_to": 100, "fixed_amount": 100})],
            }
        )
        cls.dept_rule = cls.env["hospital.commission.rule"].create(
            {
                "name": "Matrix departments",
                "method": "department",
                "department_rate_ids": [(0, 0, {"department_kind": "internal", "rate": 3})],
            }
        )

    counter = 0

    def _scope_employee(self, role):
        if role in ("promoter", "office"):
            return self.employees[role]
        return self.employees["promoter"]

    def _settlement(self, role, tag):
        employee = self._scope_employee(role)
        self.counter += 1
        month = MONTH.replace(year=2030 + self.counter)
        return (
            self.env["hospital.commission.settlement"]
            .sudo()
            .create(
                {
                    "company_id": self.company.id,
                    "date_from": month,
                    "date_to": month.replace(day=31),
                    "payee_kind": "staff",
                    "employee_id": employee.id,
                    "user_id": employee.user_id.id,
                    "team_id": employee.hm_marketing_team_id.id,
                }
            )
        )

    def _vals(self, model, role, tag):
        employee = self._scope_employee(role)
        if model == "hospital.commission.rule":
            return {"name": f"{role} {tag}", "rate": 5.0}
        if model == "hospital.commission.tier":
            self.counter += 1
            start = 1000 * self.counter
            return {"rule_id": self.rule.id, "amount_from": start, "amount_to": start + 10}
        if model == "hospital.commission.department.rate":
            kind = {"existing": "surgery", "new": "pediatrics"}[tag]
            rule = self.dept_rule.sudo().copy()
            return {"rule_id": rule.id, "department_kind": kind, "rate": 2.0}
        if model == "hospital.commission.line":
            self.counter += 1
            return {
                "company_id": self.company.id,
                "date": MONTH,
                "period_date": MONTH,
                "res_model": "res.partner",
                "res_id": self.counter,
                "role": "promoter",
                "payee_kind": "staff",
                "employee_id": employee.id,
                "user_id": employee.user_id.id,
                "team_id": employee.hm_marketing_team_id.id,
                "rule_id": self.rule.id,
                "base_kind": "total",
                "amount": 100.0,
            }
        if model == "hospital.commission.signoff":
            return {
                "settlement_id": self._settlement(role, tag).id,
                "step": "marketing",
                "user_id": self.env.uid,
            }
        if model == "hospital.commission.issue":
            return {"company_id": self.company.id, "period_date": MONTH, "kind": "tie"}
        return self._settlement(role, tag)

    def _write_vals(self, model):
        return {
            "hospital.commission.rule": {"rate": 6.0},
            "hospital.commission.tier": {"fixed_amount": 50.0},
            "hospital.commission.department.rate": {"rate": 4.0},
            "hospital.commission.line": {"amount": 1.0},
            "hospital.commission.settlement": {"partner_invoice_ref": "INV-1"},
            "hospital.commission.signoff": {"reason": "Changed"},
            "hospital.commission.issue": {"message": "Changed"},
        }[model]

    def _make(self, model, role, tag):
        vals = self._vals(model, role, tag)
        if model == "hospital.commission.settlement":
            return vals
        return self.env[model].sudo().create(vals).sudo(False)

    def _check(self, model, role, allowed):
        vals = self._vals(model, role, "new")
        if model == "hospital.commission.settlement":
            vals = {"payee_kind": "staff", "employee_id": vals.employee_id.id}
        self._assert_crud(
            self.users[role],
            allowed,
            self._make(model, role, "existing"),
            vals,
            self._write_vals(model),
        )

    def test_matrix(self):
        for model, rights in COMMISSION_MATRIX.items():
            self.assertEqual(set(rights), set(ROLES), f"matrix of {model} covers every role")
            for role in ROLES:
                with self.subTest(model=model, role=role):
                    self._check(model, role, rights[role])

    def test_views_open_for_each_role(self):
        """The commission menus' views load for the roles that reach them."""
        views = [(False, "list"), (False, "form"), (False, "search")]
        for role in ("promoter", "leader", "manager", "vp", "finance", "treatment_leader"):
            for model in ("hospital.commission.settlement", "hospital.commission.line"):
                with self.subTest(role=role, model=model):
                    result = self.env[model].with_user(self.users[role]).get_views(views)
                    self.assertIn("form", result["views"])
        result = (
            self.env["hospital.commission.rule"]
            .with_user(self.user_manager)
            .get_views([(False, "list"), (False, "form")])
        )
        self.assertIn("tier_ids", result["views"]["form"]["arch"])
