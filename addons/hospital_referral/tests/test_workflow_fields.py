"""Workflow fields change only through actions that check the role (issue 8 §1), and the
compliance guard cannot be talked around (R-C10, issue 8 §2).

Each table writes (and creates) a protected field as every role, the way a web client or an
RPC call would (``with_user(...).write``): the roles that may not are refused, whatever the
view shows. The action tables press each button as every role."""

import base64
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.hospital_marketing.tests.common import MATRIX_ROLES
from odoo.addons.hospital_marketing.tools.commission_contract import CommissionPayee
from odoo.addons.hospital_referral.controllers.portal import parse_registration

from .commission_common import DISCHARGE, MONTH, CommissionCase, create_final_bill
from .common import ReferralCase

ARRIVAL_ROLES = {"guide_desk", "office", "manager", "vp"}
LEADER_ROLES = {"leader", "manager", "vp"}
OFFICE_ROLES = {"office", "manager", "vp"}
PAYEE_ROLES = {"manager", "vp", "finance"}
ALL_ROLES = (*MATRIX_ROLES, "portal")
PDF = base64.b64encode(b"%PDF-1.4 signed")


class WorkflowCase(ReferralCase):
    def _user(self, role):
        return self.user_portal if role == "portal" else self.users[role]

    def assertRefused(self, records, vals, role, exception=AccessError):
        with (
            self.subTest(role=role, vals=list(vals)),
            self.assertRaises(exception, msg=f"{role} writes {list(vals)} on {records}"),
            self.env.cr.savepoint(),
        ):
            records.with_user(self._user(role)).write(vals)

    def assertCreateRefused(self, model, vals, role, exception=AccessError):
        with (
            self.subTest(role=role, vals=list(vals)),
            self.assertRaises(exception, msg=f"{role} creates {model} with {list(vals)}"),
            self.env.cr.savepoint(),
        ):
            self.env[model].with_user(self._user(role)).create(vals)

    def assertActionRefused(self, records, action, role, *args):
        with (
            self.subTest(role=role, action=action),
            self.assertRaises(AccessError),
            self.env.cr.savepoint(),
        ):
            getattr(records.with_user(self._user(role)), action)(*args)


