#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL cluster:
#
#   scripts/with-postgres.sh cargo test -p kp-server --test api
#
# The cluster lives in a fresh temporary folder, listens on 127.0.0.1 at a port the OS hands out
# (and on a Unix socket in that folder), trusts the user `kp`, and is stopped and deleted when the
# command ends, fails or is interrupted. The command sees
# KP_TEST_POSTGRES_URL=postgres://kp@127.0.0.1:<port>/postgres (and a KP_AUDIT_KEY) and its exit
# code is this script's.
# Durability is off (fsync, synchronous_commit, full_page_writes) since the data is thrown away;
# KP_PG_DURABLE=1 leaves those at PostgreSQL's defaults (for benchmarks). Two of these can run
# at once: each has its own folder and port.
#
# initdb refuses to run as root, so as root the cluster belongs to Debian's `postgres` user.
set -euo pipefail

if [ $# = 0 ]; then
  echo "usage: $0 <command> [args…]" >&2
  exit 2
fi

# Debian keeps the server's programs in /usr/lib/postgresql/<version>/bin, off PATH; the newest
# version installed wins, else whatever initdb is on PATH.
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  bin=$(dirname "$(command -v initdb || echo /nonexistent/initdb)")
fi
if [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "with-postgres.sh: no initdb/pg_ctl found (scripts/setup.sh --with-browser installs PostgreSQL)" >&2
  exit 1
fi

if [ "$(id -u)" = 0 ]; then
  # The postgres user must be able to reach the folder, so it goes under /tmp, not $TMPDIR.
  dir=$(mktemp -d /tmp/kp-postgres.XXXXXX)
  chown postgres: "$dir"
  as_owner() { runuser -u postgres -- "$@"; }
else
  dir=$(mktemp -d "${TMPDIR:-/tmp}/kp-postgres.XXXXXX")
  as_owner() { "$@"; }
fi
data="$dir/data"

cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [ -f "$data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

as_owner "$bin/initdb" -D "$data" -U kp --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

settings="-c listen_addresses=127.0.0.1 -c max_connections=300"
if [ "${KP_PG_DURABLE:-}" != 1 ]; then
  settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The port is free when asked for but not reserved: should another process take it before the
# server binds it, the start fails and is tried again on another port.
started=
for _ in 1 2 3; do
  port=$(free_port)
  if as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
       -o "-p $port -k $dir $settings" start >/dev/null; then
    started=1
    break
  fi
done
if [ -z "$started" ]; then
  echo "with-postgres.sh: PostgreSQL did not start; its log:" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
fi

export KP_TEST_POSTGRES_URL="postgres://kp@127.0.0.1:$port/postgres"
# A server on PostgreSQL refuses to start without the access log's key: the servers the command
# starts (browser tests, benchmarks) share a throw-away one unless one is given.
export KP_AUDIT_KEY="${KP_AUDIT_KEY:-$(python3 -c 'import secrets; print(secrets.token_hex(32))')}"
echo "==> PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $KP_TEST_POSTGRES_URL (throw-away cluster in $dir)" >&2

set +e
"$@"
exit $?
