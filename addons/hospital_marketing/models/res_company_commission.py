from odoo import fields, models


class ResCompany(models.Model):
    """Accounting of the commission engine (R-C8, R-C9)."""

    _inherit = "res.company"

    hm_commission_expense_account_id = fields.Many2one(
        "account.account",
        string="Commission Expense Account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
    )
    hm_commission_purchase_journal_id = fields.Many2one(
        "account.journal",
        string="Commission Bills Journal",
        domain="[('type', '=', 'purchase')]",
        help="Journal of the vendor bills of external payees; the company's first purchase "
        "journal when empty.",
    )
    hm_commission_misc_journal_id = fields.Many2one(
        "account.journal",
        string="Staff Commission Journal",
        domain="[('type', '=', 'general')]",
        help="Journal of the payable entries to staff; the company's first miscellaneous "
        "journal when empty.",
    )
    hm_commission_bank_journal_id = fields.Many2one(
        "account.journal",
        string="Commission Payment Journal",
        domain="[('type', '=', 'bank')]",
        help="Bank journal the commissions are paid from; the company's first bank journal "
        "when empty.",
    )
    hm_commission_due_days = fields.Integer(
        string="Commission Due (days after month end)",
        default=0,
        help="A settlement not paid this many days after the end of its month is overdue "
        "(seed 000 六: paid at month end).",
    )
    hm_commission_analytic = fields.Boolean(
        string="Analytic Distribution of Commissions",
        help="Distribute the commission expense on the analytic accounts of the departments "
        "and events of the cases.",
    )
    hm_commission_run_date = fields.Datetime(string="Last Settlement Run", readonly=True)
