#!/usr/bin/env bash
# Every check Onramp promises: formatting, lints (host and wasm), the kernel's tests
# (unit, properties, snapshots, rule sets), the rule sets' own tests through the CLI, docs,
# then the wasm package's and the web demo's tests. Installs what is missing first.
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

say "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

say "cargo test"
INSTA_UPDATE=no cargo test --workspace

say "lowered evaluator against Rhai's interpreter (the oracle build)"
cargo test -q --release -p onramp --features rhai-oracle --test lowered

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

if [ -x bindings/wasm/scripts/test.sh ] || [ -f bindings/wasm/scripts/test.sh ]; then
  say "wasm package"
  bash bindings/wasm/scripts/test.sh
fi

if [ -f www-demo/scripts/test.sh ]; then
  say "web demo in headless Chromium"
  bash www-demo/scripts/test.sh
fi

printf '\n== all checks passed\nchecks: %d passed, 0 failed\n' "$steps"
