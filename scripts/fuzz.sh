#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/: cargo-fuzz, libFuzzer, AddressSanitizer) for a fixed number
# of executions each, seeded from tests/ and the rule sets.
#   bash scripts/fuzz.sh [RUNS] [TARGET...]    (default: 100000 runs of every target)
# The targets that compile a rule set per input (compile_rules, compile_structured,
# bundle_load: milliseconds each, not microseconds) run RUNS / 10 unless
# ONRAMP_FUZZ_COMPILE_RUNS says otherwise.
# A crash fails the run; its input is kept in fuzz/artifacts/<target>/, to be turned into a
# regression test of the kernel (none found so far). Installs cargo-fuzz when it is missing. On a
# stable toolchain RUSTC_BOOTSTRAP=1 lets it pass the sanitizer flags.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-100000}"
shift || true
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
if [ "$#" -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo fuzz list); fi

# Seeds, rebuilt every run (not committed): real cases, real rule files and bundles.
seeds=fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds"/{case_json,bundle_load,compile_rules,evaluate_generated,compile_structured,api_boundary}
cp tests/corpus/nyc/*.case.json rules/nyc/personas/*.json "$seeds/case_json/"
cargo run -q -p onramp-cli -- bundle tests/example -o "$seeds/bundle_load/example.json"
i=0
for f in tests/example/*.toml tests/broken/*/*.toml; do
  # compile_rules reads (which file to replace: one byte, the new text: the rest).
  { printf "\\x$(printf %02x $((i % 10)))"; cat "$f"; } > "$seeds/compile_rules/$i.toml"
  i=$((i + 1))
done

status=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  start=$(date +%s)
  n="$runs"
  case "$t" in compile_rules|compile_structured|bundle_load) n="${ONRAMP_FUZZ_COMPILE_RUNS:-$((runs / 10))}";; esac
  echo "== fuzz $t: $n runs"
  if cargo fuzz run "$t" "fuzz/corpus/$t" "$seeds/$t" -- \
      -runs="$n" -max_len=65536 -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
      2> "fuzz/$t.log"; then
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "fuzz/$t.log" | tr '\n' ' '
    echo "($(( $(date +%s) - start )) s, no crash)"
  else
    status=1
    echo "fuzz $t FOUND A CRASH: see fuzz/$t.log and fuzz/artifacts/$t/"
    tail -n 40 "fuzz/$t.log"
  fi
done
exit "$status"
