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
# Speed against size, NYC rules, Node 20, 200 differential cases (2026-12-02; the machine
# shared with other builds, so times are indicative), .wasm gzip -9 (+ 4 KB JS glue):
#   all "z"                       267 KB   summary  823 µs   full 2188 µs per case
#   kernel "s", rest "z"          294 KB            820 µs        1946 µs
#   kernel 2, rest "z"            333 KB            371 µs         882 µs
#   kernel 3, rest "z" (default)  342 KB            352 µs         821 µs
#   kernel and Rhai 3, rest "z"   357 KB
# Rhai only parses rule expressions now (the kernel runs them, and Rhai's evaluator is not
# linked), so it stays at "z". wasm-opt -Oz (npm binaryen 132) made the module smaller raw
# but larger gzipped (353 KB on the all-z build), so it is not used. ONRAMP_WASM_OPT=z
# builds the all-"z" package.
# Rhai's subtractive features (`lean-rhai`: no floats, object maps, script functions,
# modules, optimizer …) are turned on here, in this package only: the kernel enables none,
# so that it never changes Rhai for a backend linking it. Effect (2026-12-02, web target,
# .wasm gzip -9, + 4.0 KB glue): lean 340.7 KB (986 KB raw), the kernel's own additive-only
# features 450.4 KB (1,306 KB raw). ONRAMP_WASM_RHAI=full builds the package without them.
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
  hot+=(--config 'profile.release.package.onramp.opt-level=3')
fi
# The runtime build has no Rhai to trim: it takes the size settings only.
sizes=("${hot[@]}")
if [ "${ONRAMP_WASM_RHAI:-lean}" != full ]; then
  hot+=(--features lean-rhai)
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
# The runtime build: no rule compiler (no TOML, no Rhai), loading compiled rule sets only
# (`Rules.loadCompiled`), for the widget and the kiosk. Its own Rust build (other features).
runtime() {
  local target=$1 dir=$2
  printf '\n== wasm-pack build --release --target %s -> %s (runtime: no compiler)\n' "$target" "$dir"
  wasm-pack --log-level warn build --release --target "$target" --out-dir "$dir" -- \
    "${sizes[@]}" --no-default-features
}
runtime web pkg-web-runtime
runtime nodejs pkg-node-runtime
if [ "${ONRAMP_BOUNDARY_BENCH:-0}" = 1 ]; then
  build nodejs pkg-bench --features object-boundary
fi
ls -l pkg-web/*.wasm pkg-web/*.js
