from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestCompanyConsistency(MarketingCase):
    """Every company-checked link is checked by the ORM (``_check_company_auto``), not only
    filtered in the form: a record of this company linking to a record of the other company
    is refused on create and on write, whoever writes it (RPC included)."""

    def assertRefused(self, model, vals):
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.env[model].create(vals)

    def assertWriteRefused(self, record, vals):
        with self.assertRaises(UserError), self.env.cr.savepoint():
            record.write(vals)
            record.flush_recordset()

    def test_visit(self):
        clinic = self.env["res.partner"].create({"name": "Clinic", "is_company": True})
        other = self.employees["other_promoter"]
        self.assertRefused(
            "hospital.visit",
            {
                "company_id": self.company.id,
                "partner_id": clinic.id,
                "promoter_id": other.id,
                "start_datetime": "2025-03-04 01:00:00",
            },
        )
        visit = self.env["hospital.visit"].create(
            {
                "partner_id": clinic.id,
                "promoter_id": self.employees["promoter"].id,
                "start_datetime": "2025-03-04 01:00:00",
            }
        )
        self.assertWriteRefused(visit, {"team_id": self.other_team.id})

    def test_work_report(self):
        self.assertRefused(
            "hospital.work.report",
            {
                "company_id": self.company.id,
                "employee_id": self.employees["other_promoter"].id,
                "report_type": "daily",
                "date": "2025-03-04",
            },
        )
        report = self.env["hospital.work.report"].create(
            {
                "employee_id": self.employees["promoter"].id,
                "report_type": "daily",
                "date": "2025-03-04",
            }
        )
        self.assertWriteRefused(report, {"team_id": self.other_team.id})

    def test_performance_adjustment(self):
        self.assertRefused(
            "hospital.performance.adjustment",
            {
                "company_id": self.company.id,
                "name": "Bonus",
                "employee_id": self.employees["other_promoter"].id,
                "amount": 100.0,
            },
        )

    def test_commission_rule(self):
        self.assertRefused(
            "hospital.commission.rule",
            {
                "company_id": self.company.id,
                "name": "Other company's promoter",
                "promoter_id": self.employees["other_promoter"].id,
            },
        )

    def test_team(self):
        self.assertRefused(
            "hospital.marketing.team",
            {
                "company_id": self.company.id,
                "name": "Squad",
                "parent_id": self.other_team.id,
            },
        )
        self.assertWriteRefused(self.team_b, {"leader_id": self.employees["other_promoter"].id})

    def test_territory(self):
        Territory = self.env["hospital.marketing.territory"]
        other_territory = Territory.create({"name": "North", "company_id": self.other_company.id})
        self.assertRefused(
            "hospital.marketing.territory",
            {"company_id": self.company.id, "name": "South", "team_id": self.other_team.id},
        )
        self.assertRefused(
            "hospital.marketing.territory",
            {"company_id": self.company.id, "name": "East", "parent_id": other_territory.id},
        )
        territory = Territory.create({"name": "West"})
        self.assertWriteRefused(
            territory, {"promoter_ids": [(6, 0, self.employees["other_promoter"].ids)]}
        )

    def test_employee(self):
        """``hr.employee`` belongs to ``hr``: the fields added here are checked by a
        constraint of their own, the employee's other links keep ``hr``'s behaviour."""
        promoter = self.employees["promoter"]
        self.assertWriteRefused(promoter, {"hm_marketing_team_id": self.other_team.id})
        other_territory = self.env["hospital.marketing.territory"].create(
            {"name": "North", "company_id": self.other_company.id}
        )
        self.assertWriteRefused(promoter, {"hm_marketing_territory_ids": [(4, other_territory.id)]})
        self.assertEqual(promoter.hm_marketing_team_id, self.team)