@tagged("post_install", "-at_install")
class TestCaseWorkflowFields(WorkflowCase):
    """Referral cases: state, arrival, fraud decision, feedback, money and credit."""

    def setUp(self):
        super().setUp()
        self.case = self._case()
        self.other = self._case(patient_phone="13900002222")
        self.protected = {
            "state": "discharged",
            "channel": "portal",
            "registered_at": datetime(2026, 1, 1, 8, 0),
            "arrival_user_id": self.user_guide_desk.id,
            # after the registration: refused for being protected, not for its date
            "arrival_datetime": fields.Datetime.now() + timedelta(hours=1),
            "identity_confirmed": True,
            "diagnosis": "肺炎",
            "attending_doctor": "张主任",
            "fraud_flag": "existing",
            "fraud_reason": "none",
            "fraud_decision": "accepted",
            "duplicate_of_id": self.other.id,
            "decision_note": "ok",
            "decided_by_id": self.user_leader.id,
            "decided_at": datetime(2026, 12, 1, 9, 0),
            "feedback_deadline": datetime(2026, 12, 2, 9, 0),
            "feedback_done_at": datetime(2026, 12, 1, 10, 0),
            "feedback_status": "on_time",
            "discharge_date": date(2026, 12, 5),
            "total_fees": 500000.0,
            "drug_cost": 10.0,
            "is_counted": False,
            "promoter_id": self.employees["promoter_b"].id,
            "user_id": self.user_promoter_b.id,
            "team_id": self.team_b.id,
        }
        self.allowed = dict.fromkeys(
            ("arrival_datetime", "identity_confirmed", "diagnosis", "attending_doctor"),
            ARRIVAL_ROLES,
        ) | dict.fromkeys(("promoter_id", "user_id", "team_id"), LEADER_ROLES)

    def test_protected_fields_refused_for_every_role(self):
        for fname, value in self.protected.items():
            for role in ALL_ROLES:
                if role not in self.allowed.get(fname, ()):
                    self.assertRefused(self.case, {fname: value}, role)
        self.assertEqual(self.case.state, "registered")
        self.assertFalse(self.case.arrival_datetime)

    def test_protected_fields_refused_at_creation(self):
        creators = ("promoter", "leader", "office", "manager", "vp", "guide_desk")
        base = {
            "patient_name": "赵六",
            "patient_phone": "13700003333",
            "referring_partner_id": self.clinic.id,
        }
        for fname, value in self.protected.items():
            if fname == "registered_at":
                continue  # see test_registration_time_is_now_except_for_the_office
            for role in creators:
                if role not in self.allowed.get(fname, ()):
                    self.assertCreateRefused("hospital.referral", {**base, fname: value}, role)

    def test_registration_time_is_now_except_for_the_office(self):
        """A typed earlier registration time would defeat R-R2 and the existing-patient check
        (R-R6): it is ignored (not refused: a form sends the time it showed on opening) for
        everyone but the office, who records paper registrations after the fact."""
        typed = datetime(2026, 1, 1, 8, 0)
        base = {"patient_name": "赵六", "referring_partner_id": self.clinic.id}
        for number, role in enumerate(("promoter", "leader", "guide_desk")):
            with self.subTest(role=role):
                before = fields.Datetime.now()
                # the desk registers walk-ins, which say why they do not count (R-R2)
                extra = {"not_counted_reason": "未提前登记"} if role == "guide_desk" else {}
                case = (
                    self.env["hospital.referral"]
                    .with_user(self.users[role])
                    .with_context(default_registered_at=typed)
                    .create(
                        {
                            **base,
                            # the desk types the phone on the masked side (walk-ins)
                            "patient_phone_masked"
                            if role == "guide_desk"
                            else "patient_phone": f"1370001{number:04d}",
                            "registered_at": typed,
                            **extra,
                        }
                    )
                )
                self.assertGreaterEqual(case.registered_at, before.replace(microsecond=0))
                self.assertFalse(case.registered_late)
        # the portal doctor's page takes no time at all
        case = (
            self.env["hospital.referral"]
            .with_user(self.user_portal)
            ._portal_register(
                **parse_registration(
                    {
                        "patient_name": "赵六",
                        "patient_phone": "13700019999",
                        "registered_at": "2026-01-01",
                    }
                )
            )
        )
        self.assertGreater(case.sudo().registered_at, typed)
        # the office (and the roles above it) records a paper registration: kept, shown late
        for number, role in enumerate(sorted(OFFICE_ROLES)):
            case = (
                self.env["hospital.referral"]
                .with_user(self.users[role])
                .create({**base, "patient_phone": f"1370002{number:04d}", "registered_at": typed})
            )
            self.assertEqual(case.registered_at, typed)
            self.assertTrue(case.registered_late)
        # ...never in the future, and frozen once entered
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["hospital.referral"].with_user(self.user_office).create(
                {**base, "registered_at": fields.Datetime.now() + timedelta(days=1)}
            )
        self.assertRefused(case, {"registered_at": datetime(2025, 1, 1)}, "office")
        self.assertRefused(case, {"registered_late": False}, "office")

    def test_backdated_paper_registration_meets_the_fraud_check(self):
        """The office's earlier time is the one the existing-patient check compares: an
        arrival before it flags the case."""
        phone = "13600005555"
        first = self._case(patient_phone=phone, registered_at=datetime(2026, 1, 5, 8, 0))
        self._arrive(first, self.user_guide_desk)
        first.with_user(self.user_office).arrival_datetime = datetime(2026, 1, 5, 9, 0)
        # a promoter cannot slip the second registration before the first arrival
        late = self._case(patient_phone=phone)
        self.assertEqual(late.fraud_flag, "existing")
        # the office's paper registration of the same patient, dated before that arrival and
        # out of the duplicate window, is compared at its own time: not an existing patient
        paper = (
            self.env["hospital.referral"]
            .with_user(self.user_office)
            .create(
                {
                    "patient_name": "王小明",
                    "patient_phone": phone,
                    "referring_partner_id": self.clinic.id,
                    "registered_at": first.arrival_datetime - timedelta(days=60),
                }
            )
        )
        self.assertTrue(paper.registered_late)
        self.assertNotEqual(paper.fraud_flag, "existing")

    def test_bill_totals_come_from_the_final_bills_only(self):
        """Discharge date, total fees and drug cost are pure computes of the final HIS bills
        (R-R5): read-only fields that not even the superuser writes or creates."""
        Case = self.env["hospital.referral"]
        for fname in ("discharge_date", "total_fees", "drug_cost"):
            self.assertTrue(Case._fields[fname].readonly, fname)
            self.assertFalse(Case._fields[fname].inverse, fname)
        for vals in ({"total_fees": 500000.0}, {"drug_cost": 1.0}, {"discharge_date": DISCHARGE}):
            with self.subTest(vals=vals), self.assertRaises(AccessError), self.env.cr.savepoint():
                self.case.sudo().write(vals)
            with self.subTest(vals=vals), self.assertRaises(AccessError), self.env.cr.savepoint():
                Case.sudo().create({"patient_name": "赵六", **vals})
        # the final bill gives them
        self._arrive(self.case, self.user_guide_desk)
        create_final_bill(self.case, total_fees=800.0, drug_cost=300.0)
        self.assertEqual(
            (self.case.state, self.case.sudo().total_fees, self.case.sudo().drug_cost),
            ("discharged", 800.0, 300.0),
        )
        self.assertEqual(self.case.discharge_date, DISCHARGE)

    def test_context_defaults_of_protected_fields_are_ignored(self):
        case = (
            self.env["hospital.referral"]
            .with_user(self.user_promoter)
            .with_context(default_state="discharged", default_total_fees=500000)
            .create({"patient_name": "孙七", "patient_phone": "13700004444"})
        )
        self.assertEqual(case.state, "registered")
        self.assertEqual(case.sudo().total_fees, 0.0)

    def test_allowed_roles_write_their_fields(self):
        # an unchanged value is no change: a form saving it back passes
        self.case.with_user(self.user_promoter).write({"state": "registered"})
        desk = self.case.with_user(self.user_guide_desk)
        desk.write({"identity_confirmed": True, "diagnosis": "肺炎", "attending_doctor": "张"})
        self.case.with_user(self.user_leader).promoter_id = self.employees["leader"]
        self.assertEqual(self.case.user_id, self.user_leader)

    def test_credit_is_corrected_by_a_leader_once_the_patient_came(self):
        self.case.with_user(self.user_promoter).referring_doctor_id = False
        self._arrive(self.case, self.user_guide_desk)
        self.assertRefused(self.case, {"referring_partner_id": self.clinic_b.id}, "promoter")
        self.case.with_user(self.user_leader).referring_doctor_id = self.doctor


