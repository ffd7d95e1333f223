"""Benchmark at a hospital's scale (not part of the test run): N referral cases with their final
HIS bills, generated set-wise in SQL on a scratch copy of the database, then

1. the department dashboard's figures, each read the way the web client and the spreadsheet
   dashboards read them (``formatted_read_group`` as the marketing manager, record rules
   applied), against the equivalent raw SQL ``GROUP BY`` (same filter as the manager's rules);
   target: every figure within 3x of its SQL;
2. a promoter's case list under the record rules (``web_search_read`` of the list view's fields,
   first page and count, as the web client asks) against the manager's unrestricted list;
   target: within 2x.

Each measure is the median of ``--repeat`` runs after one warm-up run. The cases spread over
``--promoters`` promoters (the demo promoter among them), the demo referral partners and 24
months; half are discharged with a final bill.

    python3 bench/bench_scale.py -c CONF -d DB [--cases 1000000] [--promoters 50] [--keep]
"""

import argparse
import statistics
import time

from benchlib import drop, scratch_copy

import odoo
from odoo import api
from odoo.tools import SQL, config

LIST_SPEC = {
    name: {}
    for name in (
        "name",
        "registered_at",
        "patient_name",
        "patient_phone_masked",
        "referring_partner_id",
        "referring_doctor_id",
        "department_id",
        "promoter_id",
        "currency_id",
        "fraud_decision",
        "feedback_status",
        "fraud_flag",
        "state",
    )
}
# the manager's record rules on cases, as SQL (security/ir_rule.xml: company and secret class)
MANAGER_FILTER = (
    "company_id = %(company)s AND (secret_class IS NULL OR id IN "
    "(SELECT {col1} FROM {rel} WHERE {col2} = %(uid)s))"
)

FIGURES = [
    # (label, model, groupby, aggregates, equivalent SQL)
    (
        "cases per month and state",
        "hospital.referral",
        ["registered_at:month", "state"],
        ["__count"],
        "SELECT date_trunc('month', registered_at), state, count(*) FROM hospital_referral "
        f"WHERE {MANAGER_FILTER} GROUP BY 1, 2",
    ),
    (
        "referral revenue per discharge month",
        "hospital.referral",
        ["discharge_date:month"],
        ["total_fees:sum", "__count"],
        "SELECT date_trunc('month', discharge_date), sum(total_fees), count(*) "
        f"FROM hospital_referral WHERE {MANAGER_FILTER} GROUP BY 1",
    ),
    (
        "cases and revenue per partner grade",
        "hospital.referral",
        ["partner_grade"],
        ["total_fees:sum", "__count"],
        "SELECT partner_grade, sum(total_fees), count(*) FROM hospital_referral "
        f"WHERE {MANAGER_FILTER} GROUP BY 1",
    ),
    (
        "cases per promoter",
        "hospital.referral",
        ["promoter_id"],
        ["__count"],
        f"SELECT promoter_id, count(*) FROM hospital_referral WHERE {MANAGER_FILTER} GROUP BY 1",
    ),
    (
        "cases per territory",
        "hospital.referral",
        ["territory_id"],
        ["__count"],
        f"SELECT territory_id, count(*) FROM hospital_referral WHERE {MANAGER_FILTER} GROUP BY 1",
    ),
    (
        "cases per referring partner (top list)",
        "hospital.referral",
        ["referring_partner_id"],
        ["total_fees:sum", "__count"],
        "SELECT referring_partner_id, sum(total_fees), count(*) FROM hospital_referral "
        f"WHERE {MANAGER_FILTER} GROUP BY 1",
    ),
    (
        "HIS bill spending per month and kind",
        "hospital.referral.bill",
        ["discharge_date:month", "kind"],
        ["total_fees:sum", "drug_cost:sum"],
        "SELECT date_trunc('month', discharge_date), kind, sum(total_fees), sum(drug_cost) "
        "FROM hospital_referral_bill WHERE company_id = %(company)s GROUP BY 1, 2",
    ),
]


