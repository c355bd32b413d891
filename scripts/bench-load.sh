#!/usr/bin/env bash
# Load benchmark for the interest form: wrk (Debian) POSTs valid forms with unique idempotency keys
# to the real release server on a fresh database, and, in the same run, the bare insert loop
# (bare_insert: the same Store call through the same writer task, as many tasks as connections,
# no HTTP). Prints each and its ratio to the bare loop on the same engine.
#
#   scripts/bench-load.sh [seconds] [connections] [sqlite|postgres|both]
#
# sqlite (the default): one server on a fresh SQLite file (WAL, synchronous=FULL), then bare_insert.
# postgres: a throw-away PostgreSQL cluster with its durability on (KP_PG_DURABLE=1
# scripts/with-postgres.sh: fsync, synchronous_commit and full_page_writes at their defaults), and
# on a fresh database each: one server; two server processes on the same database (wrk's two
# threads, one per process, so each gets half the connections; one latency histogram over both);
# bare_insert. both: the SQLite part, then the PostgreSQL part, in one run.
#
# The per-address submission limit is lifted (KP_SUBMISSION_LIMIT=100000000): every request comes
# from 127.0.0.1, so the default limit of 5 would refuse all but five. Lifting it stops the
# refusals, not the check (see BENCHMARKS.md for what the check costs where the counts are shared).
# KP_BENCH_SPREAD=1 also gives every request its own client address (X-Forwarded-For, with
# 127.0.0.1 as a trusted proxy), so no two submissions share a limit's key.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
connections="${2:-32}"
engine="${3:-sqlite}"
case "$engine" in
  sqlite | postgres | both) ;;
  *)
    echo "usage: $0 [seconds] [connections] [sqlite|postgres|both]" >&2
    exit 2
    ;;
esac

if [ -z "${KP_BENCH_LOAD_INNER:-}" ]; then
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
  [ -f dist/index.html ] && [ -x target/release/kp-server ] || ./scripts/build.sh
  cargo build --release -p kp-server --bin kp-server --example bare_insert 2>/dev/null
  if [ "$engine" != sqlite ]; then
    KP_PG_DURABLE=1 KP_BENCH_LOAD_INNER=1 exec scripts/with-postgres.sh "$0" "$@"
  fi
fi

work=$(mktemp -d)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

spread=()
if [ "${KP_BENCH_SPREAD:-}" = 1 ]; then
  spread=(KP_TRUSTED_PROXIES=127.0.0.1)
fi

# start_server NAME DATABASE_URL: starts a kp-server and waits until it listens; sets $address.
start_server() {
  env PORT=0 DATABASE_URL="$2" KP_SUBMISSION_LIMIT=100000000 RUST_LOG=warn "${spread[@]}" \
    target/release/kp-server > "$work/$1.out" 2> "$work/$1.err" &
  servers+=($!)
  for _ in $(seq 300); do grep -q "listening on" "$work/$1.out" 2>/dev/null && break; sleep 0.1; done
  address=$(sed -n 's/.*listening on http:\/\/\([^ ]*\)\/.*/\1/p' "$work/$1.out")
  [ -n "$address" ] || { echo "kp-server ($1) did not start:" >&2; cat "$work/$1.err" >&2; exit 1; }
}

stop_servers() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  servers=()
}

# CPU time in ticks (user + system, with reaped children's) of the given processes.
ticks() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
# The PostgreSQL cluster's processes: the postmaster (with its reaped backends) and its children.
pg_pids() {
  [ -n "${postmaster:-}" ] || return 0
  echo "$postmaster" $(ps -o pid= --ppid "$postmaster")
}
# The whole machine: busy and total ticks.
machine() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
cpu_before() {
  read -r busy0 total0 < <(machine)
  server0=$(ticks "${servers[@]}")
  pg0=$(ticks $(pg_pids))
}
# cpu_after DONE CLIENT_TICKS: CPU per request (or insert) of the servers, PostgreSQL and the
# client (wrk or bare_insert), and how busy the machine was; sets $cpu.
cpu_after() {
  local busy1 total1 server1 pg1
  read -r busy1 total1 < <(machine)
  server1=$(ticks "${servers[@]}")
  pg1=$(ticks $(pg_pids))
  cpu=$(awk -v n="$1" -v c="$2" -v s=$((server1 - server0)) -v p=$((pg1 - pg0)) \
    -v b=$((busy1 - busy0)) -v t=$((total1 - total0)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "cpu_ms_per_request: server=%.3f postgres=%.3f client=%.3f machine_busy=%.0f%%", \
      s * 1000 / hz / n, p * 1000 / hz / n, c * 1000 / hz / n, b * 100 / t }')
}
# client_ticks FILE: the ticks /usr/bin/time wrote as "user system" seconds.
client_ticks() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($1 + $2) * hz }' "$1"; }

# wrk_run FIRST [SECOND]: the load against one server, or split between two; prints RESULT and
# the CPU it took.
wrk_run() {
  cpu_before
  KP_BENCH_SECOND="${2:-}" /usr/bin/time -f '%U %S' -o "$work/time" \
    wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s bench/submit.lua "http://$1" \
    > "$work/wrk.out"
  local result
  result=$(grep '^RESULT' "$work/wrk.out")
  cpu_after "$(echo "$result" | sed 's/.*requests=\([0-9]*\).*/\1/')" "$(client_ticks "$work/time")"
  echo "$result $cpu"
}

