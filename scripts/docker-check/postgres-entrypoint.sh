#!/bin/sh
# Stand-in for the official postgres image where no registry is reachable (run.sh): initialises
# $PGDATA with POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB as the official entrypoint does.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  chown -R postgres:postgres "$PGDATA"
  echo "$POSTGRES_PASSWORD" > /tmp/pw
  su postgres -c "initdb -D $PGDATA -U $POSTGRES_USER --pwfile=/tmp/pw --auth-host=scram-sha-256 --auth-local=trust" >/dev/null
  rm /tmp/pw
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  su postgres -c "pg_ctl -D $PGDATA -w start -o '-c listen_addresses=127.0.0.1'" >/dev/null
  su postgres -c "psql -U $POSTGRES_USER -d postgres -c 'create database \"$POSTGRES_DB\"'" >/dev/null
  su postgres -c "pg_ctl -D $PGDATA -w stop" >/dev/null
fi
exec su postgres -c "postgres -D $PGDATA -c listen_addresses='*'"
