"""Who signs which step of a settlement (R-C7), as each role would over the web client: the
treatment group leader opens the settlements they co-sign, one person never fills two steps
and the vice-president approves, never verifies."""

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .commission_common import MONTH, CommissionCase

X2MANY_VIEWS = ("list", "kanban")


def form_spec(record):
    """The ``web_read`` specification the web client sends to open ``record`` in its form
    view, built from the view as ``get_views`` gives it to the record's user (fields the
    user may not see are stripped from it; x2many subviews are embedded)."""
    Model = record.browse()
    views = Model.get_views([(False, "form")])
    arch = etree.fromstring(views["views"]["form"]["arch"])
    return _spec(arch, record._name, views["models"])


def _spec(node, model, models):
    spec = {}
    for field in _field_nodes(node):
        name = field.get("name")
        description = models[model]["fields"][name]
        if description["type"] in ("one2many", "many2many"):
            subview = next((child for child in field if child.tag in X2MANY_VIEWS), None)
            if subview is not None:
                spec[name] = {"fields": _spec(subview, description["relation"], models)}
            else:
                spec[name] = {"fields": {"display_name": {}}}
        elif description["type"] == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def _field_nodes(node):
    """The ``<field>`` nodes of a view, not those of its embedded subviews."""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
        elif child.tag not in (*X2MANY_VIEWS, "form"):
            yield from _field_nodes(child)


# who signs a settlement in each state (R-C7); nobody signs an approved one
SIGNERS = {
    "draft": ("manager", "verified"),
    "verified": ("treatment_leader", "clinical_signed"),
    "clinical_signed": ("finance", "finance_signed"),
    "finance_signed": ("vp", "approved"),
    "approved": (None, "approved"),
}
ROLES = ("manager", "vp", "finance", "treatment_leader", "leader", "promoter", "office")


