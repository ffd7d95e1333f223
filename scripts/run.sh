#!/usr/bin/env bash
# Set everything up and serve Odoo with the three addons and the demo hospital:
#   scripts/run.sh [--db-host HOST] [--db-port PORT] [--port 8069] [--db NAME] [--reset]
# Safe to run again: an existing database is upgraded in place; --reset starts it over.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=${HM_DB_NAME:-hospital_demo}
PORT=${HM_HTTP_PORT:-8069}
RESET=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --db-host) export HM_DB_HOST=$2; shift 2 ;;
        --db-port) export HM_DB_PORT=$2; shift 2 ;;
        --port) PORT=$2; shift 2 ;;
        --db) DB=$2; shift 2 ;;
        --reset) RESET=1; shift ;;
        -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done

CONF=$HM_STATE/odoo.conf
find_odoo
ensure_python_requirements
ensure_postgres
write_config "$CONF" "$PORT"

if [[ $RESET -eq 1 ]] && db_exists "$DB"; then
    quiet odoo db -c "$CONF" drop "$DB"
fi
if db_exists "$DB"; then
    say "upgrading the addons in database $DB"
    odoo -c "$CONF" -d "$DB" -u "$HM_ADDONS" --stop-after-init --no-http --log-level=warn \
        || die "upgrade failed"
else
    template_db hm_template "$CONF"
    say "creating database $DB with the demo hospital"
    quiet odoo db -c "$CONF" duplicate hm_template "$DB"
    odoo -c "$CONF" -d "$DB" -i "$HM_ADDONS" --with-demo --stop-after-init --no-http \
        --log-level=warn --load-language=zh_CN || die "installation failed"
fi

cat >&2 <<TXT

  Odoo with the hospital marketing suite: http://localhost:$PORT/odoo   (database $DB)

  Demo logins (password = login), one per role:
    admin       administrator
    promoter    推广员 Promoter (referral team)      promoter2   推广员 Promoter (expansion team)
    leader      组长 Team leader (referral team)     office      市场内勤 Office clerk
    mkt_manager 市场部经理 Marketing manager          vp          经营院长 Business vice-president
    guidedesk   导医 Guide desk                      finance     财务 Finance
    treatment   诊疗组长 Treatment group leader       magazine    杂志发行员 Magazine squad member
    doctor      转诊医生 Referring doctor (portal, /my/referrals)

TXT
# not exec: the PostgreSQL server this command started is stopped when Odoo stops
trap 'kill -TERM "$odoo_pid" 2>/dev/null' INT TERM
"${ODOO_BIN[@]}" -c "$CONF" -d "$DB" --db-filter="^$DB\$" &
odoo_pid=$!
rc=0
wait "$odoo_pid" || rc=$?
wait "$odoo_pid" 2>/dev/null || true
exit $rc
