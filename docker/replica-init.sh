#!/bin/sh
# Entrypoint of the read replica (docker/compose.replica.yaml): the first start copies the
# primary with pg_basebackup (-R writes the standby settings), every start then runs PostgreSQL
# as a hot standby that streams the primary's WAL. Read-only: Odoo sends it read requests only.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    export PGPASSWORD="$(cat /run/secrets/postgres_password)"
    until pg_isready -h db -U odoo -d postgres; do sleep 2; done
    pg_basebackup -h db -U odoo -D "$PGDATA" -R -X stream --checkpoint=fast
    chown -R postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
fi
exec gosu postgres postgres -c hot_standby=on -c max_connections=200
