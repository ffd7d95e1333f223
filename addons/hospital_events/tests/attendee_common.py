from datetime import timedelta

from odoo import Command, fields

from odoo.addons.hospital_marketing.tests.common import MarketingCase

PHONE = "13655550123"


class AttendeeCase(MarketingCase):
    """An outreach event running now whose contact person is the referral team's promoter
    (``promoter``), a clinical department, and a helper entering an attendee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.event = cls.env["event.event"].create(
            {
                "name": "乔口镇巡回义诊",
                "hm_outreach_kind": "clinic_tour",
                "date_begin": now - timedelta(hours=1),
                "date_end": now + timedelta(hours=6),
                "hm_contact_employee_id": cls.employees["promoter"].id,
            }
        )
        # its cost is a real document: an approved expense of 4 000 on its analytic account
        plan = cls.env.ref("hospital_events.analytic_plan_outreach_events")
        cls.event.hm_analytic_account_id = cls.env["account.analytic.account"].create(
            {"name": cls.event.name, "plan_id": plan.id}
        )
        cls.cost_product = cls.env["product.product"].create(
            {
                "name": "Venue",
                "type": "service",
                "can_be_expensed": True,
                "hm_event_cost_category": "venue",
            }
        )
        cls.cost_expense = cls._cost(4000.0)
        cls.department = cls.env["hospital.clinical.department"].create(
            {"name": "内科", "kind": "internal"}
        )

    @classmethod
    def _cost(cls, amount):
        """An approved expense of ``amount`` on the event's analytic account."""
        expense = cls.env["hr.expense"].create(
            {
                "name": f"Venue {amount}",
                "employee_id": cls.employees["leader"].id,
                "product_id": cls.cost_product.id,
                "total_amount_currency": amount,
                "tax_ids": [Command.clear()],
                "analytic_distribution": {str(cls.event.hm_analytic_account_id.id): 100},
            }
        )
        expense.approval_state = "approved"
        return expense

    def _attendee(self, user=None, **values):
        Registration = self.env["event.registration"]
        if user:
            Registration = Registration.with_user(user)
        return Registration.create(
            {
                "event_id": self.event.id,
                "name": "刘桂兰",
                "hm_age_band": "senior",
                "hm_sex": "female",
                "hm_place": "乔口镇",
                **values,
            }
        )

    def _consented(self, user=None, **values):
        return self._attendee(
            user,
            **{
                "hm_contact_consent": True,
                "phone": PHONE,
                "hm_health_consent": True,
                "hm_screened": True,
                "hm_screening": "血压",
                "hm_screening_result": "血压 172/104",
                "hm_needs_care": True,
                "hm_department_id": self.department.id,
                **values,
            },
        )

    def _row(self, registration):
        """The registration's row as stored in the database."""
        registration.env.flush_all()
        self.env.cr.execute(
            "SELECT phone, email, partner_id, hm_screening_result, hm_department_id, "
            "hm_screened, hm_needs_care FROM event_registration WHERE id = %s",
            [registration.id],
        )
        return dict(
            zip(
                ["phone", "email", "partner_id", "result", "department", "screened", "care"],
                self.env.cr.fetchone(),
                strict=True,
            )
        )
