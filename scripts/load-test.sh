#!/usr/bin/env bash
# Figures for `onramp serve`, never assertions of speed: a sustained load of NYC decisions
# (wrk, against 127.0.0.1 only, bounded in time), then a soak of malformed requests mixed
# with good ones, then a check that the server still answers the same bytes, and a graceful
# SIGTERM.
#   bash scripts/load-test.sh [SECONDS]     (default 20 per phase)
# Installs wrk from Debian's packages when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
target="${CARGO_TARGET_DIR:-target}"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q wrk >/dev/null; else sudo apt-get install -y -q wrk >/dev/null; fi
fi
cargo build -q --release -p onramp-cli
onramp="$target/release/onramp"
case_file="rules/nyc/personas/jaylen_19_dropout.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
log="$target/load-test-server.log"
"$onramp" serve rules/nyc --addr "127.0.0.1:$port" --quiet 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "$url/v1/health" >/dev/null && break; sleep 0.1; done
body=$(printf '{"case":%s,"options":{"as_of":"2026-11-23","detail":"summary"}}' "$(cat "$case_file")")
before=$(curl -s -H 'Content-Type: application/json' --data-binary "$body" "$url/v1/evaluate")
library=$("$onramp" eval rules/nyc "$case_file" --as-of 2026-11-23 --format json --detail summary)
echo "$(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg); server: $(head -c 200 "$log")"

echo "== sustained: POST /v1/evaluate ($case_file, summary), 2 threads, 8 connections, ${seconds} s"
ONRAMP_CASE="$case_file" wrk -t2 -c8 -d"${seconds}s" --latency -s scripts/load/evaluate.lua "$url/v1/evaluate"

echo "== soak: malformed requests mixed with good ones, 2 threads, 16 connections, ${seconds} s"
ONRAMP_CASE="$case_file" wrk -t2 -c16 -d"${seconds}s" -s scripts/load/mixed.lua "$url"

echo "== after the soak"
after=$(curl -s -H 'Content-Type: application/json' --data-binary "$body" "$url/v1/evaluate")
health=$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/health")
if [ "$before" = "$after" ] && [ "$health" = 200 ]; then
  echo "the server still answers: health 200, the same decision bytes as before the load"
else
  echo "the server's answers changed after the soak (health $health)"; exit 1
fi
if [ "$before" = "{\"type\":\"success\",\"decision\":$library}" ]; then
  echo "and it is the CLI's decision (onramp eval --format json), byte for byte"
else
  echo "the HTTP decision differs from the CLI's"; exit 1
fi
kill -TERM "$server"
wait "$server" && echo "SIGTERM: exited 0; $(tail -n 1 "$log")"
trap - EXIT
