#!/usr/bin/env bash
# Rerunnable measurements for BENCHMARKS.md: bundle sizes, the split bundles' parts, landing-page
# transfer per locale, how soon the interest form starts (throttled), and Lighthouse scores. Builds first when dist/ or the release server is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
./scripts/setup.sh --with-browser
[ -f dist/index.html ] && [ -x target/release/kp-server ] || ./scripts/build.sh
[ -d bench/node_modules/lighthouse ] || (cd bench && npm ci --no-audit --no-fund)
echo "## Sizes and transfer"
node bench/transfer.mjs
echo
echo "## The split bundles' parts"
node bench/wasm-parts.mjs handlaggare
node bench/wasm-parts.mjs intresseanmalan
echo
echo "## The interest form's start (throttled)"
node bench/form-start.mjs 10
echo
echo "## Lighthouse (mobile)"
CHROME_PATH=/usr/bin/chromium node bench/lighthouse.mjs
