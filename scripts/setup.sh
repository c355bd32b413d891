#!/usr/bin/env bash
# Installs what building (and, with --with-browser, testing: Chromium and PostgreSQL) needs,
# skipping whatever is already there at the right version. Everything comes from package
# registries: crates.io, npm, Debian.
# Never Debian's binaryen (its wasm-opt 108 breaks the wasm); wasm-opt comes from npm's binaryen.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
say() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "installing trunk 0.21 (about 13 minutes on 2 cores, once)"
  cargo install --locked trunk --version 0.21.14
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen in Cargo.lock (and in Trunk.toml).
wb=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! grep -q "^wasm_bindgen = \"$wb\"" Trunk.toml; then
  echo "Trunk.toml [tools] wasm_bindgen does not match Cargo.lock's wasm-bindgen $wb" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb" ]; then
  say "installing wasm-bindgen-cli $wb (about 10 minutes on 2 cores, once)"
  # --locked fails to resolve a dependency of this version here; the version itself is pinned.
  cargo install wasm-bindgen-cli --version "$wb" --force
fi

# twiggy (crates.io) says where a wasm bundle's bytes go: scripts/twiggy.sh, BENCHMARKS.md.
if ! twiggy --version 2>/dev/null | grep -q '^twiggy-opt 0\.8\.'; then
  say "installing twiggy 0.8 (about 3 minutes on 2 cores, once)"
  cargo install --locked twiggy --version 0.8.0
fi

# wasm-split-cli (crate wasm_split_cli_support) cuts the caseworker area's wasm into the parts its
# lazy pages are in (scripts/build-caseworker.mjs). It reads what Leptos' `wasm_split_helpers`
# (Cargo.lock) writes into the wasm, so the two are the same release.
ws=$(awk '/^name = "wasm_split_helpers"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$ws" != "0.2.3" ]; then
  echo "Cargo.lock's wasm_split_helpers is $ws: pin wasm_split_cli_support to the same release here" >&2
  exit 1
fi
if ! command -v wasm-split-cli >/dev/null \
   || ! cargo install --list | grep -q "^wasm_split_cli_support v$ws:"; then
  say "installing wasm-split-cli $ws (about 1 minute on 2 cores, once)"
  cargo install --locked wasm_split_cli_support --version "$ws" --features build-binary --force
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ ! -d node_modules/@axe-core/playwright ] || [ ! -d node_modules/accessibility-checker-engine ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tools (binaryen's wasm-opt, playwright-core, axe-core, IBM's accessibility-checker-engine)"
  npm ci --no-audit --no-fund
fi
# The OpenID Connect provider for the sign-in tests (tests/oidc/): npm's oidc-provider and jose,
# pinned in package.json.
if [ ! -d node_modules/oidc-provider ] || [ ! -d node_modules/jose ]; then
  say "installing npm tools (oidc-provider and jose, for tests/oidc)"
  npm ci --no-audit --no-fund
fi
wasm_opt_version=$(wasm-opt --version | awk '{print $3}')
if ! grep -q "^wasm_opt = \"version_$wasm_opt_version\"" Trunk.toml; then
  echo "Trunk.toml [tools] wasm_opt does not match node_modules' wasm-opt $wasm_opt_version" >&2
  exit 1
fi

if [ "${1:-}" = "--with-browser" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver
  fi
  # The API and browser tests also run on PostgreSQL (scripts/with-postgres.sh starts a throw-away
  # cluster with Debian's initdb/pg_ctl; the schema needs contrib's pg_trgm).
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
     || ! ls /usr/share/postgresql/*/extension/pg_trgm.control >/dev/null 2>&1; then
    say "installing Debian's postgresql and postgresql-contrib"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql postgresql-contrib
  fi
fi
