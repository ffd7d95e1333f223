"""The physical-exam client table (体检客户表, R-K3) as a spreadsheet: the exam events of the
month in the hospital's time zone, their attendees (phone masked) and the patients who came
through them; who may export it."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.hospital_marketing.tests.common import MarketingCase
from odoo.addons.hospital_marketing.tests.test_workload_table import read_xlsx
from odoo.addons.hospital_referral.tests.commission_common import create_billed_case


@tagged("post_install", "-at_install")
class TestExamClientTable(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        for user in cls.users.values():
            user.lang = "en_US"
        Event = cls.env["event.event"]
        cls.group_exam = Event.create(
            {
                "name": "Zhongnan Bank group exam",
                "hm_outreach_kind": "group_exam",
                "date_begin": "2026-10-10 01:00:00",
                "date_end": "2026-10-10 08:00:00",
                "hm_target_population": "Bank staff",
                "hm_screenings": 30,
            }
        )
        # 00:30 on 1 October in Changsha: October's
        cls.onboarding = Event.create(
            {
                "name": "Onboarding exam",
                "hm_outreach_kind": "onboarding_exam",
                "date_begin": "2026-09-30 16:30:00",
                "date_end": "2026-09-30 20:00:00",
            }
        )
        # not an exam, and an exam of November: not in the table
        Event.create(
            {
                "name": "Free-clinic tour",
                "hm_outreach_kind": "clinic_tour",
                "date_begin": "2026-10-12 01:00:00",
                "date_end": "2026-10-12 08:00:00",
            }
        )
        Event.create(
            {
                "name": "November group exam",
                "hm_outreach_kind": "group_exam",
                "date_begin": "2026-10-31 16:30:00",
                "date_end": "2026-10-31 20:00:00",
            }
        )
        Registration = cls.env["event.registration"]
        for name, phone, state in [
            ("Wang Fang", "13912345678", "done"),
            ("Chen Jie", "13987654321", "done"),
            ("Liu Min", "13700000000", "open"),
            ("Zhao Lei", "13600000000", "cancel"),
        ]:
            Registration.create(
                {
                    "event_id": cls.group_exam.id,
                    "name": name,
                    "phone": phone,
                    "company_name": "Zhongnan Bank",
                    # a phone is kept only with the consent to be contacted (PIPL)
                    "hm_contact_consent": True,
                }
            ).state = state
        for name, state in [("P1", "discharged"), ("P2", "registered")]:
            create_billed_case(
                cls.env, patient_name=name, event_id=cls.group_exam.id, state=state, total_fees=0.0
            )

    def _export(self, user):
        wizard = (
            self.env["hospital.exam.client.export"]
            .with_user(user)
            .with_context(lang=user.lang)
            .create({"month": date(2026, 10, 1)})
        )
        return read_xlsx(wizard.action_export(), wizard)

    def test_exam_events_of_the_month_with_their_figures(self):
        sheets = self._export(self.user_manager)
        self.assertEqual(list(sheets), ["Physical-Exam Client Table", "Exam Clients"])
        rows = sheets["Physical-Exam Client Table"]
        self.assertEqual(
            rows[1],
            ["Exam Date", "Event", "Exam Kind", "Place", "Target Population", "Registered",
             "Attended", "Screenings Done", "Patients Came", "Arrived"],
        )  # fmt: skip
        onboarding, group, total = rows[2:]
        self.assertEqual(onboarding[0].date(), date(2026, 10, 1))
        self.assertEqual(onboarding[1:3], ["Onboarding exam", "Onboarding Exam"])
        self.assertEqual(group[1:3], ["Zhongnan Bank group exam", "Company Group Exam"])
        self.assertEqual(group[4:], ["Bank staff", 3, 2, 30, 2, 1])
        self.assertEqual(total[1], "Total")
        self.assertEqual(total[5:], [3, 2, 30, 2, 1])

    def test_attendees_with_a_masked_phone(self):
        # the office reads every event's attendees (a promoter only those of events they staff)
        clients = self._export(self.user_office)["Exam Clients"]
        self.assertEqual(clients[1], ["Event", "Name", "Company", "Phone", "Status"])
        by_name = {row[1]: row for row in clients[2:]}
        self.assertEqual(set(by_name), {"Wang Fang", "Chen Jie", "Liu Min"})
        self.assertEqual(by_name["Wang Fang"][2:], ["Zhongnan Bank", "139****5678", "Attended"])
        cells = {str(cell) for row in clients for cell in row}
        self.assertNotIn("13912345678", cells)

    def test_roles_without_the_table_are_refused(self):
        for role in ("guide_desk", "finance", "treatment_leader", "employee"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self._export(self.users[role])
