"""Posting of approved settlements (R-C9): a vendor bill for an external payee, a payable
entry to the employee for staff, both on the commission expense account; a total that is
not positive is carried into the next month instead."""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, models
from odoo.exceptions import UserError

from .account_move import BATCH_SEQUENCE, RANKED_SUPPLIERS


# one concern per file: the settlement model is split on purpose (see its docstring)
class HospitalCommissionSettlement(models.Model):
    _inherit = "hospital.commission.settlement"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_post(self):
        """Approved settlements become a vendor bill (external payee) or a payable entry to the
        employee (staff) on the commission expense account; posting twice does nothing."""
        self._check_finance()
        self._lock()
        todo = self.filtered(lambda s: s.state == "approved" and not s.move_id).sudo()
        nothing_due = todo.filtered(
            lambda s: s.currency_id.compare_amounts(s.amount_total, 0.0) <= 0
        )
        nothing_due._carry_forward()
        todo -= nothing_due
        if not todo:
            return self.env["account.move"]
        for settlement in todo:
            if settlement.partner_id.hm_payee_class == "institution" and not (
                settlement.partner_invoice_ref
            ):
                raise UserError(
                    self.env._(
                        "%s is an institution: it is paid only against its invoice. Enter the "
                        "number of its invoice on the settlement first.",
                        settlement.partner_id.display_name,
                    )
                )
        journals = todo._journals()
        Move = (
            self.env["account.move"]
            .sudo()
            .with_context(tracking_disable=True, skip_invoice_sync=True)
        )
        # draft lines have no analytic items to keep in sync: their distribution is stored as
        # given, and posting creates the analytic items
        expense_groups = todo._expense_groups()
        moves = Move.with_context(skip_analytic_sync=True).create(
            [settlement._move_vals(journals, expense_groups[settlement]) for settlement in todo]
        )
        moves = moves.with_env(Move.env)
        ranked = moves._hm_rank_new_suppliers()
        moves.with_context(**{BATCH_SEQUENCE: True, RANKED_SUPPLIERS: ranked}).action_post()
        for settlement, move in zip(todo, moves, strict=True):
            settlement.move_id = move
        todo.state = "posted"
        return moves

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _carry_forward(self):
        """Close approved settlements whose total is not positive without posting anything
        (nothing is payable), carrying a negative total into the payee's draft of the next
        month as a line pointing at it: what was overpaid is deducted from the next payment,
        visibly, instead of being stranded."""
        if not self:
            return
        Line = self.env["hospital.commission.line"].sudo()
        vals_list = []
        for month, settlements in self.grouped(
            lambda s: s.date_from + relativedelta(months=1)
        ).items():
            negative = settlements.filtered(
                lambda s: s.currency_id.compare_amounts(s.amount_total, 0.0) < 0
            )
            drafts = self.env["hospital.commission.run"]._draft_settlements(
                month,
                month + relativedelta(months=1, days=-1),
                {(s.company_id.id, s.employee_id.id or 0, s.partner_id.id or 0) for s in negative},
            )
            for settlement in negative:
                draft = drafts[
                    settlement.company_id.id,
                    settlement.employee_id.id or 0,
                    settlement.partner_id.id or 0,
                ]
                settlement.carried_to_id = draft
                payee_class = settlement.partner_id.hm_payee_class
                vals_list.append(
                    {
                        "company_id": settlement.company_id.id,
                        "date": month,
                        "period_date": month,
                        "res_model": self._name,
                        "res_id": settlement.id,
                        "source_name": settlement.name,
                        "role": "carry",
                        "payee_kind": "staff"
                        if settlement.employee_id
                        else "institution"
                        if payee_class == "institution"
                        else "part_time",
                        "employee_id": settlement.employee_id.id or False,
                        "partner_id": settlement.partner_id.id or False,
                        "user_id": settlement.user_id.id or False,
                        "team_id": settlement.team_id.id or False,
                        "line_type": "carry",
                        "base_kind": "total",
                        "base_amount": 0.0,
                        "rate": 0.0,
                        "share": 100.0,
                        "amount": settlement.amount_total,
                        "carried_from_id": settlement.id,
                        "cause": self.env._(
                            "Negative total of %(name)s (%(month)s) carried forward",
                            name=settlement.name,
                            month=settlement.date_from.strftime("%Y-%m"),
                        ),
                        "settlement_id": draft.id,
                    }
                )
        Line._bulk_create(vals_list)
        self.state = "carried"
        for settlement in self:
            if settlement.carried_to_id:
                body = self.env._(
                    "Closed without posting: the negative total is carried into %s.",
                    settlement.carried_to_id.name,
                )
            else:
                body = self.env._("Closed without posting: the total is zero.")
            settlement.message_post(body=body)

    def _expense_groups(self):
        """``{settlement: {analytic account id or False: amount}}`` of the commission lines of
        the settlements: summed in the database, line by line where the company distributes the
        expense on analytic accounts."""
        groups = defaultdict(lambda: defaultdict(float))
        plain = self.filtered(lambda s: not s.company_id.hm_commission_analytic)
        Line = self.env["hospital.commission.line"].sudo()
        for settlement, amount in Line._read_group(
            [("settlement_id", "in", plain.ids)], ["settlement_id"], ["amount:sum"]
        ):
            groups[settlement][False] += amount
        lines = (self - plain).line_ids
        analytic_of = self.env["hospital.commission.engine"]._analytic_accounts(lines)
        for line in lines:
            groups[line.settlement_id][analytic_of[line.id]] += line.amount
        return groups

    def _journals(self):
        """``{(company, journal type): journal}`` the settlements are posted in: the journals of
        the Marketing settings, else the company's first purchase / miscellaneous journal."""
        Journal = self.env["account.journal"]
        journals = {}
        for company in self.company_id:
            for journal_type, configured in (
                ("purchase", company.hm_commission_purchase_journal_id),
                ("general", company.hm_commission_misc_journal_id),
            ):
                journals[company, journal_type] = configured or Journal.search(
                    [*Journal._check_company_domain(company), ("type", "=", journal_type)],
                    limit=1,
                )
        return journals

    def _move_vals(self, journals, expense_groups):
        """Values of the journal entry of the settlement: its expense lines (one per analytic
        account, one for the performance adjustments) handed to the builder of its kind of
        entry; ``journals`` and ``expense_groups`` (of this settlement) as returned by
        :meth:`_journals` and :meth:`_expense_groups`."""
        self.ensure_one()
        company = self.company_id
        account = company.hm_commission_expense_account_id
        if not account:
            raise UserError(
                self.env._(
                    "Set the commission expense account in the Marketing settings of %s first.",
                    company.name,
                )
            )
        label = self.env._("Commission %(month)s", month=self.date_from.strftime("%Y-%m"))
        expense_lines = []
        for analytic_id, amount in expense_groups.items():
            expense_lines.append(
                {
                    "name": f"{label} {self.name}",
                    "account_id": account.id,
                    "analytic_distribution": {str(analytic_id): 100.0} if analytic_id else False,
                    "amount": amount,
                }
            )
        if self.amount_adjustment:
            expense_lines.append(
                {
                    "name": self.env._("Performance adjustments %s", self.name),
                    "account_id": account.id,
                    "analytic_distribution": False,
                    "amount": self.amount_adjustment,
                }
            )
        if self.payee_kind == "external":
            return self._vendor_bill_vals(journals[company, "purchase"], expense_lines)
        return self._payable_entry_vals(journals[company, "general"], expense_lines)

    def _vendor_bill_vals(self, journal, expense_lines):
        """The vendor bill of an external payee's settlement: its expense lines, the income tax
        withheld from an individual (R-C12) and one payable line due at the settlement's due
        date. The lines come complete (taxes computed here): the bill is posted without the
        invoice line synchronisation, which costs most of the time of a bill."""
        self.ensure_one()
        company = self.company_id
        tax = self._withholding_tax()
        product_cmds, tax_cmds, payable_total = self._taxed_lines(expense_lines, tax)
        return {
            "hm_commission_settlement_id": self.id,
            "company_id": company.id,
            "ref": self.partner_invoice_ref or self.name,
            "move_type": "in_invoice",
            "journal_id": journal.id,
            "partner_id": self.partner_id.id,
            "invoice_date": self.date_to,
            "invoice_date_due": self.date_due or self.date_to,
            "date": self.date_to,
            "partner_bank_id": self.partner_id.bank_ids[:1].id,
            "line_ids": [
                *product_cmds,
                *tax_cmds,
                Command.create(
                    {
                        "display_type": "payment_term",
                        "name": self.partner_invoice_ref or self.name,
                        "account_id": self.partner_id.with_company(
                            company
                        ).property_account_payable_id.id,
                        "partner_id": self.partner_id.id,
                        "balance": -payable_total,
                        "amount_currency": -payable_total,
                        "currency_id": self.currency_id.id,
                        "date_maturity": self.date_due or self.date_to,
                    }
                ),
            ],
        }

    def _payable_entry_vals(self, journal, expense_lines):
        """The miscellaneous entry of a staff member's settlement: its expense lines against
        one line payable to the employee's work contact."""
        self.ensure_one()
        company = self.company_id
        partner = self._payee_partner()
        payable = partner.with_company(company).property_account_payable_id
        line_cmds = [
            Command.create(
                {
                    "name": line["name"],
                    "account_id": line["account_id"],
                    "partner_id": partner.id,
                    "balance": line["amount"],
                    "analytic_distribution": line["analytic_distribution"],
                }
            )
            for line in expense_lines
        ]
        line_cmds.append(
            Command.create(
                {
                    "name": self.env._("Commission payable to %s", self.employee_id.name),
                    "account_id": payable.id,
                    "partner_id": partner.id,
                    "balance": -self.amount_total,
                }
            )
        )
        return {
            "hm_commission_settlement_id": self.id,
            "company_id": company.id,
            "ref": self.partner_invoice_ref or self.name,
            "move_type": "entry",
            "journal_id": journal.id,
            "date": self.date_to,
            "partner_id": partner.id,
            "line_ids": line_cmds,
        }

    def _withholding_tax(self):
        """The individual income tax withheld on this settlement's bill (R-C12): the
        company's withholding tax, for a non-clinical individual external payee."""
        self.ensure_one()
        if self.payee_kind == "external" and self.partner_id.hm_payee_class == "individual":
            return self.company_id.hm_commission_withholding_tax_id
        return self.env["account.tax"]

    def _taxed_lines(self, expense_lines, tax):
        """``(product line commands, tax line commands, payable total)`` of a vendor bill
        with the ``expense_lines`` taxed by ``tax``, computed as the invoice line
        synchronisation would (``account.tax.compute_all`` per line, the expense without the
        tax, tax lines grouped by repartition line): the batched posting skips that
        synchronisation."""
        currency = self.currency_id
        partner = self.partner_id
        product_cmds = []
        tax_groups = {}
        total = 0.0
        for line in expense_lines:
            vals = {
                "display_type": "product",
                "name": line["name"],
                "account_id": line["account_id"],
                "partner_id": partner.id,
                "quantity": 1.0,
                "price_unit": line["amount"],
                "balance": line["amount"],
                "amount_currency": line["amount"],
                "currency_id": currency.id,
                "analytic_distribution": line["analytic_distribution"],
                "tax_ids": [Command.set(tax.ids)],
            }
            if tax:
                result = tax.compute_all(line["amount"], currency=currency, partner=partner)
                # a tax included in the price leaves the expense without it
                excluded = currency.round(result["total_excluded"])
                vals.update(balance=excluded, amount_currency=excluded)
                vals["tax_tag_ids"] = [Command.set(result["base_tags"])]
                for detail in result["taxes"]:
                    key = (
                        detail["tax_repartition_line_id"],
                        detail["account_id"],
                        tuple(sorted(detail["tag_ids"])),
                    )
                    group = tax_groups.setdefault(
                        key, {"name": detail["name"], "amount": 0.0, "base": 0.0}
                    )
                    group["amount"] += detail["amount"]
                    group["base"] += detail["base"]
            product_cmds.append(Command.create(vals))
            total += vals["balance"]
        tax_cmds = []
        for (repartition_id, account_id, tag_ids), group in tax_groups.items():
            amount = currency.round(group["amount"])
            if currency.is_zero(amount):
                continue
            total += amount
            tax_cmds.append(
                Command.create(
                    {
                        "display_type": "tax",
                        "name": group["name"],
                        "account_id": account_id,
                        "partner_id": partner.id,
                        "tax_repartition_line_id": repartition_id,
                        "tax_ids": [],
                        "tax_tag_ids": [Command.set(list(tag_ids))],
                        "tax_base_amount": currency.round(group["base"]),
                        "balance": amount,
                        "amount_currency": amount,
                        "currency_id": currency.id,
                    }
                )
            )
        return product_cmds, tax_cmds, currency.round(total)

    def _payee_partner(self):
        self.ensure_one()
        if self.partner_id:
            return self.partner_id
        employee = self.employee_id.sudo()
        if not employee.work_contact_id:
            employee._create_work_contacts()
        return employee.work_contact_id
