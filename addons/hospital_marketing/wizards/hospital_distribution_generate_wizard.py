from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.hospital_magazine_issue import MANAGE_GROUPS


class HospitalDistributionGenerateWizard(models.TransientModel):
    """Spread an issue over the magazine squads and their territories in one step (R-M2): the
    proposed split is editable before the tasks are created."""

    _name = "hospital.distribution.generate.wizard"
    _description = "Spread an Issue over the Squads"

    issue_id = fields.Many2one("hospital.magazine.issue", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="issue_id.company_id")
    date_start = fields.Date(
        compute="_compute_dates", store=True, readonly=False, required=True, precompute=True
    )
    date_end = fields.Date(
        compute="_compute_dates", store=True, readonly=False, required=True, precompute=True
    )
    quantity = fields.Integer(
        string="Copies to Spread",
        compute="_compute_quantity",
        store=True,
        readonly=False,
        precompute=True,
        help="The copies in stock (the print run before the printer delivered), less what "
        "tasks already planned.",
    )
    line_ids = fields.One2many(
        "hospital.distribution.generate.wizard.line",
        "wizard_id",
        string="Split",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    total = fields.Integer(compute="_compute_total")
    squad_warning = fields.Char(related="issue_id.squad_warning")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("issue_id")
    def _compute_dates(self):
        for wizard in self:
            wizard.date_start = wizard.issue_id.date_start
            wizard.date_end = wizard.issue_id.date_end

    @api.depends("issue_id")
    def _compute_quantity(self):
        for wizard in self:
            issue = wizard.issue_id
            stock = issue.copies_left if issue.state != "draft" else issue.print_run
            planned = sum(
                issue.task_ids.filtered(lambda t: t.state == "draft").mapped("qty_allocated")
            )
            wizard.quantity = max(stock - planned, 0)

    @api.depends("quantity")
    def _compute_line_ids(self):
        for wizard in self:
            squads = wizard.issue_id._magazine_squads(wizard.issue_id.company_id)
            territories = self.env["hospital.marketing.territory"].search(
                [("team_id", "in", squads.ids)], order="complete_name"
            )
            by_squad = territories.grouped("team_id")
            commands = [Command.clear()]
            for squad, squad_qty in zip(squads, _split(wizard.quantity, len(squads)), strict=True):
                places = by_squad.get(squad) or [self.env["hospital.marketing.territory"]]
                for territory, qty in zip(places, _split(squad_qty, len(places)), strict=True):
                    commands.append(
                        Command.create(
                            {"team_id": squad.id, "territory_id": territory.id, "quantity": qty}
                        )
                    )
            wizard.line_ids = commands

    @api.depends("line_ids.quantity")
    def _compute_total(self):
        for wizard in self:
            wizard.total = sum(wizard.line_ids.mapped("quantity"))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_generate(self):
        self.ensure_one()
        issue = self.issue_id
        issue._hm_check_role(
            MANAGE_GROUPS,
            self.env._("Only the marketing office or manager spreads an issue over the squads."),
        )
        if issue.state == "closed":
            raise UserError(self.env._("Issue %s is closed.", issue.name))
        lines = self.line_ids.filtered("quantity")
        if not lines:
            raise UserError(self.env._("Nothing to spread."))
        if self.total > self.quantity:
            raise UserError(
                self.env._(
                    "The split gives out %(total)s copies, only %(quantity)s are to spread.",
                    total=self.total,
                    quantity=self.quantity,
                )
            )
        tasks = self.env["hospital.distribution.task"].create(
            [
                {
                    "name": " · ".join(
                        name
                        for name in (issue.name, line.team_id.name, line.territory_id.name)
                        if name
                    ),
                    "issue_id": issue.id,
                    "company_id": issue.company_id.id,
                    "team_id": line.team_id.id,
                    "territory_id": line.territory_id.id,
                    "date_start": self.date_start,
                    "date_end": self.date_end,
                    "qty_allocated": line.quantity,
                }
                for line in lines
            ]
        )
        action = issue.action_open_tasks()
        action["domain"] = [("id", "in", tasks.ids)]
        return action


def _split(quantity, parts):
    """``quantity`` in ``parts`` near-equal integers (the first ones get the remainder)."""
    if not parts:
        return []
    base, extra = divmod(quantity, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


class HospitalDistributionGenerateWizardLine(models.TransientModel):
    _name = "hospital.distribution.generate.wizard.line"
    _description = "Spread an Issue: Squad Share"

    wizard_id = fields.Many2one(
        "hospital.distribution.generate.wizard", required=True, ondelete="cascade"
    )
    team_id = fields.Many2one("hospital.marketing.team", string="Squad", required=True)
    territory_id = fields.Many2one("hospital.marketing.territory")
    quantity = fields.Integer(string="Copies")
