from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .hospital_clinical_department import DEPARTMENT_KINDS

PAYEE_KINDS = [
    ("staff", "Staff Promoter"),
    ("part_time", "Part-time Promoter"),
    ("institution", "Institution under Agreement"),
]
RULE_METHODS = [
    ("percentage", "Percentage of the Base"),
    ("fixed", "Fixed Amount per Case"),
    ("tier", "Fee Bands"),
    ("department", "Department-Kind Rates"),
]
CARE_KINDS = [
    ("inpatient", "Inpatient"),
    ("outpatient", "Outpatient"),
]
BASE_KINDS = [
    ("total", "Total Fees"),
    ("net", "Total Fees minus Drug Cost"),
]
# Weight of each scope field in a rule's specificity: a validity period (a campaign, R-C1 六.5)
# overrides any rule without one; then partner, promoter, partner kind, department kind (R-C6).
SCOPE_WEIGHTS = {
    "period": 32,
    "partner_id": 16,
    "promoter_id": 8,
    "partner_kind": 4,
    "department_kind": 2,
    "care_kind": 1,
}


class HospitalCommissionRule(models.Model):
    """How much a payee earns on a case (R-C1, R-C3..R-C6).

    A rule applies to one kind of payee and, optionally, to a partner, a partner kind, a
    department kind, a promoter and a validity period. Among the valid rules that match a case
    the most specific one wins (see ``SCOPE_WEIGHTS``); two matching rules of the same
    specificity are a configuration error reported to the administrator, never a silent choice.
    """

    _name = "hospital.commission.rule"
    _description = "Commission Rule"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    payee_kind = fields.Selection(PAYEE_KINDS, required=True, default="staff", tracking=True)
    method = fields.Selection(RULE_METHODS, required=True, default="percentage", tracking=True)
    base = fields.Selection(BASE_KINDS, required=True, default="total", tracking=True)
    rate = fields.Float(
        string="Rate (%)",
        digits=(16, 4),
        tracking=True,
        help="Percentage of the base (method Percentage).",
    )
    fixed_amount = fields.Monetary(currency_field="currency_id", tracking=True)
    tier_ids = fields.One2many("hospital.commission.tier", "rule_id", string="Fee Bands", copy=True)
    department_rate_ids = fields.One2many(
        "hospital.commission.department.rate", "rule_id", string="Department Rates", copy=True
    )
    # scope
    partner_id = fields.Many2one("res.partner", index=True, tracking=True)
    partner_kind = fields.Selection(
        selection="_selection_partner_kind",
        tracking=True,
        help="Kind of the partner the case comes from (the source addon provides the kinds).",
    )
    department_kind = fields.Selection(DEPARTMENT_KINDS, tracking=True)
    care_kind = fields.Selection(
        CARE_KINDS,
        string="Inpatient or Outpatient",
        tracking=True,
        help="Apply only to cases of this kind (a case is inpatient when one of its final "
        "bills is; R-C4's fee bands are inpatient). Empty: both.",
    )
    promoter_id = fields.Many2one("hr.employee", index=True, tracking=True, check_company=True)
    date_from = fields.Date(string="Valid From", tracking=True)
    date_to = fields.Date(string="Valid Until", tracking=True)
    specificity = fields.Integer(compute="_compute_specificity", store=True)
    note = fields.Text()

    _rate_range = models.Constraint(
        "CHECK(rate >= 0 AND rate <= 100)", "A commission rate lies between 0 and 100%."
    )
    _fixed_positive = models.Constraint(
        "CHECK(fixed_amount >= 0)", "A fixed commission cannot be negative."
    )
    _dates_order = models.Constraint(
        "CHECK(date_to IS NULL OR date_from IS NULL OR date_to >= date_from)",
        "A rule cannot end before it starts.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.model
    def _selection_partner_kind(self):
        """Kinds of partner a rule may be scoped to; the addon that gives partners a kind
        (referral) provides them, and its candidates carry their partner's kind."""
        return []

    @api.depends(
        "date_from",
        "date_to",
        "partner_id",
        "promoter_id",
        "partner_kind",
        "department_kind",
        "care_kind",
    )
    def _compute_specificity(self):
        for rule in self:
            score = SCOPE_WEIGHTS["period"] if (rule.date_from or rule.date_to) else 0
            for fname in (
                "partner_id",
                "promoter_id",
                "partner_kind",
                "department_kind",
                "care_kind",
            ):
                if rule[fname]:
                    score += SCOPE_WEIGHTS[fname]
            rule.specificity = score

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("method", "tier_ids", "department_rate_ids")
    def _check_method_setup(self):
        for rule in self:
            if rule.method == "tier" and not rule.tier_ids:
                raise ValidationError(
                    self.env._("Rule %s pays by fee bands: give it at least one band.", rule.name)
                )
            if rule.method == "department" and not rule.department_rate_ids:
                raise ValidationError(
                    self.env._(
                        "Rule %s pays by department kind: give it at least one rate.", rule.name
                    )
                )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _base_amount(self, case):
        self.ensure_one()
        total = case.total or 0.0
        if self.base == "net":
            return max(total - (case.drugs or 0.0), 0.0)
        return max(total, 0.0)  # refunds beyond the fees earn nothing, they owe nothing more

    def _hm_compute(self, case, share=100.0):
        """(base, rate, amount) of this rule on the ``CommissionCandidate`` ``case``; the amount
        is zero when no fee band or department rate covers the case."""
        self.ensure_one()
        base = self._base_amount(case)
        rate = 0.0
        if self.method == "percentage":
            rate = self.rate * share / 100.0
            amount = base * rate / 100.0
        elif self.method == "fixed":
            amount = self.fixed_amount
        elif self.method == "tier":
            tier = self.tier_ids._band(base)
            if not tier:
                return base, 0.0, 0.0
            if tier.mode == "rate":
                rate = tier.rate
                amount = base * rate / 100.0
            else:
                amount = tier.fixed_amount
        else:  # department
            dept_rate = self.department_rate_ids.filtered(
                lambda r: r.department_kind == case.department_kind
            )[:1]
            if not dept_rate:
                return base, 0.0, 0.0
            rate = dept_rate.rate
            amount = base * rate / 100.0
        return base, rate, self.currency_id.round(amount)


class HospitalCommissionDepartmentRate(models.Model):
    """Rate of a department kind in a rule of method "department" (R-C5)."""

    _name = "hospital.commission.department.rate"
    _description = "Commission Rate by Department Kind"
    _order = "rule_id, department_kind"

    rule_id = fields.Many2one(
        "hospital.commission.rule", required=True, index=True, ondelete="cascade"
    )
    department_kind = fields.Selection(DEPARTMENT_KINDS, required=True)
    rate = fields.Float(string="Rate (%)", digits=(16, 4), required=True)

    _rule_kind_uniq = models.Constraint(
        "UNIQUE(rule_id, department_kind)", "A rule has one rate per department kind."
    )
    _rate_range = models.Constraint(
        "CHECK(rate >= 0 AND rate <= 100)", "A commission rate lies between 0 and 100%."
    )
