from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from odoo.addons.hospital_marketing.tools.local_time import env_for, local_datetime_text

from .hospital_referral import LEADER_GROUPS


class HospitalReferral(models.Model):
    """The fraud checks (R-R6): cases flagged set-wise at registration, decided by a team
    leader, rejected with or without a fine (``hospital.performance.fine``)."""

    _inherit = "hospital.referral"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_fraud_accept(self):
        """The flag is wrong: the case counts."""
        self._check_decider()
        for case in self.filtered(lambda c: c.fraud_decision == "pending"):
            vals = {
                "fraud_decision": "accepted",
                "decided_by_id": self.env.uid,
                "decided_at": fields.Datetime.now(),
            }
            if case.state == "duplicate":
                vals["state"] = "arrived" if case.arrival_datetime else "registered"
            case.sudo().write(vals)
        self.sudo().activity_feedback(["hospital_referral.mail_activity_referral_fraud"])

    def action_open_reject(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject the Case"),
            "res_model": "hospital.referral.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_referral_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _check_fraud(self):
        """Flag, set-wise, the cases of ``self`` whose patient was registered before within the
        company's window (duplicate) or was already known to the hospital before the
        registration time (an earlier case that arrived, or an earlier HIS bill)."""
        cases = self.sudo().filtered(
            lambda c: (c.patient_phone_norm or c.patient_id_number) and c.channel != "walk_in"
        )
        if not cases:
            return
        phones = {c.patient_phone_norm for c in cases if c.patient_phone_norm}
        id_numbers = {c.patient_id_number for c in cases if c.patient_id_number}
        key_domain = Domain.OR(
            [
                Domain("patient_phone_norm", "in", list(phones)) if phones else Domain.FALSE,
                Domain("patient_id_number", "in", list(id_numbers)) if id_numbers else Domain.FALSE,
            ]
        )
        others = self.sudo().search(
            key_domain
            & Domain("company_id", "in", cases.company_id.ids)
            & Domain("state", "not in", ["rejected"]),
            order="registered_at, id",
        )
        bills = (
            self.env["hospital.referral.bill"]
            .sudo()
            .search(
                [
                    ("patient_phone_norm", "in", list(phones)),
                    ("company_id", "in", cases.company_id.ids),
                ]
            )
            if phones
            else self.env["hospital.referral.bill"]
        )
        for case in cases:
            window = timedelta(days=case.company_id.hm_duplicate_window_days)

            def same_patient(other, case=case):
                return other.company_id == case.company_id and (
                    (
                        case.patient_phone_norm
                        and other.patient_phone_norm == case.patient_phone_norm
                    )
                    or (
                        case.patient_id_number and other.patient_id_number == case.patient_id_number
                    )
                )

            earlier = others.filtered(
                lambda o, case=case, same_patient=same_patient: o != case
                and same_patient(o)
                and (o.registered_at, o.id) < (case.registered_at, case.id)
            )
            recent = earlier.filtered(
                lambda o, case=case, window=window: case.registered_at - o.registered_at <= window
            )
            if recent:
                first = recent[0]
                case.write(
                    {
                        "fraud_flag": "duplicate",
                        "fraud_decision": "pending",
                        "duplicate_of_id": first.id,
                        "state": "duplicate",
                        "fraud_reason": self.env._(
                            "Possible duplicate registration: the team leader decides."
                        ),
                        "fraud_detail": self.env._(
                            "The same patient was registered as %(case)s on %(date)s.",
                            case=first.name,
                            date=local_datetime_text(
                                self.env, first.registered_at, case.company_id
                            ),
                        ),
                    }
                )
                continue
            came = earlier.filtered(
                lambda o, case=case: o.arrival_datetime and o.arrival_datetime < case.registered_at
            )
            registered_on = case.registered_at.date()
            billed = bills.filtered(
                lambda b, case=case, registered_on=registered_on: b.company_id == case.company_id
                and b.patient_phone_norm == case.patient_phone_norm
                and (b.admission_date or b.discharge_date or registered_on) < registered_on
            )
            if came or billed:
                detail = (
                    self.env._("The patient came to the hospital before as %s.", came[0].name)
                    if came
                    else self.env._(
                        "The hospital billed the patient before (HIS bill %s).",
                        billed[0].his_reference,
                    )
                )
                case.write(
                    {
                        "fraud_flag": "existing",
                        "fraud_decision": "pending",
                        "fraud_reason": self.env._(
                            "Possibly a patient the hospital already had: the team leader decides."
                        ),
                        "fraud_detail": detail,
                    }
                )
        flagged = cases.filtered("fraud_flag")
        if flagged:
            flagged._notify_fraud_flag()

    def _notify_fraud_flag(self):
        """An activity for the team leader (or the manager) to decide the flag."""
        for case in self:
            leader = case.team_id.sudo().leader_user_id
            recipient = leader or self.env.user
            case.activity_schedule(
                "hospital_referral.mail_activity_referral_fraud",
                # in the language of whom it is for, not of whom triggered the check
                summary=env_for(self.env, recipient)._("Decide the flag of %s", case.name),
                user_id=recipient.id,
            )

    def _check_decider(self):
        """A team leader of the case's team, the manager or the vice-president decides a
        flag (R-R6); nobody decides a flag on a case that credits themselves."""
        self._hm_check_role(
            LEADER_GROUPS,
            self.env._("Only a team leader or the business vice-president decides a flag."),
        )
        if not self.env.su and any(case.user_id == self.env.user for case in self):
            raise AccessError(self.env._("Nobody decides the flag of their own case."))

    def _reject(self, reason, fine_amount=0.0, fine_percent=0.0):
        """Reject the cases with ``reason``; a flagged case's rejection is decided by a leader
        and may fine the promoter (R-R6): a fixed amount (a fake referral deducts 300) or a
        share of the promoter's commission of the month (claiming a patient the hospital
        already had deducts 30%, set by the month-end run)."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the rejection."))
        if self.filtered("fraud_flag") or fine_amount or fine_percent:
            self._check_decider()
        else:
            # the promoter (or anyone of the marketing line who may change the case) rejects a
            # case that will not come
            self._hm_check_role(
                "hospital_marketing.group_marketing_promoter",
                self.env._("Only the marketing staff of the case rejects it."),
            )

        fines = (
            self.env["hospital.performance.fine"]
            .sudo()
            ._generate_fraud_adjustments(self, reason, fine_amount, fine_percent)
        )
        for case in self:
            vals = {"state": "rejected", "decision_note": reason}
            if case.fraud_flag:
                vals.update(
                    fraud_decision="rejected",
                    decided_by_id=self.env.uid,
                    decided_at=fields.Datetime.now(),
                )
            if case.id in fines:
                vals["adjustment_id"] = fines[case.id].id
            case.sudo().write(vals)
        self.sudo().activity_feedback(["hospital_referral.mail_activity_referral_fraud"])
