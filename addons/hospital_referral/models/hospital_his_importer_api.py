"""The HIS importer's JSON API contract (R-R5): an object per bill, known keys only, JSON
types; per-bill results, one bad bill never failing the batch."""

from odoo import api, models

from .hospital_his_importer import COLUMNS, json_type, shown


class HospitalHisImporter(models.AbstractModel):
    _inherit = "hospital.his.importer"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # the API
    # ------------------------------------------------------------------
    @api.model
    def _api_import(self, bills, company=None):
        """Per-bill results of a decoded API batch (a list of anything): {"results": [{"index",
        "his_reference", "status", "error"}], "counts"}. The contract is strict: an object per
        bill, known keys only, JSON types (numbers as numbers, dates as text, is_final as a
        boolean), every required key present."""
        rows, refused = [], {}
        for index, bill in enumerate(bills):
            if not isinstance(bill, dict):
                refused[index] = [
                    ("", self.env._("an object is expected, not %s", json_type(bill)))
                ]
                rows.append({})
                continue
            unknown = [key for key in bill if key not in COLUMNS]
            if unknown:
                refused[index] = [
                    ("", self.env._("unknown field '%s'", shown(key))) for key in unknown[:5]
                ]
                rows.append({})
                continue
            rows.append(bill)
        batch = self._make_batch(
            list(range(len(rows))),
            {field: [row.get(field) for row in rows] for field in COLUMNS},
        )
        for index in refused:
            batch.references[index] = None
        outcome = self._import_batch(batch, company, atomic=False, strict=True, refused=refused)
        results = []
        for index, reference in enumerate(batch.references):
            status, errors = outcome["results"][index]
            message = "; ".join(
                f"bills[{index}].{field}: {text}" if field else f"bills[{index}]: {text}"
                for field, text in errors
            )
            results.append(
                {
                    "index": index,
                    "his_reference": reference,
                    "status": status,
                    "error": message or None,
                }
            )
        return {"results": results, "counts": outcome["counts"]}
