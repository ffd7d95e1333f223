#!/bin/sh
# Entrypoint guard of docker/compose.yaml: both containers read the PostgreSQL password from the
# secret postgres_password (docker/postgres_password.txt, or the file HM_POSTGRES_PASSWORD_FILE
# names; never in git). Stop with a clear message when it is missing, empty or still the
# example's placeholder; otherwise run the image's own entrypoint with its arguments.
secret=${HM_SECRET_PATH:-/run/secrets/postgres_password}
fix="copy docker/postgres_password.txt.example to docker/postgres_password.txt (or point HM_POSTGRES_PASSWORD_FILE at a file) and write a strong password in it"
if [ ! -f "$secret" ] || [ ! -s "$secret" ]; then
    echo "The PostgreSQL password secret is missing or empty: $fix." >&2
    exit 78
fi
if [ "$(cat "$secret")" = "change-me" ]; then
    echo "The PostgreSQL password secret is still the example's placeholder: $fix." >&2
    exit 78
fi
exec "$@"