def median_time(func, repeat):
    func()  # warm-up: caches and the planner's statistics
    times = []
    for _i in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build(env, cases, promoters):
    """``cases`` referral cases and a final bill for each discharged one, in two INSERT … SELECT."""
    company = env.ref("hospital_marketing.demo_user_manager").company_id
    demo_promoter = env.ref("hospital_marketing.demo_emp_promoter")
    employees = env["hr.employee"].search(
        [("hm_marketing_role", "=", "promoter"), ("user_id", "!=", False)]
    )
    team = employees[:1].hm_marketing_team_id
    missing = max(0, promoters - len(employees))
    users = env["res.users"].create(
        [
            {
                "name": f"Bench promoter {i}",
                "login": f"bench_promoter_{i}",
                "group_ids": [(4, env.ref("hospital_marketing.group_marketing_promoter").id)],
            }
            for i in range(missing)
        ]
    )
    employees |= env["hr.employee"].create(
        [
            {
                "name": user.name,
                "user_id": user.id,
                "hm_marketing_role": "promoter",
                "hm_marketing_team_id": team.id,
            }
            for user in users
        ]
    )
    if demo_promoter:
        employees = demo_promoter | (employees - demo_promoter)
    employees = employees[:promoters]
    partners = env["res.partner"].search(
        [("referral_partner_kind", "!=", False), ("is_company", "=", True)]
    )
    territories = env["hospital.marketing.territory"].search([])
    department = env["hospital.clinical.department"].search([("kind", "=", "internal")], limit=1)
    env.flush_all()
    params = {
        "n": cases,
        "company": company.id,
        "emp": employees.ids,
        "usr": [e.user_id.id for e in employees],
        "team": [e.hm_marketing_team_id.id or None for e in employees],
        "partner": partners.ids,
        "grade": [p.hm_referral_grade or "c" for p in partners],
        "pkind": [p.referral_partner_kind for p in partners],
        "territory": territories.ids or [None],
        "department": department.id,
        "uid": env.uid,
    }
    states = "ARRAY['registered','arrived','in_treatment','discharged','discharged','closed',"
    states += "'rejected','not_counted']"
    env.cr.execute(
        f"""
        INSERT INTO hospital_referral (
            name, state, patient_name, patient_phone, patient_phone_norm, channel,
            registered_at, arrival_datetime, discharge_date, total_fees, drug_cost,
            company_id, promoter_id, user_id, team_id, referring_partner_id, partner_grade,
            partner_kind, territory_id, department_id, care_kind, is_counted, bill_count,
            feedback_status, create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH' || lpad(g::text, 8, '0'), s.state, 'Patient ' || g,
               '139' || lpad(g::text, 8, '0'), '+86139' || lpad(g::text, 8, '0'), 'promoter',
               r.at,
               CASE WHEN s.state NOT IN ('registered', 'rejected')
                    THEN r.at + interval '1 day' END,
               CASE WHEN s.state IN ('discharged', 'closed')
                    THEN (r.at + interval '8 days')::date END,
               CASE WHEN s.state IN ('discharged', 'closed') THEN 1000 + g %% 9000 END,
               CASE WHEN s.state IN ('discharged', 'closed') THEN 200 + g %% 1000 END,
               %(company)s,
               (%(emp)s::int[])[1 + g %% cardinality(%(emp)s::int[])],
               (%(usr)s::int[])[1 + g %% cardinality(%(usr)s::int[])],
               (%(team)s::int[])[1 + g %% cardinality(%(team)s::int[])],
               (%(partner)s::int[])[1 + g %% cardinality(%(partner)s::int[])],
               (%(grade)s::varchar[])[1 + g %% cardinality(%(partner)s::int[])],
               (%(pkind)s::varchar[])[1 + g %% cardinality(%(partner)s::int[])],
               (%(territory)s::int[])[1 + g %% cardinality(%(territory)s::int[])],
               %(department)s, 'inpatient', s.state IN ('discharged', 'closed'),
               CASE WHEN s.state IN ('discharged', 'closed') THEN 1 ELSE 0 END,
               'on_time', %(uid)s, %(uid)s, now(), now()
          FROM generate_series(1, %(n)s) g,
               LATERAL (SELECT ({states})[1 + g %% 8] AS state) s,
               LATERAL (SELECT timestamp '2025-01-01' + (g %% 730) * interval '1 day'
                               + (g %% 600) * interval '1 minute' AS at) r
        """,
        params,
    )
    env.cr.execute(
        """
        INSERT INTO hospital_referral_bill (
            referral_id, company_id, department_id, user_id, team_id, promoter_id,
            his_reference, patient_name, patient_phone, patient_phone_norm, kind,
            department_kind, match_state, admission_date, discharge_date, total_fees,
            drug_cost, is_final, create_uid, write_uid, create_date, write_date)
        SELECT id, company_id, department_id, user_id, team_id, promoter_id,
               'BENCH-' || id, patient_name, patient_phone, patient_phone_norm, 'inpatient',
               'internal', 'matched', arrival_datetime::date, discharge_date, total_fees,
               drug_cost, TRUE, create_uid, write_uid, now(), now()
          FROM hospital_referral
         WHERE name LIKE 'BENCH%%' AND state IN ('discharged', 'closed')
        """
    )


