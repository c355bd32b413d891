#!/usr/bin/env bash
# Quick start, part 2: set up and run the whole test suite: formatting, clippy (-D warnings), the
# domain, server and SPA unit tests, the API tests, and the browser suite in Debian's Chromium
# against the real release server and a fresh database; then the API tests and the browser's main
# flows again on PostgreSQL. Ends with one summary line.
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
# The two-process tests need PostgreSQL; they run in the PostgreSQL step below, not here.
cargo test --workspace -- --skip processes:: 2>&1 | tee -a "$log"
./scripts/build.sh
echo "==> browser tests (node --test, Chromium headless)"
node --test --test-concurrency=1 tests/browser/ 2>&1 | tee -a "$log"
echo "==> OpenID Connect test provider (node --test tests/oidc/)"
node --test tests/oidc/ 2>&1 | tee -a "$log"

# The same server on PostgreSQL. Everything above ran on SQLite (the default); these steps run
# again on PostgreSQL what depends most on the database: every API test, and the browser's main
# flows (interest form, caseworker list and pipeline, assignments, sessions, second factor,
# single sign-on, retention). Each step runs under scripts/with-postgres.sh, which starts a
# throw-away PostgreSQL cluster for it and deletes it afterwards; each test app or browser test
# server gets a fresh database of its own on that cluster (KP_TEST_POSTGRES_URL in
# server/tests/api/helpers.rs, KP_BROWSER_POSTGRES_URL in tests/browser/harness.mjs). Their
# results go into the same log, so the total counts both engines.
echo "==> API tests on PostgreSQL"
./scripts/with-postgres.sh cargo test -p kp-server --test api 2>&1 | tee -a "$log"
echo "==> browser main flows on PostgreSQL"
./scripts/with-postgres.sh sh -c 'KP_BROWSER_POSTGRES_URL="$KP_TEST_POSTGRES_URL" exec node --test \
  --test-concurrency=1 tests/browser/interest-form.test.mjs tests/browser/caseworker.test.mjs \
  tests/browser/caseworker-pipeline.test.mjs tests/browser/assignments.test.mjs \
  tests/browser/sessions.test.mjs tests/browser/second-factor.test.mjs tests/browser/person-rights.test.mjs \
  tests/browser/single-sign-on.test.mjs tests/browser/retention.test.mjs \
  tests/browser/districts.test.mjs tests/browser/contact-review.test.mjs tests/browser/contact-area.test.mjs' 2>&1 | tee -a "$log"

passed=$(( $(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}') \
         + $(grep -Eo '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}') ))
failed=$(( $(grep -Eo '[0-9]+ failed;' "$log" | awk '{s+=$1} END {print s+0}') \
         + $(grep -Eo '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}') ))
echo "total: $passed passed, $failed failed"
[ "$failed" = 0 ]
