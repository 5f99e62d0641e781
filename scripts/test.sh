#!/usr/bin/env bash
# Every check Onramp promises: formatting, lints (host and wasm), the kernel's tests
# (unit, properties, snapshots, rule sets), the rule sets' own tests through the CLI, docs,
# a fuzz smoke run of every fuzz target, then the wasm package's, the Python package's (with
# the Spark example) and the web demo's tests. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

say() { printf '\n== %s\n' "$*"; steps=$((steps + 1)); }
steps=0

bash scripts/setup.sh

say "cargo fmt --check"
cargo fmt --all -- --check

say "cargo clippy (host, all targets)"
cargo clippy --workspace --all-targets -- -D warnings

say "cargo clippy (the kernel with its Rhai oracle)"
cargo clippy -p onramp --all-targets --features rhai-oracle -- -D warnings

say "cargo clippy (wasm32)"
cargo clippy -p onramp --target wasm32-unknown-unknown -- -D warnings
if [ -d bindings/wasm ]; then
  cargo clippy -p onramp-wasm --target wasm32-unknown-unknown -- -D warnings
fi

say "cargo clippy (the runtime kernel, without its compiler: native and wasm32)"
cargo clippy -p onramp --no-default-features -- -D warnings
if [ -d bindings/wasm ]; then
  cargo clippy -p onramp-wasm --target wasm32-unknown-unknown --no-default-features -- -D warnings
fi

# The kernel with Rhai's subtractive features as the wasm package builds it (its
# `lean-rhai` feature, read from its manifest): it must build, and refuse the same rule
# expressions and decide the same cases, as with the additive-only features it declares.
lean=$(cargo metadata --no-deps --format-version 1 | node -e '
  const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const wasm = m.packages.find((p) => p.name === "onramp-wasm");
  console.log(wasm.features["lean-rhai"].filter((f) => !f.startsWith("dep:")).map((f) => f.replace(/^onramp\//, "")).join(","));')
say "cargo clippy (the kernel with the wasm package's lean Rhai: $lean)"
cargo clippy -p onramp --features "$lean" -- -D warnings

say "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

say "cargo test"
INSTA_UPDATE=no cargo test --workspace

say "soundness with household members left out: 10 000 generated cases per rule set"
ONRAMP_SOUNDNESS_CASES=10000 cargo test -q --release -p onramp --test properties soundness_with_members

say "lowered evaluator against Rhai's interpreter (the oracle build)"
cargo test -q --release -p onramp --features rhai-oracle --test lowered

say "the sandbox, the corpus and the rule sets with the lean Rhai"
cargo test -q -p onramp --features "$lean" --test sandbox --test corpus --test rule_sets

say "the crate as a package: its files, cargo publish --dry-run, MSRV"
# What a user downloads: the sources, the manifest, the README (and what cargo adds).
unexpected=$(cargo package --list -p onramp --allow-dirty 2>/dev/null |
  grep -Ev '^(src/.*\.rs|build\.rs|Cargo\.toml|Cargo\.toml\.orig|Cargo\.lock|README\.md|\.cargo_vcs_info\.json)$' || true)
if [ -n "$unexpected" ]; then
  printf 'unexpected files in the package:\n%s\n' "$unexpected"
  exit 1
fi
cargo package --list -p onramp --allow-dirty 2>/dev/null | grep -qx src/lib.rs
cargo package --list -p onramp --allow-dirty 2>/dev/null | grep -qx README.md
# Packages, then builds the package on its own, with only its declared features. Needs the
# registry's index. CI runs on a clean clone; a local run with uncommitted changes packages
# them too (--allow-dirty), and says so.
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then
  echo "(uncommitted changes: packaging the working tree with --allow-dirty)"
  cargo publish --dry-run -p onramp --allow-dirty
else
  cargo publish --dry-run -p onramp
fi
bash scripts/msrv.sh

say "rule set tests through the CLI"
cargo build -q -p onramp-cli
for set in tests/example rules/nyc; do
  ./target/debug/onramp check "$set" >/dev/null
  ./target/debug/onramp test "$set" | tail -n 1
done

say "rule coverage of rules/nyc by its own tests"
# Fails when the share of criterion outcomes and statuses the tests reach drops below the
# floor; raise the floor as tests are added.
./target/debug/onramp coverage rules/nyc --min 85 | tail -n 1

say "fuzz smoke run: every target of fuzz/, a bounded number of executions"
# The fuzz project is outside the workspace (the fmt and clippy steps above do not see it):
# its formatting is checked here. scripts/fuzz.sh installs cargo-fuzz when it is missing,
# builds every target once (no sanitizer, debug assertions and overflow checks on) and runs
# each from the seeds and its corpus; a crash fails the step. Measured on a shared 2-core
# machine (load 5-6, CARGO_BUILD_JOBS=1), from nothing: installing cargo-fuzz 154 s, the
# fuzz build 427 s, the runs 227 s (13.5 min; the runs with case_json at 10^5, 122 s of
# them: 5 * 10^4 here). Inputs a second: api_boundary 10 000, case_json 830,
# compile_structured 910, evaluate_generated 113, compile_rules 125, bundle_load 105.
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
bash scripts/fuzz.sh 100000 api_boundary case_json=50000 compile_structured=10000 \
  evaluate_generated=5000 compile_rules=2000 bundle_load=2000

if [ -x bindings/wasm/scripts/test.sh ] || [ -f bindings/wasm/scripts/test.sh ]; then
  say "wasm package"
  bash bindings/wasm/scripts/test.sh
fi

if [ -f bindings/python/scripts/test.sh ]; then
  say "Python package and the Spark example (local mode)"
  bash bindings/python/scripts/test.sh
fi

if [ -f www-demo/scripts/test.sh ]; then
  say "web demo in headless Chromium"
  bash www-demo/scripts/test.sh
fi

printf '\n== all checks passed\nchecks: %d passed, 0 failed\n' "$steps"