@tagged("post_install", "-at_install")
class TestCommissionSignoff(CommissionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.promoter = cls.employees["promoter"]
        cls._case(promoter_id=cls.promoter.id, referring_partner_id=cls.part_timer.id)
        cls.surgery_case = cls._case(
            promoter_id=cls.employees["promoter_b"].id, department_id=cls.dept_surgery.id
        )
        Adjustment = cls.env["hospital.performance.adjustment"]
        cls.fine = Adjustment.create(
            {
                "name": "Weekly report late",
                "kind": "late_report",
                "state": "confirmed",
                "employee_id": cls.promoter.id,
                "date": MONTH.replace(day=20),
                "amount": -50.0,
            }
        )
        cls.fine_b = Adjustment.create(
            {
                "name": "Weekly report late",
                "kind": "late_report",
                "state": "confirmed",
                "employee_id": cls.employees["promoter_b"].id,
                "date": MONTH.replace(day=20),
                "amount": -50.0,
            }
        )
        cls.unsettled = Adjustment.create(
            {
                "name": "Draft fine",
                "employee_id": cls.promoter.id,
                "date": MONTH.replace(day=21),
                "amount": -20.0,
            }
        )
        cls._run()
        Settlement = cls.Settlement
        cls.staff = Settlement.search([("employee_id", "=", cls.promoter.id)])
        cls.staff_b = Settlement.search([("employee_id", "=", cls.employees["promoter_b"].id)])
        cls.external = Settlement.search([("partner_id", "=", cls.part_timer.id)])

    def _sign(self, settlement, role):
        settlement.with_user(self.users[role]).action_sign()

    def _open(self, settlement, role):
        record = settlement.with_user(self.users[role])
        return record.web_read(form_spec(record))

    # ------------------------------------------------------------------
    # the treatment group leader co-signs
    # ------------------------------------------------------------------
    def test_treatment_leader_opens_and_signs_what_they_cosign(self):
        settlement = self.staff
        self.assertEqual(settlement.treatment_user_ids, self.user_treatment_leader)
        self.assertIn(self.fine, settlement.adjustment_ids)
        self._sign(settlement, "manager")
        [values] = self._open(settlement, "treatment_leader")
        self.assertEqual(values["name"], settlement.name)
        self.assertEqual(values["amount_total"], settlement.amount_total)
        self.assertEqual(
            {adjustment["id"] for adjustment in values["adjustment_ids"]},
            set(settlement.adjustment_ids.ids),
        )
        self.assertIn(-50.0, [adjustment["amount"] for adjustment in values["adjustment_ids"]])
        self.assertEqual(len(values["line_ids"]), settlement.line_count)
        self.assertEqual(values["signoff_ids"][0]["step"], "marketing")
        self._sign(settlement, "treatment_leader")
        self.assertEqual(settlement.state, "clinical_signed")
        # and still opens it once signed
        [values] = self._open(settlement, "treatment_leader")
        self.assertEqual(values["state"], "clinical_signed")

    def test_treatment_leader_reads_only_the_adjustments_of_what_they_cosign(self):
        Adjustment = self.env["hospital.performance.adjustment"].with_user(
            self.user_treatment_leader
        )
        self.assertFalse(self.staff_b.treatment_user_ids, "surgery has no treatment leader")
        self.assertEqual(
            Adjustment.search([("employee_id", "in", self.employees["promoter"].ids)]),
            self.staff.adjustment_ids,
        )
        self.assertNotIn(self.unsettled, Adjustment.search([]))
        for adjustment in (self.fine_b, self.unsettled):
            with self.assertRaises(AccessError):
                adjustment.with_user(self.user_treatment_leader).read(["amount"])
        with self.assertRaises(AccessError):
            self._open(self.staff_b, "treatment_leader")
        # read-only
        with self.assertRaises(AccessError):
            self.fine.with_user(self.user_treatment_leader).write({"amount": 0.0})
        with self.assertRaises(AccessError):
            Adjustment.create(
                {"name": "x", "employee_id": self.promoter.id, "date": MONTH, "amount": 1.0}
            )

    def test_every_role_opens_the_form_it_reaches(self):
        for role in ("manager", "vp", "finance", "leader"):
            with self.subTest(role=role):
                [values] = self._open(self.staff, role)
                self.assertEqual(values["amount_total"], self.staff.amount_total)

    # ------------------------------------------------------------------
    # each step x role: one person never fills two steps
    # ------------------------------------------------------------------
    def test_each_step_is_signed_by_its_role_only(self):
        settlement = self.staff
        for state, (signer, next_state) in SIGNERS.items():
            self.assertEqual(settlement.state, state)
            for role in ROLES:
                if role == signer:
                    continue
                # an AccessError is a UserError: refused either way
                with self.subTest(state=state, role=role), self.assertRaises(UserError):
                    self._sign(settlement, role)
                self.assertEqual(settlement.state, state)
            signoffs = settlement.signoff_ids
            if signer:
                self._sign(settlement, signer)
                self.assertEqual(settlement.state, next_state)
                new = settlement.signoff_ids - signoffs
                self.assertEqual(new.user_id, self.users[signer])
            else:
                self.assertEqual(settlement.signoff_ids, signoffs)
        self.assertEqual(
            settlement.signoff_ids.mapped("step"), ["marketing", "treatment", "finance", "vp"]
        )
        self.assertEqual(len(settlement.signoff_ids.user_id), 4, "four different people")

    def test_vp_does_not_verify_and_the_settlement_never_sticks(self):
        """The VP holds the manager's rights, but a verification by them left nobody to
        approve: it is refused with a message naming who verifies."""
        settlement = self.external
        with self.assertRaisesRegex(AccessError, "verified by the marketing manager"):
            self._sign(settlement, "vp")
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(settlement.signoff_ids)
        for role in ("manager", "treatment_leader", "finance", "vp"):
            self._sign(settlement, role)
        self.assertEqual(settlement.state, "approved")

    def test_verify_button_is_the_managers(self):
        def buttons(role):
            arch = self.Settlement.with_user(self.users[role]).get_views([(False, "form")])[
                "views"
            ]["form"]["arch"]
            return etree.fromstring(arch).xpath("//header/button/@string")

        self.assertIn("Verify", buttons("manager"))
        self.assertNotIn("Verify", buttons("vp"))
        self.assertIn("Approve", buttons("vp"))
        self.assertIn("Sign as Treatment Group Leader", buttons("treatment_leader"))

    def test_nobody_signs_two_steps(self):
        """A manager who also belongs to finance verifies; finance's step needs someone else."""
        settlement = self.external
        self.user_manager.group_ids += self.env.ref("hospital_marketing.group_marketing_finance")
        self._sign(settlement, "manager")
        self._sign(settlement, "treatment_leader")
        with self.assertRaisesRegex(UserError, "signed settlement .* already"):
            self._sign(settlement, "manager")
        self._sign(settlement, "finance")
        self.assertEqual(settlement.state, "finance_signed")

    def test_a_settlement_stuck_the_old_way_is_sent_back(self):
        """Signed as marketing by the VP before the fix, a settlement waited for a VP who had
        signed already: the VP rejects it back to draft and the manager verifies it."""
        settlement = self.external
        Signoff = self.env["hospital.commission.signoff"].sudo()
        for step, role in (
            ("marketing", "vp"),
            ("treatment", "treatment_leader"),
            ("finance", "finance"),
        ):
            Signoff.create(
                {"settlement_id": settlement.id, "step": step, "user_id": self.users[role].id}
            )
        settlement.sudo().state = "finance_signed"
        with self.assertRaisesRegex(UserError, "signed settlement .* already"):
            self._sign(settlement, "vp")
        self.env["hospital.commission.reject.wizard"].with_user(self.user_vp).create(
            {"settlement_ids": [(6, 0, settlement.ids)], "reason": "Verified by the VP"}
        ).action_reject()
        self.assertEqual(settlement.state, "draft")
        for role in ("manager", "treatment_leader", "finance", "vp"):
            self._sign(settlement, role)
        self.assertEqual(settlement.state, "approved")
