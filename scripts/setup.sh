#!/usr/bin/env bash
# Installs what Onramp's build and tests need on a fresh machine, skipping what is there.
# Versions are pinned: wasm-bindgen-cli must equal the wasm-bindgen that Cargo.lock pins.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

rustup component add rustfmt clippy >/dev/null 2>&1 || true
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen version Cargo.lock pins (the crate is pinned with `=` in bindings/wasm).
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock || true)
if [ -n "${WB_VERSION}" ]; then
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "${WB_VERSION}" ]; then
    say "installing wasm-bindgen-cli ${WB_VERSION} (several minutes)"
    # Without --locked: its lockfile wants a webpki-roots release the registry here lacks.
    cargo install wasm-bindgen-cli --version "${WB_VERSION}" --force
  fi
fi

if ! wasm-pack --version 2>/dev/null | grep -q "0.15.1"; then
  say "installing wasm-pack 0.15.1 (several minutes)"
  cargo install wasm-pack --version 0.15.1 --locked
fi

if [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

for dir in bindings/wasm www-demo; do
  if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" ]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
done
