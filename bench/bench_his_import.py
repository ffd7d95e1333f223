#!/usr/bin/env python3
"""Benchmark of the HIS bill import (R-R5), not part of the test run.

    python3 bench/bench_his_import.py -c CONF -d DB [--rows 50000] [--keep]

Generates a bill file of ``--rows`` rows (CSV, UTF-8) for the departments of the database,
and the same bills as a real HIS export in XLSX (a merged title row, Chinese headers,
department names, dates with a time, amounts with thousands separators), then times, each in
its own rolled-back transaction unless ``--keep``:

1. our import (``hospital.his.importer``: reading, validation and set-wise writing), then a
   re-import of the same file (all unchanged, nothing written);
2. the path a clerk uses: the import wizard's Check then Import, for the CSV and the XLSX file,
   then the same file again in a new wizard (Check + Import, all unchanged);
3. Odoo's standard import (``base_import``) of the same file into ``hospital.referral.bill``;
4. PostgreSQL ``COPY`` of the same rows into a temporary table, for scale;

and prints the figures and the ratio standard / ours.
"""

import argparse
import base64
import csv
import io
import os
import random
import time

from benchlib import timed as timed_wall

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# the PostgreSQL backend of the cursor, for its CPU time (readable when it runs on this machine)
BACKEND = {"pid": None}
CPU_TOTALS = []


def backend_cpu():
    """CPU seconds of the PostgreSQL backend serving the benchmark's cursor, or None."""
    try:
        with open(f"/proc/{BACKEND['pid']}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def timed(label, func):
    """``func()`` and its wall-clock seconds, printed with the CPU seconds of this process
    (Odoo, the Python side) and of the PostgreSQL backend: on a shared machine the CPU times
    vary much less than the wall clock."""
    cpu, pg = time.process_time(), backend_cpu()
    result, elapsed = timed_wall(label, func)
    cpu = time.process_time() - cpu
    pg = backend_cpu() - pg if pg is not None else None
    pg_text = f" + PostgreSQL {pg:5.2f}" if pg is not None else ""
    print(f"{'':<8}CPU: Odoo {cpu:5.2f}{pg_text} = {cpu + (pg or 0):5.2f} s")
    CPU_TOTALS.append(cpu + (pg or 0))
    return result, elapsed


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


CHINESE_HEADER = [
    "住院号",
    "转诊单号",
    "姓名",
    "电话",
    "类别",
    "科室",
    "总费用",
    "药费",
    "入院日期",
    "出院日期",
    "已结算",
]


def to_xlsx(content, names):
    """The CSV's bills as the HIS exports them: a merged title row, Chinese headers,
    department names, 2026-03-05 10:22 dates, amounts as text with thousands separators."""
    import xlsxwriter

    rows = list(csv.reader(io.StringIO(content.decode())))[1:]
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.merge_range(0, 0, 0, len(CHINESE_HEADER) - 1, "某某医院 病人费用明细")
    sheet.write_row(1, 0, CHINESE_HEADER)
    kinds = {"inpatient": "住院", "outpatient": "门诊"}
    for index, row in enumerate(rows, start=2):
        row[4] = kinds[row[4]]
        row[5] = names[row[5]]
        row[6] = f"{float(row[6]):,.2f}"
        row[7] = float(row[7])
        row[8] = f"{row[8]} 10:22"
        row[10] = "是" if row[10] == "yes" else "否"
        sheet.write_row(index, 0, row)
    book.close()
    return stream.getvalue()


def ours(env, content):
    Importer = env["hospital.his.importer"]
    company = env.company
    table = Importer._read_table(content, "bench.csv")
    header_index, columns = Importer._scan_header(table, company)
    batch = Importer._file_batch(
        content,
        "bench.csv",
        company,
        {column: field for column, _title, field, _known in columns if field},
        header_index,
        {},
        f"bench-{random.random()}",  # no cache: the whole import is timed
    )
    outcome = Importer._import_batch(batch, company, atomic=True)
    env.flush_all()
    assert not outcome["counts"]["error"], outcome["counts"]
    return outcome["counts"]


def wizard_check(env, content, name):
    wizard = env["hospital.referral.bill.import"].create(
        {"file": base64.b64encode(content), "file_name": name}
    )
    wizard.action_preview()
    assert wizard.state == "preview" and not wizard.has_errors, (wizard.state, wizard.summary)
    return wizard


def wizard_import(wizard):
    wizard.action_import()
    wizard.env.flush_all()
    assert wizard.state == "done", wizard.summary
    return wizard


def wizard_path(env, content, name, label):
    """Check then Import through the wizard, then the same file again (all unchanged)."""
    from odoo.addons.hospital_referral.models import hospital_his_importer_file

    hospital_his_importer_file._CACHE.clear()
    wizard, t_check = timed(f"wizard {label}: Check", lambda: wizard_check(env, content, name))
    _wizard, t_import = timed(f"wizard {label}: Import", lambda: wizard_import(wizard))
    print(f"{f'wizard {label}: Check + Import':<55} {t_check + t_import:7.2f} s")
    print(f"{'':<8}CPU: {sum(CPU_TOTALS[-2:]):5.2f} s")
    timed(
        f"wizard {label}: again, unchanged (Check + Import)",
        lambda: wizard_import(wizard_check(env, content, name)),
    )
    hospital_his_importer_file._CACHE.clear()
    timed(
        f"wizard {label}: again, another worker (no cache)",
        lambda: wizard_import(wizard_check(env, content, name)),
    )


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
    parser.add_argument("--skip-wizard", action="store_true")
    args = parser.parse_args()

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        cr.execute("SELECT pg_backend_pid()")
        BACKEND["pid"] = cr.fetchone()[0]
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
        departments = env["hospital.clinical.department"].search([("code", "!=", False)])
        # the departments' company (the demo hospital is a company of its own)
        company = departments[:1].company_id or env.company
        env = env(context=dict(env.context, allowed_company_ids=company.ids))
        departments = departments.filtered(lambda d: d.company_id in (company, company.browse()))
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
        if not args.skip_wizard:
            # the clerk: an office user, in the company's language
            clerk = env.ref("base.user_admin")
            clerk_env = env(user=clerk, context=dict(env.context, tracking_disable=True))
            wizard_path(clerk_env, content, "bench.csv", "CSV")
            cr.rollback()
            xlsx = to_xlsx(content, names)
            wizard_path(clerk_env, xlsx, "bench.xlsx", "XLSX (HIS export)")
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
