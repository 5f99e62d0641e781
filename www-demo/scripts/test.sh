#!/usr/bin/env bash
# Installs what the browser tests need when it is missing (Debian's Chromium, a CJK font for
# the screenshots, the npm packages), builds dist/ and runs the tests in headless Chromium.
# Never downloads a browser of its own: playwright-core drives /usr/bin/chromium.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

if [[ ! -x /usr/bin/chromium ]]; then
  echo "www-demo: installing chromium (apt)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! fc-list 2>/dev/null | grep -qiE 'wqy|noto sans cjk'; then
  # Only so the Chinese screenshots show characters; the tests pass without it.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1 || echo "www-demo: no CJK font (screenshots only)" >&2
fi
# Fonts for the eleven languages' screenshots (Bengali, Arabic and Urdu, Korean), only when
# none is installed; the tests pass without them.
for want in "bn fonts-lohit-beng-bengali" "ar fonts-noto-core" "ur fonts-noto-core" "ko fonts-nanum"; do
  read -r code package <<<"$want"
  if ! fc-list ":lang=$code" 2>/dev/null | grep -q .; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 || echo "www-demo: no $code font (screenshots only)" >&2
  fi
done
if [[ ! -d node_modules/playwright-core || ! -d node_modules/axe-core ]] || ! npm ls --silent >/dev/null 2>&1; then
  npm ci --no-audit --no-fund
fi

bash scripts/build.sh
rm -rf test-results && mkdir -p test-results
node --test --test-concurrency=1 --test-reporter=spec test/*.test.js