@tagged("post_install", "-at_install")
class TestCaseActionsByRole(WorkflowCase):
    """Who presses which button of a case (server-side, not the view's groups)."""

    def _arrived(self):
        return self._arrive(self._case(), self.user_guide_desk).with_env(self.env)

    def test_confirm_arrival(self):
        case = self._case().with_user(self.user_guide_desk)
        case.write({"identity_confirmed": True, "diagnosis": "肺炎", "attending_doctor": "张"})
        for role in ALL_ROLES:
            if role not in ARRIVAL_ROLES:
                self.assertActionRefused(case, "action_confirm_arrival", role)
        for number, role in enumerate(sorted(ARRIVAL_ROLES)):
            case = self._case(patient_phone=f"1370000{number:04d}")
            self._arrive(case, self.users[role])
            self.assertEqual(case.state, "arrived")
            self.assertEqual(case.arrival_user_id, self.users[role])

    def test_start_treatment_close_and_reset(self):
        case = self._arrived()
        for role in ALL_ROLES:
            if role not in ARRIVAL_ROLES:
                self.assertActionRefused(case, "action_start_treatment", role)
        case.with_user(self.user_guide_desk).action_start_treatment()
        self.assertEqual(case.state, "in_treatment")
        case.sudo().state = "discharged"
        for role in ALL_ROLES:
            if role not in OFFICE_ROLES:
                self.assertActionRefused(case, "action_close", role)
        case.with_user(self.user_office).action_close()
        self.assertEqual(case.state, "closed")
        rejected = self._case(patient_phone="13611112222")
        rejected.with_user(self.user_promoter)._reject("病人不来了")
        self.assertEqual(rejected.state, "rejected")
        for role in ALL_ROLES:
            if role not in OFFICE_ROLES:
                self.assertActionRefused(rejected, "action_reset", role)
        rejected.with_user(self.user_office).action_reset()
        self.assertEqual(rejected.state, "registered")

    def _flagged(self, phone="138 0000 1111"):
        self._case(patient_phone=phone, registered_at=datetime(2026, 3, 1, 8, 0))
        second = self._case(patient_phone=phone, registered_at=datetime(2026, 3, 2, 8, 0))
        self.assertEqual(second.fraud_decision, "pending")
        return second

    def test_fraud_decision(self):
        second = self._flagged()
        for role in ALL_ROLES:
            if role not in LEADER_ROLES:
                self.assertActionRefused(second, "action_fraud_accept", role)
                self.assertActionRefused(second, "_reject", role, "虚假", 300.0)
        for number, role in enumerate(sorted(LEADER_ROLES)):
            case = self._flagged(f"1370000{number:04d}")
            case.with_user(self.users[role]).action_fraud_accept()
            self.assertEqual(case.fraud_decision, "accepted")
            self.assertEqual(case.decided_by_id, self.users[role])
        rejected = self._flagged("13711110000")
        rejected.with_user(self.user_vp)._reject("虚假", 300.0)
        self.assertEqual(rejected.adjustment_id.amount, -300.0)

    def test_nobody_decides_the_flag_of_their_own_case(self):
        self._case(user=self.user_leader, registered_at=datetime(2026, 3, 1, 8, 0))
        own = self._case(user=self.user_leader, registered_at=datetime(2026, 3, 2, 8, 0))
        self.assertEqual(own.user_id, self.user_leader)
        self.assertActionRefused(own, "action_fraud_accept", "leader")
        own.with_user(self.user_manager).action_fraud_accept()
        self.assertEqual(own.fraud_decision, "accepted")

    def test_feedback_done(self):
        case = self._arrived()
        for role in ("guide_desk", "finance", "treatment_leader", "employee", "portal"):
            self.assertActionRefused(case, "action_feedback_done", role)
        activity = case.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("hospital_referral.mail_activity_referral_feedback")
        )
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            activity.with_user(self.user_guide_desk).action_feedback(feedback="told")
        self.assertEqual(case.feedback_status, "pending")
        case.with_user(self.user_promoter).action_feedback_done()
        self.assertIn(case.feedback_status, ("on_time", "late"))


