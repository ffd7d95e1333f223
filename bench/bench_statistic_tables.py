"""Benchmark of the statistic tables as XLSX (R-K3; not part of the test run): a month of
N referral cases (default 10 000) from P partners, credited to S promoters, with as many
visits and calls, exam events with their attendees; then each of the four tables of that month
exported by the marketing manager (record rules applied), each in its own transaction. The
target is under 5 s per table. Works on a scratch copy of the database (DB_bench_tables,
dropped at the end); the data generation is not timed.

    python3 bench/bench_statistic_tables.py -c CONF -d DB [--cases 10000] [--partners 300]

With ``--month YYYY-MM`` nothing is generated: the tables of that month are exported from the
data already in DB (e.g. the 1 000 000 cases of ``bench_scale.py --keep``), as a marketing
manager of the company holding the most cases, created and rolled back with each table.
``--repeat N`` exports each table N times and reports the median (wall clock) and the Python
process time of each export.
"""

import argparse
import statistics
import time
from datetime import date, datetime, timedelta

from benchlib import scratch_copy, step, timed

import odoo
from odoo import api
from odoo.tools import config

MONTH = date(2040, 3, 1)
TABLES = [
    ("hospital.referral.summary.export", "referral summary (转诊汇总统计表)"),
    ("hospital.partner.register.export", "partner register (客户登记汇总表)"),
    ("hospital.workload.export", "monthly workload (工作量统计表)"),
    ("hospital.exam.client.export", "physical-exam clients (体检客户表)"),
]


def build(env, cases, partner_count, promoter_count):
    company = env.company
    company.partner_id.tz = "Asia/Shanghai"
    team = env["hospital.marketing.team"].create({"name": "Bench team", "kind": "referral"})
    employees = env["hr.employee"].create(
        [
            {"name": f"Bench promoter {i}", "hm_marketing_team_id": team.id}
            for i in range(promoter_count)
        ]
    )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench clinic {i}",
                "is_company": True,
                "referral_partner_kind": "private_clinic",
                "hm_referral_grade": "abc"[i % 3],
                "hm_referral_promoter_id": employees[i % promoter_count].id,
            }
            for i in range(partner_count)
        ]
    )
    departments = env["hospital.clinical.department"].create(
        [
            {"name": f"Bench {kind}", "code": f"BENCH-{kind}", "kind": kind}
            for kind in ("internal", "surgery", "gynecology", "exam")
        ]
    )
    start = datetime.combine(MONTH, datetime.min.time())
    states = ["registered", "arrived", "in_treatment", "discharged", "closed", "rejected"]
    values = [
        {
            "patient_name": f"Bench {i}",
            "patient_phone": f"139{i:08d}",
            "state": states[i % len(states)],
            "registered_at": start + timedelta(minutes=4 * i % (30 * 24 * 60)),
            "department_id": departments[i % len(departments)].id,
            "referring_partner_id": partners[i % partner_count].id,
            "promoter_id": employees[i % promoter_count].id,
        }
        for i in range(cases)
    ]
    # in batches, as the HIS import and the office's spreadsheet import create them: the fraud
    # check on registration compares each case with the others of its batch
    for offset in range(0, cases, 500):
        env["hospital.referral"].create(values[offset : offset + 500])
    env["hospital.visit"].create(
        [
            {
                "partner_id": partners[i % partner_count].id,
                "promoter_id": employees[i % promoter_count].id,
                "kind": "call" if i % 3 == 0 else "visit",
                "state": "done",
                "start_datetime": start + timedelta(minutes=7 * i % (30 * 24 * 60)),
            }
            for i in range(cases)
        ]
    )
    events = env["event.event"].create(
        [
            {
                "name": f"Bench group exam {i}",
                "hm_outreach_kind": "group_exam",
                "date_begin": start + timedelta(days=i),
                "date_end": start + timedelta(days=i, hours=6),
            }
            for i in range(20)
        ]
    )
    env["event.registration"].create(
        [
            {"event_id": events[i % 20].id, "name": f"Bench attendee {i}", "phone": f"137{i:08d}"}
            for i in range(cases // 10)
        ]
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--partners", type=int, default=300)
    parser.add_argument("--promoters", type=int, default=40)
    parser.add_argument("--month", help="YYYY-MM: measure the existing data of that month")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    if args.month:
        month = datetime.strptime(args.month, "%Y-%m").date()
        measure(odoo.modules.registry.Registry(args.database), month, args.repeat)
        return
    with scratch_copy(args.database, "bench_tables") as scratch:
        run(scratch, args.cases, args.partners, args.promoters)


def run(database, cases, partners, promoters):
    registry = odoo.modules.registry.Registry(database)
    print(f"{cases} cases and {cases} visits in {MONTH:%Y-%m}, {partners} partners")
    step(
        registry,
        "generating the data (not part of the figures)",
        lambda env: build(env, cases, partners, promoters),
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        _manager(env, env.company)
        cr.commit()
    measure(registry, MONTH, 1)


def _manager(env, company):
    """A marketing manager of ``company`` (record rules apply to the tables)."""
    return env["res.users"].create(
        {
            "name": "Bench manager",
            "login": "bench_tables_manager",
            "company_id": company.id,
            "company_ids": [odoo.fields.Command.set(company.ids)],
            "group_ids": [
                odoo.fields.Command.set([env.ref("hospital_marketing.group_marketing_manager").id])
            ],
        }
    )


def measure(registry, month, repeat):
    """Each table of ``month`` exported ``repeat`` times by a marketing manager, each export
    in its own transaction, rolled back."""
    worst = 0.0
    for model, label in TABLES:
        walls, cpus = [], []
        for _i in range(repeat):
            with registry.cursor() as cr:
                root = api.Environment(cr, odoo.SUPERUSER_ID, {})
                manager = root["res.users"].search([("login", "=", "bench_tables_manager")])
                if not manager:
                    rows = root["hospital.referral"]._read_group([], ["company_id"], ["__count"])
                    company = max(rows, key=lambda row: row[1])[0] if rows else root.company
                    manager = _manager(root, company)
                env = api.Environment(cr, manager.id, {"lang": "zh_CN", "tz": "Asia/Shanghai"})
                wizard = env[model].create({"month": month})
                cpu = time.process_time()
                _result, elapsed = timed(f"export {label}", wizard.action_export)
                cpus.append(time.process_time() - cpu)
                walls.append(elapsed)
                size = len(wizard.xlsx_file or b"") * 3 // 4 // 1024
                cr.rollback()
        wall = statistics.median(walls)
        print(
            f"  {size} KiB; median of {repeat}: {wall:.2f} s wall, "
            f"{statistics.median(cpus):.2f} s Python CPU"
        )
        worst = max(worst, wall)
    print(f"slowest table: {worst:.2f} s (target < 5 s): {'met' if worst < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
