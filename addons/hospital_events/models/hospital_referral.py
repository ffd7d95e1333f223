from dataclasses import replace

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.hospital_marketing.tools.commission_contract import CommissionPayee

from .hospital_event_team_line import COMMISSION_ROLES


class HospitalReferral(models.Model):
    _inherit = "hospital.referral"

    event_id = fields.Many2one(
        "event.event",
        string="Outreach Event",
        index=True,
        domain="[('hm_outreach_kind', '!=', False)]",
        help="The outreach event through which the patient came (R-E4, R-C3).",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        res = super().write(vals)
        if "event_id" in vals:
            # the event's roles earn on the case, or no longer do (R-C3, R-C11)
            self._commission_recompute()
        return res

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _credit_fields(self):
        # the event's roles earn on the case (R-C3)
        return super()._credit_fields() | {"event_id"}

    def _commission_candidates(self):
        """A patient who came through an outreach event also pays the event's contact person,
        executor and lecturer (its team lines of these roles) their shares of the event rate
        (R-C3). A person holding two roles gets one line with both shares. The team lines are
        read once for all the cases."""
        candidates = super()._commission_candidates()
        if not candidates:
            return candidates
        self.flush_recordset(["event_id"])
        event_of = dict(
            self.env.execute_query(
                SQL(
                    "SELECT id, event_id FROM hospital_referral "
                    "WHERE id = ANY(%s) AND event_id IS NOT NULL",
                    self.ids,
                )
            )
        )
        team_lines = (
            self.env["hospital.event.team.line"]
            .sudo()
            .search_fetch(
                [
                    ("event_id", "in", list(set(event_of.values()))),
                    ("role", "in", COMMISSION_ROLES),
                ],
                ["event_id", "employee_id", "role"],
            )
        )
        payees_of = {}
        for event, lines in team_lines.grouped("event_id").items():
            roles_of = {}
            for role in COMMISSION_ROLES:
                for line in lines.filtered(lambda line, role=role: line.role == role):
                    roles_of.setdefault(line.employee_id.id, []).append(role)
            payees_of[event.id] = tuple(
                CommissionPayee(
                    role=f"event_{roles[0]}" if len(roles) == 1 else "event",
                    payee_kind="event_role",
                    employee_id=employee_id,
                    parts=tuple(roles),
                )
                for employee_id, roles in roles_of.items()
            )
        return [
            replace(
                candidate,
                extra={**candidate.extra, "event_id": event_of.get(candidate.res_id, False)},
                payees=candidate.payees + payees_of.get(event_of.get(candidate.res_id), ()),
            )
            for candidate in candidates
        ]
