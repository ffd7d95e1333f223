from odoo import api, fields, models

GIFT_KINDS = [
    ("souvenir", "Souvenir (cup, umbrella...)"),
    ("card", "Card or Voucher"),
    ("holiday", "Holiday Gift"),
    ("meal", "Meal or Hospitality"),
    ("trip", "Trip"),
    ("other", "Other"),
]


class HospitalReferralGift(models.Model):
    """A gift or hospitality given to a referral partner (R-P6): compliance-relevant, so each
    one is recorded with its value, and a partner's yearly total is compared with a cap."""

    _name = "hospital.referral.gift"
    _description = "Gift or Hospitality to a Referral Partner"
    _inherit = ["mail.thread", "hospital.marketing.owned.mixin", "hospital.workflow.mixin"]
    _hm_owner_field = "giver_id"
    # a gift is recorded by its giver; a team leader corrects who gave it (R-P6)
    _hm_workflow_fields = dict.fromkeys(
        ("giver_id", "user_id", "team_id"), "hospital_marketing.group_marketing_leader"
    )
    _order = "date desc, id desc"

    name = fields.Char(string="Description", required=True, tracking=True)
    kind = fields.Selection(GIFT_KINDS, required=True, default="souvenir")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)
    value = fields.Monetary(currency_field="currency_id", required=True, tracking=True)
    partner_id = fields.Many2one("res.partner", required=True, index=True, tracking=True)
    receiver_id = fields.Many2one(
        "res.partner",
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
        help="The person who received it, e.g. a doctor of the partner.",
    )
    giver_id = fields.Many2one(
        "hr.employee",
        string="Given By",
        required=True,
        index=True,
        default=lambda self: self.env.user.employee_id,
    )
    year_total = fields.Monetary(
        string="Partner Total This Year",
        compute="_compute_year_total",
        currency_field="currency_id",
    )
    over_cap = fields.Boolean(string="Over the Yearly Cap", compute="_compute_year_total")
    note = fields.Text()

    _value_positive = models.Constraint("CHECK(value >= 0)", "A gift's value cannot be negative.")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("partner_id", "date", "value", "company_id")
    def _compute_year_total(self):
        for gift in self:
            partner = gift.partner_id.commercial_partner_id
            if not partner or not gift.date:
                gift.year_total = 0.0
                gift.over_cap = False
                continue
            total = self._yearly_totals(partner, gift.date.year, gift.company_id).get(
                partner.id, 0.0
            )
            if not gift._origin:  # a new gift, not yet in the database
                total += gift.value
            gift.year_total = total
            cap = gift.company_id.hm_gift_yearly_cap
            gift.over_cap = bool(cap) and total > cap

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        gifts = super().create(vals_list)
        gifts._warn_over_cap()
        return gifts

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _warn_over_cap(self):
        """Post a warning on the partner's chatter when its yearly total passes the cap."""
        for gift in self.filtered("over_cap"):
            gift.message_post(
                body=self.env._(
                    "The gifts to %(partner)s this year total %(total).2f, over the yearly cap "
                    "of %(cap).2f.",
                    partner=gift.partner_id.commercial_partner_id.display_name,
                    total=gift.year_total,
                    cap=gift.company_id.hm_gift_yearly_cap,
                )
            )

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------
    @api.model
    def _yearly_totals(self, partners, year, company=None):
        """{partner id: total value of the gifts given to it (and its contacts) in ``year``}."""
        company = company or self.env.company
        partners = partners.filtered("id")
        if not partners:
            return {}
        groups = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("partner_id", "child_of", partners.ids),
                    ("company_id", "=", company.id),
                    ("date", ">=", f"{year}-01-01"),
                    ("date", "<=", f"{year}-12-31"),
                ],
                ["partner_id"],
                ["value:sum"],
            )
        )
        totals = {}
        for partner, value in groups:
            commercial = partner.commercial_partner_id
            for target in partners:
                if target in (partner, commercial):
                    totals[target.id] = totals.get(target.id, 0.0) + value
        return totals
