#!/usr/bin/env bash
# The caseworker list benchmark (server/examples/list_bench.rs): seeds a fresh database with
# synthetic applicants, then times the list's query shapes through HTTP and through the store.
#
#   scripts/bench-list.sh [applicants] [requests per query] [sqlite|postgres]
#
# sqlite (the default): a fresh SQLite file. postgres: a fresh database in a throw-away PostgreSQL
# cluster with its durability on (KP_PG_DURABLE=1 scripts/with-postgres.sh), vacuumed after the
# seed.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100000}"
rounds="${2:-60}"
engine="${3:-sqlite}"
case "$engine" in
  sqlite | postgres) ;;
  *)
    echo "usage: $0 [applicants] [requests per query] [sqlite|postgres]" >&2
    exit 2
    ;;
esac

if [ -z "${KP_BENCH_LIST_INNER:-}" ]; then
  cargo build --release -p kp-server --example list_bench 2>/dev/null
  echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- server/src server/migrations || echo " (server/src or server/migrations with uncommitted changes)")"
  if [ "$engine" = sqlite ]; then
    exec target/release/examples/list_bench "$count" "$rounds"
  fi
  KP_PG_DURABLE=1 KP_BENCH_LIST_INNER=1 exec scripts/with-postgres.sh "$0" "$@"
fi

psql -qX "$KP_TEST_POSTGRES_URL" -c "CREATE DATABASE list" >/dev/null
echo "== PostgreSQL: $(psql -AtX "$KP_TEST_POSTGRES_URL" -c "SELECT 'fsync=' || current_setting('fsync')
  || ' synchronous_commit=' || current_setting('synchronous_commit')
  || ' shared_buffers=' || current_setting('shared_buffers')
  || ' work_mem=' || current_setting('work_mem') || ', ' || version()")"
target/release/examples/list_bench "$count" "$rounds" "${KP_TEST_POSTGRES_URL%/*}/list"
