#!/usr/bin/env bash
# On the replica host, as postgres: copy the primary and follow it (streaming replication).
set -euo pipefail
PRIMARY=${PRIMARY:-10.0.0.21}
DATA=${DATA:-/var/lib/postgresql/15/main}
systemctl stop postgresql
rm -rf "$DATA"
pg_basebackup -h "$PRIMARY" -U replicator -D "$DATA" -R -X stream -P
systemctl start postgresql
psql -Atc "SELECT pg_is_in_recovery()"   # t: a read-only replica
