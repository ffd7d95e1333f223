#!/usr/bin/env bash
# Odoo's own test suites (hr, hr_expense, event, mail, account) on a stock database and on one with
# our addons, then a comparison (issue #9: "Odoo's own tests give the same results with our addons").
# Long (an hour or more on a busy machine), so not part of CI; runs under `nice -n 15`.
#
#   scripts/core_suites.sh [--suites LIST] [--no-build] [--only stock|ours]
#                          [--tags SPEC --label NAME] [--compare]
#
#   default      for each side, one after the other: builds the database from scratch
#                (hm_core_stock: Odoo's modules of HM_ODOO_DEPENDS; hm_core_ours: the same plus
#                HM_ADDONS; both with demo data and zh_CN), then one Odoo run per suite on it
#                (--test-enable --test-tags /<suite>, log <db>.<suite>.log): on an existing
#                database Odoo 19 runs the suite's at_install tests as it loads each module (in
#                dependency order, so before the modules that depend on it) and its
#                post_install tests once all are loaded; then compares the two sides.
#   --suites     the Odoo modules whose tests run (default hr,hr_expense,event,mail,account)
#   --no-build   keep the databases (built by an earlier run), run the tests only
#   --only SIDE  one side only (stock or ours)
#   --tags SPEC  a part of a suite instead, as an Odoo --test-tags spec, logged as <db>.NAME.log
#                (--label NAME), e.g. --no-build --tags /account:TestAccountMoveOutInvoiceOnchanges
#                --label account-invoice; a re-run of a test replaces its earlier outcome
#   --compare    run nothing, compare the logs already collected
#
# Logs in $HM_STATE/core-suites/. The comparison reads every log of each side: per suite the test
# methods run, those that failed and those that errored (a test with failing subtests counts once;
# Odoo's own summary counts subtests), then every test whose outcome differs between the sides,
# then the tests failing the same way on both.
# Port: HM_CORE_HTTP_PORT (default 18303); HttpCase tests serve on it, so the two sides run one
# after the other. Databases: hm_core_stock and hm_core_ours (HM_CORE_DB_PREFIX=hm_core).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SUITES="hr,hr_expense,event,mail,account"
TAGS=""
LABEL="custom"
BUILD=1
ONLY=""
RUN=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --suites) SUITES=$2; shift 2 ;;
        --tags) TAGS=$2; shift 2 ;;
        --label) LABEL=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --only) ONLY=$2; shift 2 ;;
        --compare) RUN=0; shift ;;
        --db-host) export HM_DB_HOST=$2; shift 2 ;;
        --db-port) export HM_DB_PORT=$2; shift 2 ;;
        -h|--help) sed -n '2,/^# after the other/p' "$0"; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
