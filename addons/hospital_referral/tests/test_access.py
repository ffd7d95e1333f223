from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ReferralCase


@tagged("post_install", "-at_install")
class TestReferralAccess(ReferralCase):
    """R-S3/R-S4: promoters see their own cases and partners, leaders their team's, the guide
    desk what it needs to confirm arrivals (no fees, masked phone), finance the bills, the VP
    all; portal users their own cases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case_a = cls._case()
        cls.case_b = cls._case(
            user=cls.user_promoter_b,
            patient_name="陈静",
            patient_phone="13600003333",
            referring_partner_id=cls.clinic_b.id,
            referring_doctor_id=False,
        )
        cls.bill_a = cls.env["hospital.referral.bill"].create(
            {
                "his_reference": "ACC-1",
                "referral_id": cls.case_a.id,
                "kind": "outpatient",
                "total_fees": 500,
            }
        )
        cls.bill_b = cls.env["hospital.referral.bill"].create(
            {
                "his_reference": "ACC-2",
                "referral_id": cls.case_b.id,
                "kind": "outpatient",
                "total_fees": 700,
            }
        )
        cls.cases = cls.case_a | cls.case_b

    def _visible(self, model, user, records):
        return self.env[model].with_user(user).search([("id", "in", records.ids)])

    def test_case_scopes(self):
        Case = "hospital.referral"
        self.assertEqual(self._visible(Case, self.user_promoter, self.cases), self.case_a)
        self.assertEqual(self._visible(Case, self.user_promoter_b, self.cases), self.case_b)
        self.assertEqual(self._visible(Case, self.user_leader, self.cases), self.case_a)
        for role in ("office", "manager", "vp", "guide_desk", "finance", "treatment_leader"):
            self.assertEqual(self._visible(Case, self.users[role], self.cases), self.cases, role)
        self.assertFalse(self._visible(Case, self.user_other_promoter, self.cases))
        with self.assertRaises(AccessError):
            self.case_b.with_user(self.user_promoter).read(["patient_name"])
        with self.assertRaises(AccessError):
            self.env[Case].with_user(self.user_employee).search([])

    def test_read_group_and_export_follow_the_rules(self):
        groups = (
            self.env["hospital.referral"]
            .with_user(self.user_promoter)
            ._read_group([("id", "in", self.cases.ids)], ["promoter_id"], ["__count"])
        )
        self.assertEqual(groups, [(self.employees["promoter"], 1)])
        with self.assertRaises(AccessError):
            self.case_a.with_user(self.user_promoter).export_data(["patient_name"])
        exported = self.cases.with_user(self.user_vp).export_data(["patient_name"])
        self.assertEqual(len(exported["datas"]), 2)

    def test_guide_desk_sees_no_fees_and_a_masked_phone(self):
        case = self.case_a.with_user(self.user_guide_desk)
        self.assertEqual(case.patient_phone_masked, "138****1111")
        for field in ("patient_phone", "patient_phone_norm", "total_fees", "bill_ids"):
            with self.assertRaises(AccessError, msg=field):
                case.read([field])
        with self.assertRaises(AccessError):
            self.env["hospital.referral.bill"].with_user(self.user_guide_desk).search([])
        # it finds the case with the full number, not with a part of it
        Case = self.env["hospital.referral"].with_user(self.user_guide_desk)
        self.assertEqual(
            Case.search([("patient_phone_masked", "=", "+86 138 0000 1111")]), self.case_a
        )
        self.assertFalse(Case.search([("patient_phone_masked", "ilike", "1111")]))
        # once discharged or closed, the case leaves the desk's view
        self.case_a.sudo().state = "closed"
        self.assertFalse(Case.search([("id", "=", self.case_a.id)]))

    def test_phone_in_clear_for_the_marketing_line_only(self):
        self.assertEqual(self.case_a.with_user(self.user_promoter).patient_phone, "138 0000 1111")
        for role in ("finance", "treatment_leader"):
            with self.assertRaises(AccessError):
                self.case_a.with_user(self.users[role]).read(["patient_phone"])
        self.assertEqual(
            self.case_a.with_user(self.user_finance).read(["total_fees"])[0]["total_fees"], 0.0
        )

    def test_bill_scopes(self):
        bills = self.bill_a | self.bill_b
        Bill = "hospital.referral.bill"
        self.assertEqual(self._visible(Bill, self.user_promoter, bills), self.bill_a)
        self.assertEqual(self._visible(Bill, self.user_leader, bills), self.bill_a)
        for role in ("office", "finance", "vp"):
            self.assertEqual(self._visible(Bill, self.users[role], bills), bills, role)
        with self.assertRaises(AccessError):
            self.bill_a.with_user(self.user_promoter).write({"total_fees": 1})
        with self.assertRaises(AccessError):
            self.env[Bill].with_user(self.user_finance).create(
                {"his_reference": "X", "kind": "outpatient"}
            )
        self.bill_a.with_user(self.user_finance).write({"drug_cost": 10})
        self.env[Bill].with_user(self.user_his).create({"his_reference": "HIS-1"})
        with self.assertRaises(AccessError):
            self.env["hospital.referral"].with_user(self.user_his).search([])

    def test_partner_scopes(self):
        unassigned = self.env["res.partner"].create(
            {"name": "望城区乡镇卫生院", "is_company": True, "referral_partner_kind": "township_hc"}
        )
        partners = self.clinic | self.clinic_b | unassigned
        Partner = "res.partner"
        self.assertEqual(
            self._visible(Partner, self.user_promoter, partners), self.clinic | unassigned
        )
        self.assertEqual(self._visible(Partner, self.user_promoter, self.doctor), self.doctor)
        self.assertEqual(
            self._visible(Partner, self.user_promoter_b, partners), self.clinic_b | unassigned
        )
        self.assertEqual(
            self._visible(Partner, self.user_leader, partners), self.clinic | unassigned
        )
        self.assertEqual(self._visible(Partner, self.user_office, partners), partners)
        self.assertEqual(self._visible(Partner, self.user_vp, partners), partners)
        with self.assertRaises(AccessError):
            self.clinic_b.with_user(self.user_promoter).write({"hm_referral_grade": "a"})

    def test_portal_doctor_sees_own_cases_with_name_masked_after_discharge(self):
        Case = self.env["hospital.referral"].with_user(self.user_portal)
        self.assertEqual(Case.search([]), self.case_a)
        self.assertEqual(self.case_a.with_user(self.user_portal).portal_patient_name, "王小明")
        self.case_a.sudo().state = "discharged"
        self.case_a.invalidate_recordset()
        self.assertEqual(self.case_a.with_user(self.user_portal).portal_patient_name, "王**")
        with self.assertRaises(AccessError):
            self.case_a.with_user(self.user_portal).read(["patient_phone"])
        with self.assertRaises(AccessError):
            self.case_a.with_user(self.user_portal).write({"disease": "x"})
        with self.assertRaises(AccessError):
            self.env["hospital.referral.bill"].with_user(self.user_portal).search([])

    def test_gift_and_agreement_scopes(self):
        Gift = self.env["hospital.referral.gift"]
        gift_a = Gift.with_user(self.user_promoter).create(
            {"name": "保温杯", "partner_id": self.clinic.id, "value": 50}
        )
        gift_b = Gift.with_user(self.user_promoter_b).create(
            {"name": "雨伞", "partner_id": self.clinic_b.id, "value": 30}
        )
        gifts = gift_a | gift_b
        self.assertEqual(self._visible(Gift._name, self.user_promoter, gifts), gift_a)
        self.assertEqual(self._visible(Gift._name, self.user_finance, gifts), gifts)
        with self.assertRaises(AccessError):
            Gift.with_user(self.user_guide_desk).search([])
        Agreement = self.env["hospital.referral.agreement"]
        agreement_a = Agreement.create(
            {"name": "双向转诊协议", "partner_id": self.clinic.id, "date_start": "2026-01-01"}
        )
        agreement_b = Agreement.create(
            {
                "name": "服务协议",
                "partner_id": self.clinic_b.id,
                "date_start": "2026-01-01",
                "kind": "service",
            }
        )
        agreements = agreement_a | agreement_b
        self.assertEqual(agreement_a.user_id, self.user_promoter)
        self.assertEqual(
            self._visible(Agreement._name, self.user_promoter, agreements), agreement_a
        )
        self.assertEqual(self._visible(Agreement._name, self.user_leader, agreements), agreement_a)
        self.assertEqual(self._visible(Agreement._name, self.user_finance, agreements), agreements)
        with self.assertRaises(AccessError):
            agreement_a.with_user(self.user_finance).write({"name": "x"})
        with self.assertRaises(AccessError):
            Agreement.with_user(self.user_guide_desk).search([])

    def test_each_role_opens_the_forms_it_needs(self):
        """The views only show a role what it may read: opening them raises nothing."""
        for role in (
            "promoter",
            "leader",
            "office",
            "vp",
            "guide_desk",
            "finance",
            "treatment_leader",
        ):
            with self.subTest(role=role):
                form = Form(self.case_a.with_user(self.users[role]))
                self.assertEqual(form.patient_name, "王小明")
        for role in ("office", "finance", "vp"):
            with self.subTest(role=role):
                Form(self.bill_a.with_user(self.users[role]))
        Form(self.clinic.with_user(self.user_promoter))

    def test_partner_history_and_competitors(self):
        competitor = (
            self.env["hospital.referral.competitor"]
            .with_user(self.user_promoter)
            .create(
                {"partner_id": self.clinic.id, "name": "湖南省人民医院", "policy": "专家下社区"}
            )
        )
        history = self.clinic.hm_referral_grade_history_ids
        self.assertTrue(history.with_user(self.user_promoter).read(["grade"]))
        with self.assertRaises(AccessError):
            history.with_user(self.user_promoter).write({"grade": "c"})
        with self.assertRaises(AccessError):
            history.with_user(self.user_vp).write({"grade": "c"})
        for role in ("guide_desk", "finance", "employee"):
            with self.assertRaises(AccessError):
                competitor.with_user(self.users[role]).read(["name"])
            with self.assertRaises(AccessError):
                history.with_user(self.users[role]).read(["grade"])

    def test_wizards_are_for_their_roles(self):
        Reject = self.env["hospital.referral.reject"]
        Reject.with_user(self.user_promoter).create(
            {"referral_ids": self.case_a.ids, "reason": "x"}
        )
        for role in ("guide_desk", "finance", "employee"):
            with self.assertRaises(AccessError):
                Reject.with_user(self.users[role]).create(
                    {"referral_ids": self.case_a.ids, "reason": "x"}
                )
        Import = self.env["hospital.referral.bill.import"]
        for role in ("promoter", "guide_desk", "employee"):
            with self.assertRaises(AccessError):
                Import.with_user(self.users[role]).create({"file": b"eA=="})
