#!/bin/sh
# Run once by the postgres image when the primary's data directory is created: lets a streaming
# replica (docker/compose.replica.yaml) connect as the odoo user, with its password.
echo "host replication odoo all scram-sha-256" >> "$PGDATA/pg_hba.conf"
