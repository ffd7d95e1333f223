"""Benchmark of the commission engine (not part of the test run).

N referral cases for P external payees (each case pays its referring part-time promoter 20%,
so N lines and P settlements): their discharge, which writes their commission lines, the
month-end run that settles them, a second run, then posting the P approved settlements to the
ledger as vendor bills. Everything runs in one transaction that is rolled
back at the end; the data generation is not timed.

    python3 bench/bench_commission.py -c CONF -d DB [--cases 20000] [--payees 500]
"""

import argparse
import time
from datetime import date

import odoo
from odoo import api
from odoo.tools import config

MONTH = date(2040, 1, 1)


def timed(label, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"{label:<55} {elapsed:7.2f} s")
    return result, elapsed


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
                "discharge_date": MONTH.replace(day=1 + i % 28),
                "total_fees": 1000.0 + i % 9000,
                "drug_cost": 100.0,
                "department_id": department.id,
                "referring_partner_id": partners[i % payees].id,
            }
            for i in range(cases)
        ]
    )
    env.flush_all()
    env.invalidate_all()
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--payees", type=int, default=500)
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        try:
            print(f"{args.cases} cases, {args.payees} payees")
            cases, _elapsed = timed(
                "generating the data (not part of the figures)",
                lambda: build(env, args.cases, args.payees),
            )
            timed(
                "discharge of the cases (their lines are written)",
                lambda: (cases.write({"state": "discharged"}), env.flush_all()),
            )
            lines = env["hospital.commission.line"].search_count([("period_date", "=", MONTH)])
            print(f"  {lines} lines written at discharge")
            env.invalidate_all()
            Settlement = env["hospital.commission.settlement"]
            settlements, _elapsed = timed(
                "month-end run (settles the lines)",
                lambda: (Settlement._hm_run(MONTH, env.company), env.flush_all())[0],
            )
            lines = env["hospital.commission.line"].search_count([("period_date", "=", MONTH)])
            print(f"  {lines} lines, {len(settlements)} settlements")
            env.invalidate_all()
            timed(
                "second run (nothing new)",
                lambda: (Settlement._hm_run(MONTH, env.company), env.flush_all()),
            )
            # the run also settles the quota adjustments of the company's own promoters
            settlements = settlements.filtered("partner_id")
            settlements.write({"state": "approved"})
            env.flush_all()
            env.invalidate_all()
            moves, _elapsed = timed(
                "posting the approved settlements (vendor bills)",
                lambda: (settlements.action_post(), env.flush_all())[0],
            )
            print(f"  {len(moves)} vendor bills posted")
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
