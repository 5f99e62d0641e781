#!/usr/bin/env bash
# Installs what building and testing the wasm package needs, skipping what is present:
# the wasm32 target, wasm-bindgen-cli at exactly the version Cargo.lock pins, wasm-pack
# 0.15.1, and the npm dev tools (typescript) from the committed lockfile.
# See ../../../shared/reference/toolchain.md (as the repository's docs cite it) for why.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"

say() { printf '\n== %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen version Cargo.lock pins (the crate is pinned with `=0.2.130`).
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$root/Cargo.lock")
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (was: ${have:-none}; several minutes)"
  # Without --locked: its lockfile wants a webpki-roots release the registry here lacks.
  cargo install wasm-bindgen-cli --version "$want" --force
fi

if ! wasm-pack --version 2>/dev/null | grep -q ' 0\.15\.1'; then
  say "installing wasm-pack 0.15.1 (several minutes)"
  cargo install wasm-pack --version 0.15.1 --locked
fi

# Never Debian's binaryen: its wasm-opt breaks the module. The package builds with
# `wasm-opt = false` (Cargo.toml), so no wasm-opt is needed at all.

want_ts=$(node -p "require('$here/package-lock.json').packages['node_modules/typescript'].version")
have_ts=$(node -p "require('$here/node_modules/typescript/package.json').version" 2>/dev/null || true)
if [ "$have_ts" != "$want_ts" ]; then
  say "npm ci in bindings/wasm"
  (cd "$here" && npm ci --no-audit --no-fund)
fi