def run(database, repeat):
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        manager = env.ref("hospital_marketing.demo_user_manager")
        promoter = env.ref("hospital_marketing.demo_user_promoter")
        company = manager.company_id
        field = env["hospital.referral"]._fields["secret_user_ids"]
        rel = {"rel": field.relation, "col1": field.column1, "col2": field.column2}
        count = env["hospital.referral"].search_count([])
        print(f"{count} referral cases, {env['hospital.referral.bill'].search_count([])} bills")
        print(f"{'figure':<45} {'ORM s':>8} {'SQL s':>8} {'ratio':>6}  (target 3x)")
        worst = 0.0
        for label, model, groupby, aggregates, sql in FIGURES:
            records = env[model].with_user(manager).with_company(company)

            def orm(records=records, groupby=groupby, aggregates=aggregates):
                records.invalidate_model()
                return records.formatted_read_group([], groupby, aggregates)

            def raw(sql=sql):
                cr.execute(sql.format(**rel), {"company": company.id, "uid": manager.id})
                return cr.fetchall()

            t_orm, t_sql = median_time(orm, repeat), median_time(raw, repeat)
            worst = max(worst, t_orm / t_sql)
            print(f"{label:<45} {t_orm:8.3f} {t_sql:8.3f} {t_orm / t_sql:6.2f}")
        print(f"worst dashboard figure: {worst:.2f}x its SQL")

        lists = {}
        for who in (manager, promoter):
            cases = env["hospital.referral"].with_user(who).with_company(company)

            def page(cases=cases):
                cases.invalidate_model()
                return cases.web_search_read([], LIST_SPEC, limit=80, count_limit=10001)

            lists[who.login] = (median_time(page, repeat), page()["length"])
        (t_manager, n_manager), (t_promoter, n_promoter) = lists.values()
        print(f"manager's case list (sees {n_manager}): {t_manager:.3f} s")
        print(f"promoter's case list (sees {n_promoter}): {t_promoter:.3f} s")
        print(f"promoter / manager: {t_promoter / t_manager:.2f}x  (target 2x)")
        cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--promoters", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated database DB_scale for reruns"
    )
    parser.add_argument("--reuse", action="store_true", help="measure an existing DB_scale")
    args = parser.parse_args()
    config.parse_config(["-c", args.config])
    scale = f"{args.database}_scale"
    if args.reuse:
        run(scale, args.repeat)
        return
    with scratch_copy(args.database, "scale_build") as scratch:
        registry = odoo.modules.registry.Registry(scratch)
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
            start = time.perf_counter()
            build(env, args.cases, args.promoters)
            cr.commit()
            print(f"generated {args.cases} cases in {time.perf_counter() - start:.0f} s")
            # as autovacuum leaves a table in production: statistics and visibility map
            cr._cnx.autocommit = True
            cr.execute("VACUUM ANALYZE hospital_referral, hospital_referral_bill")
        run(scratch, args.repeat)
        if args.keep:
            odoo.modules.registry.Registry.delete(scratch)
            odoo.sql_db.close_db(scratch)
            with odoo.sql_db.db_connect("postgres").cursor() as cr:
                cr._cnx.autocommit = True
                drop(scale)
                cr.execute(
                    SQL(
                        "ALTER DATABASE %s RENAME TO %s",
                        SQL.identifier(scratch),
                        SQL.identifier(scale),
                    )
                )
            # scratch_copy drops the (now missing) scratch name


if __name__ == "__main__":
    main()
