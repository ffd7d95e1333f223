"""Benchmark of the commission engine (not part of the test run).

N referral cases for P external payees (each case pays its referring part-time promoter 20%,
so N lines and P settlements): their discharge by their final HIS bills (the only source of a
case's discharge and fees), which writes their commission lines, the
month-end run that settles them, a second run, then posting the P approved settlements to the
ledger as vendor bills. It works on a scratch copy of the database (DB_bench, dropped at the
end) and each step is a transaction of its own, committed, as discharges and the month-end run
are in production; the data generation and the approval are not timed.

    python3 bench/bench_commission.py -c CONF -d DB [--cases 20000] [--payees 500]
"""

import argparse
from datetime import date

from benchlib import scratch_copy, step

import odoo
from odoo.tools import config

MONTH = date(2040, 1, 1)


def build(env, cases, payees):
    company = env.company
    env["hospital.commission.rule"].search([]).action_archive()
    env["hospital.commission.rule"].create(
        {"name": "Bench 20%", "payee_kind": "part_time", "rate": 20.0}
    )
    if not company.hm_commission_expense_account_id:
        company.hm_commission_expense_account_id = env["account.account"].create(
            {"name": "Bench commission", "code": "669999", "account_type": "expense"}
        )
    partners = env["res.partner"].create(
        [
            {"name": f"Bench part-timer {i}", "referral_partner_kind": "part_time"}
            for i in range(payees)
        ]
    )
    env["res.partner.bank"].create(
        [{"partner_id": p.id, "acc_number": f"BENCH{p.id:010d}"} for p in partners]
    )
    env["hospital.referral.agreement"].create(
        [
            {
                "name": f"Bench agreement {p.id}",
                "kind": "intermediary",
                "state": "signed",
                "partner_id": p.id,
                "date_start": MONTH,
            }
            for p in partners
        ]
    )
    department = env["hospital.clinical.department"].create(
        {"name": "Bench internal", "code": "BENCH-NK", "kind": "internal"}
    )
    cases = env["hospital.referral"].create(
        [
            {
                "patient_name": f"Bench {i}",
                "state": "in_treatment",
                "department_id": department.id,
                "referring_partner_id": partners[i % payees].id,
            }
            for i in range(cases)
        ]
    )
    # a case's discharge, fees and drug cost come from its final HIS bills only (R-R5): each
    # case gets its bill, made final by the timed discharge
    bills = env["hospital.referral.bill"].create(
        [
            {
                "his_reference": f"BENCH-{case.id}",
                "referral_id": case.id,
                "kind": "inpatient",
                "department_id": department.id,
                "total_fees": 1000.0 + i % 9000,
                "drug_cost": 100.0,
                "discharge_date": MONTH.replace(day=1 + i % 28),
            }
            for i, case in enumerate(cases)
        ]
    )
    env.flush_all()
    env.invalidate_all()
    return bills


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--payees", type=int, default=500)
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    # a scratch copy of the database, dropped at the end: each step commits, as in production
    with scratch_copy(args.database, "bench") as scratch:
        run(scratch, args.cases, args.payees)


def run(database, cases, payees):
    registry = odoo.modules.registry.Registry(database)
    print(f"{cases} cases, {payees} payees")
    bill_ids = step(
        registry,
        "generating the data (not part of the figures)",
        lambda env: build(env, cases, payees).ids,
    )

    def discharge(env):
        # the HIS sends the final bills: they discharge their cases
        env["hospital.referral.bill"].browse(bill_ids).write({"is_final": True})

    step(registry, "discharge of the cases by their final bills (lines are written)", discharge)

    def count_lines(env):
        return env["hospital.commission.line"].search_count([("period_date", "=", MONTH)])

    print(f"  {step(registry, 'counting', count_lines)} lines written at discharge")
    settlement_ids = step(
        registry,
        "month-end run (settles the lines)",
        lambda env: env["hospital.commission.run"]._run(MONTH, env.company).ids,
    )
    print(f"  {len(settlement_ids)} settlements")
    step(
        registry,
        "second run (nothing new)",
        lambda env: env["hospital.commission.run"]._run(MONTH, env.company),
    )

    def approve(env):
        # the run also settles the quota adjustments of the company's own promoters
        settlements = env["hospital.commission.settlement"].browse(settlement_ids)
        settlements = settlements.filtered("partner_id")
        settlements.write({"state": "approved"})
        return settlements.ids

    approved_ids = step(registry, "approving (not part of the figures)", approve)
    moves = step(
        registry,
        "posting the approved settlements (vendor bills)",
        lambda env: env["hospital.commission.settlement"].browse(approved_ids).action_post().ids,
    )
    print(f"  {len(moves)} vendor bills posted")


if __name__ == "__main__":
    main()
