#!/usr/bin/env bash
# Quick start, part 2: set up and run the whole test suite: formatting, clippy (-D warnings), the
# domain, server and SPA unit tests, the API tests, and the browser suite in Debian's Chromium
# against the real release server and a fresh database. Ends with one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
./scripts/setup.sh --with-browser
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "==> cargo fmt --check"
cargo fmt --all -- --check
echo "==> cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings
echo "==> cargo test --workspace"
cargo test --workspace 2>&1 | tee -a "$log"
./scripts/build.sh
echo "==> browser tests (node --test, Chromium headless)"
node --test --test-concurrency=1 tests/browser/ 2>&1 | tee -a "$log"

passed=$(( $(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}') \
         + $(grep -Eo '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}') ))
failed=$(( $(grep -Eo '[0-9]+ failed;' "$log" | awk '{s+=$1} END {print s+0}') \
         + $(grep -Eo '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}') ))
echo "total: $passed passed, $failed failed"
[ "$failed" = 0 ]
