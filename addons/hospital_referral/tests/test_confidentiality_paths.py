"""Confidentiality on every read path (R-S3, R-S4): what each role reads of referral cases, HIS
bills and referral partners through search, read, search_read, read_group, export and
name_search; the masked phone is no search oracle; the portal doctor never reads a real name
over RPC; what hangs off a partner follows the partner's rules."""

import logging
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo import Command, http
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tests import BaseCase, HttpCase, tagged

from odoo.addons.hospital_referral.models.hospital_referral import (
    is_valid_phone,
    mask_name,
    mask_phone,
    normalize_phone,
)

from .common import ReferralCase

PHONE_A = "13800001111"
PHONE_B = "13900002222"


class ConfidentialityCase(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case_a = cls._case(
            patient_name="王小明",
            patient_phone=PHONE_A,
            patient_id_number="430104199001011234",
        )
        cls.case_b = cls._case(
            user=cls.user_promoter_b,
            patient_name="李四",
            patient_phone=PHONE_B,
            referring_partner_id=cls.clinic_b.id,
            referring_doctor_id=False,
        )
        cls.cases = cls.case_a | cls.case_b
        cls.Log = cls.env["hospital.secret.access.log"]

    def _ours(self):
        return [("id", "in", self.cases.ids)]


@tagged("post_install", "-at_install")
class TestCaseReadPaths(ConfidentialityCase):
    """Every role by every read path: the cases it may read, and no more."""

    # role -> the cases of the fixture it reads (None: no access to cases at all)
    VISIBLE = {
        "promoter": "a",
        "promoter_b": "b",
        "leader": "a",
        "office": "ab",
        "manager": "ab",
        "vp": "ab",
        "guide_desk": "ab",
        "finance": "ab",
        "treatment_leader": "ab",
        "employee": None,
        "portal": "a",
    }

    def _user(self, role):
        return self.user_portal if role == "portal" else self.users[role]

    def _expected(self, role):
        letters = self.VISIBLE[role]
        return self.env["hospital.referral"].browse(
            [{"a": self.case_a, "b": self.case_b}[letter].id for letter in letters]
        )

    def test_every_role_by_every_path(self):
        for role in self.VISIBLE:
            with self.subTest(role=role):
                Case = self.env["hospital.referral"].with_user(self._user(role))
                if self.VISIBLE[role] is None:
                    for call in (
                        lambda Case=Case: Case.search(self._ours()),
                        lambda Case=Case: Case.search_read(self._ours(), ["name"]),
                        lambda Case=Case: Case.formatted_read_group(
                            self._ours(), ["state"], ["__count"]
                        ),
                        lambda Case=Case: Case.name_search(self.case_a.name),
                        lambda Case=Case: self.case_a.with_env(Case.env).read(["name"]),
                    ):
                        with self.assertRaises(AccessError):
                            call()
                    continue
                expected = self._expected(role)
                self.assertEqual(Case.search(self._ours()), expected)
                self.assertEqual(Case.search_count(self._ours()), len(expected))
                name_field = "portal_patient_name" if role == "portal" else "patient_name"
                rows = Case.search_read(self._ours(), ["name", name_field, "patient_phone_masked"])
                self.assertEqual({row["id"] for row in rows}, set(expected.ids))
                groups = Case.formatted_read_group(self._ours(), ["state"], ["__count"])
                self.assertEqual(sum(group["__count"] for group in groups), len(expected))
                found = {rid for rid, _name in Case.name_search(self.case_b.name)}
                self.assertEqual(bool(found), self.case_b in expected)
                hidden = self.cases - expected
                if hidden:
                    with self.assertRaises(AccessError):
                        hidden.with_user(self._user(role)).read(["name"])
                if role == "vp":
                    self.assertEqual(
                        len(expected.with_user(self._user(role)).export_data(["name"])["datas"]), 2
                    )
                else:
                    with self.assertRaises(AccessError):
                        expected.with_user(self._user(role)).export_data(["name"])

    def test_phone_and_fees_only_for_whom_may(self):
        clear = {"promoter", "leader", "office", "manager", "vp"}
        for role in (
            "promoter",
            "office",
            "manager",
            "vp",
            "guide_desk",
            "finance",
            "treatment_leader",
            "portal",
        ):
            with self.subTest(role=role):
                case = self.case_a.with_user(self._user(role))
                self.assertEqual(case.patient_phone_masked, "138****1111")
                for field in ("patient_phone", "patient_phone_norm", "patient_id_number"):
                    if role in clear:
                        case.read([field])
                    else:
                        with self.assertRaises(AccessError, msg=field):
                            case.read([field])
                        with self.assertRaises(AccessError, msg=field):
                            case.search_read([("id", "=", case.id)], [field])
                        with self.assertRaises(AccessError, msg=field):
                            case.search([(field, "=", PHONE_A)])
                        with self.assertRaises(AccessError, msg=field):
                            case.formatted_read_group(self._ours(), [field], ["__count"])
                if role in ("guide_desk", "portal"):
                    with self.assertRaises(AccessError):
                        case.read(["total_fees"])
                # search_read without a field list returns only the fields the role reads
                # (the portal has no activities: it names its fields)
                fields = ["name", "portal_patient_name"] if role == "portal" else None
                row = case.search_read([("id", "=", case.id)], fields)[0]
                for field in ("patient_phone", "patient_phone_norm", "patient_id_number"):
                    self.assertEqual(field in row, role in clear, field)

    def test_portal_doctor_never_reads_the_real_name_over_rpc(self):
        case = self.case_a.with_user(self.user_portal)
        for call in (
            lambda: case.read(["patient_name"]),
            lambda: case.search_read([], ["patient_name"]),
            lambda: case.search([("patient_name", "ilike", "王")]),
            lambda: case.formatted_read_group([], ["patient_name"], ["__count"]),
            lambda: case.export_data(["patient_name"]),
        ):
            with self.assertRaises(AccessError):
                call()
        portal_fields = ["name", "display_name", "portal_patient_name", "patient_phone_masked"]
        row = case.search_read([], portal_fields)[0]
        self.assertNotIn("patient_name", row)
        self.assertEqual(row["portal_patient_name"], "王小明")
        # discharged: masked by every path
        self.case_a.sudo().state = "discharged"
        self.assertEqual(case.read(["portal_patient_name"])[0]["portal_patient_name"], "王**")
        row = case.search_read([], portal_fields)[0]
        self.assertNotIn("王小明", str(row))
        # a name search finds by number or voucher, never by the patient's name
        Case = self.env["hospital.referral"].with_user(self.user_portal)
        self.assertFalse(Case.name_search("王小明"))
        self.assertEqual([r[0] for r in Case.name_search(self.case_a.name)], self.case_a.ids)

    def test_chatter_tracks_the_name_for_staff_only(self):
        case = self.case_a.with_context(tracking_disable=False)
        self.env.flush_all()
        self.env.cr.precommit.run()
        case.patient_name = "王晓明"
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracking = self.env["mail.tracking.value"].search(
            [
                ("field_id.name", "=", "patient_name"),
                ("mail_message_id.model", "=", "hospital.referral"),
                ("mail_message_id.res_id", "=", case.id),
            ]
        )
        self.assertTrue(tracking)
        portal_env = self.env(user=self.user_portal)
        self.assertFalse(tracking._filter_has_field_access(portal_env))
        self.assertFalse(tracking._filter_free_field_access())
        self.assertTrue(tracking._filter_has_field_access(self.env(user=self.user_finance)))


@tagged("post_install", "-at_install")
class TestPhoneSearchIsNoOracle(ConfidentialityCase):
    """A role that sees a masked phone cannot recover the number by counting."""

    def setUp(self):
        super().setUp()
        self.Desk = self.env["hospital.referral"].with_user(self.user_guide_desk)

    def _lookups(self):
        return self.Log.search(
            [("action", "=", "lookup"), ("user_id", "=", self.user_guide_desk.id)]
        )

    def test_desk_finds_one_full_number_and_the_lookup_is_traced(self):
        self.assertEqual(
            self.Desk.search([("patient_phone_masked", "=", "+86 138-0000-1111")]), self.case_a
        )
        self.assertEqual(
            self.Desk.search([("patient_phone_masked", "ilike", PHONE_A)]), self.case_a
        )
        lookups = self._lookups()
        self.assertEqual(lookups.mapped("res_id"), [self.case_a.id] * 2)
        self.assertEqual(set(lookups.mapped("record_name")), {self.case_a.name})
        self.assertFalse(self.Desk.search([("patient_phone_masked", "=", "13700000000")]))
        self.assertEqual(len(self._lookups()), 3, "a lookup that finds nothing is traced too")
        for line in self._lookups():
            # the texts and the names of the trace line (not its timestamps' digits)
            values = line.read()[0].values()
            texts = [v for v in values if isinstance(v, str)]
            texts += [v[1] for v in values if isinstance(v, tuple) and len(v) == 2]
            self.assertNotIn("1111", " ".join(map(str, texts)))
        # the voucher is the other way to find a patient
        self.case_a.sudo().voucher_number = "ZD-001"
        self.assertEqual(self.Desk.search([("voucher_number", "=", "ZD-001")]), self.case_a)

    def test_many_numbers_in_one_search_find_nothing(self):
        candidates = [f"1380000{n:04d}" for n in range(1000, 1200)]
        self.assertIn(PHONE_A, candidates)
        self.assertEqual(self.Desk.search_count([("patient_phone_masked", "in", candidates)]), 0)
        ored = Domain.OR(Domain("patient_phone_masked", "=", c) for c in candidates)
        self.assertEqual(self.Desk.search_count(ored), 0)
        # ilike terms are not merged: only the first number of the search is looked up
        wrong_first = Domain("patient_phone_masked", "ilike", "13800009999") | Domain.OR(
            Domain("patient_phone_masked", "ilike", c) for c in candidates
        )
        self.assertEqual(self.Desk.search_count(wrong_first), 0)
        self.assertEqual(self.Desk.search_count([("patient_phone_masked", "=", PHONE_A)]), 1)

    def test_partial_numbers_and_other_roles_find_nothing(self):
        for value in ("1111", "138", "0000111", "138****1111"):
            for operator in ("=", "ilike"):
                self.assertFalse(self.Desk.search([("patient_phone_masked", operator, value)]))
        for role in ("finance", "treatment_leader"):
            Case = self.env["hospital.referral"].with_user(self.users[role])
            self.assertFalse(Case.search([("patient_phone_masked", "=", PHONE_A)]))
        Portal = self.env["hospital.referral"].with_user(self.user_portal)
        self.assertFalse(Portal.search([("patient_phone_masked", "=", PHONE_A)]))
        self.assertFalse(self.Log.search([("action", "=", "lookup")]))

    def test_negative_and_empty_operators_are_answered_safely(self):
        no_phone = self._case(patient_name="无电话", patient_phone=False)
        ours = [("id", "in", (self.cases | no_phone).ids)]
        Case = self.Desk
        self.assertEqual(Case.search([*ours, ("patient_phone_masked", "=", False)]), no_phone)
        self.assertEqual(Case.search([*ours, ("patient_phone_masked", "!=", False)]), self.cases)
        self.assertEqual(
            Case.search([*ours, ("patient_phone_masked", "!=", PHONE_A)]), self.case_b | no_phone
        )
        self.assertEqual(
            Case.search([*ours, ("patient_phone_masked", "not ilike", "1111")]),
            self.cases | no_phone,
            "a partial number excludes nothing either",
        )
        self.assertEqual(
            Case.search([*ours, ("patient_phone_masked", "not in", [PHONE_A, PHONE_B])]),
            self.cases | no_phone,
        )
        Finance = self.env["hospital.referral"].with_user(self.user_finance)
        self.assertEqual(Finance.search([*ours, ("patient_phone_masked", "=", False)]), no_phone)
        self.assertEqual(
            Finance.search([*ours, ("patient_phone_masked", "!=", PHONE_A)]),
            self.cases | no_phone,
        )

    def test_marketing_line_searches_its_own_cases_by_phone(self):
        Case = self.env["hospital.referral"].with_user(self.user_promoter)
        self.assertEqual(
            Case.search([("patient_phone_masked", "in", [PHONE_A, PHONE_B])]), self.case_a
        )
        self.assertFalse(self.Log.search([("action", "=", "lookup")]))


@tagged("post_install", "-at_install")
class TestBillPatientFields(ConfidentialityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bill = cls.env["hospital.referral.bill"].create(
            {
                "his_reference": "HIS-CONF-1",
                "patient_name": "王小明",
                "patient_phone": PHONE_A,
                "kind": "inpatient",
                "total_fees": 1000,
            }
        )

    def test_finance_reads_bills_with_a_masked_phone(self):
        bill = self.bill.with_user(self.user_finance)
        self.assertEqual(bill.read(["patient_name"])[0]["patient_name"], "王小明")
        self.assertEqual(bill.patient_phone_masked, "138****1111")
        for field in ("patient_phone", "patient_phone_norm"):
            with self.assertRaises(AccessError):
                bill.read([field])
            with self.assertRaises(AccessError):
                bill.search([(field, "=", PHONE_A)])
            with self.assertRaises(AccessError):
                bill.formatted_read_group([], [field], ["__count"])
        self.assertNotIn("patient_phone", bill.search_read([("id", "=", bill.id)])[0])
        # finance loads what the HIS sends without reading it back
        bill.write({"patient_phone": "13800001112", "total_fees": 1200})
        self.assertEqual(self.bill.patient_phone, "13800001112")
        self.assertEqual(bill.patient_phone_masked, "138****1112")

    def test_every_role_by_every_path(self):
        """Who reads the bill at all, and who reads its phone in clear."""
        self.bill.referral_id = self.case_a
        ours = [("id", "=", self.bill.id)]
        scope = {
            "promoter": "clear",
            "promoter_b": None,
            "leader": "clear",
            "office": "clear",
            "manager": "clear",
            "vp": "clear",
            "finance": "masked",
            "guide_desk": "denied",
            "treatment_leader": "denied",
            "employee": "denied",
        }
        for role, access in scope.items():
            with self.subTest(role=role):
                Bill = self.env["hospital.referral.bill"].with_user(self.users[role])
                if access == "denied":
                    for call in (
                        lambda Bill=Bill: Bill.search(ours),
                        lambda Bill=Bill: Bill.name_search("HIS-CONF"),
                        lambda Bill=Bill: Bill.formatted_read_group(ours, [], ["__count"]),
                    ):
                        with self.assertRaises(AccessError):
                            call()
                    continue
                expected = self.bill if access else Bill.browse()
                self.assertEqual(Bill.search(ours), expected)
                self.assertEqual(
                    [r[0] for r in Bill.name_search("HIS-CONF-1")], expected.with_env(Bill.env).ids
                )
                self.assertEqual(
                    Bill.formatted_read_group(ours, [], ["__count"])[0]["__count"], len(expected)
                )
                if not access:
                    continue
                rows = Bill.search_read(ours, ["his_reference", "patient_phone_masked"])
                self.assertEqual(rows[0]["patient_phone_masked"], "138****1111")
                phone = lambda Bill=Bill: Bill.search_read(ours, ["patient_phone"])  # noqa: E731
                if access == "clear":
                    self.assertEqual(phone()[0]["patient_phone"], PHONE_A)
                else:
                    with self.assertRaises(AccessError):
                        phone()
                    # even with Odoo's export right
                    self.users[role].group_ids = [
                        Command.link(self.env.ref("base.group_allow_export").id)
                    ]
                    bill = self.bill.with_user(self.users[role])
                    self.assertTrue(bill.export_data(["patient_phone_masked"])["datas"])
                    with self.assertRaises(AccessError):
                        bill.export_data(["patient_phone"])

    def test_office_and_his_read_the_phone(self):
        for user in (self.user_office, self.user_his):
            self.assertEqual(self.bill.with_user(user).patient_phone, PHONE_A)


@tagged("post_install", "-at_install")
class TestPartnerProfile(ReferralCase):
    PROFILE = (
        "hm_referral_grade",
        "hm_referral_stage",
        "hm_referral_promoter_id",
        "hm_referral_beds",
    )

    def test_roles_without_a_partner_rule_read_no_profile(self):
        for role in ("guide_desk", "finance", "treatment_leader", "employee"):
            with self.subTest(role=role):
                clinic = self.clinic.with_user(self.users[role])
                for field in self.PROFILE:
                    with self.assertRaises(AccessError):
                        clinic.read([field])
                    with self.assertRaises(AccessError):
                        clinic.search([(field, "!=", False)])
                row = clinic.read(["name", "hm_payee_class", "referral_partner_kind"])[0]
                self.assertEqual(row["name"], self.clinic.name)
                self.assertEqual(row["hm_payee_class"], "institution")
        self.clinic.with_user(self.user_finance).read(["bank_ids"])
        self.assertEqual(self.clinic.with_user(self.user_promoter).hm_referral_grade, "a")

    def test_a_user_without_the_profile_duplicates_a_partner(self):
        """Odoo's own flows copy contacts (accounting duplicates partners): the marketing profile
        a user may not read is not copied, so the copy does not fail on it."""
        accountant = self._make_user(
            "hm_accountant", "account.group_account_invoice,base.group_partner_manager"
        )
        copy = self.clinic.with_user(accountant).copy()
        self.assertEqual(copy.name, f"{self.clinic.name} (copy)")
        self.assertFalse(copy.sudo().hm_referral_grade)
        self.assertFalse(copy.sudo().hm_referral_promoter_id)

    def test_exporting_the_profile_needs_marketing_export(self):
        self.user_promoter.group_ids = [Command.link(self.env.ref("base.group_allow_export").id)]
        clinic = self.clinic.with_user(self.user_promoter)
        self.assertEqual(clinic.export_data(["name"])["datas"], [[self.clinic.name]])
        for fields in (
            ["name", "hm_referral_grade"],
            ["hm_referral_competitor_ids/name"],
            ["hm_payee_class"],
        ):
            with self.assertRaises(AccessError):
                clinic.export_data(fields)
        self.user_promoter.group_ids = [
            Command.link(self.env.ref("hospital_marketing.group_marketing_export").id)
        ]
        self.assertEqual(clinic.export_data(["hm_referral_grade"])["datas"], [["A"]])

    def test_competitors_and_grade_history_follow_the_partner(self):
        competitor = self.env["hospital.referral.competitor"].create(
            {"partner_id": self.clinic_b.id, "name": "某竞争医院", "policy": "每例 500"}
        )
        history = self.clinic_b.hm_referral_grade_history_ids
        self.assertTrue(history)
        for role in ("promoter", "leader"):
            with self.subTest(role=role):
                user = self.users[role]
                Competitor = self.env["hospital.referral.competitor"].with_user(user)
                self.assertNotIn(competitor, Competitor.search([]))
                with self.assertRaises(AccessError):
                    competitor.with_user(user).read(["policy"])
                with self.assertRaises(AccessError):
                    competitor.with_user(user).write({"policy": "x"})
                with self.assertRaises(AccessError):
                    competitor.with_user(user).unlink()
                History = self.env["hospital.referral.grade.history"].with_user(user)
                self.assertFalse(History.search([("id", "in", history.ids)]))
        # the partner's own promoter and the manager work on them
        competitor.with_user(self.user_promoter_b).write({"policy": "每例 600"})
        self.assertEqual(
            self.env["hospital.referral.grade.history"]
            .with_user(self.user_manager)
            .search([("id", "in", history.ids)]),
            history,
        )
        own = (
            self.env["hospital.referral.competitor"]
            .with_user(self.user_promoter)
            .create({"partner_id": self.clinic.id, "name": "另一家"})
        )
        own.unlink()

    def test_a_promoter_without_login_keeps_the_partner_in_the_team(self):
        loginless = self.env["hr.employee"].create(
            {"name": "无账号推广员", "hm_marketing_team_id": self.team.id}
        )
        partner = self.env["res.partner"].create(
            {
                "name": "无账号推广员的诊所",
                "is_company": True,
                "referral_partner_kind": "private_clinic",
                "hm_referral_promoter_id": loginless.id,
            }
        )
        self.assertTrue(partner.hm_referral_assigned)
        self.assertFalse(partner.with_user(self.user_promoter_b).search([("id", "=", partner.id)]))
        self.assertFalse(partner.with_user(self.user_promoter).search([("id", "=", partner.id)]))
        self.assertTrue(partner.with_user(self.user_leader).search([("id", "=", partner.id)]))
        unassigned = self.env["res.partner"].create(
            {"name": "待分配诊所", "is_company": True, "referral_partner_kind": "pharmacy"}
        )
        self.assertTrue(
            unassigned.with_user(self.user_promoter_b).search([("id", "=", unassigned.id)])
        )


@tagged("post_install", "-at_install")
class TestFraudReasonNamesNoOtherPatient(ConfidentialityCase):
    def test_registering_promoter_reads_possible_duplicate_only(self):
        second = self._case(
            user=self.user_promoter_b,
            patient_phone=PHONE_A,
            referring_partner_id=self.clinic_b.id,
            referring_doctor_id=False,
        )
        self.assertEqual(second.fraud_flag, "duplicate")
        as_promoter = second.with_user(self.user_promoter_b)
        self.assertNotIn(self.case_a.name, as_promoter.fraud_reason)
        for field in ("fraud_detail", "duplicate_of_id"):
            with self.assertRaises(AccessError):
                as_promoter.read([field])
        self.assertNotIn(self.case_a.name, str(as_promoter.search_read([("id", "=", second.id)])))
        self.assertNotIn(self.case_a.name, str(as_promoter.activity_ids.mapped("summary")))
        for role in ("manager", "vp"):
            self.assertIn(self.case_a.name, second.with_user(self.users[role]).fraud_detail)


@tagged("post_install", "-at_install")
class TestPatientInput(ConfidentialityCase):
    """Phones like "abc" and names of 100 000 characters are refused from the portal and RPC
    with a clear message that does not repeat them."""

    def test_bad_values_are_refused_without_echo(self):
        long_name = "张" * 100_000
        cases = (
            {"patient_phone": "abc"},
            {"patient_phone": "12"},
            {"patient_phone": "1" * 40},
            {"patient_name": long_name},
            {"patient_name": "   "},
            {"patient_name": "王\x00明"},
            {"patient_id_number": "4301<script>"},
            {"disease": "x" * 5000},
        )
        for vals in cases:
            with self.subTest(vals=str(vals)[:40]):
                with self.assertRaises(ValidationError) as caught:
                    self._case(**vals)
                # the case number (e.g. ZZ/2026/01232) may hold "12" by chance
                message = re.sub(r"ZZ/\d+/\d+", "ZZ/…", str(caught.exception))
                self.assertLess(len(message), 400)
                for value in vals.values():
                    if value.strip():
                        self.assertNotIn(value, message)
                with self.assertRaises(ValidationError):
                    self.case_a.with_user(self.user_promoter).write(vals)
        self.assertEqual(self.case_a.patient_name, "王小明")

    def test_usual_phone_formats_are_accepted(self):
        for phone in ("138 0000 3333", "+86 138-0000-4444", "0731-88886666", "(0731) 8888 7777"):
            self.assertTrue(self._case(patient_phone=phone).patient_phone_norm)

    def test_portal_registration_refuses_bad_input(self):
        Referral = self.env["hospital.referral"].with_user(self.user_portal)
        for post in (
            {"patient_name": "周建国", "patient_phone": "abc"},
            {"patient_name": "周" * 100_000, "patient_phone": "13812349876"},
        ):
            with self.assertRaises(ValidationError):
                Referral._portal_register(**post)
        self.assertFalse(
            self.env["hospital.referral"].search([("patient_name", "=like", "周建国%")])
        )


class TestMaskingProperties(BaseCase):
    """Property-based checks of the masking functions (R-S4)."""

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet="0123456789", min_size=7, max_size=15))
    def test_mask_phone_hides_enough_digits(self, digits):
        masked = mask_phone(digits)
        norm = normalize_phone(digits)
        self.assertEqual(len(masked), len(norm))
        hidden = masked.count("*")
        self.assertGreaterEqual(hidden, 4 if len(norm) >= 8 else len(norm) // 2)
        for char, original in zip(masked, norm, strict=True):
            self.assertIn(char, ("*", original))
        # formatting does not change the mask
        self.assertEqual(mask_phone(f"+86 {digits[:3]} {digits[3:]}"), mask_phone(f"+86{digits}"))

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_characters="*"), min_size=1, max_size=30))
    def test_mask_name_keeps_one_character(self, name):
        masked = mask_name(name)
        self.assertEqual(masked[0], name[0])
        self.assertEqual(masked[1:], "*" * max(len(name) - 1, 1))

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=40))
    def test_is_valid_phone_only_accepts_phone_characters(self, text):
        if is_valid_phone(text):
            self.assertRegex(text.strip(), r"^\+?[0-9 ()\-.]+$")
            self.assertTrue(7 <= len(normalize_phone(text)) <= 15)

    def test_known_masks(self):
        self.assertEqual(mask_phone("+86 138 0000 1111"), "138****1111")
        self.assertEqual(mask_phone("88886666"), "88****66")
        self.assertFalse(mask_phone("abc"))
        self.assertEqual(mask_name("周建国"), "周**")


