from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    hm_commission_expense_account_id = fields.Many2one(
        related="company_id.hm_commission_expense_account_id", readonly=False
    )
    hm_commission_purchase_journal_id = fields.Many2one(
        related="company_id.hm_commission_purchase_journal_id", readonly=False
    )
    hm_commission_misc_journal_id = fields.Many2one(
        related="company_id.hm_commission_misc_journal_id", readonly=False
    )
    hm_commission_bank_journal_id = fields.Many2one(
        related="company_id.hm_commission_bank_journal_id", readonly=False
    )
    hm_commission_due_days = fields.Integer(
        related="company_id.hm_commission_due_days", readonly=False
    )
    hm_commission_analytic = fields.Boolean(
        related="company_id.hm_commission_analytic", readonly=False
    )