# bare_run [DATABASE_URL]: the bare insert loop; prints RESULT and the CPU it took.
bare_run() {
  cpu_before
  /usr/bin/time -f '%U %S' -o "$work/time" \
    target/release/examples/bare_insert "$seconds" "$connections" "$@" > "$work/bare.out"
  local result
  result=$(grep '^RESULT' "$work/bare.out")
  cpu_after "$(echo "$result" | sed 's/.*inserts=\([0-9]*\).*/\1/')" "$(client_ticks "$work/time")"
  echo "$result $cpu"
}

rps() { echo "$1" | sed 's/.*rps=\([0-9.]*\).*/\1/'; }
field() { echo "$1" | sed -n "s/.* $2=\([0-9.]*\).*/\1/p"; }
summary=()
cpu_cells() { printf '%s | %s | %s | %s' "$(field "$1" server)" "$(field "$1" postgres)" "$(field "$1" client)" "$(field "$1" machine_busy)"; }
# row LABEL RESULT BARE_RESULT
row() {
  summary+=("$(printf '| %s | %s | %s | %s | %s | %s | %s |' "$1" "$(rps "$2")" "$(field "$2" p50_ms)" \
    "$(field "$2" p99_ms)" "$(($(field "$2" non201) + $(field "$2" socket_errors)))" \
    "$(awk -v a="$(rps "$2")" -v b="$(rps "$3")" 'BEGIN { printf "%.2f", a / b }')" "$(cpu_cells "$2")")")
}

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- server/src server/migrations || echo " (server/src or server/migrations with uncommitted changes)")"

if [ "$engine" != postgres ]; then
  start_server sqlite "sqlite://$work/load.db"
  echo "== SQLite, one server: wrk -t2 -c$connections -d${seconds}s POST /api/applications"
  sqlite_http=$(wrk_run "$address")
  echo "$sqlite_http"
  stop_servers
  echo "== SQLite, bare insert loop: $connections tasks, ${seconds}s"
  sqlite_bare=$(bare_run)
  echo "$sqlite_bare"
  row "SQLite, one server" "$sqlite_http" "$sqlite_bare"
  summary+=("| SQLite, bare insert loop | $(rps "$sqlite_bare") | | | | 1 | $(cpu_cells "$sqlite_bare") |")
fi

if [ "$engine" != sqlite ]; then
  : "${KP_TEST_POSTGRES_URL:?the PostgreSQL part runs under scripts/with-postgres.sh}"
  base="${KP_TEST_POSTGRES_URL%/*}"
  fresh_database() {
    psql -qX "$KP_TEST_POSTGRES_URL" -c "CREATE DATABASE $1" >/dev/null
    echo "$base/$1"
  }
  echo "== PostgreSQL: $(psql -AtX "$KP_TEST_POSTGRES_URL" -c "SELECT 'fsync=' || current_setting('fsync')
    || ' synchronous_commit=' || current_setting('synchronous_commit')
    || ' full_page_writes=' || current_setting('full_page_writes')
    || ' shared_buffers=' || current_setting('shared_buffers') || ', ' || version()")"
  postmaster=$(head -n 1 "$(psql -AtX "$KP_TEST_POSTGRES_URL" -c 'SHOW data_directory')/postmaster.pid")

  start_server pg1 "$(fresh_database load_one)"
  echo "== PostgreSQL, one server: wrk -t2 -c$connections -d${seconds}s POST /api/applications"
  pg_one=$(wrk_run "$address")
  echo "$pg_one"
  stop_servers

  db=$(fresh_database load_two)
  start_server pg2a "$db"
  first=$address
  start_server pg2b "$db"
  echo "== PostgreSQL, two servers on one database: wrk -t2 -c$connections, $((connections / 2)) connections each"
  pg_two=$(wrk_run "$first" "$address")
  echo "$pg_two"
  stop_servers
  stored=$(psql -AtX "$db" -c "SELECT COUNT(*) || ' applications, ' || COUNT(DISTINCT reference)
    || ' distinct references' FROM applications")
  echo "   stored: $stored"

  echo "== PostgreSQL, bare insert loop: $connections tasks, ${seconds}s"
  pg_bare=$(bare_run "$(fresh_database bare)")
  echo "$pg_bare"
  row "PostgreSQL, one server" "$pg_one" "$pg_bare"
  row "PostgreSQL, two servers" "$pg_two" "$pg_bare"
  summary+=("| PostgreSQL, bare insert loop | $(rps "$pg_bare") | | | | 1 | $(cpu_cells "$pg_bare") |")
fi

echo
echo "CPU ms per request (per insert for the bare loop): the server process(es), the PostgreSQL cluster,"
echo "the client (wrk, or bare_insert itself, whose store is in the same process); busy % of all cores."
echo "| setup | req/s | p50 ms | p99 ms | errors | / bare (same engine) | CPU ms server | CPU ms PostgreSQL | CPU ms client | busy % |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${summary[@]}"
