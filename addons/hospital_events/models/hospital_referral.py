from odoo import fields, models

EVENT_ROLES = {
    "contact": "hm_contact_employee_id",
    "executor": "hm_executor_employee_id",
    "lecturer": "hm_lecturer_employee_id",
}


class HospitalReferral(models.Model):
    _inherit = "hospital.referral"

    event_id = fields.Many2one(
        "event.event",
        string="Outreach Event",
        index=True,
        domain="[('outreach_kind', '!=', False)]",
        help="The outreach event through which the patient came (R-E4, R-C3).",
    )

    def _hm_commission_payees(self):
        """A patient who came through an outreach event also pays the event's contact person,
        executor and lecturer their shares of the event rate (R-C3). A person holding two roles
        gets one line with both shares."""
        payees = super()._hm_commission_payees()
        event = self.event_id.sudo()
        if not event:
            return payees
        roles_of = {}
        for role, fname in EVENT_ROLES.items():
            employee = event[fname]
            if employee:
                roles_of.setdefault(employee.id, []).append(role)
        for employee_id, roles in roles_of.items():
            payees.append(
                {
                    "role": f"event_{roles[0]}" if len(roles) == 1 else "event",
                    "payee_kind": "event_role",
                    "employee_id": employee_id,
                    "event_roles": roles,
                }
            )
        return payees

    def _hm_commission_candidates(self):
        candidates = super()._hm_commission_candidates()
        events = {case.id: case.event_id.id for case in self}
        for candidate in candidates:
            candidate["extra"]["event_id"] = events.get(candidate["res_id"]) or False
        return candidates
