# shellcheck shell=bash
# Shared by scripts/run.sh and scripts/test.sh: find Odoo, find or start PostgreSQL, write the
# Odoo configuration. Sourced, never run. Everything it creates lives under $HM_STATE (default
# .state/ in the repository), so a run is safe to repeat and `rm -rf .state` starts over.

set -euo pipefail

HM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HM_STATE=${HM_STATE:-$HM_ROOT/.state}
HM_ADDONS="hospital_marketing,hospital_referral,hospital_events,hospital_dashboard"
# Odoo addons ours stand on; the template database holds them so test databases are cheap copies.
HM_ODOO_DEPENDS="contacts,hr,hr_expense,account,event,calendar,portal,mail,base_import,spreadsheet_dashboard"
PYTHON=${PYTHON:-python3}

say() { printf '\033[1m[hm]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[hm] error:\033[0m %s\n' "$*" >&2; exit 2; }

# ---------------------------------------------------------------------------------------------
# Odoo: $ODOO_PATH (a source tree with odoo-bin), else an importable `odoo`, else the official
# Debian/Ubuntu package location. Sets ODOO_BIN (command array) and ODOO_ADDONS_DIRS.
# ---------------------------------------------------------------------------------------------
find_odoo() {
    local root=""
    if [[ -n "${ODOO_PATH:-}" ]]; then
        [[ -f "$ODOO_PATH/odoo/release.py" ]] || die "ODOO_PATH=$ODOO_PATH holds no Odoo source tree (no odoo/release.py)."
        root=$ODOO_PATH
        export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
    elif root=$("$PYTHON" - 2>/dev/null <<'PY'
import os, odoo.release as r
assert r.version_info[0] == 19, r.version
print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))
PY
    ); then
        :
    elif [[ -f /usr/lib/python3/dist-packages/odoo/release.py ]]; then
        root=/usr/lib/python3/dist-packages
        PYTHON=/usr/bin/python3
        export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
    else
        die "Odoo 19 is not installed where this project looks for it.
  Provide one of:
    - ODOO_PATH=/path/to/odoo   a checkout of Odoo 19.0 (the folder holding odoo-bin), with its
                                Python dependencies installed: pip install -r \$ODOO_PATH/requirements.txt
    - an importable 'odoo' package (python3 -c 'import odoo.release' must work), e.g. the official
      nightly package of Odoo 19.0 installed with pip, or a .pth file pointing at a checkout
    - the official Debian/Ubuntu package 'odoo' (installs /usr/lib/python3/dist-packages/odoo)
  Then run this command again."
    fi
    "$PYTHON" -c "import odoo.release as r; assert r.version_info[0] == 19" 2>/dev/null \
        || die "The Odoo found at $root is not Odoo 19."
    "$PYTHON" -c "import psycopg2, lxml, werkzeug, babel, PIL, reportlab" 2>/dev/null \
        || die "Odoo 19 is at $root but its Python dependencies are missing: pip install -r $root/requirements.txt"
    ODOO_ROOT=$root
    ODOO_BIN=("$PYTHON" -m odoo)
    ODOO_ADDONS_DIRS=""
    local d
    for d in "$root/odoo/addons" "$root/addons"; do
        [[ -f "$d/web/__manifest__.py" || -f "$d/base/__manifest__.py" ]] && ODOO_ADDONS_DIRS+="${ODOO_ADDONS_DIRS:+,}$d"
    done
    [[ -n "$ODOO_ADDONS_DIRS" ]] || die "No Odoo addons found under $root."
    say "Odoo 19 found at $root"
}

# Python packages of requirements.txt; installed with pip when one is missing.
ensure_python_requirements() {
    if ! "$PYTHON" -c "import xlsxwriter, pytest_odoo, websocket, freezegun, hypothesis, phonenumbers, pylint_odoo" 2>/dev/null \
        || ! command -v ruff >/dev/null; then
        say "installing Python requirements (requirements.txt)"
        "$PYTHON" -m pip install -q -r "$HM_ROOT/requirements.txt" \
            || die "pip could not install requirements.txt; install it by hand and run again."
    fi
}

