import uuid
from datetime import date

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tests import TransactionCase
from odoo.tools import SQL

from odoo.addons.hospital_marketing.tests.common import MarketingCase

MONTH = date(2030, 3, 1)
DISCHARGE = date(2030, 3, 15)


def create_final_bill(
    case, total_fees=10000.0, drug_cost=0.0, discharge_date=DISCHARGE, kind="inpatient"
):
    """The final HIS bill of ``case``, created as superuser (as the HIS import does): it
    discharges a case that arrived, and its amounts become the case's (R-R5)."""
    return case.env(su=True)["hospital.referral.bill"].create(
        {
            "his_reference": f"TEST-{uuid.uuid4().hex[:16]}",
            "referral_id": case.id,
            "company_id": case.company_id.id,
            "department_id": case.department_id.id,
            "kind": kind,
            "total_fees": total_fees,
            "drug_cost": drug_cost,
            "discharge_date": discharge_date,
            "is_final": True,
        }
    )


def create_billed_case(
    env,
    total_fees=10000.0,
    drug_cost=0.0,
    discharge_date=DISCHARGE,
    kind="inpatient",
    state="discharged",
    **values,
):
    """A referral case created as superuser. Its discharge date, total fees and drug cost come
    from its final HIS bills only (R-R5): a discharged (or closed) case is created as arrived,
    then its final bill (``kind``, the amounts, the discharge date) discharges it, as the HIS
    does. Any other state (or no ``discharge_date``) creates the case without a bill."""
    env = env(su=True)
    billed = state in ("discharged", "closed") and discharge_date
    if billed:
        values.setdefault("arrival_datetime", values.get("registered_at") or fields.Datetime.now())
    case = env["hospital.referral"].create({**values, "state": "arrived" if billed else state})
    if not billed:
        return case
    create_final_bill(case, total_fees, drug_cost, discharge_date, kind)
    if state != "discharged":
        case.write({"state": state})
    return case


class CommittedCommissionCase(TransactionCase):
    """Concurrency tests: runs and corrections need committed data and cursors of their own,
    so the fixture (a part-timer under a signed intermediary agreement, the only active rule
    paying 20%, billed cases) is committed and removed afterwards."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _commit_part_timer(self, name, month, cases):
        """Commit the fixture; ``cases``: the keyword arguments of each billed case. Returns
        the ids to remove (partner, rule, cases, rules archived, company)."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            archived = env["hospital.commission.rule"].search([])
            archived.action_archive()
            partner = env["res.partner"].create(
                {"name": f"{name} Part-timer", "referral_partner_kind": "part_time"}
            )
            env["hospital.referral.agreement"].create(
                {
                    "name": "Intermediary",
                    "kind": "intermediary",
                    "state": "signed",
                    "partner_id": partner.id,
                    "date_start": month,
                }
            )
            rule = env["hospital.commission.rule"].create(
                {"name": f"{name} 20%", "payee_kind": "part_time", "rate": 20.0}
            )
            billed = env["hospital.referral"].concat(
                *(
                    create_billed_case(env, referring_partner_id=partner.id, **values)
                    for values in cases
                )
            )
            return {
                "month": month,
                "partner": partner.id,
                "rule": rule.id,
                "cases": billed.ids,
                "archived": archived.ids,
                "company": env.company.id,
            }

    def _remove_part_timer(self, data):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            cr.execute(
                SQL(
                    "DELETE FROM hospital_commission_line WHERE period_date >= %s "
                    "OR (res_model = 'hospital.referral' AND res_id = ANY(%s))",
                    data["month"],
                    data["cases"],
                )
            )
            for query in (
                "DELETE FROM hospital_performance_adjustment WHERE date >= %s",
                "DELETE FROM hospital_commission_settlement WHERE date_from >= %s",
                "DELETE FROM hospital_commission_issue WHERE period_date >= %s",
            ):
                cr.execute(SQL(query, data["month"]))
            cr.execute(
                SQL("DELETE FROM hospital_referral_bill WHERE referral_id = ANY(%s)", data["cases"])
            )
            # the department keeps a discharged case and a signed agreement (no unlink): the
            # fixtures committed for the concurrency test are removed by hand
            cr.execute(SQL("DELETE FROM hospital_referral WHERE id = ANY(%s)", data["cases"]))
            cr.execute(
                SQL(
                    "DELETE FROM hospital_referral_agreement WHERE partner_id = %s",
                    data["partner"],
                )
            )
            env.invalidate_all()
            env["hospital.commission.rule"].browse(data["rule"]).unlink()
            env["res.partner"].browse(data["partner"]).unlink()
            env["hospital.commission.rule"].browse(data["archived"]).action_unarchive()