@tagged("post_install", "-at_install")
class TestAttackScenarios(WorkflowCase):
    """The findings of issue 8, replayed literally."""

    def test_promoter_cannot_mint_a_discharge(self):
        case = self._case().with_user(self.user_promoter)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            case.write({"identity_confirmed": True, "diagnosis": "肺炎", "attending_doctor": "张"})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            case.action_confirm_arrival()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            case.write({"state": "discharged", "total_fees": 500000})
        case.invalidate_recordset()
        self.assertEqual(case.state, "registered")
        lines = self.env["hospital.commission.line"].search([("referral_id", "=", case.id)])
        self.assertFalse(lines)

    def test_promoter_cannot_decide_a_fraud_flag(self):
        self._case(registered_at=datetime(2026, 3, 1, 8, 0))
        second = self._case(registered_at=datetime(2026, 3, 2, 8, 0))
        self.assertEqual(second.fraud_flag, "duplicate")
        for vals in (
            {"fraud_decision": "accepted"},
            {"decided_by_id": self.user_leader.id},
            {"fraud_flag": False},
            {"state": "registered"},
        ):
            self.assertRefused(second, vals, "promoter")
        self.assertEqual((second.fraud_flag, second.fraud_decision), ("duplicate", "pending"))
        self.assertFalse(second.is_counted)

    def test_guide_desk_cannot_discharge(self):
        case = self._arrive(self._case(), self.user_guide_desk)
        self.assertRefused(case, {"state": "discharged"}, "guide_desk")
        self.assertRefused(case, {"discharge_date": date(2026, 12, 1)}, "guide_desk")
        self.assertEqual(case.state, "arrived")


