from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.hospital_marketing.models.hospital_commission_line import split_exactly

EVENT_PAYEE_ROLES = [
    ("event_contact", "Event Contact Person"),
    ("event_executor", "Event Executor"),
    ("event_lecturer", "Event Lecturer"),
    ("event", "Event Roles"),
]


def _keep_commission_lines(lines):
    """Ondelete policy of the event roles: commission lines are the books of what was owed
    and paid, never rewritten nor dropped by an uninstall."""
    if lines:
        raise UserError(
            lines.env._(
                "%s commission lines pay event roles: they are accounting records and cannot "
                "lose their role. Keep the Outreach Events module installed.",
                len(lines),
            )
        )


class HospitalCommissionLine(models.Model):
    """The event roles of a case earn their shares of the event rule (R-C3)."""

    _inherit = "hospital.commission.line"

    role = fields.Selection(
        # before "carry", as they were listed
        selection_add=[*EVENT_PAYEE_ROLES, ("carry",)],
        ondelete=dict.fromkeys(
            (value for value, _label in EVENT_PAYEE_ROLES), _keep_commission_lines
        ),
    )
    payee_kind = fields.Selection(
        selection_add=[("event_role", "Event Role")],
        ondelete={"event_role": _keep_commission_lines},
    )
    event_id = fields.Many2one(
        "event.event", string="Outreach Event", index="btree_not_null", readonly=True
    )

    @api.model
    def _hm_split_shares(self, case_pending):
        """The event-role payees of one case sharing a percentage rule get their parts of the
        rule's rounded total by the largest remainder (R-C3): 6% of 1 000.09 shared 50/30/20
        is 30.01 + 18.00 + 12.00 = 60.01."""
        case_pending = list(super()._hm_split_shares(case_pending))
        groups = defaultdict(list)
        for index, (_case, payee, rule, _computed) in enumerate(case_pending):
            if payee.get("event_roles") and rule.method == "percentage":
                groups[rule].append(index)
        for rule, indexes in groups.items():
            base = case_pending[indexes[0]][3][0]
            shares = [case_pending[index][1]["share"] for index in indexes]
            total = rule.currency_id.round(base * rule.rate / 100.0 * sum(shares) / 100.0)
            parts = split_exactly(total, shares, rule.currency_id.decimal_places)
            for index, part in zip(indexes, parts, strict=True):
                case, payee, rule_, (base_, rate, _amount) = case_pending[index]
                case_pending[index] = (case, payee, rule_, (base_, rate, part))
        return case_pending

    def _hm_analytic_account_id(self):
        return self.event_id.sudo().hm_analytic_account_id.id or super()._hm_analytic_account_id()
