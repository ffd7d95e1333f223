from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .hospital_referral import ARRIVAL_GROUPS, OFFICE_GROUPS, REGISTRATION_TOLERANCE

# the stored computes of a case from its HIS bills (``_compute_bill_totals``,
# ``_compute_care_kind``), stored set-wise by ``_store_bill_totals``
BILL_COMPUTED_FIELDS = ("bill_count", "total_fees", "drug_cost", "discharge_date", "care_kind")
BILL_SOURCE_FIELDS = [
    "referral_id",
    "is_final",
    "total_fees",
    "drug_cost",
    "discharge_date",
    "kind",
    "refund_of_id",
]


class HospitalReferral(models.Model):
    """Registration time, arrival, treatment, discharge and closing of a case (R-R1, R-R2,
    R-R3, R-R5)."""

    _inherit = "hospital.referral"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.model
    def _hm_workflow_create_allowed(self, fname, value):
        """Only the office types the registration time, when it records a paper registration
        after the fact; everyone else registers now (see create). The time is then frozen: it
        decides whether the case counts (R-R1, R-R2) and what the fraud checks compare."""
        if fname == "registered_at":
            return self.env.user.has_groups(OFFICE_GROUPS)
        return super()._hm_workflow_create_allowed(fname, value)

    def _registration_time(self, vals_list):
        """A case is registered now (R-R2, R-R6 compare this time with the arrival and the
        HIS bills): a registration time typed by anyone but the office is ignored; the office
        records paper registrations after the fact, never in the future. Returns the
        positions in ``vals_list`` of the office's late registrations."""
        if self.env.su:
            return []
        if not self.env.user.has_groups(OFFICE_GROUPS):
            for vals in vals_list:
                vals.pop("registered_at", None)
            return []
        now = fields.Datetime.now()
        late = []
        for index, vals in enumerate(vals_list):
            if not vals.get("registered_at"):
                continue
            typed = fields.Datetime.to_datetime(vals["registered_at"])
            if typed > now + REGISTRATION_TOLERANCE:
                raise ValidationError(
                    self.env._(
                        "Case %s: the registration time cannot be in the future.",
                        vals.get("name") or "/",
                    )
                )
            if typed < now - REGISTRATION_TOLERANCE:
                late.append(index)
        return late

    def _check_arrival_after_registration(self, values):
        """``values``: (case number, channel, registered at, arrived at) of each case to
        write; the same rule as the constraint ``_registered_before_arrival``."""
        for case_name, channel, registered_at, arrived_at in values:
            if not (arrived_at and registered_at) or channel == "walk_in":
                continue
            registered_at = fields.Datetime.to_datetime(registered_at)
            arrived_at = fields.Datetime.to_datetime(arrived_at)
            if arrived_at < registered_at - timedelta(minutes=1):
                raise ValidationError(
                    self.env._(
                        "The patient of the case %s cannot arrive before the registration.",
                        case_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm_arrival(self):
        """The guide desk (or the office) confirms that the patient came (R-R3)."""
        self._hm_check_role(
            ARRIVAL_GROUPS, self.env._("Only the guide desk or the office confirms an arrival.")
        )
        for case in self:
            if case.state != "registered":
                raise UserError(
                    self.env._("Only a registered case can arrive (%s is not).", case.name)
                )
            missing = [
                label
                for field, label in (
                    ("identity_confirmed", self.env._("identity checked")),
                    ("diagnosis", self.env._("diagnosis")),
                    ("attending_doctor", self.env._("attending doctor")),
                )
                if not case[field]
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Before confirming the arrival of %(case)s fill in: %(missing)s.",
                        case=case.name,
                        missing=", ".join(missing),
                    )
                )
        if any(case.fraud_decision == "pending" for case in self):
            raise UserError(self.env._("A flagged case arrives once the flag is decided."))
        self.sudo().write(
            {
                "state": "arrived",
                "arrival_user_id": self.env.uid,
            }
        )
        for case in self.sudo().filtered(lambda c: not c.arrival_datetime):
            case.arrival_datetime = fields.Datetime.now()
        self._schedule_feedback()

    def action_start_treatment(self):
        self._hm_check_role(
            ARRIVAL_GROUPS, self.env._("Only the guide desk or the office records a treatment.")
        )
        self.filtered(lambda c: c.state == "arrived").sudo().write({"state": "in_treatment"})

    def action_close(self):
        """The office closes a discharged case once its loop is done."""
        self._hm_check_role(OFFICE_GROUPS, self.env._("Only the office closes a case."))
        for case in self:
            if case.state != "discharged":
                raise UserError(self.env._("Only a discharged case can be closed."))
        self.sudo().write({"state": "closed"})

    def action_reset(self):
        """The office puts a case rejected by mistake (not a decided flag) back."""
        self._hm_check_role(OFFICE_GROUPS, self.env._("Only the office puts a rejected case back."))
        self.filtered(lambda c: c.state == "rejected" and not c.fraud_flag).sudo().write(
            {"state": "registered", "decision_note": False}
        )

    def action_open_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hospital_referral.action_hospital_referral_bill"
        )
        action["domain"] = [("referral_id", "=", self.id)]
        action["context"] = {"default_referral_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _update_discharge(self):
        """Cases whose patient came and who have a final HIS bill are discharged (R-R5)."""
        self.sudo()._store_bill_totals()
        cases = self.sudo().filtered(
            lambda c: c.state in ("arrived", "in_treatment") and c.bill_ids.filtered("is_final")
        )
        if cases:
            cases.write({"state": "discharged"})
        return cases

    def _store_bill_totals(self):
        """The bill totals of the cases (``_compute_bill_totals``, ``_compute_care_kind``)
        still to compute, computed and stored with one UPDATE: a batch of final HIS bills
        discharges tens of thousands of cases at once, where the ORM spent most of the
        discharge assigning, rounding and flushing these values case by case. Same values as
        the computes (their parity is tested); the fields depending on them were marked to
        recompute when the bills changed and read the stored values."""
        fnames = [*BILL_COMPUTED_FIELDS]
        fields_ = [self._fields[fname] for fname in fnames]
        ids = {case_id for case_id in self._ids if case_id}
        tocompute = self.env.transaction.tocompute
        pending = set().union(*(ids.intersection(tocompute.get(field, ())) for field in fields_))
        cases = self.browse(sorted(pending))
        if not cases:
            return
        for field in fields_:
            self.env.remove_to_compute(field, cases)
        cases.flush_recordset([*fnames, "write_uid", "write_date"])
        self.env["hospital.referral.bill"].flush_model(BILL_SOURCE_FIELDS)
        self.env.execute_query(
            SQL(
                """
                UPDATE hospital_referral case_
                   SET bill_count = totals.bill_count,
                       total_fees = COALESCE(totals.total_fees, 0),
                       drug_cost = COALESCE(totals.drug_cost, 0),
                       discharge_date = totals.discharge_date,
                       care_kind = totals.care_kind,
                       write_uid = %(uid)s,
                       write_date = %(now)s
                  FROM (
                        SELECT todo.id, COUNT(bill.id) AS bill_count,
                               SUM(bill.total_fees) FILTER (WHERE bill.is_final) AS total_fees,
                               SUM(bill.drug_cost) FILTER (WHERE bill.is_final) AS drug_cost,
                               MAX(bill.discharge_date)
                                   FILTER (WHERE bill.is_final AND bill.refund_of_id IS NULL)
                                   AS discharge_date,
                               CASE WHEN BOOL_OR(bill.is_final AND bill.kind = 'inpatient')
                                    THEN 'inpatient'
                                    WHEN BOOL_OR(bill.is_final) THEN 'outpatient'
                               END AS care_kind
                          FROM unnest(%(ids)s::int4[]) AS todo(id)
                     LEFT JOIN hospital_referral_bill bill ON bill.referral_id = todo.id
                      GROUP BY todo.id
                       ) totals
                 WHERE case_.id = totals.id
                """,
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=cases.ids,
            )
        )
        cases.invalidate_recordset([*fnames, "write_uid", "write_date"], flush=False)

    def _after_discharge(self):
        """Hook called set-wise on the cases that have just become 'discharged' (the commission
        bridge overrides it)."""
        return True
