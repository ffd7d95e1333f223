from odoo import api, fields, models
from odoo.exceptions import ValidationError

# share field of each event role on a rule (R-C3)
ROLE_SHARE_FIELDS = {
    "contact": "contact_share",
    "executor": "executor_share",
    "lecturer": "lecturer_share",
}


class HospitalCommissionRule(models.Model):
    """Event-role rules (R-C3): a percentage of the spending of the patients who came through
    an outreach event, split between the event's contact person, executor and lecturer."""

    _inherit = "hospital.commission.rule"

    payee_kind = fields.Selection(
        selection_add=[("event_role", "Event Role")],
        # a rule of a kind nobody is paid in any more means nothing; a rule that produced lines
        # stays (the lines restrict its deletion)
        ondelete={"event_role": "cascade"},
    )
    contact_share = fields.Float(
        string="Contact Person Share (%)",
        default=50.0,
        help="For event roles, the rate of the rule is the event's rate, split between the "
        "roles by their shares.",
    )
    executor_share = fields.Float(string="Executor Share (%)", default=30.0)
    lecturer_share = fields.Float(string="Lecturer Share (%)", default=20.0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("payee_kind", "contact_share", "executor_share", "lecturer_share", "method")
    def _check_event_shares(self):
        for rule in self.filtered(lambda r: r.payee_kind == "event_role"):
            shares = (rule.contact_share, rule.executor_share, rule.lecturer_share)
            if any(share < 0 for share in shares) or abs(sum(shares) - 100.0) > 0.001:
                raise ValidationError(
                    self.env._(
                        "The shares of the contact person, executor and lecturer of rule "
                        "%(rule)s must sum to 100%% (they sum to %(sum)s%%).",
                        rule=rule.display_name,
                        sum=round(sum(shares), 2),
                    )
                )
            if rule.method != "percentage":
                raise ValidationError(
                    self.env._("An event-role rule pays a percentage of the patients' spending.")
                )
