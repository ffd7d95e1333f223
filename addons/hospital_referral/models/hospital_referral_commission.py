from odoo import fields, models

from .hospital_commission_line import BILLABLE_STATES


class HospitalReferral(models.Model):
    _inherit = "hospital.referral"

    commission_line_ids = fields.One2many(
        "hospital.commission.line", "referral_id", string="Commission Lines"
    )

    def _hm_commission_payees(self):
        """Who may earn on this case: the promoter (staff), the referring partner (an
        institution or a part-time promoter) and the referring doctor (an individual, whom the
        compliance guard refuses when a licensed clinician, R-C10)."""
        self.ensure_one()
        payees = []
        if self.promoter_id:
            payees.append(
                {"role": "promoter", "payee_kind": "staff", "employee_id": self.promoter_id.id}
            )
        partner = self.referring_partner_id
        if partner:
            kind = "part_time" if partner.referral_partner_kind == "part_time" else "institution"
            payees.append({"role": "referrer", "payee_kind": kind, "partner_id": partner.id})
        doctor = self.referring_doctor_id
        if doctor and doctor != partner:
            payees.append({"role": "doctor", "payee_kind": "part_time", "partner_id": doctor.id})
        return payees

    def _hm_commission_candidates(self):
        """The cases as candidates of the commission engine (see hospital.commission.line)."""
        self.fetch(
            [
                "name",
                "company_id",
                "discharge_date",
                "total_fees",
                "drug_cost",
                "department_id",
                "referring_partner_id",
                "referring_doctor_id",
                "promoter_id",
                "team_id",
            ]
        )
        self.department_id.fetch(["kind"])
        self.referring_partner_id.fetch(["referral_partner_kind"])
        return [
            {
                "res_model": self._name,
                "res_id": case.id,
                "source_name": case.name,
                "company_id": case.company_id.id,
                "date": case.discharge_date,
                "total": case.total_fees,
                "drugs": case.drug_cost,
                "department_id": case.department_id.id,
                "department_kind": case.department_id.kind,
                "partner_id": case.referring_partner_id.id,
                "partner_kind": case.referring_partner_id.referral_partner_kind,
                "promoter_id": case.promoter_id.id,
                "team_id": case.team_id.id,
                "extra": {"referral_id": case.id},
                "payees": case._hm_commission_payees(),
            }
            for case in self
        ]

    def _hm_after_discharge(self):
        """The commission lines of a case are written as soon as its final bills discharge it
        (R-R5); the month-end run settles them, adds what was missed (a rule created later, an
        agreement signed later) and reports the refusals and ties."""
        res = super()._hm_after_discharge()
        cases = self.sudo().filtered(
            lambda case: case.is_counted and case.discharge_date and case.state in BILLABLE_STATES
        )
        if cases:
            self.env.flush_all()  # the fees and dates computed from the final bills
            Line = self.env["hospital.commission.line"].sudo()
            vals_list, _issues = Line._hm_prepare_lines(cases._hm_commission_candidates())
            Line._hm_bulk_create(vals_list)
        return res
