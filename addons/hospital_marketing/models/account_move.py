from collections import Counter, defaultdict

from odoo import fields, models

# context key: the moves of one batch post share the lookup of their sequence format
BATCH_SEQUENCE = "hm_batch_sequence"
# context key: the ids of the partners whose supplier rank a batch post has already counted
RANKED_SUPPLIERS = "hm_ranked_suppliers"


class AccountMove(models.Model):
    _inherit = "account.move"

    hm_commission_settlement_id = fields.Many2one(
        "hospital.commission.settlement",
        string="Commission Settlement",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _get_next_sequence_format(self):
        """When posting a batch of commission moves (context ``hm_batch_sequence``), look the
        sequence format up once per journal, type and date instead of once per move.

        The numbers themselves still come from ``_locked_increment``: the first move of a batch
        takes the lock on the sequence and the transaction's sequence cache counts on from
        there, as it does for any batch. A stale format (another entry numbered in between)
        only costs ``_locked_increment`` retries until the unique index accepts a number: it can
        never give a number twice. The memo lives as long as the transaction.
        """
        if not self.env.context.get(BATCH_SEQUENCE):
            return super()._get_next_sequence_format()
        memo = self.env.cr.precommit.data.setdefault("hospital_marketing.sequence_format", {})
        key = self._hm_sequence_format_key()
        if key not in memo:
            memo[key] = super()._get_next_sequence_format()
        format_string, format_values = memo[key]
        return format_string, dict(format_values)

    def _hm_rank_new_suppliers(self):
        """Give the first-time suppliers among the payees of these moves, about to be posted,
        their supplier rank in one write per count (posting ranks them with one partner write
        each); returns their ids, for ``res.partner._increase_rank`` to skip them. Partners
        already ranked are left to posting, which counts them after the commit."""
        counts = Counter()
        for move in self:
            for partner in move.partner_id | move.partner_id.commercial_partner_id:
                counts[partner] += 1
        new = defaultdict(lambda: self.env["res.partner"])
        for partner, count in counts.items():
            if not partner.supplier_rank:
                new[count] |= partner
        for count, partners in new.items():
            partners.sudo().write({"supplier_rank": count})
        return frozenset(partner.id for partners in new.values() for partner in partners)

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _hm_sequence_format_key(self):
        """What the last-sequence lookup of ``account.move`` depends on
        (``_get_last_sequence_domain``, ``_get_starting_sequence``)."""
        journal = self.journal_id
        return (
            journal.id,
            self.move_type,
            self.date,
            bool(self.origin_payment_id),
            journal.is_self_billing and self.partner_id.commercial_partner_id.id,
        )
