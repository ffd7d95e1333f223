from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HospitalMarketingTerritory(models.Model):
    """A district, township or area (区域) given to a team and its responsible promoters (R-P4)."""

    _name = "hospital.marketing.territory"
    _description = "Marketing Territory"
    # hr.mixin: a leader without HR rights may still assign promoters (a many2many to employees)
    _inherit = ["hr.mixin", "mail.thread", "hospital.marketing.tree.mixin"]
    _parent_store = True
    _order = "complete_name"
    _check_company_auto = True
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char()
    active = fields.Boolean(default=True)
    parent_id = fields.Many2one(
        "hospital.marketing.territory",
        string="Parent Territory",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many(
        "hospital.marketing.territory", "parent_id", string="Sub-territories"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "hospital.marketing.team", index=True, tracking=True, check_company=True
    )
    promoter_ids = fields.Many2many(
        "hr.employee",
        "hospital_marketing_territory_employee_rel",
        "territory_id",
        "employee_id",
        string="Responsible Promoters",
        check_company=True,
    )
    note = fields.Text()

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)", "A territory code must be unique per company."
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A territory cannot be its own parent."))
