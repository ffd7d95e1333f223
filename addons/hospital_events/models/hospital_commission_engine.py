from collections import defaultdict

from odoo import api, models

from odoo.addons.hospital_marketing.models.hospital_commission_engine import split_exactly

from .hospital_commission_rule import ROLE_SHARE_FIELDS


class HospitalCommissionEngine(models.AbstractModel):
    """The event roles of one case share the event rule's rounded total (R-C3); the lines of an
    event's patients are charged to the event's analytic account."""

    _inherit = "hospital.commission.engine"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _payee_share(self, rule, payee):
        """An event-role payee gets the shares of the roles it holds on the event (R-C3)."""
        if payee.payee_kind != "event_role" or not payee.parts:
            return super()._payee_share(rule, payee)
        return sum(rule[ROLE_SHARE_FIELDS[role]] for role in payee.parts)

    @api.model
    def _split_shares(self, case_pending):
        """The event-role payees of one case sharing a percentage rule get their parts of the
        rule's rounded total by the largest remainder (R-C3): 6% of 1 000.09 shared 50/30/20
        is 30.01 + 18.00 + 12.00 = 60.01."""
        case_pending = list(super()._split_shares(case_pending))
        groups = defaultdict(list)
        for index, (_case, payee, rule, _computed) in enumerate(case_pending):
            if payee.payee_kind == "event_role" and payee.parts and rule.method == "percentage":
                groups[rule].append(index)
        for rule, indexes in groups.items():
            base = case_pending[indexes[0]][3][0]
            shares = [case_pending[index][1].share for index in indexes]
            total = rule.currency_id.round(base * rule.rate / 100.0 * sum(shares) / 100.0)
            parts = split_exactly(total, shares, rule.currency_id.decimal_places)
            for index, part in zip(indexes, parts, strict=True):
                case, payee, rule_, (base_, rate, _amount) = case_pending[index]
                case_pending[index] = (case, payee, rule_, (base_, rate, part))
        return case_pending

    @api.model
    def _analytic_accounts(self, lines):
        """The expense of a line earned on an event's patient goes to the event's analytic
        account, when it has one."""
        accounts = super()._analytic_accounts(lines)
        for line in lines.filtered("event_id"):
            accounts[line.id] = line.event_id.sudo().hm_analytic_account_id.id or accounts[line.id]
        return accounts
