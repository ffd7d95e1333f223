from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HospitalReferralGift(models.Model):
    """A gift handed over at a visit names the visit (R-P6, R-W1)."""

    _inherit = "hospital.referral.gift"

    visit_id = fields.Many2one(
        "hospital.visit", string="Handed Over at Visit", index="btree_not_null", ondelete="set null"
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("visit_id", "giver_id", "partner_id")
    def _check_visit(self):
        """A gift handed over at a visit was given by the visit's promoter to its partner."""
        for gift in self.filtered("visit_id"):
            visit = gift.visit_id.sudo()
            if (
                visit.promoter_id != gift.giver_id
                or visit.partner_id.commercial_partner_id != gift.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "A gift handed over at a visit is given by the visit's promoter to the "
                        "visited partner."
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """A gift entered on a visit takes the visit's partner, promoter, day and company
        unless given."""
        visits = self.env["hospital.visit"].browse(
            {vals["visit_id"] for vals in vals_list if vals.get("visit_id")}
        )
        by_id = {visit.id: visit for visit in visits}
        for vals in vals_list:
            visit = by_id.get(vals.get("visit_id"))
            if not visit:
                continue
            vals.setdefault("partner_id", visit.partner_id.commercial_partner_id.id)
            vals.setdefault("giver_id", visit.promoter_id.id)
            vals.setdefault("company_id", visit.company_id.id)
            vals.setdefault(
                "date", fields.Datetime.context_timestamp(visit, visit.start_datetime).date()
            )
        return super().create(vals_list)


class HospitalVisit(models.Model):
    """Materials and gifts handed over at a visit are gift records of the gift ledger (R-P6),
    not a free text: the text stays as a legacy note of the older visits."""

    _inherit = "hospital.visit"  # pylint: disable=consider-merging-classes-inherited

    gift_ids = fields.One2many("hospital.referral.gift", "visit_id", string="Gifts Handed Over")
    gift_total = fields.Monetary(
        string="Gifts Value", compute="_compute_gift_total", currency_field="gift_currency_id"
    )
    gift_currency_id = fields.Many2one(related="company_id.currency_id", string="Gift Currency")
    materials = fields.Text(string="Materials (legacy note)")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("gift_ids.value")
    def _compute_gift_total(self):
        for visit in self:
            visit.gift_total = sum(visit.gift_ids.mapped("value"))
