from odoo import api, fields, models


class HospitalMarketingTreeMixin(models.AbstractModel):
    """A hierarchy of the department (its teams and squads, its territories): a record is
    named with the path from the top, "Expansion / Free-clinic tour". The model has a
    translatable ``name`` and a ``parent_id`` to itself."""

    _name = "hospital.marketing.tree.mixin"
    _description = "Marketing Hierarchy"

    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for record in self:
            if record.parent_id:
                record.complete_name = f"{record.parent_id.complete_name} / {record.name}"
            else:
                record.complete_name = record.name