@tagged("post_install", "-at_install")
class TestPortalRpc(ConfidentialityCase, HttpCase):
    """What the portal doctor's browser may ask the server directly (``call_kw``)."""

    def _call(self, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/hospital.referral/{method}",
            {"model": "hospital.referral", "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_rpc_reads_only_the_masked_name_of_a_discharged_case(self):
        self.case_a.sudo().state = "discharged"
        self.authenticate("hm_portal_doctor", "hm_portal_doctor")
        fields = ["name", "display_name", "state", "portal_patient_name", "patient_phone_masked"]
        rows = self._call("search_read", [[]], {"fields": fields})
        self.assertEqual([row["id"] for row in rows], self.case_a.ids)
        self.assertEqual(rows[0]["portal_patient_name"], "王**")
        self.assertNotIn("王小明", str(rows))
        self.assertNotIn(PHONE_A, str(rows))
        rows = self._call("web_search_read", [[], {"display_name": {}, "portal_patient_name": {}}])
        self.assertNotIn("王小明", str(rows))
        for method, args, kwargs in (
            ("read", [self.case_a.ids, ["patient_name"]], {}),
            ("search_read", [[]], {"fields": ["patient_name"]}),
            ("web_read_group", [[], ["patient_name"]], {}),
            ("export_data", [self.case_a.ids, ["name"]], {}),
        ):
            with self.subTest(method=method), self.assertRaises(Exception) as caught:
                self._call(method, args, kwargs)
            self.assertNotIn("王小明", str(caught.exception))

    def test_portal_form_refuses_bad_input_with_a_message(self):
        self.authenticate("hm_portal_doctor", "hm_portal_doctor")
        for name, phone in (("周建国", "abc"), ("周" * 100_000, "13812349876")):
            response = self.url_open(
                "/my/referrals/new",
                data={
                    "csrf_token": http.Request.csrf_token(self),
                    "patient_name": name,
                    "patient_phone": phone,
                },
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("alert-danger", response.text)
        self.assertFalse(
            self.env["hospital.referral"].search([("patient_name", "=like", "周建国%")])
        )


@tagged("post_install", "-at_install")
class TestNoPatientDataInTheLog(ConfidentialityCase):
    """Every refused path leaves the server log without the patient's name, phone or ID
    number, also with Odoo's SQL log at DEBUG."""

    SECRETS = ("王小明", PHONE_A, "1111", "430104199001011234", "周建国", "13812349876")

    def _refused_paths(self):
        Case = self.env["hospital.referral"]
        Bill = self.env["hospital.referral.bill"]
        yield lambda: self._case(
            patient_name="周建国",
            patient_phone="13812349876",
            registered_at="2026-03-02 08:00:00",
            arrival_datetime="2026-03-01 08:00:00",
        )
        yield lambda: self.case_a.with_user(self.user_promoter).write(
            {"arrival_datetime": "2020-01-01 00:00:00"}
        )
        yield lambda: self._case(patient_name="周建国", patient_phone="abc")
        yield lambda: self._case(patient_name=False, patient_phone="13812349876")
        yield lambda: self._case(patient_name="周建国" * 50_000, patient_phone="13812349876")
        yield lambda: self._case(
            patient_name="周建国", patient_phone="13812349876", patient_id_number="43010<>"
        )
        yield lambda: self.case_a.with_user(self.user_finance).read(["patient_phone"])
        yield lambda: self.case_a.with_user(self.user_guide_desk).read(["patient_id_number"])
        yield lambda: self.case_b.with_user(self.user_promoter).read(["patient_name"])
        yield lambda: self.case_a.with_user(self.user_portal).read(["patient_name"])
        yield lambda: Case.with_user(self.user_finance).search(
            [("patient_phone_norm", "=", PHONE_A)]
        )
        yield lambda: Case.with_user(self.user_employee).search([])
        yield lambda: Case.with_user(self.user_portal)._portal_register(
            patient_name="周建国", patient_phone="abc"
        )
        yield lambda: Case.with_user(self.user_portal)._portal_register(
            patient_name="周建国\x00", patient_phone="13812349876"
        )
        yield lambda: Bill.with_user(self.user_finance).search([("patient_phone", "=", PHONE_A)])
        yield lambda: self.case_a.with_user(self.user_promoter).export_data(["patient_name"])
        bill = {"patient_name": "周建国", "patient_phone": "13812349876", "kind": "inpatient"}
        Bill.create({"his_reference": "HIS-LOG-1", "kind": "outpatient"})
        office = Bill.with_user(self.user_office)
        yield lambda: office.create(dict(bill, his_reference="HIS-LOG-1"))
        yield lambda: office.create([dict(bill, his_reference="HIS-LOG-2")] * 2)
        yield lambda: office.create(dict(bill, his_reference="HIS-LOG-3", total_fees=-5))

    def test_refused_paths_log_no_patient_data(self):
        records = []

        class Collect(logging.Handler):
            def emit(self, record):
                records.append(self.format(record))

        handler = Collect(level=logging.DEBUG)
        root = logging.getLogger()
        loggers = [logging.getLogger(name) for name in ("odoo", "odoo.sql_db", "odoo.models")]
        levels = [(logger, logger.level) for logger in [root, *loggers]]
        root.addHandler(handler)
        try:
            for logger, _level in levels:
                logger.setLevel(logging.DEBUG)
            refused = 0
            for path in self._refused_paths():
                with self.assertRaises(Exception) as caught:
                    path()
                self.assertIsInstance(caught.exception, (AccessError, ValidationError))
                refused += 1
            # the masked phone searched by roles that may not look up: nothing, no error
            for user in (self.user_finance, self.user_portal, self.user_treatment_leader):
                self.assertFalse(
                    self.env["hospital.referral"]
                    .with_user(user)
                    .search([("patient_phone_masked", "in", [PHONE_A, PHONE_B])])
                )
        finally:
            root.removeHandler(handler)
            for logger, level in levels:
                logger.setLevel(level)
        self.assertEqual(refused, 19)
        self.assertTrue(records, "the handler saw the log")
        text = "\n".join(records)
        for secret in self.SECRETS:
            self.assertNotIn(secret, text)
