from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools.commission_contract import CommissionCandidate, CommissionPayee
from .hospital_clinical_department import DEPARTMENT_KINDS
from .hospital_commission_rule import BASE_KINDS, PAYEE_KINDS

PAYEE_ROLES = [
    ("promoter", "Promoter"),
    ("referrer", "Referring Partner"),
    ("doctor", "Referring Doctor"),
    ("carry", "Carried Forward"),
]
LINE_TYPES = [
    ("commission", "Commission"),
    ("correction", "Correction"),
    ("carry", "Carried Forward"),
]
PAYEE_CLASSES = [
    ("institution", "Institution"),
    ("intermediary", "Intermediary"),
    ("individual", "Non-clinical Individual"),
    ("clinician", "Licensed Clinician"),
]


class HospitalCommissionLine(models.Model):
    """What one payee earns on one case (R-C6): the source record, the rule, the base, the rate
    and the amount. Counted in the month of the case's discharge (R-R5).

    The lines are written by the commission engine (``hospital.commission.engine``) from the
    typed candidates of the source addons, in bulk (``_bulk_create``).

    Corrections (R-C11): what a case earns follows its final bills. The engine compares
    what is owed now with the lines of each case, payee and role: lines not settled yet (no
    settlement, or a draft one) are updated or removed in place; against lines a signed
    settlement holds, the difference becomes a *correction* line dated in the month of the
    change, pointing at the line it corrects and saying why. So the lines of a case, payee and
    role always sum to what is owed, and only one line of type "commission" exists for them.
    """

    _name = "hospital.commission.line"
    _description = "Commission Line"
    _order = "date desc, id desc"
    _rec_name = "source_name"

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, index=True, readonly=True, help="Discharge date of the case.")
    period_date = fields.Date(
        string="Month", required=True, index=True, readonly=True, help="First day of the month."
    )
    res_model = fields.Char(string="Source Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Source Record", model_field="res_model", required=True, readonly=True
    )
    source_name = fields.Char(string="Case", readonly=True)
    role = fields.Selection(PAYEE_ROLES, required=True, readonly=True)
    payee_kind = fields.Selection(PAYEE_KINDS, required=True, readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Staff Payee", index=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="External Payee", index=True, readonly=True)
    payee_name = fields.Char(compute="_compute_payee_name")
    user_id = fields.Many2one("res.users", string="Owner", index=True, readonly=True)
    team_id = fields.Many2one("hospital.marketing.team", index=True, readonly=True)
    rule_id = fields.Many2one(
        "hospital.commission.rule", index=True, readonly=True, ondelete="restrict"
    )
    line_type = fields.Selection(
        LINE_TYPES,
        string="Type",
        required=True,
        default="commission",
        readonly=True,
        index=True,
        help="Commission: what the case earned when it was first settled. Correction: the "
        "difference after a final bill was corrected, added or refunded, or the case stopped "
        "counting (R-C11). Carried forward: a negative total of an earlier month.",
    )
    correction_of_id = fields.Many2one(
        "hospital.commission.line",
        string="Corrects",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
        help="The commission line of the same case, payee and role this correction adjusts.",
    )
    cause = fields.Char(readonly=True, help="Why the correction or carried amount exists.")
    carried_from_id = fields.Many2one(
        "hospital.commission.settlement",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
        help="The settlement of an earlier month whose negative total this line carries.",
    )
    base_kind = fields.Selection(BASE_KINDS, string="Base", required=True, readonly=True)
    base_amount = fields.Monetary(currency_field="currency_id", readonly=True)
    rate = fields.Float(string="Rate (%)", digits=(16, 4), readonly=True)
    share = fields.Float(string="Share (%)", default=100.0, readonly=True)
    amount = fields.Monetary(currency_field="currency_id", readonly=True)
    department_id = fields.Many2one("hospital.clinical.department", index=True, readonly=True)
    department_kind = fields.Selection(DEPARTMENT_KINDS, readonly=True)
    settlement_id = fields.Many2one(
        "hospital.commission.settlement", index=True, readonly=True, ondelete="restrict"
    )
    settlement_state = fields.Selection(related="settlement_id.state", string="Settlement Status")

    # R-C8: whatever rule applies later (a campaign, a new band), a payee is paid once per case
    # and role; corrections (R-C11) add differences to that one line, never a second one
    _source_payee_rule_uniq = models.UniqueIndex(
        "(res_model, res_id, rule_id, COALESCE(employee_id, 0), COALESCE(partner_id, 0)) "
        "WHERE line_type = 'commission'",
        "A case already has a commission line for this payee and rule.",
    )
    _source_payee_role_uniq = models.UniqueIndex(
        "(res_model, res_id, role, COALESCE(employee_id, 0), COALESCE(partner_id, 0)) "
        "WHERE line_type = 'commission'",
        "A case already has a commission line for this payee in this role.",
    )
    _rule_or_carry = models.Constraint(
        "CHECK(line_type = 'carry' OR rule_id IS NOT NULL)",
        "A commission or correction line says which rule produced it.",
    )
    _one_payee = models.Constraint(
        "CHECK((employee_id IS NULL) <> (partner_id IS NULL))",
        "A commission line is paid either to a staff member or to an external payee.",
    )

    @api.depends("employee_id", "partner_id")
    def _compute_payee_name(self):
        for line in self:
            line.payee_name = (line.employee_id.sudo() or line.partner_id.sudo()).display_name

    # ------------------------------------------------------------------
    # constraints and CRUD: the compliance guard and the frozen amounts
    # ------------------------------------------------------------------
    @api.constrains("employee_id", "partner_id", "date")
    def _check_payee_compliance(self):
        # taking money back (a negative correction, a carried deficit) is never refused
        lines = self.filtered(lambda line: line.amount > 0)
        refusals = self.env["hospital.commission.engine"]._guard(
            [line._contract()[1] for line in lines], [line.date for line in lines]
        )
        for reason in refusals:
            if reason:
                raise ValidationError(reason)

    @api.model_create_multi
    def create(self, vals_list):
        settlement_ids = {vals["settlement_id"] for vals in vals_list if vals.get("settlement_id")}
        self.env["hospital.commission.settlement"].browse(settlement_ids)._check_open()
        return super().create(vals_list)

    def write(self, vals):
        self.settlement_id._check_open()
        if vals.get("settlement_id"):
            self.env["hospital.commission.settlement"].browse(vals["settlement_id"])._check_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_open(self):
        self.settlement_id._check_open()

    # ------------------------------------------------------------------
    # business: the line in the engine's terms, the bulk writes
    # ------------------------------------------------------------------
    def _contract(self):
        """The case and the payee of this line in the engine's terms (to check it again with
        the compliance guard, to list an issue about it)."""
        self.ensure_one()
        candidate = CommissionCandidate(
            res_model=self.res_model,
            res_id=self.res_id,
            company_id=self.company_id.id,
            date=self.date,
            source_name=self.source_name,
        )
        payee = CommissionPayee(
            role=self.role,
            payee_kind=self.payee_kind,
            employee_id=self.employee_id.id,
            partner_id=self.partner_id.id,
        )
        return candidate, payee

    # column types of the bulk insert (one array per column, unnested by PostgreSQL)
    _HM_SQL_TYPES = {
        "many2one": "int4",
        "many2one_reference": "int4",
        "integer": "int4",
        "date": "date",
        "char": "varchar",
        "selection": "varchar",
        "float": "numeric",
        "monetary": "numeric",
    }

    @api.model
    def _bulk_create(self, vals_list):
        """Create the lines of a month-end run in one INSERT (the run writes tens of thousands
        of lines; ``create`` costs ~0.2 ms a line in conversions and caches). The values are
        those ``_prepare_lines`` built and the guard already checked; the database enforces
        the unique and check constraints; the dependent stored fields (the settlements'
        amounts) are marked for recomputation as ``create`` would."""
        if not vals_list:
            return self.browse()
        self.env["hospital.commission.settlement"].browse(
            {v["settlement_id"] for v in vals_list if v.get("settlement_id")}
        )._check_open()
        fnames = sorted({fname for vals in vals_list for fname in vals})
        columns = []
        for fname in fnames:
            field = self._fields[fname]
            if not field.store or field.type not in self._HM_SQL_TYPES:
                raise ValueError(f"bulk insert of {self._name}.{fname} is not supported")
            columns.append((fname, self._HM_SQL_TYPES[field.type]))
        now = self.env.cr.now()
        arrays = [[vals.get(fname) or None for vals in vals_list] for fname in fnames]
        query = SQL(
            "INSERT INTO %(table)s (%(columns)s, create_uid, create_date, write_uid, write_date) "
            "SELECT *, %(uid)s, %(now)s, %(uid)s, %(now)s FROM unnest(%(arrays)s) "
            # a line written meanwhile by a discharge (or another run) for the same case,
            # payee and role stands: the month-end run attaches it to its settlement
            "ON CONFLICT DO NOTHING RETURNING id",
            table=SQL.identifier(self._table),
            columns=SQL(", ").join(SQL.identifier(fname) for fname, _type in columns),
            uid=self.env.uid,
            now=now,
            arrays=SQL(", ").join(
                SQL("%s::%s[]", array, SQL(sql_type))
                for array, (_fname, sql_type) in zip(arrays, columns, strict=True)
            ),
        )
        self.env.flush_all()
        lines = self.browse(row[0] for row in self.env.execute_query(query))
        lines.modified(fnames, create=True)
        # the one2many caches (settlement.line_ids, the source's lines) do not know the rows
        self.env.invalidate_all()
        return lines

    def _attach_to(self, settlements):
        """Put each line of ``self`` in the settlement at the same position of
        ``settlements`` (open drafts of the run), in one UPDATE: a month-end run attaches the
        tens of thousands of lines written at discharge."""
        if not self:
            return
        self.env["hospital.commission.settlement"].browse(
            {settlement.id for settlement in settlements}
        )._check_open()
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                "UPDATE hospital_commission_line AS line "
                "SET settlement_id = todo.settlement_id, write_uid = %s, write_date = %s "
                "FROM unnest(%s::int4[], %s::int4[]) AS todo(line_id, settlement_id) "
                "WHERE line.id = todo.line_id",
                self.env.uid,
                self.env.cr.now(),
                self.ids,
                [settlement.id for settlement in settlements],
            )
        )
        self.invalidate_recordset(["settlement_id", "write_uid", "write_date"])
        # the settlements' amounts and the lines' settlement state follow
        self.modified(["settlement_id"])
        self.env["hospital.commission.settlement"].invalidate_model(["line_ids"])
