#!/usr/bin/env bash
# Installs what Onramp's build and tests need on a fresh machine, skipping what is there:
# rustfmt and clippy, the wasm toolchain (bindings/wasm/scripts/setup.sh: the wasm32 target,
# wasm-bindgen-cli at the version Cargo.lock pins, wasm-pack, npm packages), Debian's
# Chromium for the browser tests, and the web demo's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

rustup component add rustfmt clippy >/dev/null 2>&1 || true

bash bindings/wasm/scripts/setup.sh

if [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

if [ -f www-demo/package-lock.json ] && [ ! -d www-demo/node_modules ]; then
  say "npm ci in www-demo"
  (cd www-demo && npm ci --no-audit --no-fund)
fi
