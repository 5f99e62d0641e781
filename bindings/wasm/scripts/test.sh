#!/usr/bin/env bash
# Every check of the wasm package: builds it (installing what is missing), then
#   1. the boundary tests (wasm-bindgen-test under Node): bad rules, bad cases, huge inputs,
#      deep nesting, each a tagged answer and never a trap;
#   2. the conformance corpus, natively and in wasm under Node, byte for byte;
#   3. the differential test: 10,000 seeded cases per rule set, native answers hashed by
#      crates/onramp/tests/differential.rs, the same cases in wasm under Node;
#   4. tsc --noEmit over the generated .d.ts of every target with the hand-written types;
# and prints the budgets (size, time per case, bundle load). Runs every step, then reports;
# exits non-zero if any step failed.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
export CARGO_TERM_COLOR=never
export ONRAMP_DIFFERENTIAL_DIR="${ONRAMP_DIFFERENTIAL_DIR:-$root/target/tmp/differential}"

bash scripts/build.sh || { echo "build failed"; exit 1; }

passed=()
failed=()
step() {
  local name=$1
  shift
  printf '\n== %s\n' "$name"
  if "$@"; then passed+=("$name"); else failed+=("$name"); fi
}

step "boundary tests, wasm under Node" \
  wasm-pack --log-level warn test --node -- --features lean-rhai --test web
step "conformance corpus, native" \
  cargo test -q --manifest-path "$root/Cargo.toml" -p onramp --test corpus
step "differential, native half (release)" \
  cargo test -q --release --manifest-path "$root/Cargo.toml" -p onramp --test differential
# The native kernel's compiled forms, which the wasm package must write byte for byte.
export ONRAMP_NATIVE_COMPILED_DIR="$root/target/tmp/compiled"
compiled_native() {
  mkdir -p "$ONRAMP_NATIVE_COMPILED_DIR" &&
    for dir in tests/example rules/nyc; do
      cargo run -q --release --manifest-path "$root/Cargo.toml" -p onramp-cli -- bundle "$root/$dir" \
        --compiled -o "$ONRAMP_NATIVE_COMPILED_DIR/${dir//\//_}.compiled" >/dev/null || return 1
    done
}
step "compiled rule sets, native half" compiled_native
step "conformance corpus and differential, wasm under Node" \
  node --test tests/corpus.test.mjs tests/differential.test.mjs tests/access-nyc.test.mjs tests/whatif.test.mjs tests/compiled.test.mjs tests/runtime.test.mjs
step "tsc --noEmit" \
  npx --no-install tsc --noEmit -p types

printf '\n== budgets (figures, not a test)\n'
node scripts/budget.mjs || true

printf '\n== wasm package: %d passed, %d failed\n' "${#passed[@]}" "${#failed[@]}"
for f in "${failed[@]}"; do printf '   FAILED: %s\n' "$f"; done
[ "${#failed[@]}" -eq 0 ]
