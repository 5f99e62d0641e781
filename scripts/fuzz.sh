#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/: cargo-fuzz, libFuzzer) for a fixed number of executions each,
# seeded from tests/ and the rule sets.
#   bash scripts/fuzz.sh [RUNS] [TARGET[=RUNS]...]   (default: 100000 runs of every target)
# The targets that compile a rule set per input (compile_rules, compile_structured,
# bundle_load: milliseconds each, not microseconds) run RUNS / 10 unless
# ONRAMP_FUZZ_COMPILE_RUNS says otherwise; `TARGET=N` runs that target N times whatever it is.
# ONRAMP_FUZZ_SANITIZER picks cargo-fuzz's sanitizer: `none` by default, `address` to run
# under AddressSanitizer. The kernel and the CLI forbid unsafe code, so what the fuzzer hunts
# is panics (indexing, overflow, unwrap, the targets' own assertions), which every build
# catches: both builds keep debug assertions and overflow checks. AddressSanitizer only adds
# checks of the dependencies' unsafe code, and makes the targets 2 to 6 times slower
# (evaluate_generated: 48 against 174 inputs a second).
# A crash fails the run; its input is kept in fuzz/artifacts/<target>/, to be turned into a
# regression test of the kernel in crates/onramp/tests/. Each target's libFuzzer output is
# in fuzz/<target>.log (or ONRAMP_FUZZ_LOG_DIR/<target>.log), its corpus in
# fuzz/corpus/<target>/ (both git-ignored, kept between runs). Installs cargo-fuzz when it is missing. On a stable
# toolchain RUSTC_BOOTSTRAP=1 lets it pass the sanitizer flags.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-100000}"
shift || true
export RUSTC_BOOTSTRAP=1
sanitizer="${ONRAMP_FUZZ_SANITIZER:-none}"
logs="${ONRAMP_FUZZ_LOG_DIR:-fuzz}"
mkdir -p "$logs"
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

# Every target built in one cargo invocation first (they share the kernel's build).
start=$(date +%s)
cargo fuzz build -s "$sanitizer"
echo "== fuzz build ($sanitizer): $(( $(date +%s) - start )) s"

status=0
for spec in "${targets[@]}"; do
  t="${spec%%=*}"
  n="$runs"
  case "$t" in compile_rules|compile_structured|bundle_load) n="${ONRAMP_FUZZ_COMPILE_RUNS:-$((runs / 10))}";; esac
  if [ "$spec" != "$t" ]; then n="${spec#*=}"; fi
  mkdir -p "fuzz/corpus/$t"
  start=$(date +%s)
  echo "== fuzz $t: $n runs"
  if cargo fuzz run -s "$sanitizer" "$t" "fuzz/corpus/$t" "$seeds/$t" -- \
      -runs="$n" -max_len=65536 -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
      2> "$logs/$t.log"; then
    grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" "$logs/$t.log" |
      sed 's/stat:://; s/  */ /g' | tr '\n' ' '
    echo "corpus: $(find "fuzz/corpus/$t" -type f | wc -l) inputs ($(( $(date +%s) - start )) s, no crash)"
  else
    status=1
    echo "fuzz $t FOUND A CRASH: see $logs/$t.log and fuzz/artifacts/$t/"
    tail -n 40 "$logs/$t.log"
  fi
done
exit "$status"
