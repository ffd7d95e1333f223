from freezegun import freeze_time

from odoo.tests import new_test_user

from odoo.addons.hospital_marketing.tests.common import MarketingCase


class ReferralCase(MarketingCase):
    """MarketingCase plus a clinic of the referral team's promoter with a referring doctor who
    has a portal account, a clinic of the expansion team's promoter, two departments, and an
    HIS integration user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.clinic = Partner.create(
            {
                "name": "岳麓区望月湖诊所",
                "is_company": True,
                "referral_partner_kind": "private_clinic",
                "hm_referral_grade": "a",
                "hm_referral_stage": "cooperating",
                "hm_referral_promoter_id": cls.employees["promoter"].id,
            }
        )
        cls.doctor = Partner.create(
            {"name": "李医生", "parent_id": cls.clinic.id, "email": "li@example.com"}
        )
        cls.clinic_b = Partner.create(
            {
                "name": "开福区四方坪药店",
                "is_company": True,
                "referral_partner_kind": "pharmacy",
                "hm_referral_grade": "b",
                "hm_referral_stage": "first_visit",
                "hm_referral_promoter_id": cls.employees["promoter_b"].id,
            }
        )
        cls.user_portal = new_test_user(
            cls.env,
            login="hm_portal_doctor",
            groups="base.group_portal",
            partner_id=cls.doctor.id,
        )
        cls.user_his = new_test_user(
            cls.env, login="hm_his", groups="hospital_referral.group_his_integration"
        )
        Department = cls.env["hospital.clinical.department"]
        cls.dept_internal = Department.create({"name": "内科", "code": "TNK", "kind": "internal"})
        cls.dept_surgery = Department.create({"name": "外科", "code": "TWK", "kind": "surgery"})

    @classmethod
    def _case(cls, user=None, **vals):
        values = {
            "patient_name": "王小明",
            "patient_phone": "138 0000 1111",
            "referring_partner_id": cls.clinic.id,
            "referring_doctor_id": cls.doctor.id,
            "department_id": cls.dept_internal.id,
            "disease": "肺炎",
        }
        values.update(vals)
        Case = cls.env["hospital.referral"].with_user(user or cls.user_promoter)
        registered_at = values.pop("registered_at", None)
        if not registered_at:
            return Case.create(values)
        # a case is registered when it is entered (only the office types an earlier time):
        # register it at that moment
        with freeze_time(registered_at):
            return Case.create(values)

    @staticmethod
    def _arrive(case, user):
        case = case.with_user(user)
        case.write(
            {
                "identity_confirmed": True,
                "diagnosis": "社区获得性肺炎",
                "attending_doctor": "张主任",
            }
        )
        case.action_confirm_arrival()
        return case