class CommissionCase(MarketingCase):
    """Commission fixtures on top of the marketing roles: departments with a treatment group
    leader, referral partners of each payee class with their agreements, the seeds' rules
    (R-C1 20%, R-C4 fee bands, R-C5 department rates) and the accounting setup. Uses a month of
    its own (2030-03) and archives any other rule of the company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        company = cls.company
        if not company.chart_template:
            env["account.chart.template"].try_loading("generic_coa", company=company)
        env["hospital.commission.rule"].search([]).action_archive()
        cls.expense_account = env["account.account"].create(
            {
                "name": "Commission expense",
                "code": "660199",
                "account_type": "expense",
                "company_ids": [Command.link(company.id)],
            }
        )
        company.hm_commission_expense_account_id = cls.expense_account
        company.hm_commission_due_days = 0
        Department = env["hospital.clinical.department"]
        cls.dept_internal = Department.create(
            {
                "name": "Internal Medicine",
                "code": "T-NK",
                "kind": "internal",
                "treatment_leader_user_id": cls.user_treatment_leader.id,
            }
        )
        cls.dept_surgery = Department.create({"name": "Surgery", "code": "T-WK", "kind": "surgery"})
        Partner = env["res.partner"]
        cls.clinic = Partner.create(
            {"name": "Yuelu Clinic", "is_company": True, "referral_partner_kind": "private_clinic"}
        )
        cls.part_timer = Partner.create(
            {"name": "Wang Part-timer", "referral_partner_kind": "part_time"}
        )
        cls.doctor = Partner.create({"name": "Dr. Li", "referral_partner_kind": "public_doctor"})
        cls.pharmacy = Partner.create(
            {"name": "Kaifu Pharmacy", "is_company": True, "referral_partner_kind": "pharmacy"}
        )
        Agreement = env["hospital.referral.agreement"]
        Agreement.create(
            [
                {
                    "name": "Two-way referral, Yuelu Clinic",
                    "kind": "two_way",
                    "state": "signed",
                    "partner_id": cls.clinic.id,
                    "date_start": date(2030, 1, 1),
                },
                {
                    "name": "Intermediary, Wang",
                    "kind": "intermediary",
                    "state": "signed",
                    "partner_id": cls.part_timer.id,
                    "date_start": date(2030, 1, 1),
                    "date_end": date(2030, 12, 31),
                },
            ]
        )
        for partner in cls.clinic | cls.part_timer:
            env["res.partner.bank"].create(
                {"partner_id": partner.id, "acc_number": f"6222 0000 {partner.id:06d}"}
            )
        for role in ("promoter", "promoter_b", "manager"):
            employee = cls.employees[role]
            employee.hm_marketing_role = "promoter"
            employee.sudo()._create_work_contacts() if not employee.work_contact_id else None
            bank = env["res.partner.bank"].create(
                {"partner_id": employee.work_contact_id.id, "acc_number": f"6228 {employee.id:08d}"}
            )
            employee.bank_account_ids = [Command.link(bank.id)]
        # a second referral promoter without a login (R-W6 quota)
        cls.promoter3 = env["hr.employee"].create(
            {
                "name": "Zhao Promoter",
                "hm_marketing_role": "promoter",
                "hm_marketing_team_id": cls.team.id,
            }
        )
        Rule = env["hospital.commission.rule"]
        cls.rule_external = Rule.create(
            {
                "name": "External collaborators 20%",
                "payee_kind": "part_time",
                "method": "percentage",
                "rate": 20.0,
            }
        )
        cls.rule_institution = Rule.create(
            {
                "name": "Institutions by fee band",
                "payee_kind": "institution",
                "method": "tier",
                "base": "total",
                "tier_ids": [
                    Command.create({"amount_from": 0, "amount_to": 5000, "fixed_amount": 300}),
                    Command.create({"amount_from": 5000, "amount_to": 10000, "fixed_amount": 800}),
                    Command.create({"amount_from": 10000, "mode": "rate", "rate": 5.0}),
                ],
            }
        )
        cls.rule_staff = Rule.create(
            {
                "name": "Staff by department",
                "payee_kind": "staff",
                "method": "department",
                "base": "net",
                "department_rate_ids": [
                    Command.create({"department_kind": "internal", "rate": 3.0}),
                    Command.create({"department_kind": "surgery", "rate": 5.0}),
                ],
            }
        )
        cls.Settlement = env["hospital.commission.settlement"]
        cls.Line = env["hospital.commission.line"]
        cls.Engine = env["hospital.commission.engine"]

    @classmethod
    def _case(cls, **values):
        """A case discharged by a final HIS bill of 10 000 on the 15th (see
        create_billed_case)."""
        vals = {
            "patient_name": "Patient",
            "department_id": cls.dept_internal.id,
            "company_id": cls.company.id,
        }
        vals.update(values)
        return create_billed_case(cls.env, **vals)

    @classmethod
    def _run(cls, month=MONTH):
        return cls.env["hospital.commission.run"]._run(month, cls.company)

    @classmethod
    def _bank_match(cls, payments):
        """What the bank reconciliation does once the statement shows the transfers: each
        payment's line on the outstanding payments account is matched with the bank account,
        and the payment is no longer "in process"."""
        env = cls.env
        journal = env["account.journal"].search(
            [*env["account.journal"]._check_company_domain(cls.company), ("type", "=", "general")],
            limit=1,
        )
        for payment in payments:
            outstanding = payment.move_id.line_ids.filtered(
                lambda line, p=payment: line.account_id == p.outstanding_account_id
            )
            entry = env["account.move"].create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": payment.date,
                    "line_ids": [
                        Command.create(
                            {
                                "account_id": outstanding.account_id.id,
                                "partner_id": outstanding.partner_id.id,
                                "balance": -outstanding.balance,
                            }
                        ),
                        Command.create(
                            {
                                "account_id": payment.journal_id.default_account_id.id,
                                "balance": outstanding.balance,
                            }
                        ),
                    ],
                }
            )
            entry.action_post()
            (
                outstanding
                | entry.line_ids.filtered(
                    lambda line, a=outstanding.account_id: line.account_id == a
                )
            ).reconcile()

    def _settlement_of(self, payee, month=MONTH):
        field = "employee_id" if payee._name == "hr.employee" else "partner_id"
        return self.Settlement.search(
            [(field, "=", payee.id), ("date_from", "=", month), ("state", "!=", "cancel")]
        )
