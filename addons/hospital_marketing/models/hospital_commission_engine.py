from collections import defaultdict
from dataclasses import replace

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.commission_contract import CommissionCandidate, CommissionPayee


def split_exactly(total, weights, digits=2):
    """Split ``total`` (rounded to ``digits``) in proportion to ``weights`` by the largest
    remainder method: the parts are rounded to ``digits`` and sum to ``total`` exactly, each
    within one unit of the last digit of its exact share (R-C3: 6% of 1 000.09 shared 50/30/20
    gives 30.01 + 18.00 + 12.00 = 60.01)."""
    weights = [max(weight, 0.0) for weight in weights]
    weight_sum = sum(weights)
    if not weights:
        return []
    scale = 10**digits
    units = round(abs(total) * scale)
    if not weight_sum or not units:
        return [0.0] * len(weights)
    exact = [units * weight / weight_sum for weight in weights]
    parts = [int(share) for share in exact]
    # the units lost to the rounding down go to the largest remainders, first come first
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in order[: units - sum(parts)]:
        parts[index] += 1
    sign = -1 if total < 0 else 1
    return [sign * part / scale for part in parts]


def _plain(value):
    """A record's field value as ``write`` takes it (an id for a many2one)."""
    return value.id if isinstance(value, models.BaseModel) else value


def _scope_matches(scope, case):
    """Whether a rule's scope tuple (see ``_rules_by_kind``) covers the candidate case:
    every scope field the rule sets must equal the case's, and the date lie in its period."""
    (
        _rule,
        _spec,
        date_from,
        date_to,
        partner_id,
        promoter_id,
        partner_kind,
        dept_kind,
        care_kind,
    ) = scope
    date = case.date
    return (
        (not care_kind or care_kind == case.care_kind)
        and (not date_from or date_from <= date)
        and (not date_to or date <= date_to)
        and (not partner_id or partner_id == case.partner_id)
        and (not promoter_id or promoter_id == case.promoter_id)
        and (not partner_kind or partner_kind == case.partner_kind)
        and (not dept_kind or dept_kind == case.department_kind)
    )


def _contract_of_vals(vals):
    """The case and the payee of the line values ``vals``, in the engine's terms."""
    candidate = CommissionCandidate(
        res_model=vals["res_model"],
        res_id=vals["res_id"],
        company_id=vals["company_id"],
        date=vals["date"],
        source_name=vals.get("source_name"),
    )
    payee = CommissionPayee(
        role=vals["role"],
        payee_kind=vals["payee_kind"],
        employee_id=vals.get("employee_id") or 0,
        partner_id=vals.get("partner_id") or 0,
    )
    return candidate, payee


