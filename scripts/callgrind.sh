#!/usr/bin/env bash
# Instructions per generated NYC household (examples/phases), counted by callgrind: repeatable
# where timings on a shared machine are not. Two runs with different round counts, so
# compiling the rule set and generating the cases cancel out.
# Usage: scripts/callgrind.sh [summary|full|parse]   (needs valgrind; builds the example)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-summary}
target=${CARGO_TARGET_DIR:-target}
# Symbols for callgrind_annotate; neither changes the code generated.
export CARGO_PROFILE_RELEASE_STRIP=false CARGO_PROFILE_RELEASE_DEBUG=line-tables-only
cargo build -q --release -p onramp --example phases
count() {
  ONRAMP_PROFILE=$which ONRAMP_PROFILE_ROUNDS=$1 valgrind --tool=callgrind \
    --callgrind-out-file="${CALLGRIND_OUT:-/dev/null}" "$target/release/examples/phases" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
one=$(count 1)
three=$(count 3)
# 200 households a round (examples/phases).
echo "$which: $(( (three - one) / 400 )) instructions per household"
