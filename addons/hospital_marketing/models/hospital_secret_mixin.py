from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

SECRET_CLASSES = [
    ("a", "A - Major marketing decision"),
    ("b", "B - Plan or strategy not yet launched"),
    ("c", "C - Internal contract, agreement or report"),
    ("d", "D - Activity expenses and receipts"),
    ("e", "E - Staff files, salaries and commission income"),
    ("f", "F - Kept confidential at a partner's request"),
]
# what is secret and to whom it is given is decided by the department's head (主任), whom the
# vice-president approves (R-S2): never by the record's owner, who could hide it from their leader
SECRET_FIELDS = ("secret_class", "secret_user_ids")
SECRET_MARKING_GROUPS = "hospital_marketing.group_marketing_manager"


def read_write(method):
    """The opposite of ``api.readonly``: the web client's request calling ``method`` gets a
    read/write cursor (``web.controllers.dataset`` looks up ``_readonly`` along the MRO)."""
    method._readonly = False
    return method


class HospitalSecretMixin(models.AbstractModel):
    """Confidentiality policy (R-S1..R-S3) for a marketing record.

    A record may carry a secret class. Record rules (security/ir_rule.xml) then narrow who reads
    it to its owner, the people it was given to (``secret_user_ids``) and the vice-president.
    Export of any record of an inheriting model is reserved to the export group, and reading or
    exporting a secret record leaves a line in ``hospital.secret.access.log``.
    """

    _name = "hospital.secret.mixin"
    _inherit = ["hospital.workflow.mixin"]
    _description = "Marketing confidentiality"

    secret_class = fields.Selection(
        SECRET_CLASSES,
        tracking=True,
        # few records are secret: the trace of a total finds them without reading the table
        index="btree_not_null",
        help="Narrows who may read the record: its owner, the people it was given to and the "
        "business vice-president. Set by the marketing manager.",
    )
    secret_user_ids = fields.Many2many(
        "res.users",
        string="Given To",
        help="People this secret was given to; only they (besides the owner and the "
        "vice-president) may read it.",
    )
    can_mark_secret = fields.Boolean(
        string="May Mark as Secret",
        compute="_compute_can_mark_secret",
        help="Whether the current user may set the secret class and the people it is given to "
        "(the marketing manager and the vice-president).",
    )

    # ------------------------------------------------------------------
    # compute methods
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_can_mark_secret(self):
        allowed = self.env.su or self.env.user.has_groups(SECRET_MARKING_GROUPS)
        self.can_mark_secret = allowed

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    @api.model
    def _hm_workflow_spec(self):
        """The secret class and the people a secret is given to are set by the marketing
        manager or the vice-president only (R-S2)."""
        return super()._hm_workflow_spec() | dict.fromkeys(SECRET_FIELDS, SECRET_MARKING_GROUPS)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    # Reading a secret record writes its trace: the entry points of reads are read/write here.
    @api.model
    @read_write
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        return super().web_search_read(
            domain, specification, offset=offset, limit=limit, order=order, count_limit=count_limit
        )

    @read_write
    def web_read(self, specification):
        return super().web_read(specification)

    @api.model
    @read_write
    def search_read(
        self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs
    ):
        result = super().search_read(
            domain, fields, offset=offset, limit=limit, order=order, **read_kwargs
        )
        self.browse([values["id"] for values in result])._secret_trace_read()
        return result

    @read_write
    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        self._secret_trace_read()
        return result

    # Totals over secret records (grouped lists, pivots, graphs: web_read_group calls
    # formatted_read_group) are traced too; the trace opens its own cursor on a read-only
    # request.
    @api.model
    def formatted_read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        result = super().formatted_read_group(
            domain,
            groupby=groupby,
            aggregates=aggregates,
            having=having,
            offset=offset,
            limit=limit,
            order=order,
        )
        self._secret_trace_domain(domain)
        return result

    @api.model
    def formatted_read_grouping_sets(self, domain, grouping_sets, aggregates=(), *, order=None):
        result = super().formatted_read_grouping_sets(
            domain, grouping_sets, aggregates=aggregates, order=order
        )
        self._secret_trace_domain(domain)
        return result

    # deprecated since 19.0, yet still callable over RPC
    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        result = super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )
        self._secret_trace_domain(domain)
        return result

    def copy(self, default=None):
        """Copying a secret is for the vice-president, who approves copies (R-S2); it is traced."""
        secrets = self.sudo().filtered("secret_class").with_env(self.env)
        if secrets and not self.env.su:
            if not self.env.user.has_group("hospital_marketing.group_marketing_vp"):
                raise AccessError(
                    self.env._(
                        "Copying a secret record needs the approval of the business "
                        "vice-president (confidentiality policy)."
                    )
                )
            secrets._secret_trace("copy")
        return super().copy(default=default)

    def export_data(self, fields_to_export):
        self._check_marketing_export()
        self._secret_trace("export")
        return super().export_data(fields_to_export)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _secret_trace(self, action):
        """Record that the current user did ``action`` on the secret records of ``self``."""
        secrets = self.filtered("secret_class") if "secret_class" in self._fields else self
        if not secrets:
            return
        self.env["hospital.secret.access.log"]._log(secrets, action)

    def _secret_trace_read(self, action="read"):
        """Trace the secret records of ``self`` the user just read (``secret_class`` is read
        with sudo: the user may read the record without the field)."""
        if self.env.su or not self:
            return
        self.sudo().filtered("secret_class").with_env(self.env)._secret_trace(action)

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _secret_trace_domain(self, domain):
        """Trace the secret records that a total over ``domain`` included (a grouped list, a
        pivot, a graph): the figures of a secret record are its content too."""
        if self.env.su:
            return
        records = self.search(Domain(domain or []) & Domain("secret_class", "!=", False))
        records._secret_trace("read_group")

    @api.model
    def _check_marketing_export(self):
        if self.env.su or self.env.user.has_group("hospital_marketing.group_marketing_export"):
            return
        raise AccessError(
            self.env._(
                "Exporting %(model)s is reserved to the people allowed to export marketing data. "
                "Ask the business vice-president for this right.",
                model=self._description,
            )
        )
