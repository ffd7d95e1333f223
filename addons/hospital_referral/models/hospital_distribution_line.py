from odoo import api, fields, models

from odoo.addons.hospital_marketing.models.hospital_distribution_line import (
    HospitalDistributionLine as CoreLine,
)


class HospitalDistributionLine(models.Model):
    """A drop point at a referral partner: the partner's kind and territory feed the reach,
    and the confirmed delivery counts as a contact (a done visit) of the distributor."""

    _inherit = "hospital.distribution.line"
    _hm_workflow_fields = CoreLine._hm_workflow_fields | {"visit_id": False}

    referral_partner_kind = fields.Selection(
        related="partner_id.commercial_partner_id.referral_partner_kind",
        string="Partner Kind",
        store=True,
        index=True,
    )
    visit_id = fields.Many2one(
        "hospital.visit",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The contact logged in the distributor's field work by this delivery.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("task_id.territory_id", "partner_id.hm_referral_territory_id")
    def _compute_territory_id(self):
        for line in self:
            partner = line.partner_id.commercial_partner_id.sudo()
            if not line.territory_id and partner.hm_referral_territory_id:
                line.territory_id = partner.hm_referral_territory_id
        return super()._compute_territory_id()

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _drop_confirmed(self):
        """A delivery to a referral partner is a contact of the one who made it (R-W1, R-W3):
        one done visit per drop point, with the drop's time, place and proof position."""
        res = super()._drop_confirmed()
        employee = self.env.user.employee_id
        lines = self.sudo().filtered(
            lambda ln: ln.partner_id.commercial_partner_id.referral_partner_kind and not ln.visit_id
        )
        if not employee or not lines:
            return res
        visits = (
            self.env["hospital.visit"]
            .sudo()
            .create(
                [
                    {
                        "kind": "visit",
                        "state": "done",
                        "company_id": line.company_id.id,
                        "promoter_id": employee.id,
                        "partner_id": line.partner_id.id,
                        "contact_ids": [fields.Command.set(line.recipient_id.ids)],
                        "start_datetime": line.done_datetime,
                        "place": line.drop_point,
                        "latitude": line.latitude,
                        "longitude": line.longitude,
                        "purpose": self.env._("Delivery of publicity material"),
                        "materials": self.env._(
                            "%(qty)s copies of %(what)s",
                            qty=line.qty_handed_out,
                            what=(line.issue_id or line.material_id).display_name,
                        ),
                    }
                    for line in lines
                ]
            )
        )
        for line, visit in zip(lines, visits, strict=True):
            line.visit_id = visit
        return res
