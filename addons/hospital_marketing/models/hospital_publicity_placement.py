from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .hospital_magazine_issue import MANAGE_GROUPS
from .hospital_marketing_material import COST_GROUPS

PLACEMENT_KINDS = [
    ("window", "Community Publicity Window"),
    ("bus", "Bus Ad"),
    ("ebike", "E-bike Ad"),
    ("vehicle", "Vehicle Cover Ad"),
    ("billboard", "Outdoor Billboard"),
    ("other", "Other"),
]

PLACEMENT_STATUSES = [("live", "Live"), ("damaged", "Damaged"), ("removed", "Removed")]


class HospitalPublicityPlacement(models.Model):
    """A place the hospital's publicity hangs for a period (R-M3): a community window, an ad on
    a bus, an e-bike or a vehicle cover, a billboard; with what it costs, who supplies it, the
    content version shown, its photos over time and when it needs care next."""

    _name = "hospital.publicity.placement"
    _description = "Publicity Placement"
    _inherit = ["mail.thread", "mail.activity.mixin", "hospital.workflow.mixin"]
    _order = "status, date_end, id desc"
    _check_company_auto = True
    _hm_workflow_fields = {"status": False}

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(PLACEMENT_KINDS, required=True, default="window", tracking=True)
    status = fields.Selection(
        PLACEMENT_STATUSES, required=True, default="live", readonly=True, tracking=True, copy=False
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    place = fields.Char(
        required=True, help="Where it hangs: the community, the bus line, the road."
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Host",
        help="The community office, company or owner where the placement hangs.",
    )
    territory_id = fields.Many2one("hospital.marketing.territory", index=True, check_company=True)
    supplier_id = fields.Many2one("res.partner", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Reminded of the maintenance, the content updates and the end of the placement.",
    )
    date_start = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(tracking=True)
    cost = fields.Monetary(groups=COST_GROUPS, tracking=True)
    content_version = fields.Char(tracking=True, help="The version of the artwork on display.")
    maintenance_interval = fields.Integer(
        string="Maintenance Every (days)",
        default=lambda self: self.env.company.hm_placement_maintenance_days,
    )
    last_maintenance_date = fields.Date(tracking=True, copy=False)
    next_maintenance_date = fields.Date(
        compute="_compute_next_maintenance_date",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
    )
    next_content_date = fields.Date(string="Next Content Update", tracking=True, index=True)
    photo = fields.Image(string="Latest Photo", max_width=1920, max_height=1920)
    history_ids = fields.One2many("hospital.publicity.placement.history", "placement_id")
    note = fields.Html()

    _period_ordered = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "A placement cannot end before it starts.",
    )
    _interval_positive = models.Constraint(
        "CHECK(maintenance_interval >= 0)", "The maintenance interval cannot be negative."
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("date_start", "last_maintenance_date", "maintenance_interval")
    def _compute_next_maintenance_date(self):
        for placement in self:
            base = placement.last_maintenance_date or placement.date_start
            if base and placement.maintenance_interval:
                placement.next_maintenance_date = base + timedelta(
                    days=placement.maintenance_interval
                )
            else:
                placement.next_maintenance_date = False

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        placements = super().create(vals_list)
        placements.sudo()._hm_log(self.env._("Placed"))
        return placements

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_report_damaged(self):
        """Anyone of the department who finds a placement damaged reports it."""
        self._hm_check_role(
            "hospital_marketing.group_marketing_promoter",
            self.env._("Only marketing staff report a damaged placement."),
            operation="read",
        )
        if any(p.status != "live" for p in self):
            raise UserError(self.env._("Only a live placement can be reported damaged."))
        # a promoter may read but not write placements: the report goes through as superuser
        return self._set_status("damaged", self.env._("Reported damaged"))

    def action_set_live(self):
        self._check_manage()
        if any(p.status == "live" for p in self):
            raise UserError(self.env._("The placement is already live."))
        return self._set_status("live", self.env._("Back live"))

    def action_remove(self):
        self._check_manage()
        if any(p.status == "removed" for p in self):
            raise UserError(self.env._("The placement is already removed."))
        self.sudo().activity_unlink(["hospital_marketing.mail_activity_type_placement_due"])
        return self._set_status("removed", self.env._("Removed"))

    def action_maintained(self):
        """The maintenance round was done today (its photo, when taken, is the latest photo):
        the next one is planned and the reminder is done."""
        self._check_manage()
        if any(p.status == "removed" for p in self):
            raise UserError(self.env._("A removed placement is not maintained."))
        self.write({"last_maintenance_date": fields.Date.context_today(self)})
        self.sudo().activity_feedback(["hospital_marketing.mail_activity_type_placement_due"])
        self._hm_log(self.env._("Maintained"))
        return True

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _hm_log(self, note):
        self.env["hospital.publicity.placement.history"].sudo().create(
            [
                {
                    "placement_id": placement.id,
                    "status": placement.status,
                    "content_version": placement.content_version,
                    "photo": placement.photo,
                    "note": note,
                }
                for placement in self
            ]
        )

    def _set_status(self, status, note):
        self.sudo().write({"status": status})
        self._hm_log(note)
        return True

    # reminders (daily job)
    @api.model
    def _cron_placement_reminders(self):
        """One reminder per placement whose maintenance or content update falls due, or whose
        period ends, within the company's reminder lead: never a second one while the first is
        open, so a second run the same day (or the next) adds nothing."""
        today = fields.Date.context_today(self)
        placements = self.sudo().search([("status", "!=", "removed")])
        if not placements:
            return
        activity_type = self.env.ref("hospital_marketing.mail_activity_type_placement_due")
        open_ids = {
            res_id
            for [res_id] in self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", placements.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        for placement in placements:
            if placement.id in open_ids:
                continue
            horizon = today + timedelta(days=placement.company_id.hm_placement_reminder_days)
            reasons = []
            if placement.next_maintenance_date and placement.next_maintenance_date <= horizon:
                reasons.append(self.env._("maintenance due %s", placement.next_maintenance_date))
            if placement.next_content_date and placement.next_content_date <= horizon:
                reasons.append(self.env._("content update due %s", placement.next_content_date))
            if placement.date_end and placement.date_end <= horizon:
                reasons.append(self.env._("ends %s", placement.date_end))
            if not reasons:
                continue
            deadline = min(
                d
                for d in (
                    placement.next_maintenance_date,
                    placement.next_content_date,
                    placement.date_end,
                )
                if d
            )
            placement.activity_schedule(
                "hospital_marketing.mail_activity_type_placement_due",
                date_deadline=max(deadline, today),
                summary=", ".join(reasons),
                user_id=(placement.user_id or placement.create_uid).id,
            )

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    def _check_manage(self):
        self._hm_check_role(
            MANAGE_GROUPS,
            self.env._("Only the marketing office or manager changes a placement's status."),
        )