@tagged("post_install", "-at_install")
class TestPartnerWorkflowFields(WorkflowCase):
    """R-P3, R-P4, R-C10 on the partner: grade and stage by a leader, territory and
    responsible promoter by a leader, kind and payee class by the manager or finance."""

    def test_partner_fields_by_role(self):
        territory = self.env["hospital.marketing.territory"].create({"name": "岳麓区"})
        fields_roles = {
            "hm_referral_grade": ("c", LEADER_ROLES),
            "hm_referral_stage": ("key", LEADER_ROLES),
            "hm_referral_territory_id": (territory.id, LEADER_ROLES),
            "hm_referral_promoter_id": (self.employees["promoter_b"].id, LEADER_ROLES),
            "hm_referral_co_maintainer_id": (self.employees["leader"].id, LEADER_ROLES),
            "referral_partner_kind": ("part_time", PAYEE_ROLES),
            "hm_payee_class": ("individual", PAYEE_ROLES),
        }
        for fname, (value, allowed) in fields_roles.items():
            for role in ALL_ROLES:
                if role not in allowed:
                    self.assertRefused(self.clinic, {fname: value}, role)
        self.clinic.with_user(self.user_leader).write(
            {"hm_referral_grade": "c", "hm_referral_territory_id": territory.id}
        )
        self.clinic.with_user(self.user_leader).hm_referral_promoter_id = self.employees[
            "promoter_b"
        ]
        self.assertEqual(self.clinic.hm_referral_user_id, self.user_promoter_b)

    def test_payee_class_by_manager_or_finance_tracked(self):
        clinic = self.clinic.with_context(tracking_disable=False)
        clinic.with_user(self.user_manager).write({"hm_payee_class": "intermediary"})
        self.assertEqual(self.clinic.hm_payee_class, "intermediary")
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = clinic.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "hm_payee_class"
        )
        self.assertTrue(tracked)

    def test_promoter_registers_a_new_partner(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.user_promoter)
            .create(
                {
                    "name": "新开诊所",
                    "is_company": True,
                    "referral_partner_kind": "private_clinic",
                    "hm_referral_stage": "prospect",
                    "hm_referral_promoter_id": self.employees["promoter"].id,
                }
            )
        )
        self.assertEqual(partner.hm_payee_class, "institution")
        for vals in (
            {"hm_referral_grade": "a"},
            {"hm_referral_stage": "key"},
            {"hm_referral_promoter_id": self.employees["promoter_b"].id},
            {"hm_payee_class": "intermediary"},
        ):
            self.assertCreateRefused(
                "res.partner", {"name": "x", "is_company": True, **vals}, "promoter"
            )

    def test_plain_partner_writes_are_untouched(self):
        self.clinic.with_user(self.user_promoter).write({"phone": "0731-1234567"})
        partner = self.env["res.partner"].with_user(self.user_promoter).create({"name": "Plain"})
        partner.with_user(self.user_promoter).write({"street": "1 Road", "email": "a@b.cn"})
        self.assertEqual(partner.street, "1 Road")


