#!/usr/bin/env bash
# Every check and every test: type check, lint, formatting, the generated
# configuration reference, packaging metadata and API reports, then the
# jest suites on SQLite and, when a PostgreSQL server answers, on
# PostgreSQL too, then the end-to-end test in Chromium (Playwright), then
# the stock install (the README's install section on freshly generated
# Backstage apps). Ends with one summary line over all three:
# "Tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
step() {
  echo "::: $*"
  "$@" || status=1
}

step yarn tsc
step yarn lint:all
step yarn prettier:check
# The configuration reference (docs/configuration.md) is generated from
# config.d.ts: a key added or changed without it fails here
# (`node scripts/config-docs.mjs` updates it).
step node scripts/config-docs.mjs --check
# Every file and folder the docs name exists (docs/architecture.md maps
# each flow to its files; a move must update it).
step node scripts/check-doc-paths.mjs
# Publishing metadata (backstage.pluginId, entry points, peer dependencies),
# the public API and unused dependencies: a change of any shows in review
# (`yarn build:api-reports` and `yarn build:knip-reports` update).
step yarn backstage-cli repo fix --publish --check
step yarn backstage-repo-tools peer-deps
step yarn build:api-reports --ci
step yarn build:knip-reports --ci

# PostgreSQL: an explicit connection string wins; else try the local server.
export BACKSTAGE_TEST_DISABLE_DOCKER=1
if ! env | grep -q '^BACKSTAGE_TEST_DATABASE_POSTGRES[0-9]*_CONNECTION_STRING='; then
  pg_url="${POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"
  major=$(node scripts/postgres-major.mjs "$pg_url" 2>/dev/null || true)
  if [ -n "$major" ]; then
    export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=$pg_url"
    echo "::: PostgreSQL ${major} found at ${pg_url%%@*}@…: tests run on SQLite and PostgreSQL"
  else
    echo "::: No PostgreSQL answered: tests run on SQLite only (set POSTGRES_URL to include it)"
  fi
fi

results=$(mktemp -t wecom-jest-XXXXXX.json)
echo "::: jest"
CI=true yarn backstage-cli repo test --maxWorkers=2 --json --outputFile="$results" || status=1

# End to end: the emulator, the backend and the app's dev server, driven in
# Debian's Chromium. Screenshots land in e2e-artifacts/.
e2e_results=e2e-artifacts/results.json
rm -f "$e2e_results"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ "${WECOM_SKIP_E2E:-0}" = 1 ]; then
  echo "::: end-to-end test skipped (WECOM_SKIP_E2E=1)"
  e2e_results=skip
elif [ ! -x "$chromium" ]; then
  echo "::: end-to-end test skipped: no Chromium at $chromium (apt-get install -y chromium, or set CHROMIUM_PATH)"
  e2e_results=skip
else
  echo "::: end-to-end (Playwright, $chromium)"
  CI=true yarn playwright test || status=1
  ls e2e-artifacts/*.png 2>/dev/null | sed 's/^/::: screenshot /'
fi

# Stock install: packs the packages and installs them as the README says
# into apps from @backstage/create-app, for the release in backstage.json and
# the one before (scripts/stock-install.sh; needs the npm registry).
stock_results=stock-install-artifacts/results.jsonl
if [ "${WECOM_SKIP_STOCK_INSTALL:-0}" = 1 ]; then
  echo "::: stock install skipped (WECOM_SKIP_STOCK_INSTALL=1)"
  stock_results=skip
else
  echo "::: stock install (scripts/stock-install.sh)"
  STOCK_INSTALL_SKIP_TSC=1 bash scripts/stock-install.sh || status=1
fi

node scripts/test-summary.mjs "$results" "$e2e_results" "$stock_results" || status=1
exit $status
