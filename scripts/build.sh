#!/usr/bin/env bash
# Builds the release SPA (Trunk, offline) and the release server.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
echo "==> building the SPA (trunk build --release --offline)"
trunk build --release --offline
echo "==> building the server (cargo build --release -p kp-server)"
cargo build --release -p kp-server
