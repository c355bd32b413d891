#!/usr/bin/env bash
# Builds one SPA bundle's wasm the way Trunk does (cargo release build, wasm-bindgen, wasm-opt -Oz)
# but keeps the function names (wasm-opt -g), so twiggy can say where the bytes go.
# Usage: scripts/twiggy.sh <bin> [twiggy args…]   (bin: kontaktperson, intresseanmalan,
# handlaggare, mina_sidor; default twiggy args: top -n 40). Output: target/twiggy/<bin>_bg.wasm.
# The wasm is Trunk's plus a name section; twiggy lists that section as one item to ignore.
# handlaggare and intresseanmalan ship in parts (scripts/build-split.mjs); here each is measured as one module, with
# its split points left as imports (bench/wasm-parts.mjs weighs the parts).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bin=${1:?usage: scripts/twiggy.sh <bin> [twiggy args]}
shift
out=target/twiggy
mkdir -p "$out"
# .cargo/config.toml supplies `--cfg erase_components`; no RUSTFLAGS here, as for Trunk.
cargo build --release --target wasm32-unknown-unknown --bin "$bin" >&2
wasm-bindgen --target web --no-typescript --out-dir "$out/bindgen" --out-name "$bin" \
  "target/wasm32-unknown-unknown/release/$bin.wasm"
wasm-opt -Oz -g --output "$out/${bin}_bg.wasm" "$out/bindgen/${bin}_bg.wasm"
if [ $# -eq 0 ]; then set -- top -n 40; fi
twiggy "$@" "$out/${bin}_bg.wasm"
