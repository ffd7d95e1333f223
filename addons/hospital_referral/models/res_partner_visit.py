from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from odoo.addons.hospital_marketing.tools.local_time import env_for

from .res_partner import PROFILE_GROUPS

# the partners whose visits are no longer due (R-P3: a replaced partner is history)
NO_CADENCE_STAGES = ("dormant", "replaced")
VISIT_DUE_ACTIVITY = "hospital_referral.mail_activity_visit_due"


class ResPartner(models.Model):
    """Visit cadence by grade (R-W7, R-P3): when a referral partner was last visited or
    called, and since when its next visit is overdue, from the settings' interval of its
    grade; a daily job gives the responsible promoter one "visit due" activity."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hm_referral_visit_ids = fields.One2many(
        "hospital.visit", "partner_id", string="Visits and Calls", groups=PROFILE_GROUPS
    )
    hm_referral_last_visit = fields.Datetime(
        string="Last Visit",
        compute="_compute_hm_referral_last_visit",
        store=True,
        groups=PROFILE_GROUPS,
        help="The latest done visit or phone follow-up of the visit log.",
    )
    hm_referral_visit_due = fields.Date(
        string="Next Visit Due",
        compute="_compute_hm_referral_visit_due",
        store=True,
        index=True,
        groups=PROFILE_GROUPS,
        help="The last visit (or, never visited, the day the partner got its grade) plus the "
        "visit interval of its grade in the settings.",
    )
    hm_referral_visit_overdue_since = fields.Date(
        string="Visit Overdue Since",
        compute="_compute_hm_referral_visit_overdue_since",
        search="_search_hm_referral_visit_overdue_since",
        groups=PROFILE_GROUPS,
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("hm_referral_visit_ids.state", "hm_referral_visit_ids.start_datetime")
    def _compute_hm_referral_last_visit(self):
        last = dict(
            self.env["hospital.visit"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self._origin.ids), ("state", "=", "done")],
                ["partner_id"],
                ["start_datetime:max"],
            )
        )
        for partner in self:
            partner.hm_referral_last_visit = last.get(partner._origin, False)

    @api.depends(
        "hm_referral_grade",
        "hm_referral_stage",
        "hm_referral_last_visit",
        "hm_referral_grade_history_ids",
    )
    def _compute_hm_referral_visit_due(self):
        graded_on = self._hm_referral_graded_on()
        for partner in self:
            interval = partner._hm_referral_visit_interval()
            if not interval:
                partner.hm_referral_visit_due = False
                continue
            if partner.hm_referral_last_visit:
                start = fields.Datetime.context_timestamp(
                    partner, partner.hm_referral_last_visit
                ).date()
            else:
                start = graded_on.get(partner._origin.id) or fields.Date.context_today(
                    partner, partner.create_date
                )
            partner.hm_referral_visit_due = start + timedelta(days=interval)

    @api.depends("hm_referral_visit_due")
    @api.depends_context("tz")
    def _compute_hm_referral_visit_overdue_since(self):
        today = fields.Date.context_today(self)
        for partner in self:
            due = partner.hm_referral_visit_due
            partner.hm_referral_visit_overdue_since = due if due and due <= today else False

    def _search_hm_referral_visit_overdue_since(self, operator, value):
        """Only "is overdue" (``!= False``) and "is not overdue" (``= False``) are searched:
        what the "Visit overdue" filter asks."""
        if operator not in ("in", "not in") or set(value) != {False}:
            return NotImplemented
        today = fields.Date.context_today(self)
        overdue = Domain("hm_referral_visit_due", "<=", today)
        if operator == "not in":
            return overdue
        return Domain("hm_referral_visit_due", "=", False) | Domain(
            "hm_referral_visit_due", ">", today
        )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _hm_workflow_spec(self):
        # the visit log and the settings set them, nobody types them (a view is no security)
        return super()._hm_workflow_spec() | {
            "hm_referral_last_visit": False,
            "hm_referral_visit_due": False,
        }

    def _hm_referral_visit_interval(self):
        """Days between two visits of this partner by the settings, 0 without cadence."""
        self.ensure_one()
        if not self.hm_referral_grade or self.hm_referral_stage in NO_CADENCE_STAGES:
            return 0
        company = self.company_id or self.env.company
        return company[f"hm_visit_days_grade_{self.hm_referral_grade}"] or 0

    def _hm_referral_graded_on(self):
        """``{partner id: date}`` of the day each partner got its current grade, from the
        grade history (one query)."""
        history = (
            self.env["hospital.referral.grade.history"]
            .sudo()
            .search([("partner_id", "in", self._origin.ids)], order="create_date, id")
        )
        graded_on = {}
        for line in history:
            if line.grade and line.grade != line.old_grade:
                graded_on[line.partner_id.id] = fields.Date.context_today(self, line.create_date)
        return graded_on

    # the daily job (R-W7)
    @api.model
    def _cron_visit_cadence(self):
        """One "visit due" activity per overdue partner for its responsible promoter (the
        promoter of its institution for a doctor); a partner that already has one open gets
        none, a partner without a responsible promoter with a login gets none (its leader
        finds it with the "Visit overdue" filter)."""
        today = fields.Date.context_today(self)
        partners = self.sudo().search(
            [
                ("hm_referral_visit_due", "<=", today),
                ("hm_referral_user_id", "!=", False),
            ]
        )
        activity_type = self.env.ref(VISIT_DUE_ACTIVITY)
        open_ids = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        due = partners.filtered(lambda p: p.id not in open_ids)
        for (user, day), group in due.grouped(
            lambda p: (p.hm_referral_user_id, p.hm_referral_visit_due)
        ).items():
            group.activity_schedule(
                VISIT_DUE_ACTIVITY,
                date_deadline=day,
                summary=env_for(self.env, user)._("Visit due since %s", day),
                user_id=user.id,
            )
        return due
