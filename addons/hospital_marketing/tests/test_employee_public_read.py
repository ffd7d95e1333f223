"""Odoo's own rule for hr.employee: a user without HR rights reads employees through their
public profile, so every field of ours readable there exists on hr.employee.public too (Odoo's
hr test_employee_fields_groups errored on the form helper hm_can_edit_staff_class)."""

from odoo.tests import tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestEmployeePublicRead(MarketingCase):
    def test_an_internal_user_reads_all_employee_fields(self):
        user = self._make_user("hm_plain_internal", "base.group_user")
        employees = self.env["hr.employee"].with_user(user).search([])
        self.assertTrue(employees)
        employees.read([])  # Odoo's own check: raised an AccessError on our form helper
        public = self.env["hr.employee.public"].with_user(user).browse(employees[:1].ids)
        self.assertFalse(public.hm_can_edit_staff_class)