@tagged("post_install", "-at_install")
@tagged("post_install", "-at_install")
class TestFormsShowWhatTheRoleMayChange(WorkflowCase):
    """The forms show the protected fields read-only to the roles whose write() refuses them
    (the view spares an error on saving; write() stays the security)."""

    def assertFormReadonly(self, record, role, fnames, readonly=True):
        form = Form(record.with_user(self._user(role)))
        for fname in fnames:
            with self.subTest(role=role, field=fname):
                self.assertEqual(
                    bool(form._get_modifier(fname, "readonly")),
                    readonly,
                    f"{fname} {'read-only' if readonly else 'editable'} for {role}",
                )

    def test_case_form(self):
        case = self._case()
        arrival = ("identity_confirmed", "diagnosis", "attending_doctor", "arrival_datetime")
        # the roles that open cases, as their form shows them
        openers = ("promoter", "leader", "office", "manager", "vp", "guide_desk")
        for role in openers:
            self.assertFormReadonly(case, role, arrival, readonly=role not in ARRIVAL_ROLES)
            self.assertFormReadonly(case, role, ("promoter_id",), readonly=role not in LEADER_ROLES)
            self.assertFormReadonly(case, role, ("channel", "registered_at"))
        # a typed registration time: the office's, at registration only
        for role in openers:
            new = Form(self.env["hospital.referral"].with_user(self._user(role)))
            with self.subTest(role=role):
                self.assertEqual(
                    bool(new._get_modifier("registered_at", "readonly")),
                    role not in OFFICE_ROLES,
                )
        # who gets the credit: free until the patient comes, then the leader's
        self._arrive(case, self.user_guide_desk)
        self.assertFormReadonly(case, "promoter", ("referring_partner_id", "referring_doctor_id"))
        self.assertFormReadonly(
            case, "leader", ("referring_partner_id", "referring_doctor_id"), readonly=False
        )
        # and what the form lets a role change, write() accepts
        form = Form(case.with_user(self.user_guide_desk))
        form.diagnosis = "肺结节"
        form.save()
        self.assertEqual(case.diagnosis, "肺结节")

    def test_partner_form(self):
        assigned = (
            "hm_referral_grade",
            "hm_referral_stage",
            "hm_referral_territory_id",
            "hm_referral_promoter_id",
            "hm_referral_co_maintainer_id",
        )
        payee = ("referral_partner_kind", "hm_payee_class")
        for role in ("promoter", "leader", "office", "manager", "vp"):
            self.assertFormReadonly(self.clinic, role, assigned, readonly=role not in LEADER_ROLES)
            self.assertFormReadonly(self.clinic, role, payee, readonly=role not in PAYEE_ROLES)
        # finance reads no marketing profile, and classifies payees
        self.assertFormReadonly(self.clinic, "finance", ("hm_payee_class",), readonly=False)
        # a promoter registering a partner names its kind, stage, territory and themselves
        new = Form(self.env["res.partner"].with_user(self.user_promoter))
        for fname in ("referral_partner_kind", "hm_referral_stage", "hm_referral_territory_id"):
            self.assertFalse(new._get_modifier(fname, "readonly"), fname)
        self.assertTrue(new._get_modifier("hm_referral_grade", "readonly"))


