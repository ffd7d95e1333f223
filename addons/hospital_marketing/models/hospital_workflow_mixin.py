from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import float_is_zero

# the chatter and activities stay writable whatever a model protects
FREE_PREFIXES = ("message_", "activity_")


class HospitalWorkflowMixin(models.AbstractModel):
    """Fields that change only through a model's actions (a view is not security: a field
    shown read-only is writable over RPC).

    A model declares ``_hm_workflow_fields = {field name: groups}``: ``False`` means that only
    the model's actions change the field (they check the caller's role, then write as
    superuser); a comma-separated list of group xmlids (as ``res.users.has_groups`` reads it)
    lets users of those groups also write it directly, e.g. a team leader reassigning a
    record. Models that compute their list override :meth:`_hm_workflow_spec`.

    ``write`` refuses a protected field the caller may not write unless its value does not
    change; ``create`` accepts a protected field only at the value the record would get
    without it (its default or computed value; context defaults of protected fields are
    ignored), or a value :meth:`_hm_workflow_create_allowed` accepts. The superuser
    (``env.su``) is the only bypass: never a context key.
    """

    _name = "hospital.workflow.mixin"
    _description = "Fields Changed Only Through Workflow Actions"

    _hm_workflow_fields = {}

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        blocked = self._hm_workflow_blocked(self._hm_workflow_spec())
        defaults = {f"default_{fname}" for fname in blocked}
        if not blocked or not (
            defaults & self.env.context.keys() or any(blocked & vals.keys() for vals in vals_list)
        ):
            return super().create(vals_list)
        # the protected values are set aside; the record takes its own default or computed
        # value, which the values set aside must equal
        wanted = []
        clean = []
        for vals in vals_list:
            vals = dict(vals)
            asked = {fname: vals.pop(fname) for fname in blocked if fname in vals}
            accepted = {
                fname
                for fname, value in asked.items()
                if self._hm_workflow_create_allowed(fname, value)
            }
            vals.update({fname: asked.pop(fname) for fname in accepted})
            wanted.append(asked)
            clean.append(vals)
        context = {key: value for key, value in self.env.context.items() if key not in defaults}
        plain = self.with_env(self.env(context=context))
        records = super(HospitalWorkflowMixin, plain).create(clean)
        refused = {
            fname
            for record, asked in zip(records, wanted, strict=True)
            for fname, value in asked.items()
            if not record._hm_workflow_same(fname, value)
        }
        if refused:
            raise self._hm_workflow_error(refused)
        return records.with_env(self.env)

    def write(self, vals):
        self._hm_check_workflow_write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _hm_workflow_spec(self):
        """``{field name: False | groups}`` of the protected fields of this model."""
        return dict(self._hm_workflow_fields)

    @api.model
    def _hm_workflow_blocked(self, fnames):
        """The protected fields among ``fnames`` that the current user may not write
        directly."""
        if self.env.su:
            return set()
        spec = self._hm_workflow_spec()
        user = self.env.user
        allowed = {}
        blocked = set()
        for fname in fnames:
            if fname not in spec or fname.startswith(FREE_PREFIXES):
                continue
            groups = spec[fname]
            if groups and groups not in allowed:
                allowed[groups] = user.has_groups(groups)
            if not (groups and allowed[groups]):
                blocked.add(fname)
        return blocked

    @api.model
    def _hm_workflow_create_allowed(self, fname, value):
        """Whether a creation by the current user may set the protected field ``fname`` to
        ``value`` although it differs from the value the record would get by itself (e.g. a
        promoter naming themselves the responsible promoter of a new partner)."""
        return False

    def _hm_check_workflow_write(self, vals):
        blocked = self._hm_workflow_blocked(vals)
        changed = {fname for fname in blocked if not self._hm_workflow_same(fname, vals[fname])}
        if changed:
            raise self._hm_workflow_error(changed)

    def _hm_check_role(self, groups, message, operation="write"):
        """Refuse an action unless the caller holds one of ``groups`` (comma-separated xmlids)
        and may ``operation`` every record of ``self`` (the record rules give the scope); the
        superuser (scheduled jobs, imports) always may."""
        if self.env.su:
            return
        self.check_access(operation)
        if not self.env.user.has_groups(groups):
            raise AccessError(message)

    def _hm_workflow_frozen(self, fnames, vals):
        """The fields of ``fnames`` that ``vals`` would change on the records of ``self`` past
        their draft (``state != 'draft'``), where those fields are frozen; none for the
        superuser. The caller raises its own error."""
        if self.env.su or not fnames & vals.keys():
            return set()
        decided = self.filtered(lambda record: record.state != "draft")
        if not decided:
            return set()
        return {
            fname
            for fname in fnames & vals.keys()
            if not decided._hm_workflow_same(fname, vals[fname])
        }

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _hm_workflow_same(self, fname, value):
        """Whether every record of ``self`` already holds ``value`` in ``fname``."""
        field = self._fields[fname]
        if field.type == "one2many":
            return False
        if field.type == "many2many":
            # the same set of records after the commands (a form saves Command.set of them)
            for record in self:
                try:
                    wanted = field.convert_to_cache(value, record, validate=False)
                except (TypeError, ValueError):
                    return False
                if set(wanted) != set(record[fname]._ids):
                    return False
            return True
        for record in self:
            current = field.convert_to_cache(record[fname], record, validate=False)
            try:
                wanted = field.convert_to_cache(value, record, validate=False)
            except (TypeError, ValueError):
                return False
            if field.type in ("float", "monetary"):
                if not float_is_zero((current or 0.0) - (wanted or 0.0), precision_digits=6):
                    return False
            elif (current or None) != (wanted or None):
                return False
        return True

    @api.model
    def _hm_workflow_error(self, fnames):
        fields_desc = self.fields_get(sorted(fnames), ["string"])
        labels = ", ".join(
            f"{fields_desc[fname]['string']} ({fname})" if fname in fields_desc else fname
            for fname in sorted(fnames)
        )
        return AccessError(
            self.env._(
                "%(model)s: these fields change only through the actions of the record, by "
                "the roles allowed to take them: %(fields)s.",
                model=self.env["ir.model"]._get(self._name).name,
                fields=labels,
            )
        )
