from collections import defaultdict

from odoo import api, models


class HospitalDistributionLine(models.Model):
    """The stock ledger of the magazine and the materials also counts what outreach events
    handed out (``hospital.event.material.line`` handed out, not cancelled): the issue's and
    the material's stock figures, and every stock check of a distribution, include them."""

    _inherit = "hospital.distribution.line"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _stock_totals(self, fname, sources):
        totals = super()._stock_totals(fname, sources)
        EventLine = self.env["hospital.event.material.line"].sudo()
        if not sources.ids or fname not in EventLine._fields:
            return totals
        merged = defaultdict(lambda: (0, 0, 0), totals)
        for source, handed_out in EventLine._read_group(
            [(fname, "in", sources.ids), ("state", "=", "done")],
            [fname],
            ["qty_handed_out:sum"],
        ):
            source = source.with_env(sources.env)
            issued, out, returned = merged[source]
            # an event hands out what it takes: taken out and handed out at once
            merged[source] = (issued + handed_out, out + handed_out, returned)
        return dict(merged)
