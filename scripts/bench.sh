#!/usr/bin/env bash
# Rerunnable measurements for BENCHMARKS.md: bundle sizes, landing-page transfer per locale, and
# Lighthouse scores. Builds first when dist/ or the release server is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
./scripts/setup.sh --with-browser
[ -f dist/index.html ] && [ -x target/release/kp-server ] || ./scripts/build.sh
[ -d bench/node_modules/lighthouse ] || (cd bench && npm ci --no-audit --no-fund)
echo "## Sizes and transfer"
node bench/transfer.mjs
echo
echo "## Lighthouse (mobile)"
CHROME_PATH=/usr/bin/chromium node bench/lighthouse.mjs
