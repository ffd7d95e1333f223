"""The HIS importer's refund bills (R-C11): a refund names the bill it refunds, stored in
the company or earlier in the same batch, and never a refund itself."""

from odoo import api, models
from odoo.tools import SQL


class HospitalHisImporter(models.AbstractModel):
    _inherit = "hospital.his.importer"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _resolve_refunds(self, batch, valid, existing, results, company, strict):
        """Give each valid refund bill (its ``refund_of``: the HIS reference of the bill it
        refunds) its ``refund_of_id``: the stored bill of the company, or ``("new",
        position)`` for an original created earlier in the same batch. The original must
        exist, come before the refund in the batch and not be a refund itself; else the
        refund is an error in ``results``. Returns {refund position: original position}
        for the originals in the batch."""
        first = {}
        for position, reference in enumerate(batch.references):
            if reference and reference not in first:
                first[reference] = position
        wanted = {vals["refund_of"] for vals in valid.values() if vals["refund_of"]}
        stored = self._stored_originals(wanted, company)
        in_batch = {}
        for position, vals in list(valid.items()):
            reference = vals["refund_of"]
            if not reference:
                continue
            # a copy: the checked values are kept on the batch for the next run
            vals = valid[position] = dict(vals, refund_of_id=False)
            original = first.get(reference)
            if original is not None and original != position:
                status = results.get(original, ("valid",))[0]
                if original > position:
                    error = self.env._(
                        "the original bill %(ref)s comes after this refund (%(where)s): send "
                        "the original first",
                        ref=reference,
                        where=self._label(batch, original, strict),
                    )
                elif status == "error":
                    error = self.env._(
                        "the original bill %(ref)s (%(where)s) is in error",
                        ref=reference,
                        where=self._label(batch, original, strict),
                    )
                elif status == "unchanged" and stored.get(reference, (0, True))[1]:
                    error = self.env._("the bill %s is itself a refund", reference)
                elif original in valid and valid[original].get("refund_of_id"):
                    # the batch's earlier bills are resolved already
                    error = self.env._("the bill %s is itself a refund", reference)
                else:
                    error = None
                    in_batch[position] = original
                    vals["refund_of_id"] = (
                        existing[reference][0] if reference in existing else ("new", original)
                    )
            elif reference in stored:
                bill_id, is_refund = stored[reference]
                vals["refund_of_id"] = bill_id
                error = None
                if is_refund:
                    error = self.env._("the bill %s is itself a refund", reference)
            else:
                error = self.env._(
                    "unknown original bill %s: import the bill it refunds first", reference
                )
            if error:
                del valid[position]
                results[position] = ("error", [("refund_of", error)])
        return in_batch

    @api.model
    def _stored_originals(self, references, company):
        """{reference: (id, is a refund)} of the company's stored bills of ``references``."""
        if not references:
            return {}
        self.env["hospital.referral.bill"].flush_model(["his_reference", "refund_of_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT his_reference, id, refund_of_id IS NOT NULL FROM hospital_referral_bill "
                "WHERE company_id = %s AND his_reference = ANY(%s)",
                company.id,
                list(references),
            )
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    @api.model
    def _refunds_follow_originals(self, batch, in_batch, to_create, to_update, results, strict):
        """A refund whose original in the batch turned out in error (a change refused on a
        final bill) is an error too: it would refund what is not stored."""
        for position, original in in_batch.items():
            if results.get(original, ("",))[0] != "error":
                continue
            to_create.pop(position, None)
            to_update.pop(position, None)
            results[position] = (
                "error",
                [
                    (
                        "refund_of",
                        self.env._(
                            "the original bill %(ref)s (%(where)s) is in error",
                            ref=batch.references[original],
                            where=self._label(batch, original, strict),
                        ),
                    )
                ],
            )
