#!/usr/bin/env bash
# Quick start, part 1: set up, build, and run the app in the foreground on an embedded SQLite
# database (./data/) with a demo administrator. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
export DEMO_USER="${DEMO_USER:-demo@exempelby.se}"
export DEMO_PASSWORD="${DEMO_PASSWORD:-kontaktperson-demo}"
echo "==> demo sign-in: $DEMO_USER / $DEMO_PASSWORD (administrator)"
exec target/release/kp-server "$@"