CUSTOM_TAGS=$TAGS
TAGS=$(printf '/%s,' ${SUITES//,/ })
TAGS=${TAGS%,}
[[ "$LABEL" =~ ^[A-Za-z0-9_-]+$ ]] || die "--label takes letters, digits, - and _"

PREFIX=${HM_CORE_DB_PREFIX:-hm_core}
HTTP_PORT=${HM_CORE_HTTP_PORT:-18303}
CONF=$HM_STATE/core-$HTTP_PORT.conf
LOGS=$HM_STATE/core-suites
mkdir -p "$LOGS"

find_odoo
ensure_postgres
write_config "$CONF" "$HTTP_PORT"

# odoo_run SIDE LABEL TAGS [ARGS...]: one Odoo run with the tests TAGS on the side's database
odoo_run() {
    local side=$1 label=$2 tags=$3 db log rc=0
    shift 3
    db="${PREFIX}_$side"
    log=$LOGS/$db.$label.log
    rm -f "$log"
    say "$side: tests $tags on $db; log $log"
    nice -n 15 "${ODOO_BIN[@]}" -c "$CONF" -d "$db" --test-enable --test-tags "$tags" --stop-after-init \
        --log-level=info --logfile="$log" --workers=0 --max-cron-threads=0 "$@" || rc=$?
    # a failing test makes Odoo exit non-zero; a run that broke down leaves no summary line
    grep -q "post-tests in" "$log" || die "$side: Odoo stopped before the tests ended (exit $rc); see $log"
}

# run_side stock|ours
run_side() {
    local side=$1 db modules=$HM_ODOO_DEPENDS suite
    db="${PREFIX}_$side"
    [[ $side == ours ]] && modules+=",$HM_ADDONS"
    if [[ $BUILD -eq 1 ]]; then
        say "$side: building $db from scratch ($modules, demo data, zh_CN)"
        odoo db -c "$CONF" drop "$db" >/dev/null 2>&1 || true
        nice -n 15 "${ODOO_BIN[@]}" -c "$CONF" -d "$db" -i "$modules" --with-demo --load-language=zh_CN \
            --stop-after-init --no-http --log-level=warn --logfile="$LOGS/$db.build.log" \
            || die "$side: $db did not build; see $LOGS/$db.build.log"
    else
        db_exists "$db" || die "$db does not exist: run without --no-build first"
    fi
    if [[ -n "$CUSTOM_TAGS" ]]; then
        odoo_run "$side" "$LABEL" "$CUSTOM_TAGS"
    else
        for suite in ${SUITES//,/ }; do
            odoo_run "$side" "$suite" "/$suite"
        done
    fi
}

if [[ $RUN -eq 1 ]]; then
    for side in stock ours; do
        [[ -z "$ONLY" || "$ONLY" == "$side" ]] && run_side "$side"
    done
fi

say "comparison (logs in $LOGS)"
"$PYTHON" - "$LOGS" "${PREFIX}_stock" "${PREFIX}_ours" <<'PY'
"""Per suite: tests run, failures, errors on each side; then every test whose outcome differs."""
import glob
import os
import re
import sys

logs, stock_db, ours_db = sys.argv[1:4]
# "<date> <time> <pid> <LEVEL> <db> <logger>: <message>"
LINE = re.compile(r"^\S+ \S+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): (?P<msg>.*)$")
TEST_LOGGER = re.compile(r"^odoo\.addons\.(?P<module>\w+)\.tests\.(?P<file>[\w.]+)$")
HOLDER = re.compile(r"^(?:ERROR|FAIL): (?P<what>\w+) \((?:odoo\.addons\.)?(?P<module>\w+)\.tests\.(?P<file>[\w.]+?)\.(?P<cls>\w+)\)")


def parse(db):
    """{test id: "ok" | "FAIL" | "ERROR"} over all the logs of one side (a later log wins)."""
    outcome = {}
    files = sorted(glob.glob(os.path.join(logs, f"{db}.*.log")), key=os.path.getmtime)
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            for raw in f:
                m = LINE.match(raw.rstrip("\n"))
                if not m:
                    continue
                msg = m["msg"]
                holder = HOLDER.match(msg)
                if holder:  # setUpClass / tearDownClass errors: the whole class
                    tid = f"{holder['module']}.{holder['cls']}.{holder['what']}"
                    outcome[tid] = msg.split(":", 1)[0]
                    continue
                t = TEST_LOGGER.match(m["logger"])
                if not t:
                    continue
                for kind in ("Starting ", "FAIL: ", "ERROR: "):
                    if msg.startswith(kind):
                        name = msg[len(kind) :].split(" ", 1)[0]
                        if name == "Subtest":  # "Subtest Class.method (params)": counts for the test
                            name = msg[len(kind) :].split(" ", 2)[1]
                        tid = f"{t['module']}.{name}"
                        if kind == "Starting ":
                            outcome.setdefault(tid, "ok")
                        elif outcome.get(tid) != "ERROR":
                            outcome[tid] = kind.rstrip(": ")
                        break
    return outcome, files


stock, stock_files = parse(stock_db)
ours, ours_files = parse(ours_db)
if not stock_files and not ours_files:
    sys.exit(f"no logs in {logs}")
modules = sorted({tid.split(".", 1)[0] for tid in (*stock, *ours)})
print(f"logs: {', '.join(os.path.basename(p) for p in stock_files + ours_files)}")
print(f"{'suite':<14}{'stock: tests':>13}{'fail':>6}{'err':>6}{'ours: tests':>13}{'fail':>6}{'err':>6}")
for mod in modules:
    row = []
    for side in (stock, ours):
        res = [v for k, v in side.items() if k.split(".", 1)[0] == mod]
        row += [len(res), res.count("FAIL"), res.count("ERROR")]
    print(f"{mod:<14}{row[0]:>13}{row[1]:>6}{row[2]:>6}{row[3]:>13}{row[4]:>6}{row[5]:>6}")
diff = sorted(t for t in {*stock, *ours} if stock.get(t, "not run") != ours.get(t, "not run"))
print(f"\n{len(diff)} test(s) with a different outcome (stock -> ours):")
for tid in diff:
    print(f"  {tid}: {stock.get(tid, 'not run')} -> {ours.get(tid, 'not run')}")
common = sorted(t for t in stock if stock[t] != "ok" and ours.get(t) == stock[t])
print(f"\n{len(common)} test(s) failing the same way on both:")
for tid in common:
    print(f"  {tid}: {stock[tid]}")
PY
