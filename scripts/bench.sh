#!/usr/bin/env bash
# Rerunnable measurements for BENCHMARKS.md: bundle sizes and landing-page transfer per locale.
# Expects a build (scripts/build.sh); builds one if dist/ or the release server is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -f dist/index.html ] && [ -x target/release/kp-server ] || ./scripts/build.sh
node bench/transfer.mjs
