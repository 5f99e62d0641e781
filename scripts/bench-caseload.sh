#!/usr/bin/env bash
# Figures for the caseload tools, never assertions: generates N NYC households (default
# 100000; seed 7) once, then times `onramp batch` (summary detail, every core), `onramp diff`
# (a parameter's new dated value, and two dates) and `onramp gaps` on them.
#   bash scripts/bench-caseload.sh [N]
# Set CARGO_TARGET_DIR / CARGO_BUILD_JOBS as for any build; the caseload goes under the
# target directory (about 4.4 KB per household).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
target="${CARGO_TARGET_DIR:-target}"
cargo build -q --release -p onramp-cli
onramp="$target/release/onramp"
work="$target/bench-caseload"
mkdir -p "$work"
caseload="$work/nyc-$n.jsonl"
if [ ! -s "$caseload" ]; then
  "$onramp" generate rules/nyc --households "$n" --seed 7 -o "$caseload"
fi
# The NYC rules with one more dated value: the Older Adult Employment limit goes from
# 125 % to 200 % of the poverty guideline on 2026-06-01.
changed="$work/nyc-older-adult-200"
rm -rf "$changed" && cp -r rules/nyc "$changed"
python3 - "$changed/parameters.toml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
anchor = "[parameter.cash_assistance_standard_with_child]"
entry = '[[parameter.older_adult_percent.values]]\nfrom = 2026-06-01\nstatus = "verified"\nsource = "benchmark: a higher limit"\nvalue = "200%"\n\n'
open(p, "w").write(s.replace(anchor, entry + anchor))
PY
timed() {
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  printf '%-40s %8.1f s  %8.0f households/s\n' "$label" "$(echo "$end - $start" | bc)" \
    "$(echo "$n / ($end - $start)" | bc -l)" >&2
}
quiet() { "$@" 2>/dev/null; }
echo "$n households, $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
timed "batch (summary, JSONL out)" quiet "$onramp" batch rules/nyc "$caseload" --as-of 2026-11-23 -o "$work/out.jsonl"
timed "batch (summary, CSV out)" quiet "$onramp" batch rules/nyc "$caseload" --as-of 2026-11-23 -o "$work/out.csv"
timed "diff (a parameter's new value)" "$onramp" diff rules/nyc "$changed" "$caseload" --as-of 2026-11-23 -o "$work/diff-param.txt"
timed "diff (as of a year later)" "$onramp" diff rules/nyc rules/nyc "$caseload" --as-of 2026-11-23 --as-of-new 2027-11-23 -o "$work/diff-dates.txt"
timed "gaps" "$onramp" gaps rules/nyc "$caseload" --as-of 2026-11-23 -o "$work/gaps.txt"
head -n 3 "$work/diff-param.txt" "$work/diff-dates.txt" >&2
