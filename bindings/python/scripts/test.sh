#!/usr/bin/env bash
# Every check of the Python package, installing what is missing first:
#   1. cargo fmt --check, clippy -D warnings and rustdoc -D warnings on the extension (it is
#      outside the workspace, so the repository's own cargo runs do not see it);
#   2. the wheel built with maturin (release, abi3), pip-installed into a fresh virtualenv;
#   3. the stubs checked against the built module (mypy's stubtest);
#   4. pytest: the corpus, errors, batch entry points against per-case and `onramp batch`,
#      and the Spark example job in local mode (pyspark, and a JRE from Debian's packages
#      when there is no java) against `onramp batch` on 10 000 generated households.
# Virtualenvs live under the cargo target directory. Exits non-zero if anything fails.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
export CARGO_TERM_COLOR=never
target="${CARGO_TARGET_DIR:-$root/target}"
python="${PYTHON:-python3}"
tools="$target/python-tools"   # maturin and the build's own tools; kept between runs
venv="$target/python-test"     # made anew every run: the wheel must install on its own

say() { printf '\n== %s\n' "$*"; }

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
  echo "error: $python is not CPython 3.9 or later (set PYTHON)"
  exit 1
fi
if ! command -v java >/dev/null 2>&1; then
  say "installing a Java runtime from Debian's packages (for Spark)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if [ ! -x "$tools/bin/maturin" ]; then
  say "a virtualenv with maturin"
  "$python" -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check "maturin>=1.9,<2"
fi

say "cargo fmt --check, clippy and rustdoc (bindings/python)"
cargo fmt -- --check
cargo clippy --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

say "the onramp CLI (the native path the package is compared with)"
# The debug build scripts/test.sh already made; release when ONRAMP_CLI_PROFILE=release.
profile="${ONRAMP_CLI_PROFILE:-debug}"
if [ "$profile" = release ]; then
  cargo build -q --release -p onramp-cli --manifest-path "$root/Cargo.toml"
else
  cargo build -q -p onramp-cli --manifest-path "$root/Cargo.toml"
fi
export ONRAMP_CLI="$target/$profile/onramp"

say "wheel (maturin build --release)"
wheels="$target/wheels"
rm -rf "$wheels"
"$tools/bin/maturin" build --release --quiet -o "$wheels"
wheel=$(ls "$wheels"/onramp-*.whl)
printf 'built %s (%s bytes)\n' "$(basename "$wheel")" "$(stat -c %s "$wheel")"

say "pip install the wheel into a fresh virtualenv"
"$python" -m venv --clear "$venv"
pip=("$venv/bin/pip" install -q --disable-pip-version-check)
"${pip[@]}" "$wheel"
(cd / && "$venv/bin/python" -c 'import onramp; print("onramp", onramp.__version__, "imports")')
# The test tools, and Spark's: mapInArrow needs pandas (below 3, which pyspark 4.3 warns of).
"${pip[@]}" pytest pyarrow pyspark "pandas>=2.2,<3" mypy

say "stubs against the built module (stubtest)"
(cd / && "$venv/bin/python" -m mypy.stubtest onramp._native --ignore-missing-stub)

say "pytest"
export ONRAMP_SPARK_REQUIRED=1
# `import onramp` is the installed wheel: nothing on the path holds python/onramp, which
# has no native module of its own.
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests
