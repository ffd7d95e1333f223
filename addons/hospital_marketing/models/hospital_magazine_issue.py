import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .hospital_marketing_material import COST_GROUPS

ISSUE_STATES = [
    ("draft", "Draft"),
    ("printed", "Printed"),
    ("distributing", "Distributing"),
    ("closed", "Closed"),
]

MANAGE_GROUPS = (
    "hospital_marketing.group_marketing_office,hospital_marketing.group_marketing_manager"
)


class HospitalMagazineIssue(models.Model):
    """An issue of the hospital's magazine (R-M1): its print run, what it cost, and its stock.

    Stock is a ledger of our own, not Odoo's inventory: copies are counted per drop point
    (``hospital.distribution.line``: received, handed out, returned) and rolled up here with
    one ``_read_group``; the copies received from the printer are a tracked figure of the
    issue. See the README section "Magazine and materials" for why.
    """

    _name = "hospital.magazine.issue"
    _description = "Magazine Issue"
    _inherit = ["mail.thread", "mail.activity.mixin", "hospital.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _hm_workflow_fields = {"state": False}

    name = fields.Char(string="Issue", required=True, tracking=True, help="e.g. 2026年第12期")
    date_start = fields.Date(string="Period Start", required=True, tracking=True)
    date_end = fields.Date(string="Period End", required=True, tracking=True)
    state = fields.Selection(
        ISSUE_STATES, required=True, default="draft", readonly=True, tracking=True, copy=False
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    print_run = fields.Integer(required=True, tracking=True)
    printing_bill_id = fields.Many2one(
        "account.move",
        check_company=True,
        domain="[('move_type', '=', 'in_invoice')]",
        groups=COST_GROUPS,
        tracking=True,
    )
    printing_cost = fields.Monetary(
        compute="_compute_printing_cost",
        store=True,
        readonly=False,
        precompute=True,
        groups=COST_GROUPS,
        tracking=True,
        help="The untaxed amount of the printer's vendor bill, or the agreed price before the bill "
        "arrives.",
    )
    unit_cost = fields.Monetary(
        string="Cost per Copy", compute="_compute_unit_cost", groups=COST_GROUPS
    )
    copies_received = fields.Integer(
        tracking=True,
        copy=False,
        help="Copies delivered by the printer into the department's stock.",
    )
    # the ledger's roll-up (sum of the drop points)
    copies_issued = fields.Integer(string="Taken Out", compute="_compute_stock")
    copies_handed_out = fields.Integer(string="Handed Out", compute="_compute_stock")
    copies_returned = fields.Integer(string="Returned", compute="_compute_stock")
    copies_out = fields.Integer(
        string="With the Squads",
        compute="_compute_stock",
        help="Taken out, neither handed out nor returned yet.",
    )
    copies_left = fields.Integer(
        string="In Stock", compute="_compute_stock", help="Received, not taken out, plus returns."
    )
    # squad sizing (R-M1)
    monthly_copies = fields.Integer(string="Copies per Month", compute="_compute_squads")
    squads_needed = fields.Integer(compute="_compute_squads")
    staff_needed = fields.Integer(string="People Needed", compute="_compute_squads")
    squads_available = fields.Integer(string="Magazine Squads", compute="_compute_squads")
    squad_warning = fields.Char(compute="_compute_squads")
    task_ids = fields.One2many(
        "hospital.distribution.task", "issue_id", string="Distribution Tasks"
    )
    task_count = fields.Integer(compute="_compute_task_count")
    note = fields.Html()

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "An issue number must be unique per company."
    )
    _period_ordered = models.Constraint(
        "CHECK(date_end >= date_start)", "An issue's period cannot end before it starts."
    )
    _quantities_positive = models.Constraint(
        "CHECK(print_run >= 0 AND copies_received >= 0)",
        "The print run and the copies received cannot be negative.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("printing_bill_id.amount_untaxed")
    def _compute_printing_cost(self):
        for issue in self:
            if issue.printing_bill_id:
                issue.printing_cost = issue.printing_bill_id.amount_untaxed

    @api.depends("printing_cost", "print_run")
    def _compute_unit_cost(self):
        for issue in self:
            issue.unit_cost = issue.printing_cost / issue.print_run if issue.print_run else 0.0

    def _compute_stock(self):
        totals = self.env["hospital.distribution.line"]._stock_totals("issue_id", self)
        for issue in self:
            issued, handed_out, returned = totals.get(issue, (0, 0, 0))
            issue.copies_issued = issued
            issue.copies_handed_out = handed_out
            issue.copies_returned = returned
            issue.copies_out = issued - handed_out - returned
            issue.copies_left = issue.copies_received - issued + returned

    @api.depends("print_run", "date_start", "date_end", "company_id")
    def _compute_squads(self):
        squads = self._magazine_squads(self.company_id)
        for issue in self:
            company = issue.company_id
            months = 1
            if issue.date_start and issue.date_end:
                months = max(
                    1,
                    (issue.date_end.year - issue.date_start.year) * 12
                    + issue.date_end.month
                    - issue.date_start.month
                    + 1,
                )
            issue.monthly_copies = math.ceil(issue.print_run / months)
            capacity = company.hm_magazine_squad_capacity or 1
            issue.squads_needed = math.ceil(issue.monthly_copies / capacity)
            issue.staff_needed = issue.squads_needed * company.hm_magazine_squad_size
            issue.squads_available = len(squads.filtered(lambda t, c=company: t.company_id == c))
            if issue.squads_available < issue.squads_needed:
                issue.squad_warning = self.env._(
                    "%(copies)s copies a month need %(needed)s squads of %(size)s people; the "
                    "magazine team has %(available)s.",
                    copies=issue.monthly_copies,
                    needed=issue.squads_needed,
                    size=company.hm_magazine_squad_size,
                    available=issue.squads_available,
                )
            else:
                issue.squad_warning = False

    def _compute_task_count(self):
        counts = dict(
            self.env["hospital.distribution.task"]._read_group(
                [("issue_id", "in", self.ids)], ["issue_id"], ["__count"]
            )
        )
        for issue in self:
            issue.task_count = counts.get(issue, 0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("copies_received")
    def _check_copies_received(self):
        for issue in self:
            if issue.copies_left < 0:
                raise ValidationError(
                    self.env._(
                        "Issue %(issue)s: more copies were taken out than received.",
                        issue=issue.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if not self.env.su and any(issue.state == "closed" for issue in self):
            raise UserError(self.env._("A closed issue can no longer be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(issue.state != "draft" for issue in self):
            raise UserError(self.env._("Only a draft issue can be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_printed(self):
        """The printer delivered: the copies received default to the print run."""
        self._check_manage()
        for issue in self:
            if issue.state != "draft":
                raise UserError(self.env._("Only a draft issue can be marked printed."))
            if issue.print_run <= 0:
                raise UserError(self.env._("Issue %s has no print run.", issue.name))
        for issue in self.sudo():
            issue.write(
                {"state": "printed", "copies_received": issue.copies_received or issue.print_run}
            )
        return True

    def action_distribute(self):
        self._check_manage()
        if any(issue.state != "printed" for issue in self):
            raise UserError(self.env._("Only a printed issue can be distributed."))
        self.sudo().write({"state": "distributing"})
        return True

    def action_close(self):
        """Close the issue: the open tasks are closed and their leftovers go back to stock."""
        self._check_manage()
        if any(issue.state not in ("printed", "distributing") for issue in self):
            raise UserError(self.env._("Only a printed or distributing issue can be closed."))
        tasks = self.sudo().task_ids
        tasks.filtered(lambda t: t.state == "assigned")._finish()
        tasks.filtered(lambda t: t.state == "draft").write({"state": "cancel"})
        self.sudo().write({"state": "closed"})
        for issue in self:
            issue.message_post(
                body=self.env._(
                    "Closed: %(handed)s copies handed out, %(left)s left in stock.",
                    handed=issue.copies_handed_out,
                    left=issue.copies_left,
                )
            )
        return True

    def action_open_generator(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Spread over the Squads"),
            "res_model": "hospital.distribution.generate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_issue_id": self.id},
        }

    def action_open_tasks(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Distribution Tasks of %s", self.name),
            "res_model": "hospital.distribution.task",
            "view_mode": "list,kanban,form",
            "domain": [("issue_id", "=", self.id)],
            "context": {"default_issue_id": self.id},
        }

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _magazine_squads(self, companies):
        """The squads that distribute the magazine: the active teams of kind magazine that have
        no magazine squad below them (a magazine team without squads is one squad)."""
        teams = (
            self.env["hospital.marketing.team"]
            .sudo()
            .search([("kind", "=", "magazine"), ("company_id", "in", companies.ids)])
        )
        return teams.filtered(lambda t: not (t.child_ids & teams))

    def _check_manage(self):
        self._hm_check_role(
            MANAGE_GROUPS,
            self.env._("Only the marketing office or manager moves an issue on."),
        )
