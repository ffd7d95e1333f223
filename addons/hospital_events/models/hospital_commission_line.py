from odoo import fields, models
from odoo.exceptions import UserError

EVENT_PAYEE_ROLES = [
    ("event_contact", "Event Contact Person"),
    ("event_executor", "Event Executor"),
    ("event_lecturer", "Event Lecturer"),
    ("event", "Event Roles"),
]


def _keep_commission_lines(lines):
    """Ondelete policy of the event roles: commission lines are the books of what was owed
    and paid, never rewritten nor dropped by an uninstall."""
    if lines:
        raise UserError(
            lines.env._(
                "%s commission lines pay event roles: they are accounting records and cannot "
                "lose their role. Keep the Outreach Events module installed.",
                len(lines),
            )
        )


class HospitalCommissionLine(models.Model):
    """The event roles of a case earn their shares of the event rule (R-C3)."""

    _inherit = "hospital.commission.line"

    role = fields.Selection(
        # before "carry", as they were listed
        selection_add=[*EVENT_PAYEE_ROLES, ("carry",)],
        ondelete=dict.fromkeys(
            (value for value, _label in EVENT_PAYEE_ROLES), _keep_commission_lines
        ),
    )
    payee_kind = fields.Selection(
        selection_add=[("event_role", "Event Role")],
        ondelete={"event_role": _keep_commission_lines},
    )
    event_id = fields.Many2one(
        "event.event", string="Outreach Event", index="btree_not_null", readonly=True
    )