# Debian's Chromium (browser tests) and a CJK font; installed with apt-get when we are root.
ensure_chromium() {
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        say "installing Debian's chromium and fonts-wqy-microhei for the browser tests"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei) >&2 \
            || die "apt-get could not install chromium"
    else
        die "Chromium is needed for the browser tests: sudo apt-get install chromium fonts-wqy-microhei"
    fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL. HM_DB_HOST / --db-host (with HM_DB_PORT, HM_DB_USER, HM_DB_PASSWORD) point at an
# existing server; otherwise a private cluster under $HM_STATE/pg is created and started.
# ---------------------------------------------------------------------------------------------
pg_bindir() {
    local d
    if command -v initdb >/dev/null; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
    for d in /usr/lib/postgresql/*/bin; do [[ -x "$d/initdb" ]] && { echo "$d"; return; }; done
    die "PostgreSQL server binaries (initdb, pg_ctl) not found: sudo apt-get install postgresql"
}

ensure_postgres() {
    if [[ -n "${HM_DB_HOST:-}" ]]; then
        DB_HOST=$HM_DB_HOST DB_PORT=${HM_DB_PORT:-5432} DB_USER=${HM_DB_USER:-} DB_PASSWORD=${HM_DB_PASSWORD:-}
        pg_isready -q -h "$DB_HOST" -p "$DB_PORT" || die "no PostgreSQL answers at $DB_HOST:$DB_PORT (HM_DB_HOST)"
        say "using PostgreSQL at $DB_HOST:$DB_PORT"
        return
    fi
    local bin pgroot=$HM_STATE/pg as=() hash
    hash=$(printf '%s' "$HM_ROOT" | md5sum | cut -c1-8)
    mkdir -p "$pgroot"
    if [[ $(id -u) -eq 0 ]]; then
        # PostgreSQL refuses to run as root: the cluster belongs to the 'postgres' system user.
        id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user (Debian's postgresql package creates it)"
        as=(runuser -u postgres -- env --chdir=/)
        chown postgres "$pgroot"
        if ! "${as[@]}" test -w "$pgroot" -a -x "$pgroot"; then
            # the checkout is not reachable by 'postgres' (e.g. under a private temporary folder)
            pgroot=$(getent passwd postgres | cut -d: -f6)/hm-$hash
            mkdir -p "$pgroot" && chown postgres "$pgroot"
        fi
    fi
    local pgdata=$pgroot/data sock=$pgroot/run
    # a Unix socket path is limited to ~107 bytes
    [[ ${#sock} -le 80 ]] || { sock=/tmp/hm-pg-$hash; mkdir -p "$sock"; [[ -z "${as[*]}" ]] || chown postgres "$sock"; }
    DB_HOST=$sock DB_PORT=${HM_DB_PORT:-54329} DB_USER="" DB_PASSWORD=""
    # a server already running (started by another command or kept with HM_KEEP_PG=1) is used
    # as it is and left running
    if pg_isready -q -h "$sock" -p "$DB_PORT" 2>/dev/null; then return; fi
    bin=$(pg_bindir)
    HM_PG_CREATED=0
    if [[ ! -f "$pgdata/PG_VERSION" ]]; then
        say "creating a private PostgreSQL cluster in $pgdata"
        "${as[@]}" "$bin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
            || die "initdb failed for $pgdata"
        HM_PG_CREATED=1
    fi
    "${as[@]}" mkdir -p "$sock"
    say "starting PostgreSQL (socket $sock, port $DB_PORT)"
    "${as[@]}" "$bin/pg_ctl" -D "$pgdata" -l "$pgroot/server.log" -w -t 60 \
        -o "-k $sock -p $DB_PORT -c listen_addresses='' -c synchronous_commit=off -c max_connections=200" start >/dev/null \
        || die "PostgreSQL did not start; see $pgroot/server.log"
    # what this command started, it stops when it ends (see stop_postgres)
    HM_PG_STOP=("${as[@]}" "$bin/pg_ctl" -D "$pgdata" -m fast -w -t 60 stop)
    HM_PG_ROOT=$pgroot
    trap stop_postgres EXIT
    local me
    me=$(id -un)
    "${as[@]}" psql -q -h "$sock" -p "$DB_PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname='$me'" | grep -q 1 \
        || "${as[@]}" psql -q -h "$sock" -p "$DB_PORT" -U postgres -d postgres -c "CREATE ROLE \"$me\" SUPERUSER LOGIN" >&2
}

# Stops the PostgreSQL server this command started, unless HM_KEEP_PG=1 asks to keep it running
# for the next command. A cluster this command created outside the checkout (the fallback under
# the postgres user's home, for a checkout that user cannot reach) belongs to a throwaway
# checkout: it is removed with the server, so nothing is left behind.
stop_postgres() {
    [[ -n "${HM_PG_STOP[*]:-}" ]] || return 0
    if [[ "${HM_KEEP_PG:-0}" == 1 ]]; then
        say "PostgreSQL keeps running (HM_KEEP_PG=1): socket $DB_HOST, port $DB_PORT"
        return 0
    fi
    "${HM_PG_STOP[@]}" >/dev/null 2>&1 || true
    HM_PG_STOP=()
    if [[ "${HM_PG_CREATED:-0}" == 1 && "$HM_PG_ROOT" != "$HM_STATE"/* ]]; then
        rm -rf "$HM_PG_ROOT"
    fi
}

# Odoo configuration file for this checkout: write_config FILE HTTP_PORT
write_config() {
    local file=$1 port=$2
    mkdir -p "$(dirname "$file")" "$HM_STATE/odoo-data"
    cat >"$file" <<EOF
[options]
addons_path = $HM_ROOT/addons,$ODOO_ADDONS_DIRS
data_dir = $HM_STATE/odoo-data
db_host = $DB_HOST
db_port = $DB_PORT
${DB_USER:+db_user = $DB_USER}
${DB_PASSWORD:+db_password = $DB_PASSWORD}
http_interface = 127.0.0.1
http_port = $port
gevent_port = $((port + 3))
list_db = True
proxy_mode = False
EOF
}

db_exists() {
    psql_cmd -tAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1
}

psql_cmd() {
    PGPASSWORD=${DB_PASSWORD:-} psql -q -h "$DB_HOST" -p "$DB_PORT" ${DB_USER:+-U "$DB_USER"} -d postgres "$@"
}

odoo() { "${ODOO_BIN[@]}" "$@"; }

# run quietly; print the output only when the command fails
quiet() {
    local out rc=0
    out=$("$@" 2>&1) || rc=$?
    [[ $rc -eq 0 ]] || printf '%s\n' "$out" >&2
    return $rc
}

# A database holding Odoo's modules that ours depend on (with demo data), rebuilt only when the
# Odoo version or the dependency list changes: template_db NAME CONFIG
template_db() {
    local name=$1 conf=$2 stamp
    stamp="$(cd "$ODOO_ROOT" && "$PYTHON" -c 'import odoo.release as r; print(r.version)')|$HM_ODOO_DEPENDS"
    if db_exists "$name" && [[ "$(psql_cmd -d "$name" -tAc "SELECT value FROM ir_config_parameter WHERE key='hm.template_stamp'" 2>/dev/null)" == "$stamp" ]]; then
        return
    fi
    say "building template database $name (Odoo's $HM_ODOO_DEPENDS with demo data, a few minutes once)"
    odoo db -c "$conf" drop "$name" >/dev/null 2>&1 || true
    odoo -c "$conf" -d "$name" -i "$HM_ODOO_DEPENDS" --with-demo --stop-after-init --no-http \
        --load-language=zh_CN --log-level=warn \
        || die "could not build the template database $name"
    psql_cmd -d "$name" -c "INSERT INTO ir_config_parameter (key, value) VALUES ('hm.template_stamp', '$stamp')"
}
