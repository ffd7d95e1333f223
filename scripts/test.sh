#!/usr/bin/env bash
# The whole test suite: lint, a fresh test database with the three addons and their demo data,
# then pytest (pytest-odoo) over the addons' tests and the cross-module tests in tests/, browser
# tours included. Ends with pytest's summary line; exits non-zero on any failure, when no test
# ran, or when a browser test was skipped.
#
#   scripts/test.sh [--db-host HOST] [--db-port PORT] [--no-lint] [PYTEST ARGS...]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LINT=1
PYTEST_ARGS=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --db-host) export HM_DB_HOST=$2; shift 2 ;;
        --db-port) export HM_DB_PORT=$2; shift 2 ;;
        --no-lint) LINT=0; shift ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) PYTEST_ARGS+=("$1"); shift ;;
    esac
done

TEST_DB=${HM_TEST_DB:-hm_test}
TEMPLATE_DB=${HM_TEMPLATE_DB:-hm_template}
HTTP_PORT=${HM_TEST_HTTP_PORT:-18069}
CONF=$HM_STATE/test-$HTTP_PORT.conf

find_odoo
ensure_python_requirements
ensure_chromium
ensure_postgres
write_config "$CONF" "$HTTP_PORT"

if [[ $LINT -eq 1 ]]; then
    say "lint: ruff"
    (cd "$HM_ROOT" && ruff check addons tests bench && ruff format --check addons tests bench) \
        || die "ruff found problems (ruff check --fix / ruff format fix most)"
    say "lint: pylint-odoo"
    (cd "$HM_ROOT" && "$PYTHON" -m pylint --rcfile=.pylintrc addons/*/) \
        || die "pylint-odoo found problems"
fi

template_db "$TEMPLATE_DB" "$CONF"
say "creating test database $TEST_DB with the addons and their demo data"
for attempt in 1 2 3; do  # a concurrent copy of the template makes CREATE DATABASE fail
    quiet odoo db -c "$CONF" duplicate -f "$TEMPLATE_DB" "$TEST_DB" && break
    [[ $attempt -lt 3 ]] || die "could not copy $TEMPLATE_DB to $TEST_DB"
    sleep 5
done
odoo -c "$CONF" -d "$TEST_DB" -i "$HM_ADDONS" --with-demo --stop-after-init --no-http \
    --log-level=warn --load-language=zh_CN \
    || die "the addons did not install on a fresh database"

say "running pytest"
export HM_ODOO_CONF=$CONF HM_TEMPLATE_DB=$TEMPLATE_DB HM_TEST_DB=$TEST_DB HM_ODOO_CMD="${ODOO_BIN[*]}"
cd "$HM_ROOT"
# the whole suite, unless test paths were given
PATHS=(addons tests)
for arg in "${PYTEST_ARGS[@]}"; do
    [[ -e ${arg%%::*} ]] && PATHS=() && break
done
# not exec: the PostgreSQL server this command started is stopped when pytest ends
rc=0
"$PYTHON" -m pytest --odoo-config="$CONF" --odoo-database="$TEST_DB" --odoo-http \
    "${PATHS[@]}" "${PYTEST_ARGS[@]}" || rc=$?
exit $rc
