from odoo import api, models
from odoo.exceptions import AccessError


class HospitalMagazineWorkflowGuard(models.AbstractModel):
    """LOCAL WORKFLOW GUARD (magazine and materials).

    A view's ``readonly`` is no security: the workflow fields of the magazine models (states,
    stock movements, proof times) change only through their actions, which check the caller's
    role and then write as superuser. Any other caller is refused here, on create and on write.

    TODO(workflow): replace by the generic workflow mixin of the ``workflow`` branch once it is
    merged; ``_hm_workflow_fields`` and ``_hm_workflow_initial`` map onto its declarations.
    """

    _name = "hospital.magazine.workflow.guard"
    _description = "Magazine Workflow Guard (local)"

    # fields written only by the model's actions
    _hm_workflow_fields = frozenset()
    # the value a workflow field may have on create (anything falsy is always accepted)
    _hm_workflow_initial = {}

    def _hm_workflow_error(self):
        return AccessError(
            self.env._(
                "%(model)s: the state and the stock quantities change only through the "
                "record's buttons.",
                model=self._description,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                for fname in self._hm_workflow_fields & vals.keys():
                    if vals[fname] and vals[fname] != self._hm_workflow_initial.get(fname):
                        raise self._hm_workflow_error()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and self._hm_workflow_fields & vals.keys():
            raise self._hm_workflow_error()
        return super().write(vals)

    def _hm_check_role(self, groups, message, operation="write"):
        """Refuse the action unless the caller holds one of ``groups`` (comma-separated xmlids)
        and may ``operation`` every record of ``self`` (the record rules give the scope)."""
        if not self.env.su:
            if not self.env.user.has_groups(groups):
                raise AccessError(message)
            self.check_access(operation)
