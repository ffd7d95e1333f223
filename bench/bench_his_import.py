#!/usr/bin/env python3
"""Benchmark of the HIS bill import (R-R5), not part of the test run.

    python3 bench/bench_his_import.py -c CONF -d DB [--rows 50000] [--keep]

Generates a bill file of ``--rows`` rows (CSV, UTF-8) for the departments of the database,
then times, each in its own rolled-back transaction unless ``--keep``:

1. our import (``hospital.his.importer``: validation and set-wise writing), then a re-import
   of the same file (all unchanged, nothing written);
2. Odoo's standard import (``base_import``) of the same file into ``hospital.referral.bill``;
3. PostgreSQL ``COPY`` of the same rows into a temporary table, for scale;

and prints the figures and the ratio standard / ours.
"""

import argparse
import csv
import io
import random

from benchlib import timed

HEADER = [
    "his_reference",
    "voucher_number",
    "patient_name",
    "patient_phone",
    "kind",
    "department_code",
    "total_fees",
    "drug_cost",
    "admission_date",
    "discharge_date",
    "is_final",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英"


def generate(rows, codes, seed=42):
    """CSV bytes of ``rows`` bills: a third inpatient and final, the rest outpatient."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(rows):
        inpatient = i % 3 == 0
        day = 1 + i % 28
        total = round(rng.uniform(200, 30000 if inpatient else 2000), 2)
        writer.writerow(
            [
                f"BENCH-{i:07d}",
                f"ZZD-B{i:07d}" if i % 2 else "",
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                f"139{rng.randrange(10**8):08d}",
                "inpatient" if inpatient else "outpatient",
                codes[i % len(codes)],
                f"{total:.2f}",
                f"{total * rng.uniform(0.1, 0.5):.2f}",
                f"2026-03-{day:02d}",
                f"2026-04-{day:02d}" if inpatient else "",
                "yes" if inpatient else "no",
            ]
        )
    return out.getvalue().encode("utf-8")


def ours(env, content):
    Importer = env["hospital.his.importer"]
    rows = Importer._read_file(content, "bench.csv")
    outcome = Importer._import_rows(rows, atomic=True)
    env.flush_all()
    assert not outcome["errors"], outcome["errors"][:5]
    return outcome["counts"]


def standard(env, content):
    """Odoo's import, mapping the department by its code the way a user would."""
    Import = env["base_import.import"]
    record = Import.create(
        {"res_model": "hospital.referral.bill", "file": content, "file_type": "text/csv"}
    )
    fields = [
        "his_reference",
        "voucher_number",
        "patient_name",
        "patient_phone",
        "kind",
        "department_id",  # the standard import matches a many2one by name, not by HIS code
        "total_fees",
        "drug_cost",
        "admission_date",
        "discharge_date",
        "is_final",
    ]
    options = {
        "has_headers": True,
        "quoting": '"',
        "separator": ",",
        "encoding": "utf-8",
        "date_format": "%Y-%m-%d",
        "float_thousand_separator": ",",
        "float_decimal_separator": ".",
    }
    result = record.execute_import(fields, HEADER, options)
    env.flush_all()
    messages = [m for m in result.get("messages", []) if m.get("type") == "error"]
    assert not messages, messages[:3]
    return len(result.get("ids") or [])


def copy(env, content):
    cr = env.cr
    cr.execute(
        "CREATE TEMP TABLE bench_bill (his_reference varchar, voucher_number varchar, "
        "patient_name varchar, patient_phone varchar, kind varchar, department_code varchar, "
        "total_fees numeric, drug_cost numeric, admission_date date, discharge_date date, "
        "is_final boolean) ON COMMIT DROP"
    )
    cr.copy_expert("COPY bench_bill FROM STDIN WITH (FORMAT csv, HEADER true)", io.BytesIO(content))
    cr.execute("SELECT count(*) FROM bench_bill")
    return cr.fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--keep", action="store_true", help="commit our import")
    parser.add_argument("--skip-standard", action="store_true")
    args = parser.parse_args()

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
        departments = env["hospital.clinical.department"].search([("code", "!=", False)])
        names = {d.code: d.name for d in departments}
        codes = list(names)
        print(f"{args.rows} bills, departments {', '.join(codes)}")
        content = generate(args.rows, codes)
        counts, t_ours = timed("ours: validate and write", lambda: ours(env, content))
        print(f"    {counts}")
        counts, _t_again = timed("ours: re-import of the same file", lambda: ours(env, content))
        print(f"    {counts}")
        if args.keep:
            cr.commit()
        else:
            cr.rollback()
        if not args.skip_standard:
            # the standard import needs the department's name, not its HIS code
            std_content = content.decode()
            for code, name in names.items():
                std_content = std_content.replace(f",{code},", f",{name},")
            count, t_std = timed(
                "standard Odoo import (base_import)",
                lambda: standard(env, std_content.encode()),
            )
            print(f"    {count} records")
            cr.rollback()
            print(f"{'ratio standard / ours':<55} {t_std / t_ours:7.1f} x")
        timed("PostgreSQL COPY into a temporary table", lambda: copy(env, content))
        cr.rollback()


if __name__ == "__main__":
    main()
