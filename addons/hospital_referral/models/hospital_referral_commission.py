from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.hospital_marketing.tools.commission_contract import (
    CommissionCandidate,
    CommissionPayee,
)

from .hospital_commission_line import BILLABLE_STATES

# a change of these fields of a case changes what it earns, or whether it earns (R-C11)
COMMISSION_CASE_FIELDS = frozenset(
    {
        "state",
        "is_counted",
        "fraud_flag",
        "fraud_decision",
        "total_fees",
        "drug_cost",
        "discharge_date",
        "department_id",
        "referring_partner_id",
        "referring_doctor_id",
        "promoter_id",
    }
)


class HospitalReferral(models.Model):
    _inherit = "hospital.referral"

    # commission income is secret class E (R-S3): not for the guide desk or the portal
    commission_line_ids = fields.One2many(
        "hospital.commission.line",
        "referral_id",
        string="Commission Lines",
        groups="hospital_marketing.group_marketing_promoter,"
        "hospital_marketing.group_marketing_finance,"
        "hospital_marketing.group_marketing_treatment_leader",
    )

    @api.model
    def _commission_payees(self, row):
        """Who may earn on the case read as ``row`` (see :meth:`_commission_candidates`),
        as ``CommissionPayee`` values: the promoter (staff), the referring partner (an
        institution or a part-time promoter) and the referring doctor (an individual, whom the
        compliance guard refuses when a licensed clinician, R-C10)."""
        payees = []
        if row["promoter_id"]:
            payees.append(
                CommissionPayee(role="promoter", payee_kind="staff", employee_id=row["promoter_id"])
            )
        partner_id = row["referring_partner_id"]
        if partner_id:
            kind = "part_time" if row["partner_kind"] == "part_time" else "institution"
            payees.append(CommissionPayee(role="referrer", payee_kind=kind, partner_id=partner_id))
        doctor_id = row["referring_doctor_id"]
        if doctor_id and doctor_id != partner_id:
            payees.append(
                CommissionPayee(role="doctor", payee_kind="part_time", partner_id=doctor_id)
            )
        return payees

    def _commission_candidates(self):
        """The cases as ``CommissionCandidate`` values of the commission engine (see
        ``hospital.commission.engine``).

        Read with one query: discharging a month of cases and the month-end run build them for
        tens of thousands of cases, where reading them field by field through the ORM took
        most of the time."""
        if not self:
            return []
        self.flush_recordset(
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
                "care_kind",
                "state",
                "is_counted",
            ]
        )
        self.env["hospital.clinical.department"].flush_model(["kind"])
        self.env["res.partner"].flush_model(["referral_partner_kind"])
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT case_.id, case_.name, case_.company_id, case_.discharge_date,
                       case_.total_fees, case_.drug_cost, case_.department_id,
                       department.kind AS department_kind, case_.referring_partner_id,
                       partner.referral_partner_kind AS partner_kind,
                       case_.referring_doctor_id, case_.promoter_id, case_.team_id,
                       case_.care_kind, case_.state, case_.is_counted
                  FROM hospital_referral case_
             LEFT JOIN hospital_clinical_department department
                    ON department.id = case_.department_id
             LEFT JOIN res_partner partner ON partner.id = case_.referring_partner_id
                 WHERE case_.id = ANY(%s)
              ORDER BY case_.id
                """,
                self.ids,
            )
        )
        return [
            CommissionCandidate(
                res_model=self._name,
                res_id=row["id"],
                source_name=row["name"],
                company_id=row["company_id"],
                date=row["discharge_date"],
                total=row["total_fees"] or 0.0,
                drugs=row["drug_cost"] or 0.0,
                department_id=row["department_id"] or 0,
                department_kind=row["department_kind"],
                partner_id=row["referring_partner_id"] or 0,
                partner_kind=row["partner_kind"],
                promoter_id=row["promoter_id"] or 0,
                team_id=row["team_id"] or 0,
                care_kind=row["care_kind"],
                # rejected, fake, duplicate, not counted, not (or no longer) discharged
                void=not (
                    row["is_counted"] and row["discharge_date"] and row["state"] in BILLABLE_STATES
                ),
                payees=tuple(self._commission_payees(row)),
                extra={"referral_id": row["id"]},
            )
            for row in rows
        ]

    def _after_discharge(self):
        """The commission lines of a case are written as soon as its final bills discharge it
        (R-R5); the month-end run settles them, adds what was missed (a rule created later, an
        agreement signed later) and reports the refusals and ties."""
        res = super()._after_discharge()
        self._commission_recompute()
        return res

    def write(self, vals):
        res = super().write(vals)
        # a discharge writes the lines through _after_discharge
        if COMMISSION_CASE_FIELDS & vals.keys() and vals.get("state") != "discharged":
            self._commission_recompute()
        return res

    def _commission_recompute(self, causes=None):
        """Bring the commission lines of the cases to what their final bills and status say
        now (R-C11, see ``hospital.commission.engine._recompute_cases``): the lines not settled yet
        change, a signed one gets a correction in the month of the change. ``causes``
        (``{case id: text}``) names the cause; by default the case's status or data."""
        cases = self.sudo().filtered(
            lambda case: (case.state in BILLABLE_STATES and case.is_counted)
            or case.commission_line_ids
        )
        if not cases:
            return self.env["hospital.commission.line"]
        self.env.flush_all()  # the fees, dates and status computed from the final bills
        candidates = cases._commission_candidates()
        void = {candidate.res_id for candidate in candidates if candidate.void}
        state_labels = dict(self._fields["state"]._description_selection(self.env))

        def reasons(key):
            """The cause written on a correction of the case ``key`` (only then: a discharge
            of tens of thousands of cases writes none)."""
            case = cases.browse(key[1])
            if causes and case.id in causes:
                return causes[case.id]
            if case.id in void:
                return self.env._(
                    "%(case)s no longer counts (%(state)s)",
                    case=case.name,
                    state=state_labels.get(case.state)
                    if case.state not in BILLABLE_STATES
                    else self.env._("not counted"),
                )
            return self.env._("%s: bills or case data changed", case.name)

        return self.env["hospital.commission.engine"].sudo()._recompute_cases(candidates, reasons)
