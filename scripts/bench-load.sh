#!/usr/bin/env bash
# Load benchmark for the interest form: wrk (Debian) POSTs valid forms with unique idempotency keys
# at 32 connections to the real release server on a fresh SQLite database (WAL, synchronous=FULL),
# and, in the same run, the bare insert loop (same Store call, same durability, 32 tasks, no HTTP).
# Prints both and their ratio. Usage: scripts/bench-load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
connections="${2:-32}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
[ -f dist/index.html ] && [ -x target/release/kp-server ] || ./scripts/build.sh
cargo build --release -p kp-server --bin kp-server --example bare_insert 2>/dev/null
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
PORT=0 DATABASE_URL="sqlite://$work/load.db" KP_SUBMISSION_LIMIT=100000000 RUST_LOG=warn \
  target/release/kp-server > "$work/server.out" 2> "$work/server.err" &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$work/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:[^ ]*\)\//\1/p' "$work/server.out")
echo "== HTTP: wrk -t2 -c$connections -d${seconds}s POST /api/applications"
http=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s bench/submit.lua "$url" | grep '^RESULT')
echo "$http"
kill "$server"; wait "$server" 2>/dev/null || true
echo "== bare insert loop: $connections tasks, ${seconds}s"
bare=$(target/release/examples/bare_insert "$seconds" "$connections" | grep '^RESULT')
echo "$bare"
http_rps=$(echo "$http" | sed 's/.*rps=\([0-9.]*\).*/\1/')
bare_rps=$(echo "$bare" | sed 's/.*rps=\([0-9.]*\).*/\1/')
echo "ratio HTTP/bare = $(awk -v a="$http_rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", a / b }')"