class HospitalCommissionEngine(models.AbstractModel):
    """The commission engine (R-C1..R-C11): from the cases of the source addons to the lines
    of what each payee earns.

    The engine is source-agnostic. Its contract is typed (``tools/commission_contract.py``): a
    source addon (referrals) extends ``_collect_candidates`` to hand over its billable cases
    as ``CommissionCandidate`` values naming their ``CommissionPayee``; an addon adding payees or
    line values to a case returns new candidates (``dataclasses.replace``). The engine
    chooses the rule of each payee (the most specific one, ``hospital.commission.rule``), takes
    the payee's share (``_payee_share``), lets the addons split a rule's total between
    the payees of a case (``_split_shares``), applies the compliance guard (``_guard``,
    with the agreements of ``_agreements``) and writes the lines in bulk.

    Corrections (R-C11): what a case earns follows its final bills. ``_recompute_cases`` compares
    what is owed now with the lines of each case, payee and role: lines not settled yet (no
    settlement, or a draft one) are updated or removed in place; against lines a signed
    settlement holds, the difference becomes a *correction* line dated in the month of the
    change, pointing at the line it corrects and saying why.
    """

    _name = "hospital.commission.engine"
    _description = "Commission Engine"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _collect_candidates(self, date_from, date_to, companies):
        """Billable cases discharged between the dates, as ``CommissionCandidate`` values.
        Source addons extend the list."""
        return []

    @api.model
    def _agreements(self, partners):
        """Signed agreements of ``partners`` as ``{commercial partner id: [(kind, date_start,
        date_end)]}``. Without an agreement module nobody is under agreement; the referral
        addon provides them."""
        return {}

    @api.model
    def _guard(self, payees, dates):
        """Compliance guard (R-C10, DEVELOPERS.md): for each ``CommissionPayee`` and the date
        of its case, the reason of the refusal, empty when the payee may be paid.

        No per-case or percentage commission to an individual licensed clinician; institutions
        only under a signed agreement in force; intermediaries and non-clinical individuals only
        under a written intermediary agreement in force.
        """
        env = self.env
        employees = (
            env["hr.employee"]
            .sudo()
            .browse({payee.employee_id for payee in payees if payee.employee_id})
        )
        partners = (
            env["res.partner"]
            .sudo()
            .browse({payee.partner_id for payee in payees if payee.partner_id})
        )
        agreements = self._agreements(partners.commercial_partner_id) if partners else {}
        # the answer depends on the payee and the date only: asked once per distinct pair (a
        # month-end run re-checks tens of thousands of lines of a few hundred payees)
        answers = {}
        results = []
        for payee, date in zip(payees, dates, strict=True):
            key = (payee.employee_id, 0, None) if payee.employee_id else (0, payee.partner_id, date)
            if key not in answers:
                answers[key] = self._guard_one(payee, date, employees, partners, agreements)
            results.append(answers[key])
        return results

    @api.model
    def _guard_one(self, payee, date, employees, partners, agreements):
        """The guard's answer for one payee and date (see ``_guard``)."""
        if payee.employee_id:
            employee = employees.browse(payee.employee_id)
            if employee.hm_licensed_clinician:
                return self.env._(
                    "%s is a licensed clinician: no per-case or percentage commission may be "
                    "paid to a clinician (R-C10). Pay documented services (lectures, expert "
                    "visits) through an agreement instead.",
                    employee.name,
                )
            return ""
        return self._guard_partner(partners.browse(payee.partner_id), date, agreements)

    @api.model
    def _guard_partner(self, partner, date, agreements):
        """The reason the guard refuses to pay ``partner`` on ``date``, empty when it may."""
        env = self.env
        payee_class = partner.hm_payee_class
        if payee_class == "clinician":
            return env._(
                "%s is a licensed clinician: no per-case or percentage commission may be paid "
                "to a clinician (R-C10). Pay documented services (lectures, expert visits) "
                "through an agreement instead.",
                partner.display_name,
            )
        if not payee_class:
            return env._(
                "%s has no payee classification: classify it as an institution, an "
                "intermediary, a non-clinical individual or a licensed clinician before any "
                "commission is paid to it.",
                partner.display_name,
            )
        in_force = [
            kind
            for kind, start, end in agreements.get(partner.commercial_partner_id.id, [])
            if start <= date and (not end or date <= end)
        ]
        if payee_class == "institution":
            if not in_force:
                return env._(
                    "%(partner)s has no signed agreement in force on %(date)s: an institution "
                    "is paid only under a signed agreement and against its invoice.",
                    partner=partner.display_name,
                    date=date,
                )
        elif "intermediary" not in in_force:
            return env._(
                "%(partner)s has no written intermediary agreement in force on %(date)s: an "
                "intermediary is paid only under a written agreement.",
                partner=partner.display_name,
                date=date,
            )
        return ""

    @api.model
    def _amounts_owed(self, cases, skip=(), pinned=None):
        """What each payee of ``cases`` earns, as ``[(case, payee, rule, (base, rate,
        amount))]``, and the ties found. Keys (see ``_key``) in ``skip`` are left out; a key
        in ``pinned`` (``{key: rule}``) keeps that rule (the rule of its line already written:
        a correction changes the base, not the rule). ``_split_shares`` then lets an addon
        split one rule's rounded total between the payees of a case."""
        pinned = pinned or {}
        rules_by_kind = self._rules_by_kind({case.company_id for case in cases})
        pending = []
        issues = []
        for case in cases:
            if case.void:
                continue
            case_pending = []
            for payee in case.payees:
                key = self._key(case, payee)
                if key in skip:
                    continue  # paid once per case, payee and role, whatever the rules say now
                best = pinned.get(key)
                if not best:
                    candidates = rules_by_kind.get((case.company_id, payee.payee_kind), [])
                    matching = [scope for scope in candidates if _scope_matches(scope, case)]
                    if not matching:
                        continue
                    best = matching[0][0]
                    ties = [scope[0] for scope in matching if scope[1] == matching[0][1]]
                    if len(ties) > 1:
                        issues.append(self._issue_vals(case, payee, "tie", rules=ties))
                        continue
                share = self._payee_share(best, payee)
                computed = best._hm_compute(case, share)
                case_pending.append((case, replace(payee, share=share), best, computed))
            case_pending = self._split_shares(case_pending)
            pending += [item for item in case_pending if item[3][2]]
        return pending, issues

    @api.model
    def _payee_share(self, rule, payee):
        """Hook: the share (%) of the ``CommissionPayee`` ``payee`` in the amount of ``rule``:
        the share its candidate gives it (all of it by default). An addon whose payees split a
        rule between them extends it."""
        return payee.share

    @api.model
    def _split_shares(self, case_pending):
        """Hook: the items ``(case, payee, rule, (base, rate, amount))`` owed on one case, with
        their amounts adjusted, e.g. a rule's rounded total split between payees to the cent
        with ``split_exactly`` (R-C3). Each payee keeps its own amount by default."""
        return case_pending

    @api.model
    def _prepare_lines(self, cases):
        """Values of the lines still missing for the candidate ``cases``, and the issues found
        (``{"kind": "tie"|"refused", ...}``). Set-wise: the rules, the existing lines, the
        payees and the agreements are each read once."""
        if not cases:
            return [], []
        pending, issues = self._amounts_owed(cases, skip=self._existing_keys(cases))
        refusals = self._guard(
            [payee for _case, payee, _rule, _computed in pending],
            [case.date for case, _payee, _rule, _computed in pending],
        )
        employees = self._employees_of(pending)
        vals_list = []
        for (case, payee, rule, computed), refusal in zip(pending, refusals, strict=True):
            if refusal:
                issues.append(
                    self._issue_vals(case, payee, "refused", rules=[rule], message=refusal)
                )
                continue
            employee = employees.browse(payee.employee_id)
            vals_list.append(self._prepare_line_vals(case, payee, rule, computed, employee))
        return vals_list, issues

    @api.model
    def _create_for_cases(self, cases):
        """Create the missing lines of ``cases`` now (e.g. at discharge), outside a settlement;
        refusals raise: an interactive action must say why nothing was written."""
        vals_list, issues = self._prepare_lines(cases)
        refused = [issue["message"] for issue in issues if issue["kind"] == "refused"]
        if refused and not vals_list:
            raise UserError("\n".join(refused))
        return self.env["hospital.commission.line"].sudo().create(vals_list)

    @api.model
    def _analytic_accounts(self, lines):
        """``{line id: analytic account id or False}`` of the expense of the commission
        ``lines``: their department's (an addon may give another one)."""
        return {line.id: line.department_id.sudo().analytic_account_id.id for line in lines}

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _key(self, case, payee):
        return (case.res_model, case.res_id, payee.role, payee.employee_id, payee.partner_id)

    @api.model
    def _existing_rows(self, cases):
        """The lines of ``cases`` (carried amounts aside) as dicts, with ``frozen`` true for
        those a signed (non-draft) settlement holds; one query per source model."""
        by_model = defaultdict(list)
        for case in cases:
            by_model[case.res_model].append(case.res_id)
        self.env.flush_all()
        rows = []
        for res_model, res_ids in by_model.items():
            rows += self.env.execute_query_dict(
                SQL(
                    """
                    SELECT line.id, line.res_model, line.res_id, line.role,
                           COALESCE(line.employee_id, 0) AS employee_id,
                           COALESCE(line.partner_id, 0) AS partner_id,
                           line.line_type, line.rule_id, line.amount, line.base_amount,
                           line.settlement_id,
                           COALESCE(settlement.state, 'draft') != 'draft' AS frozen
                      FROM hospital_commission_line line
                 LEFT JOIN hospital_commission_settlement settlement
                        ON settlement.id = line.settlement_id
                     WHERE line.res_model = %s AND line.res_id = ANY(%s)
                       AND line.line_type != 'carry'
                  ORDER BY line.id
                    """,
                    res_model,
                    res_ids,
                )
            )
        return rows

    @api.model
    def _existing_keys(self, cases):
        return {
            (row["res_model"], row["res_id"], row["role"], row["employee_id"], row["partner_id"])
            for row in self._existing_rows(cases)
        }

    @api.model
    def _rules_by_kind(self, company_ids):
        rules = self.env["hospital.commission.rule"].search(
            [("company_id", "in", list(company_ids))], order="specificity desc, sequence, id"
        )
        rules.fetch(["specificity", "payee_kind", "company_id", "method", "rate", "base"])
        # plain tuples: the scope test runs for every case and payee
        rules_by_kind = defaultdict(list)
        for rule in rules:
            rules_by_kind[rule.company_id.id, rule.payee_kind].append(
                (
                    rule,
                    rule.specificity,
                    rule.date_from,
                    rule.date_to,
                    rule.partner_id.id,
                    rule.promoter_id.id,
                    rule.partner_kind,
                    rule.department_kind,
                    rule.care_kind,
                )
            )
        return rules_by_kind

    @api.model
    def _prepare_line_vals(self, case, payee, rule, computed, employee):
        base, rate, amount = computed
        date = case.date
        return {
            "company_id": case.company_id,
            "date": date,
            "period_date": date.replace(day=1),
            "res_model": case.res_model,
            "res_id": case.res_id,
            "source_name": case.source_name,
            "role": payee.role,
            "payee_kind": payee.payee_kind,
            "employee_id": employee.id,
            "partner_id": payee.partner_id or False,
            "user_id": employee.user_id.id,
            "team_id": employee.hm_marketing_team_id.id or case.team_id or False,
            "rule_id": rule.id,
            "line_type": "commission",
            "base_kind": rule.base,
            "base_amount": base,
            "rate": rate,
            "share": payee.share,
            "amount": amount,
            "department_id": case.department_id or False,
            "department_kind": case.department_kind or False,
            **case.extra,
        }

    @api.model
    def _employees_of(self, pending):
        employees = (
            self.env["hr.employee"]
            .sudo()
            .browse({payee.employee_id for _c, payee, _r, _x in pending if payee.employee_id})
        )
        employees.fetch(["user_id", "hm_marketing_team_id"])
        return employees

    @api.model
    def _issue_vals(self, case, payee, kind, rules=(), message=None):
        if kind == "tie":
            message = self.env._(
                "%(count)s rules of the same specificity apply to this case (%(rules)s): make "
                "one of them more specific or archive one.",
                count=len(rules),
                rules=", ".join(rule.name for rule in rules),
            )
        return {
            "company_id": case.company_id,
            "period_date": case.date.replace(day=1),
            "kind": kind,
            "res_model": case.res_model,
            "res_id": case.res_id,
            "source_name": case.source_name,
            "employee_id": payee.employee_id or False,
            "partner_id": payee.partner_id or False,
            "rule_ids": [(6, 0, [rule.id for rule in rules])],
            "message": message,
        }
