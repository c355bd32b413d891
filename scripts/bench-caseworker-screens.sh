#!/usr/bin/env bash
# The caseworker screens at 100,000 applicants (issue 17): seeds a database with the list
# benchmark's synthetic applicants (server/examples/list_bench.rs, seed only), then times, in
# headless Chromium against the real release server on it, navigation → data shown for the
# applicant list, the list searched and an applicant's page (bench/caseworker-screens.mjs).
#
#   scripts/bench-caseworker-screens.sh [runs] [warm-ups] [applicants] [sqlite|postgres]
#
# sqlite (the default): a fresh SQLite file in a temporary folder, deleted afterwards. postgres: a
# fresh database in a throw-away PostgreSQL cluster with its durability on (KP_PG_DURABLE=1
# scripts/with-postgres.sh), vacuumed after the seed. Builds first when dist/ or the release
# server is missing (after a change in src/ or server/, run ./scripts/build.sh yourself).
# KP_BENCH_RAW=1 also prints every run's figure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
runs="${1:-20}"
warmups="${2:-2}"
count="${3:-100000}"
engine="${4:-sqlite}"
case "$engine" in
  sqlite | postgres) ;;
  *)
    echo "usage: $0 [runs] [warm-ups] [applicants] [sqlite|postgres]" >&2
    exit 2
    ;;
esac

if [ -z "${KP_BENCH_SCREENS_INNER:-}" ]; then
  [ -f dist/index.html ] && [ -x target/release/kp-server ] || ./scripts/build.sh
  cargo build --release -p kp-server --example list_bench 2>/dev/null
  if [ "$engine" = postgres ]; then
    KP_PG_DURABLE=1 KP_BENCH_SCREENS_INNER=1 exec scripts/with-postgres.sh "$0" "$@"
  fi
fi

if [ "$engine" = sqlite ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  database="sqlite://$work/screens.db"
else
  : "${KP_TEST_POSTGRES_URL:?the PostgreSQL part runs under scripts/with-postgres.sh}"
  psql -qX "$KP_TEST_POSTGRES_URL" -c "CREATE DATABASE screens" >/dev/null
  database="${KP_TEST_POSTGRES_URL%/*}/screens"
fi
echo "== seeding $count applicants ($engine)" >&2
target/release/examples/list_bench "$count" 0 "$database" >&2
KP_BENCH_DATABASE_URL="$database" node bench/caseworker-screens.mjs "$runs" "$warmups" "$count"