class TestBillGiftAgreementWorkflowFields(WorkflowCase):
    def test_bills_written_only_by_the_import_roles(self):
        bill = self.env["hospital.referral.bill"].create(
            {"his_reference": "WF-1", "total_fees": 100.0, "kind": "outpatient"}
        )
        writers = {"office", "manager", "vp", "finance"}
        for fname, value in {
            "total_fees": 500000.0,
            "drug_cost": 1.0,
            "is_final": True,
            "discharge_date": date(2026, 12, 1),
            "referral_id": self._case().id,
        }.items():
            for role in ALL_ROLES:
                if role not in writers:
                    self.assertRefused(bill, {fname: value}, role)
        for role in ("promoter", "leader", "guide_desk", "treatment_leader", "employee"):
            self.assertCreateRefused(
                "hospital.referral.bill", {"his_reference": f"WF-{role}", "total_fees": 1}, role
            )
        bill.with_user(self.user_his).write({"total_fees": 120.0})
        self.assertEqual(bill.total_fees, 120.0)

    def test_gift_giver_moves_only_by_a_leader(self):
        gift = (
            self.env["hospital.referral.gift"]
            .with_user(self.user_promoter)
            .create({"name": "雨伞", "value": 30, "partner_id": self.clinic.id})
        )
        self.assertEqual(gift.giver_id, self.employees["promoter"])
        self.assertRefused(gift, {"giver_id": self.employees["promoter_b"].id}, "promoter")
        self.assertCreateRefused(
            "hospital.referral.gift",
            {
                "name": "卡",
                "value": 300,
                "partner_id": self.clinic.id,
                "giver_id": self.employees["promoter_b"].id,
            },
            "promoter",
        )
        gift.with_user(self.user_leader).giver_id = self.employees["leader"]
        self.assertEqual(gift.user_id, self.user_leader)

    def _agreement(self, partner, kind="two_way", **vals):
        return (
            self.env["hospital.referral.agreement"]
            .with_user(self.user_promoter)
            .create(
                {
                    "name": "协议",
                    "kind": kind,
                    "partner_id": partner.id,
                    "date_start": "2026-01-01",
                    "document": PDF,
                    "document_name": "signed.pdf",
                    **vals,
                }
            )
        )

    def test_agreement_signed_only_by_the_manager(self):
        for role in ("promoter", "leader", "manager", "vp"):
            self.assertCreateRefused(
                "hospital.referral.agreement",
                {
                    "name": "协议",
                    "partner_id": self.clinic.id,
                    "date_start": "2026-01-01",
                    "state": "signed",
                },
                role,
            )
        agreement = self._agreement(self.clinic)
        for role in ALL_ROLES:
            if role not in ("manager", "vp"):
                self.assertActionRefused(agreement, "action_sign", role)
            self.assertRefused(agreement, {"state": "signed"}, role)
            self.assertRefused(agreement, {"signed_by_id": self.user_manager.id}, role)
        agreement.with_user(self.user_manager).action_sign()
        self.assertEqual((agreement.state, agreement.signed_by_id), ("signed", self.user_manager))
        # the terms are frozen once signed
        self.assertRefused(agreement, {"kind": "intermediary"}, "promoter")
        self.assertRefused(agreement, {"date_end": "2099-12-31"}, "manager")
        self.assertActionRefused(agreement, "action_cancel", "promoter")
        agreement.with_user(self.user_manager).action_cancel()
        self.assertEqual(agreement.state, "cancel")

    def test_agreement_needs_its_signed_document(self):
        agreement = self._agreement(self.clinic, document=False)
        with self.assertRaises(UserError):
            agreement.with_user(self.user_manager).action_sign()

    def test_the_beneficiary_never_signs(self):
        agreement = self._agreement(self.clinic)
        agreement.sudo().promoter_id = self.employees["manager"]
        self.assertActionRefused(agreement, "action_sign", "manager")
        agreement.with_user(self.user_vp).action_sign()
        self.assertEqual(agreement.state, "signed")

    def test_doctor_talked_into_a_part_timer_is_refused_at_each_step(self):
        """Issue 8 §2: the doctor's own promoter reclassifies the doctor, makes an
        intermediary agreement and presses Signed."""
        self.doctor.referral_partner_kind = "public_doctor"
        self.assertEqual(self.doctor.hm_payee_class, "clinician")
        self.assertRefused(self.doctor, {"referral_partner_kind": "part_time"}, "promoter")
        self.assertRefused(self.doctor, {"hm_payee_class": "individual"}, "promoter")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._agreement(self.doctor, kind="intermediary")
        part_timer = self.env["res.partner"].create(
            {
                "name": "王兼职",
                "referral_partner_kind": "part_time",
                "hm_referral_promoter_id": self.employees["promoter"].id,
            }
        )
        draft = self._agreement(part_timer, kind="intermediary")
        self.assertActionRefused(draft, "action_sign", "promoter")
        self.assertEqual(draft.state, "draft")
        self.assertEqual(self.doctor.hm_payee_class, "clinician")
        refusal = self.env["hospital.commission.engine"]._guard(
            [CommissionPayee(role="doctor", payee_kind="part_time", partner_id=self.doctor.id)],
            [date(2026, 12, 1)],
        )[0]
        self.assertIn("licensed clinician", refusal)


