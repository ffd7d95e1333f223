from collections import defaultdict

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import LockError, UserError
from odoo.tools import SQL

from ..tools.commission_contract import CommissionPayee


class HospitalCommissionRun(models.AbstractModel):
    """The month-end run (R-C1): for a month and companies, under a lock per company, the
    commission lines still missing for the month's billable cases, the quota and report
    adjustments, the compliance guard again on everything about to be settled (R-C10), and
    a draft settlement per payee holding every line and confirmed adjustment not settled
    yet. Called by the scheduled action and by the run wizard."""

    _name = "hospital.commission.run"
    _description = "Month-End Commission Run"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def _cron_month_end(self):
        """Scheduled on the first of the month: settle the previous month for every company,
        the month before today in the company's time zone (at 00:30 in Beijing it is still the
        last day of the month in UTC)."""
        touched = self.env["hospital.commission.settlement"]
        companies = self.env["res.company"].sudo().search([])
        by_month = companies.grouped(
            lambda company: self._company_today(company).replace(day=1) - relativedelta(months=1)
        )
        for month, month_companies in by_month.items():
            touched |= self.sudo()._run(month, month_companies)
        return touched

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _run(self, date_from, companies=None):
        """Build the settlements of the month starting ``date_from`` for all payees: the lines
        still missing for the month's billable cases, the quota adjustments, and a draft
        settlement per payee holding every line and confirmed adjustment not yet settled.
        Idempotent: a second run adds only what is new. Returns the settlements touched."""
        companies = companies or self.env.companies
        date_from = date_from.replace(day=1)
        date_to = date_from + relativedelta(months=1, days=-1)
        self._lock_companies(companies)
        Line = self.env["hospital.commission.line"].sudo()
        Adjustment = self.env["hospital.performance.adjustment"].sudo()
        Engine = self.env["hospital.commission.engine"].sudo()
        cases = Engine._collect_candidates(date_from, date_to, companies)
        vals_list, issues = Engine._prepare_lines(cases)
        self.env["hospital.commission.issue"].sudo()._replace(date_from, companies, issues)
        Fine = self.env["hospital.performance.fine"].sudo()
        Fine._generate_quota_adjustments(date_from, date_to, companies)
        Fine._generate_report_penalties(date_from, date_to, companies)
        # the lines of the month not settled yet (most were written at discharge), with their
        # payee: tens of thousands of rows, read in one query
        self.env.flush_all()
        orphan_rows = self.env.execute_query(
            SQL(
                "SELECT id, company_id, employee_id, partner_id FROM hospital_commission_line "
                "WHERE settlement_id IS NULL AND period_date = %s AND company_id IN %s",
                date_from,
                tuple(companies.ids),
            )
        )
        orphan_rows = self._check_guard_before_settling(orphan_rows, date_from, companies)
        orphan_adjustments = Adjustment.search(
            [
                ("settlement_id", "=", False),
                ("state", "=", "confirmed"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
                ("company_id", "in", companies.ids),
            ]
        )

        def key_of(company_id, employee_id, partner_id):
            return (company_id, employee_id or 0, partner_id or 0)

        keys = {key_of(v["company_id"], v["employee_id"], v["partner_id"]) for v in vals_list}
        keys.update(key_of(*row[1:]) for row in orphan_rows)
        keys.update(key_of(adj.company_id.id, adj.employee_id.id, 0) for adj in orphan_adjustments)
        settlements = self._draft_settlements(date_from, date_to, keys)
        for vals in vals_list:
            vals["settlement_id"] = settlements[
                key_of(vals["company_id"], vals["employee_id"], vals["partner_id"])
            ].id
        Line._bulk_create(vals_list)
        Line.browse(row[0] for row in orphan_rows)._attach_to(
            [settlements[key_of(*row[1:])] for row in orphan_rows]
        )
        for key, adjustments in orphan_adjustments.grouped(
            lambda adj: key_of(adj.company_id.id, adj.employee_id.id, 0)
        ).items():
            adjustments.write({"settlement_id": settlements[key].id})
        touched = self.env["hospital.commission.settlement"].browse(
            [s.id for s in settlements.values()]
        )
        # the office runs the month end without reading settlements
        touched.sudo().adjustment_ids._apply_commission_percent()
        return touched

    @api.model
    def _check_guard_before_settling(self, rows, date_from, companies):
        """R-C10 at the month end: the compliance guard again on every line of the month about
        to be settled, the unsettled ``rows`` (id, company, employee, partner) and those of
        the month's open drafts. A payee reclassified as a licensed clinician, a staff
        member flagged clinician, an agreement ended or cancelled since the line was written
        at discharge: the line stays unsettled (taken out of its draft) and is listed under
        Commission Issues with the reason. Returns the rows that may be settled."""
        Line = self.env["hospital.commission.line"].sudo()
        Line.flush_model()
        self.env["hospital.commission.settlement"].flush_model(["state"])
        # set-wise: the lines' payees read with one query (not line by line through the ORM),
        # and the guard asked once per distinct payee and date (what it depends on)
        unsettled_ids = {row[0] for row in rows}
        lines = [
            line
            for line in self.env.execute_query(
                SQL(
                    """
                    SELECT line.id, line.settlement_id, line.role, line.payee_kind,
                           COALESCE(line.employee_id, 0), COALESCE(line.partner_id, 0),
                           line.date
                      FROM hospital_commission_line line
                 LEFT JOIN hospital_commission_settlement settlement
                        ON settlement.id = line.settlement_id
                     WHERE line.period_date = %s AND line.company_id IN %s
                       AND (line.settlement_id IS NULL OR settlement.state = 'draft')
                    """,
                    date_from,
                    tuple(companies.ids),
                )
            )
            if line[1] or line[0] in unsettled_ids
        ]
        if not lines:
            return rows
        groups = defaultdict(list)
        for line_id, _settlement_id, role, payee_kind, employee_id, partner_id, date in lines:
            payee = CommissionPayee(
                role=role, payee_kind=payee_kind, employee_id=employee_id, partner_id=partner_id
            )
            groups[payee, date].append(line_id)
        Engine = self.env["hospital.commission.engine"].sudo()
        refusals = Engine._guard([payee for payee, _date in groups], [date for _p, date in groups])
        refused_reason = {
            line_id: refusal
            for line_ids, refusal in zip(groups.values(), refusals, strict=True)
            if refusal
            for line_id in line_ids
        }
        if not refused_reason:
            return rows
        refused = Line.browse(sorted(refused_reason))
        issues = [
            Engine._issue_vals(
                *line._contract(), "refused", rules=line.rule_id, message=refused_reason[line.id]
            )
            for line in refused
        ]
        self.env["hospital.commission.issue"].sudo().create(issues)
        refused.filtered("settlement_id").write({"settlement_id": False})
        return [row for row in rows if row[0] not in refused_reason]

    @api.model
    def _draft_settlements(self, date_from, date_to, keys):
        """``{key: draft settlement}`` for the payee keys ``(company, employee, partner)``,
        creating the missing drafts in one batch."""
        Settlement = self.env["hospital.commission.settlement"].sudo()
        existing = Settlement.search(
            [
                ("state", "=", "draft"),
                ("date_from", "=", date_from),
                ("company_id", "in", list({key[0] for key in keys})),
            ]
        )
        result = {
            (s.company_id.id, s.employee_id.id or 0, s.partner_id.id or 0): s for s in existing
        }
        missing = sorted(key for key in keys if key not in result)
        employees = self.env["hr.employee"].sudo().browse([key[1] for key in missing if key[1]])
        employees.fetch(["user_id", "hm_marketing_team_id"])
        vals_list = []
        for company_id, employee_id, partner_id in missing:
            employee = employees.browse(employee_id) if employee_id else employees.browse()
            vals_list.append(
                {
                    "company_id": company_id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "payee_kind": "staff" if employee_id else "external",
                    "employee_id": employee_id or False,
                    "partner_id": partner_id or False,
                    "user_id": employee.user_id.id,
                    "team_id": employee.hm_marketing_team_id.id,
                }
            )
        created = Settlement.with_context(tracking_disable=True).create(vals_list)
        result.update(zip(missing, created, strict=True))
        return result

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _company_today(self, company):
        """Today in the company's time zone: its working calendar's, else its address's."""
        company = company.sudo()
        name = company.resource_calendar_id.tz or company.partner_id.tz or "UTC"
        now = pytz.utc.localize(fields.Datetime.now())
        return now.astimezone(pytz.timezone(name)).date()

    @api.model
    def _check_month_over(self, date_from, companies):
        """A month is settled once it is over in every company's time zone: the cases of its
        last day are not all billed before."""
        date_to = date_from.replace(day=1) + relativedelta(months=1, days=-1)
        for company in companies:
            if date_to >= self._company_today(company):
                raise UserError(
                    self.env._(
                        "The month %(month)s is not over yet in %(company)s: it can be settled "
                        "from %(day)s on.",
                        month=date_from.strftime("%Y-%m"),
                        company=company.name,
                        day=date_to + relativedelta(days=1),
                    )
                )

    @api.model
    def _lock_companies(self, companies):
        """Serialise the runs of a company. A concurrent run holding the lock makes this one
        stop with a message; a run that committed after this transaction began makes
        PostgreSQL raise a serialisation failure, which Odoo retries with fresh data. Either
        way two runs never write the same lines twice."""
        try:
            companies.sudo().lock_for_update(allow_referencing=True)
        except LockError:
            raise UserError(
                self.env._(
                    "A settlement run is already in progress for this company; try again in "
                    "a moment."
                )
            ) from None
        self.env.execute_query(
            SQL(
                "UPDATE res_company SET hm_commission_run_date = now() at time zone 'UTC' "
                "WHERE id IN %s",
                tuple(companies.ids),
            )
        )
        companies.invalidate_recordset(["hm_commission_run_date"])
