#!/usr/bin/env bash
# Builds www-demo/dist/: the widget's modules, the wasm package (bindings/wasm/pkg-web) and
# the rule bundles. dist/ is generated; nothing in it is committed.
#   ONRAMP_RULES=rules/nyc   the default rule set (falls back to tests/example while the NYC
#                            set does not check yet)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/.." && pwd)"
dist="$here/dist"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"

# The wasm package for the web: ONRAMP_WASM_PKG, else bindings/wasm/pkg-web (built by the
# binding's own script when it is missing), else as a last resort wasm-pack into .pkg-web/.
pkg="${ONRAMP_WASM_PKG:-$repo/bindings/wasm/pkg-web}"
stale=""
if [[ -f "$pkg/onramp_wasm_bg.wasm" && -z "${ONRAMP_WASM_PKG:-}" ]]; then
  # A package older than the kernel's sources decides with yesterday's kernel: rebuild it.
  stale="$(find "$repo/crates/onramp/src" "$repo/bindings/wasm/src" "$repo/Cargo.lock" -newer "$pkg/onramp_wasm_bg.wasm" -print -quit 2>/dev/null || true)"
fi
if [[ ( ! -f "$pkg/onramp_wasm.js" || -n "$stale" ) && -z "${ONRAMP_WASM_PKG:-}" && -f "$repo/bindings/wasm/scripts/build.sh" ]]; then
  echo "www-demo: building the wasm package (bindings/wasm/scripts/build.sh)${stale:+: ${stale#$repo/} is newer than pkg-web}"
  bash "$repo/bindings/wasm/scripts/build.sh"
fi
if [[ ! -f "$pkg/onramp_wasm.js" && -z "${ONRAMP_WASM_PKG:-}" ]] && command -v wasm-pack >/dev/null; then
  echo "www-demo: bindings/wasm/pkg-web is missing; wasm-pack --target web into www-demo/.pkg-web"
  wasm-pack build "$repo/bindings/wasm" --release --target web --out-dir "$here/.pkg-web" --out-name onramp_wasm --no-pack
  pkg="$here/.pkg-web"
fi
if [[ ! -f "$pkg/onramp_wasm.js" ]]; then
  echo "www-demo: no wasm package for the web at $pkg; see bindings/wasm/README.md" >&2
  exit 1
fi

onramp="$repo/target/debug/onramp"
if [[ ! -x "$onramp" || -n "$(find "$repo/crates" -newer "$onramp" -name '*.rs' -print -quit)" ]]; then
  echo "www-demo: building the onramp CLI"
  (cd "$repo" && cargo build -q -p onramp-cli)
fi

rm -rf "$dist"
mkdir -p "$dist/pkg"
cp "$here"/src/*.js "$dist/"
# Each language's widget labels (imported by onramp-i18n.js).
cp -r "$here/src/i18n" "$dist/i18n"
cp "$pkg/onramp_wasm.js" "$pkg/onramp_wasm_bg.wasm" "$dist/pkg/"
[[ -f "$pkg/onramp_wasm.d.ts" ]] && cp "$pkg/onramp_wasm.d.ts" "$dist/pkg/"

# The example rule set (small; the playground and tests use it too).
"$onramp" bundle "$repo/tests/example" -o "$dist/example.bundle.json" >/dev/null

# Named sample cases (personas) beside each bundle, for the playground: one JSON list.
personas() { # DIR OUT
  node -e '
    const fs = require("fs"), path = require("path");
    const dir = process.argv[1];
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : [];
    const list = files.map((f) => ({ id: f.replace(/\.json$/, ""), ...JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) }));
    fs.writeFileSync(process.argv[2], JSON.stringify(list));
  ' "$1" "$2"
}
personas "$here/test/personas" "$dist/example.personas.json"

# The default rule set: NYC when it checks, else the example set under the same name.
rules="${ONRAMP_RULES:-$repo/rules/nyc}"
if [[ -d "$rules" ]] && "$onramp" check "$rules" >/dev/null 2>&1; then
  "$onramp" bundle "$rules" -o "$dist/nyc.bundle.json" >/dev/null
  personas "$rules/personas" "$dist/nyc.personas.json"
  echo "www-demo: dist/nyc.bundle.json from ${rules#$repo/}"
else
  echo "www-demo: WARNING: ${rules#$repo/} does not check yet; dist/nyc.bundle.json is the example rule set" >&2
  cp "$dist/example.bundle.json" "$dist/nyc.bundle.json"
  cp "$dist/example.personas.json" "$dist/nyc.personas.json"
fi
echo "www-demo: built $(du -sh "$dist" | cut -f1) into dist/"