@tagged("post_install", "-at_install")
class TestGuardAtMonthEnd(CommissionCase):
    """R-C10 at the month-end run: a class changed after discharge never pays a clinician."""

    def _issue(self, case, payee):
        field = "employee_id" if payee._name == "hr.employee" else "partner_id"
        return self.env["hospital.commission.issue"].search(
            [("res_id", "=", case.id), (field, "=", payee.id), ("kind", "=", "refused")]
        )

    def _line(self, case, payee):
        return case.commission_line_ids.filtered(
            lambda line: payee in (line.partner_id, line.employee_id)
        )

    def test_payee_reclassified_clinician_after_discharge(self):
        case = self._case(referring_partner_id=self.part_timer.id)
        line = self._line(case, self.part_timer)
        self.assertTrue(line, "written at discharge")
        self.part_timer.with_user(self.user_manager).hm_payee_class = "clinician"
        self._run()
        self.assertFalse(line.settlement_id)
        self.assertIn("licensed clinician", self._issue(case, self.part_timer).message)
        self.assertFalse(self._settlement_of(self.part_timer).line_ids)

    def test_staff_flagged_clinician_after_discharge(self):
        promoter = self.employees["promoter_b"]
        case = self._case(promoter_id=promoter.id)
        line = self._line(case, promoter)
        self.assertTrue(line)
        self._run()
        self.assertTrue(line.settlement_id, "settled in a draft")
        self.user_manager.group_ids += self.env.ref("hr.group_hr_user")
        promoter.with_user(self.user_manager).write({"hm_licensed_clinician": True})
        self._run()
        self.assertFalse(line.settlement_id, "taken out of the open draft")
        self.assertIn("licensed clinician", self._issue(case, promoter).message)

    def test_agreement_cancelled_after_discharge(self):
        case = self._case(referring_partner_id=self.part_timer.id)
        line = self._line(case, self.part_timer)
        agreement = self.env["hospital.referral.agreement"].search(
            [("partner_id", "=", self.part_timer.id)]
        )
        agreement.with_user(self.user_manager).action_cancel()
        self._run()
        self.assertFalse(line.settlement_id)
        self.assertIn("intermediary agreement", self._issue(case, self.part_timer).message)

    def test_compliant_lines_still_settle(self):
        case = self._case(referring_partner_id=self.part_timer.id)
        self._run()
        self.assertTrue(self._line(case, self.part_timer).settlement_id)
        self.assertEqual(DISCHARGE.replace(day=1), MONTH)


@tagged("post_install", "-at_install")
class TestNoWayAroundTheActions(WorkflowCase):
    """Property: whatever mix of protected values a promoter sends in one write (any subset,
    any values, unchanged fields among them), the case's state and money do not move."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case()

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.fixed_dictionaries(
            {},
            optional={
                "state": st.sampled_from(["registered", "arrived", "discharged", "closed"]),
                "total_fees": st.floats(min_value=0, max_value=1e7, allow_nan=False),
                "drug_cost": st.floats(min_value=0, max_value=1e6, allow_nan=False),
                "discharge_date": st.dates(min_value=date(2020, 1, 1)),
                "is_counted": st.booleans(),
                "fraud_decision": st.sampled_from([False, "pending", "accepted", "rejected"]),
                "feedback_status": st.sampled_from([False, "on_time", "late"]),
                "patient_name": st.text(
                    st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
                ),
            },
        )
    )
    def test_promoter_write_never_moves_state_or_money(self, vals):
        before = (self.case.state, self.case.total_fees, self.case.discharge_date)
        moving = {
            fname
            for fname, value in vals.items()
            if fname != "patient_name" and not self.case._hm_workflow_same(fname, value)
        }
        try:
            with self.env.cr.savepoint():
                self.case.with_user(self.user_promoter).write(vals)
        except AccessError:
            self.assertTrue(moving, "refused only when a protected value would change")
        else:
            self.assertFalse(moving, f"accepted a change of {moving}")
        self.case.invalidate_recordset()
        self.assertEqual((self.case.state, self.case.total_fees, self.case.discharge_date), before)
