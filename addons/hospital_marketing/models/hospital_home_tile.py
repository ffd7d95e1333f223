from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval


class HospitalHomeTile(models.Model):
    """A card of a role's home: what waits for the user, counted under their own access.

    A tile opens a window action narrowed by its domain; its figure is the number of records
    the user finds there (record rules apply: the count runs as the user). Upper addons add
    tiles as data; a tile with a ``code`` gets its figure from ``_tile_value_<code>``."""

    _name = "hospital.home.tile"
    _description = "Home Card"
    _order = "home, sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Char(translate=True)
    home = fields.Char(required=True, index=True, help="Key of the home showing the card.")
    sequence = fields.Integer(default=10)
    action_id = fields.Many2one("ir.actions.act_window", required=True, ondelete="cascade")
    domain = fields.Char(
        default="[]",
        help="Narrows the action; evaluated with uid; dates as 'today', 'today -7d'.",
    )
    code = fields.Char(help="Special figure computed by _tile_value_<code>.")
    color = fields.Selection(
        [("info", "Info"), ("warning", "Warning"), ("danger", "Danger"), ("success", "Success")],
        default="info",
        required=True,
    )
    value = fields.Char(string="Figure", compute="_compute_value")
    count = fields.Integer(compute="_compute_value")

    # ------------------------------------------------------------------
    # compute
    # ------------------------------------------------------------------
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_value(self):
        for tile in self:
            if tile.code:
                tile.count, tile.value = getattr(tile, f"_tile_value_{tile.code}")()
                continue
            model = tile.sudo().action_id.res_model
            if model not in self.env or not self.env[model].has_access("read"):
                tile.count, tile.value = 0, "-"
                continue
            tile.count = self.env[model].search_count(tile._full_domain())
            tile.value = str(tile.count)

    # ------------------------------------------------------------------
    # business
    # ------------------------------------------------------------------
    def _eval_context(self):
        """uid; dates are written as Odoo's relative strings ('today', 'today -7d'), which
        the ORM reads in the user's time zone."""
        return {"uid": self.env.uid}

    def _full_domain(self):
        self.ensure_one()
        action = self.sudo().action_id
        context = self._eval_context()
        domain = Domain(safe_eval(action.domain or "[]", context))
        return domain & Domain(safe_eval(self.domain or "[]", context))

    def _tile_value_pay_all(self):
        """Posted settlements not paid yet, with their total: what "pay all" pays."""
        Settlement = self.env["hospital.commission.settlement"]
        if not Settlement.has_access("read"):
            return 0, "-"
        domain = Domain("company_id", "=", self.env.company.id) & Domain(
            [("state", "=", "posted"), ("payment_state", "=", "not_paid")]
        )
        [(count, total)] = Settlement._read_group(domain, [], ["__count", "amount_total:sum"])
        currency = self.env.company.currency_id
        return count, f"{count} · {currency.format(total or 0.0)}"

    def _tile_value_under_minimum(self):
        """Daily reports under the daily minimum (R-W3); the flag is computed, so the reports
        of the period are read once and filtered."""
        Report = self.env["hospital.work.report"]
        if not Report.has_access("read"):
            return 0, "-"
        count = len(Report.search(self._full_domain()).filtered("under_minimum"))
        return count, str(count)

    def _tile_value_team_day(self):
        """The team's day (R-W3): contacts done today against those planned, beside the daily
        minimum of the settings, from the visits the leader may read."""
        Visit = self.env["hospital.visit"]
        if not Visit.has_access("read"):
            return 0, "-"
        done = dict(Visit._read_group(self._full_domain(), ["state"], ["__count"]))
        minimum = self.env.company.hm_min_daily_contacts
        planned = done.get("planned", 0) + done.get("done", 0)
        return done.get("done", 0), self.env._(
            "%(done)s / %(planned)s · minimum %(minimum)s a day",
            done=done.get("done", 0),
            planned=planned,
            minimum=minimum,
        )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_open(self):
        """The tile's records: its action, narrowed by its domain."""
        self.ensure_one()
        action = self.sudo().action_id._get_action_dict()
        action["domain"] = list(self._full_domain())
        # the card's domain replaces the default filters of the action's menu
        try:
            context = safe_eval(action.get("context") or "{}", self._eval_context())
        except (ValueError, NameError, SyntaxError):
            context = {}
        action["context"] = {
            key: value for key, value in context.items() if not key.startswith("search_default_")
        }
        action["display_name"] = self.name
        action["name"] = self.name
        return action
