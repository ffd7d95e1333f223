"""Trip expenses name the visits they paid for (R-W8); the approver sees the visits and a
flag when the expense does not match them."""

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestExpenseVisit(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.partner"].create(
            {"name": "Wangyuehu Clinic", "is_company": True, "city": "Changsha"}
        )
        cls.employees["promoter"].tz = "Asia/Shanghai"
        Visit = cls.env["hospital.visit"]
        # 3 Dec 00:30 in Shanghai (2 Dec 16:30 UTC)
        cls.visit = Visit.create(
            {
                "partner_id": cls.clinic.id,
                "promoter_id": cls.employees["promoter"].id,
                "start_datetime": "2026-12-02 16:30:00",
                "place": "Yuelu Township",
                "state": "done",
            }
        )
        cls.visit_b = Visit.create(
            {
                "partner_id": cls.clinic.id,
                "promoter_id": cls.employees["promoter_b"].id,
                "start_datetime": "2026-12-03 02:00:00",
                "state": "done",
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Bus ticket", "can_be_expensed": True, "standard_price": 0}
        )

    def _expense(self, name, day, visits=(), employee="promoter"):
        return self.env["hr.expense"].create(
            {
                "name": name,
                "employee_id": self.employees[employee].id,
                "product_id": self.product.id,
                "total_amount_currency": 24.0,
                "date": day,
                "hm_visit_ids": [Command.set([v.id for v in visits])],
            }
        )

    def test_flags(self):
        no_visit = self._expense("Bus to Yuelu Township", "2026-12-03")
        self.assertEqual(no_visit.hm_visit_match, "no_visit")
        self.assertTrue(no_visit.hm_visit_flagged)
        # the visit's local day is 3 Dec, not 2 Dec (its UTC day)
        wrong_day = self._expense("Bus to Yuelu Township", "2026-12-02", self.visit)
        self.assertEqual(wrong_day.hm_visit_match, "date")
        wrong_place = self._expense("Taxi to Kaifu district", "2026-12-03", self.visit)
        self.assertEqual(wrong_place.hm_visit_match, "place")
        self.assertTrue(wrong_place.hm_visit_flagged)
        match = self._expense("Bus to yuelu township", "2026-12-03", self.visit)
        self.assertEqual(match.hm_visit_match, "match")
        self.assertFalse(match.hm_visit_flagged)
        # the partner's name or city names the visit too
        wrong_place.name = "Taxi in Changsha"
        self.assertEqual(wrong_place.hm_visit_match, "match")
        wrong_place.name = "Taxi"
        wrong_place.description = "To the wangyuehu clinic and back"
        self.assertEqual(wrong_place.hm_visit_match, "match")
        # a visit still planned pays for nothing
        self.visit.state = "planned"
        self.assertEqual(match.hm_visit_match, "no_visit")

    def test_expense_of_non_marketing_staff_is_not_checked(self):
        employee = self.env["hr.employee"].create({"name": "Nurse Zhou"})
        expense = self.env["hr.expense"].create(
            {
                "name": "Gloves",
                "employee_id": employee.id,
                "product_id": self.product.id,
                "total_amount_currency": 5.0,
            }
        )
        self.assertFalse(expense.hm_visit_match)
        self.assertFalse(expense.hm_visit_flagged)

    def test_only_own_visits_and_the_approver_sees_them(self):
        with self.assertRaises(ValidationError):
            self._expense("Bus", "2026-12-03", self.visit_b)
        expense = self._expense("Bus to Yuelu Township", "2026-12-03", self.visit)
        approver = self._make_user("hm_expense_approver", "hr_expense.group_hr_expense_manager")
        seen = expense.with_user(approver).with_context(tz="Asia/Shanghai")
        self.assertEqual(
            seen.hm_visit_summary, "2026-12-03 00:30 · Wangyuehu Clinic · Yuelu Township"
        )
        self.assertEqual(seen.hm_visit_match, "match")

    def test_an_expense_user_without_visit_access_edits_and_splits(self):
        """Odoo's own expense flows as a user who may not read visits (hr_expense's tests
        errored): the form opens and changes, a copy (the split wizard) drops the visits."""
        expense = self._expense("Bus to Yuelu Township", "2026-12-03", self.visit)
        user = self._make_user("hm_expense_user", "hr_expense.group_hr_expense_manager")
        with Form(expense.with_user(user)) as form:
            form.name = "Bus and taxi to Yuelu Township"
        self.assertEqual(expense.name, "Bus and taxi to Yuelu Township")
        copy = expense.with_user(user).copy()
        self.assertFalse(copy.sudo().hm_visit_ids)
        self.assertEqual(copy.sudo().hm_visit_match, "no_visit")
        # a user who may read the visits keeps them on a copy
        own = expense.copy()
        self.assertEqual(own.hm_visit_ids, self.visit)
