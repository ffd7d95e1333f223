from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain


class HospitalCommissionIssue(models.Model):
    """Why a case paid nothing to a payee at the last settlement run of its month: a refusal of
    the compliance guard (R-C10) or two rules of the same specificity (a configuration error,
    R-C6). Each run replaces the issues of its month, so the list shows what is still wrong.
    A correcting line (R-C11) the guard refuses when a case's commission changes is listed too,
    in the month of the change, until the case's commission is recomputed again."""

    _name = "hospital.commission.issue"
    _description = "Commission Issue"
    _order = "period_date desc, id desc"
    _rec_name = "source_name"

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    period_date = fields.Date(string="Month", required=True, index=True, readonly=True)
    kind = fields.Selection(
        [("refused", "Refused by the Compliance Guard"), ("tie", "Ambiguous Rules")],
        required=True,
        readonly=True,
    )
    res_model = fields.Char(string="Source Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Source Record", model_field="res_model", readonly=True
    )
    source_name = fields.Char(string="Case", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Staff Payee", readonly=True)
    partner_id = fields.Many2one("res.partner", string="External Payee", readonly=True)
    rule_ids = fields.Many2many("hospital.commission.rule", string="Rules", readonly=True)
    message = fields.Text(readonly=True)
    correction = fields.Boolean(
        readonly=True,
        help="A line the guard refused when the case's commission was recomputed (a corrected "
        "or extra final bill, a decision): listed until the case's commission is recomputed "
        "again; the month-end run does not replace it.",
    )

    @api.model
    def _replace(self, date_from, companies, vals_list):
        self.search(
            [
                ("period_date", "=", date_from),
                ("company_id", "in", companies.ids),
                ("correction", "=", False),
            ]
        ).unlink()
        return self.create(vals_list)

    @api.model
    def _clear_corrections(self, cases):
        """Remove the refused corrections of ``cases`` (``CommissionCandidate`` values), which
        a recompute decides again."""
        ids_by_model = defaultdict(set)
        for case in cases:
            ids_by_model[case.res_model].add(case.res_id)
        domain = Domain.OR(
            Domain("res_model", "=", model) & Domain("res_id", "in", list(ids))
            for model, ids in ids_by_model.items()
        )
        self.search(Domain("correction", "=", True) & domain).unlink()
