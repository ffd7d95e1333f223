from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from .hospital_commission_engine import _contract_of_vals, _plain


class HospitalCommissionEngine(models.AbstractModel):
    """Corrections (R-C11): the lines of the cases whose final bills changed brought to what
    the cases earn now; the difference against a signed settlement becomes a correction line
    dated in the month of the change."""

    _inherit = "hospital.commission.engine"  # pylint: disable=consider-merging-classes-inherited

    # the fields a correction copies from the line it corrects when the case no longer earns
    _NOT_COPIED = frozenset(
        {
            "settlement_id",
            "line_type",
            "correction_of_id",
            "cause",
            "carried_from_id",
            "amount",
            "base_amount",
            "date",
            "period_date",
        }
    )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _recompute_cases(self, cases, causes=None):
        """Bring the lines of the candidate ``cases`` to what they earn now (R-C11); a case
        flagged ``void`` (rejected, fake, duplicate, not counted) earns nothing. ``causes``
        (``{(res_model, res_id): text}``, or a function of that key) says why, on the
        corrections. For each case, payee and role:

        - no line a signed settlement holds: the open line (no settlement or a draft one) is
          rewritten or removed, a missing one written: no correction;
        - else the difference between what is owed and the signed lines is the open
          correction line of the key, created in the month of the change (today) if missing.

        Set-wise: the existing lines, the rules, the payees and the guard are read once; new
        lines are written by the bulk insert. Returns the lines created."""
        Line = self.env["hospital.commission.line"]
        if not cases:
            return Line
        causes = causes or {}
        cause_of = causes if callable(causes) else causes.get
        currency_of = {
            company.id: company.currency_id
            for company in self.env["res.company"].browse({case.company_id for case in cases})
        }
        existing_rows = self._existing_rows(cases)
        self._lock_drafts(existing_rows)
        # what a former recompute of these cases refused is decided again below
        self.env["hospital.commission.issue"].sudo()._clear_corrections(cases)
        rows = defaultdict(list)
        for row in existing_rows:
            rows[
                row["res_model"], row["res_id"], row["role"], row["employee_id"], row["partner_id"]
            ].append(row)
        Rule = self.env["hospital.commission.rule"]
        pinned = {
            key: Rule.browse(row["rule_id"])
            for key, key_rows in rows.items()
            for row in key_rows
            if row["line_type"] == "commission"
        }
        pending, _issues = self._amounts_owed(cases, pinned=pinned)
        owed = {self._key(case, payee): (case, payee, rule, x) for case, payee, rule, x in pending}
        case_of = {(case.res_model, case.res_id): case for case in cases}
        today = fields.Date.context_today(self)
        to_unlink = []
        to_write = []  # (line id, vals)
        to_create = []  # (case, payee, rule, computed, extra vals, reference row or None)
        for key in owed.keys() | rows.keys():
            case = case_of[key[:2]]
            currency = currency_of[case.company_id]
            item = owed.get(key)
            key_rows = rows.get(key, [])
            frozen = [row for row in key_rows if row["frozen"]]
            open_rows = [row for row in key_rows if not row["frozen"]]
            if not frozen:
                # nothing signed yet: the open line simply changes (or goes)
                keep = next((r for r in open_rows if r["line_type"] == "commission"), None)
                to_unlink += [row["id"] for row in open_rows if row is not keep]
                if not item:
                    if keep:
                        to_unlink.append(keep["id"])
                elif keep:
                    to_write.append((keep["id"], item))
                else:
                    to_create.append((item, {"line_type": "commission"}, None))
                continue
            amount = item[3][2] if item else 0.0
            base = item[3][0] if item else 0.0
            diff = amount - sum(row["amount"] for row in key_rows)
            if currency.is_zero(diff):
                continue
            base_diff = base - sum(row["base_amount"] for row in key_rows)
            reference = next(
                (row for row in key_rows if row["line_type"] == "commission"), key_rows[0]
            )
            correction = next((r for r in open_rows if r["line_type"] == "correction"), None)
            if correction:
                new_amount = correction["amount"] + diff
                if currency.is_zero(new_amount):
                    to_unlink.append(correction["id"])
                else:
                    to_write.append(
                        (
                            correction["id"],
                            {
                                "amount": new_amount,
                                "base_amount": correction["base_amount"] + base_diff,
                            },
                        )
                    )
                continue
            date = max(today, case.date) if case.date else today
            to_create.append(
                (
                    item,
                    {
                        "line_type": "correction",
                        "correction_of_id": reference["id"],
                        "cause": cause_of(key[:2]),
                        "date": date,
                        "period_date": date.replace(day=1),
                        "amount": diff,
                        "base_amount": base_diff,
                    },
                    reference,
                )
            )
        Line.browse(to_unlink).sudo().unlink()
        self._write_open_lines(to_write)
        return self._create_corrections(to_create)

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _lock_drafts(self, rows):
        """Share-lock the draft settlements holding the open lines of ``rows``: a sign-off of
        one of them waits for this transaction, and one committed since this transaction
        began makes PostgreSQL refuse the lock (Odoo retries the transaction with fresh
        data). Either way an open line is never rewritten in a settlement signed meanwhile."""
        drafts = sorted(
            {row["settlement_id"] for row in rows if row["settlement_id"] and not row["frozen"]}
        )
        if drafts:
            self.env.execute_query(
                SQL(
                    "SELECT id FROM hospital_commission_settlement WHERE id = ANY(%s) "
                    "ORDER BY id FOR SHARE",
                    drafts,
                )
            )

    @api.model
    def _write_open_lines(self, to_write):
        """Rewrite open lines: ``(line id, owed item)`` with what the case earns now, or
        ``(line id, vals)`` of an open correction."""
        if not to_write:
            return
        lines = (
            self.env["hospital.commission.line"]
            .sudo()
            .browse([line_id for line_id, _todo in to_write])
        )
        items = [todo for _line_id, todo in to_write if isinstance(todo, tuple)]
        employees = self._employees_of(items)
        for line, todo in zip(lines, (todo for _line_id, todo in to_write), strict=True):
            if isinstance(todo, tuple):
                case, payee, rule, computed = todo
                vals = self._prepare_line_vals(
                    case, payee, rule, computed, employees.browse(payee.employee_id)
                )
            else:
                vals = todo
            changed = {
                fname: value for fname, value in vals.items() if _plain(line[fname]) != value
            }
            if "period_date" in changed and line.settlement_id:
                # discharged in another month now: that month's run settles it
                changed["settlement_id"] = False
            if changed:
                line.write(changed)

    @api.model
    def _create_corrections(self, to_create):
        """Write the new lines of ``_recompute_cases``: ``(owed item or None, vals, reference
        row)``; the positive ones pass the compliance guard first."""
        Line = self.env["hospital.commission.line"]
        if not to_create:
            return Line
        employees = self._employees_of([item for item, _vals, _ref in to_create if item])
        references = Line.sudo().browse([ref["id"] for _item, _vals, ref in to_create if ref])
        copied = [
            fname
            for fname, field in Line._fields.items()
            if field.store
            and fname not in models.MAGIC_COLUMNS
            and field.type in Line._HM_SQL_TYPES
            and fname not in self._NOT_COPIED
        ]
        references.fetch(copied)
        vals_list = []
        for item, extra, reference in to_create:
            if item:
                case, payee, rule, computed = item
                vals = self._prepare_line_vals(
                    case, payee, rule, computed, employees.browse(payee.employee_id)
                )
            else:  # the case no longer earns: the correction repeats the line it cancels
                line = references.browse(reference["id"])
                vals = {fname: _plain(line[fname]) for fname in copied}
            vals.update(extra)
            vals_list.append(vals)
        positive = [vals for vals in vals_list if vals["amount"] > 0]
        contracts = [_contract_of_vals(vals) for vals in positive]
        refusals = self._guard(
            [payee for _case, payee in contracts], [vals["date"] for vals in positive]
        )
        refused = {id(vals) for vals, refusal in zip(positive, refusals, strict=True) if refusal}
        # a refused correction is listed under Commission > Issues with the reason, like the
        # refusals of a month-end run (R-C10); a refused first line is the run's to list
        issues = [
            dict(
                self._issue_vals(
                    case,
                    payee,
                    "refused",
                    rules=self.env["hospital.commission.rule"].browse(vals.get("rule_id")),
                    message=refusal,
                ),
                correction=True,
            )
            for vals, (case, payee), refusal in zip(positive, contracts, refusals, strict=True)
            if refusal and vals["line_type"] == "correction"
        ]
        if issues:
            self.env["hospital.commission.issue"].sudo().create(issues)
        return Line._bulk_create([vals for vals in vals_list if id(vals) not in refused])
