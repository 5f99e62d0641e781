#!/usr/bin/env bash
# Builds the npm package with wasm-pack, for three targets, with the size settings of the
# browser build given here (the workspace's release profile is the native one, opt-level 3):
# opt-level "z" but for the hot crates, fat LTO, one codegen unit, panic abort, strip; no
# wasm-opt. Targets:
#   pkg-web/      `--target web`: an ES module with an `init()` to call once (pages, kiosks)
#   pkg-node/     `--target nodejs`: CommonJS, ready on require/import (services, tests)
#   pkg-bundler/  `--target bundler`: for webpack/vite and the like
# The Rust build runs once; the second and third targets only rerun wasm-bindgen.
#
# Speed against size (measured before the lowered evaluator). Measured here
# (example rule set, 10,000 cases; NYC, 2,000 cases; Node 20), all-z wasm took 2.4x the
# native time per case (example 292 vs 123 µs) at 288 KB gzipped, over the 2x budget.
# Building only the kernel and Rhai at opt-level 3 (everything else stays "z") gave
# example 133 µs and NYC 1,744 µs per case (native at the same settings: 95 and 1,008 µs)
# at 389 KB gzipped: within both budgets (2x, 450 KB). ONRAMP_WASM_OPT=z builds all-z.
# With ONRAMP_BOUNDARY_BENCH=1 it also builds pkg-bench/ (the `object-boundary` feature,
# Node), which scripts/budget.mjs uses to compare serde-wasm-bindgen objects with JSON text.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

bash scripts/setup.sh

# The same flags are given to the native benchmark (scripts/budget.mjs), so that both sides
# of the comparison are compiled alike.
hot=(--config 'profile.release.opt-level="z"' --config 'profile.release.lto=true' --config 'profile.release.codegen-units=1')
if [ "${ONRAMP_WASM_OPT:-hot}" != z ]; then
  hot+=(--config 'profile.release.package.onramp.opt-level=3' --config 'profile.release.package.rhai.opt-level=3')
fi

build() {
  local target=$1 dir=$2
  shift 2
  printf '\n== wasm-pack build --release --target %s -> %s\n' "$target" "$dir"
  wasm-pack --log-level warn build --release --target "$target" --out-dir "$dir" -- "${hot[@]}" "$@"
}

build web pkg-web
build nodejs pkg-node
build bundler pkg-bundler
if [ "${ONRAMP_BOUNDARY_BENCH:-0}" = 1 ]; then
  build nodejs pkg-bench --features object-boundary
fi
ls -l pkg-web/*.wasm pkg-web/*.js
