from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HospitalCommissionTier(models.Model):
    """A fee band of a rule of method "tiers" (R-C4, seed 003 方案一): a base from ``amount_from``
    (included) to ``amount_to`` (excluded; empty = no upper bound) pays a fixed amount or a rate."""

    _name = "hospital.commission.tier"
    _description = "Commission Fee Band"
    _order = "rule_id, amount_from"

    rule_id = fields.Many2one(
        "hospital.commission.rule", required=True, index=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="rule_id.currency_id")
    amount_from = fields.Monetary(string="From", currency_field="currency_id", required=True)
    amount_to = fields.Monetary(
        string="Up To", currency_field="currency_id", help="Excluded; empty means no upper bound."
    )
    mode = fields.Selection(
        [("fixed", "Fixed Amount"), ("rate", "Rate")], required=True, default="fixed"
    )
    fixed_amount = fields.Monetary(currency_field="currency_id")
    rate = fields.Float(string="Rate (%)", digits=(16, 4))

    _band_order = models.Constraint(
        "CHECK(amount_to IS NULL OR amount_to = 0 OR amount_to > amount_from)",
        "A fee band must end above its start.",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("amount_from", "amount_to", "rule_id")
    def _check_overlap(self):
        for rule in self.rule_id:
            bands = rule.tier_ids.sorted("amount_from")
            for low, high in pairwise(bands):
                if not low.amount_to or low.amount_to > high.amount_from:
                    raise ValidationError(
                        self.env._("The fee bands of rule %s overlap.", rule.display_name)
                    )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _band(self, base):
        for tier in self:
            if tier.amount_from <= base and (not tier.amount_to or base < tier.amount_to):
                return tier
        return self.browse()
