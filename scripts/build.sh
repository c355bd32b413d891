#!/usr/bin/env bash
# Builds the release SPA (Trunk, offline) and the release server.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
echo "==> building the public SPA (trunk build --release --offline)"
trunk build --release --offline
# The public pages' text is the server's: their wasm is requested after the first paint.
node scripts/defer-wasm.mjs dist/index.html
# The form, the contact person's area and the caseworker area are bundles of their own, so public
# visitors never download them. Built after the public one: each Trunk build empties its dist folder.
echo "==> building the contact person's area into dist/mina-sidor"
trunk build --release --offline=true --dist dist/mina-sidor --public-url /mina-sidor/ mina-sidor.html
# The split points of the caseworker area and the form (features caseworker-parts and form-parts)
# are exported functions: a bundle built with them would carry those pages. Trunk's builds never
# turn them on; this checks.
if grep -l "__wasm_split_00" dist/*_bg.wasm dist/mina-sidor/*_bg.wasm; then
  echo "the bundles above carry split points (features caseworker-parts, form-parts)" >&2
  exit 1
fi
# The caseworker area and the interest form are cut into a first wasm and parts fetched later.
echo "==> building the caseworker SPA into dist/handlaggare, in parts (node scripts/build-split.mjs handlaggare)"
node scripts/build-split.mjs handlaggare
echo "==> building the interest form into dist/intresseanmalan, in parts (node scripts/build-split.mjs intresseanmalan)"
node scripts/build-split.mjs intresseanmalan
# Brotli and gzip copies beside the built files: the server reads them at start-up (checking
# each) instead of spending seconds compressing there.
echo "==> precompressing the built files (node scripts/precompress.mjs dist)"
node scripts/precompress.mjs dist
echo "==> building the server (cargo build --release -p kp-server)"
cargo build --release -p kp-server
