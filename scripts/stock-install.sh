#!/usr/bin/env bash
# Proves the README's install section on stock Backstage apps. Builds and
# packs every publishable package, generates an app with the
# @backstage/create-app of the release in backstage.json and one with that of
# the release before, runs the README's commands in each (a local registry
# serves our tarballs as if published), applies its code and config, then
# checks: no @backstage/* package gets a second version, `yarn tsc` passes
# (with the README's frontend forms), the backend starts and serves the
# WeCom API, the scaffolder action and the `wecom` auth provider, and
# /wecom renders in Chromium without a page error.
#
# Results go to stock-install-artifacts/results.jsonl (counted by
# scripts/test-summary.mjs), logs and screenshots next to it. Needs the npm
# registry: skipped with a message when it cannot be reached.
#
# STOCK_INSTALL_RELEASES="<create-app version>..." tests those instead;
# STOCK_INSTALL_SKIP_TSC=1 reuses dist-types from a `yarn tsc` just run;
# STOCK_INSTALL_KEEP=1 keeps the generated apps (the path is printed).
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
artifacts=$repo/stock-install-artifacts
results=$artifacts/results.jsonl
rm -rf "$artifacts" && mkdir -p "$artifacts"
work=$(mktemp -d -t wecom-stock-XXXXXX)
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
backend_port=${STOCK_INSTALL_BACKEND_PORT:-7047}
app_port=${STOCK_INSTALL_APP_PORT:-3047}
upstream=${YARN_NPM_REGISTRY_SERVER:-$(npm config get registry 2>/dev/null)}
upstream=${upstream%/}
# Held at the release's version in the stock app: see prepare.mjs.
held=(@backstage/plugin-signals-backend)
started=$SECONDS
groups=()

record() { node scripts/stock-install/results.mjs "$results" "$@"; }
elapsed() { echo "$(((SECONDS - $1) / 60))m$(((SECONDS - $1) % 60))s"; }
# Runs a command in a process group of its own, so it can be stopped whole.
start_group() {
  setsid "$@" &
  groups+=($!)
}
stop_groups() {
  for group in "${groups[@]}"; do kill -- "-$group" 2>/dev/null; done
  groups=()
  sleep 1
}
cleanup() {
  stop_groups
  [ -n "${registry_group:-}" ] && kill -- "-$registry_group" 2>/dev/null
  if [ "${STOCK_INSTALL_KEEP:-0}" = 1 ]; then
    echo "::: stock install: kept $work"
  else
    rm -rf "$work"
  fi
  echo "::: stock install: $(elapsed "$started") in all"
}
trap cleanup EXIT

# Waits up to $2 seconds for $1 to answer 200.
wait_for() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
    sleep 3
  done
  return 1
}

if ! timeout 60 npm view @backstage/create-app version --fetch-retries=1 --fetch-timeout=15000 >/dev/null 2>&1; then
  echo "::: stock install skipped: the npm registry ($upstream) cannot be reached"
  record "stock install" skipped "the npm registry ($upstream) cannot be reached"
  exit 0
fi

for port in "$backend_port" "$app_port"; do
  if curl -s -o /dev/null "http://localhost:$port"; then
    record "stock install" failed "port $port is taken (set STOCK_INSTALL_BACKEND_PORT / STOCK_INSTALL_APP_PORT)"
    exit 1
  fi
done

# --- build and pack -------------------------------------------------------
step=$SECONDS
if [ "${STOCK_INSTALL_SKIP_TSC:-0}" != 1 ]; then
  yarn tsc >"$artifacts/tsc.log" 2>&1 || echo "::: yarn tsc failed (see $artifacts/tsc.log); packing what it emitted"
fi
packs=$work/packs
mkdir -p "$packs"
if yarn workspaces foreach --all --no-private --parallel --jobs 2 run build >"$artifacts/build.log" 2>&1; then
  record "the publishable packages build" passed
else
  record "the publishable packages build" failed "see $artifacts/build.log"
fi
# One at a time: each package's prepack (backstage-cli) rewrites its own
# package.json, and a dependant packed meanwhile can read it half-written
# ("backstage-plugin-wecom-common@workspace:^: No local workspace found").
if yarn workspaces foreach --all --no-private pack --out "$packs/%s.tgz" >"$artifacts/pack.log" 2>&1; then
  record "the publishable packages pack" passed "$(ls "$packs" | tr '\n' ' ')"
else
  record "the publishable packages pack" failed "see $artifacts/pack.log"
fi
if entry=$(node scripts/stock-install/entrypoints.mjs "$packs"/*.tgz 2>&1); then
  record "every published entry point is in its tarball" passed
else
  record "every published entry point is in its tarball" failed "$entry"
fi
echo "::: stock install: packed in $(elapsed $step)"

registry_port_file=$work/registry.port
# Runs until the end; stop_groups only stops each release's servers.
setsid node scripts/stock-install/registry.mjs "$registry_port_file" "$upstream" "$packs"/*.tgz &
registry_group=$!
for _ in $(seq 1 50); do [ -s "$registry_port_file" ] && break; sleep 0.2; done
if [ ! -s "$registry_port_file" ]; then
  record "the local registry serves our tarballs" failed "it did not start (see the lines above); no release was tried"
  exit 1
fi
registry=http://localhost:$(cat "$registry_port_file")

# --- one stock app per release ----------------------------------------------
# better-sqlite3 (the stock backend's database): the monorepo's build of the
# same version on the same Node.js, else compiled (minutes on 2 cores).
provide_sqlite() {
  local ours=$repo/node_modules/better-sqlite3 theirs=$1/node_modules/better-sqlite3
  local binary=build/Release/better_sqlite3.node
  [ -f "$theirs/package.json" ] || return 0
  if [ -f "$ours/$binary" ] && [ "$(node -p "require('$ours/package.json').version")" = "$(node -p "require('$theirs/package.json').version")" ]; then
    mkdir -p "$theirs/build/Release" && cp "$ours/$binary" "$theirs/$binary"
  else
    (cd "$1" && yarn rebuild better-sqlite3)
  fi
}

# Runs the README's commands in app $1, logging to $2; the last line says
# whether they all ran.
run_readme_commands() {
  if (cd "$1" && YARN_NPM_REGISTRY_SERVER=$registry YARN_UNSAFE_HTTP_WHITELIST=localhost timeout 1200 bash -ex "$work/commands.sh") >"$2" 2>&1; then
    echo "::: readme commands done" >>"$2"
  else
    return 1
  fi
}
# The first error line yarn printed in log $1 (or its last line).
first_error() {
  local line
  line=$(grep -m1 -E 'YN0001|YN0035|YN0082|YN0016|Error|error' "$1")
  echo "${line:-$(tail -n1 "$1")}" | cut -c1-300
}
# Whether log $1 failed on the network rather than on what was asked.
transient_failure() {
  grep -qE 'stock-install registry:|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up|Request failed "5[0-9][0-9]|RequestError|ReadError' "$1"
}

# Skips the remaining checks of a release after a step it needs failed.
not_run() {
  for check in "$@"; do record "$label: $check" skipped "not run: an earlier step failed"; done
}

test_release() {
  local release=$1 create_app=$2
  local label="Backstage $release"
  local app=$work/app-$release log=$artifacts/$release
  local t=$SECONDS
  echo "::: stock install: $label (@backstage/create-app $create_app)"
  export YARN_ENABLE_IMMUTABLE_INSTALLS=false YARN_ENABLE_PROGRESS_BARS=false

  if ! BACKSTAGE_APP_NAME=stock timeout 600 npx --yes "@backstage/create-app@$create_app" --path "$app" --skip-install >"$log-create.log" 2>&1 ||
    ! label="Backstage $(node -p "require('$app/backstage.json').version")" ||
    ! node scripts/stock-install/prepare.mjs "$app" "${held[@]}" ||
    ! (cd "$app" && timeout 1800 yarn install && provide_sqlite "$app") >"$log-install.log" 2>&1; then
    record "$label: the stock app installs" failed "see $log-create.log, $log-install.log"
    return
  fi
  node scripts/stock-install/versions.mjs save "$app/yarn.lock" "$work/$release-before.json"
  echo "::: stock app generated and installed in $(elapsed $t)"

  # The README's commands, unchanged.
  node scripts/stock-install/readme.mjs commands README.md >"$work/commands.sh"
  # A second try only after a registry or network error (yarn's YN0001 with
  # a request failure, or the local registry's 502): a resolution error or
  # a peer conflict fails the same way twice and is reported as it is.
  local add_note=""
  if ! run_readme_commands "$app" "$log-add.log" && transient_failure "$log-add.log"; then
    add_note="passed on a second try after a registry error: $(first_error "$log-add.log")"
    cp "$log-add.log" "$log-add-first.log"
    sleep 20
    run_readme_commands "$app" "$log-add.log" || add_note=""
  fi
  if ! grep -q '^::: readme commands done$' "$log-add.log"; then
    echo "::: the README's yarn add lines failed on $label; the end of $log-add.log:"
    tail -n 25 "$log-add.log" | sed 's/^/:::   /'
    record "$label: the README's yarn add lines install" failed "$(first_error "$log-add.log") (see $log-add.log)"
    not_run "no second @backstage/* version" "yarn tsc" "the backend starts"
    return
  fi
  record "$label: the README's yarn add lines install" passed "$add_note"
  if node scripts/stock-install/versions.mjs compare "$work/$release-before.json" "$app/yarn.lock" >"$log-versions.log" 2>&1; then
    record "$label: no second @backstage/* version" passed "$(head -1 "$log-versions.log")"
  else
    record "$label: no second @backstage/* version" failed "$(tr '\n' ' ' <"$log-versions.log")"
  fi

  # The README's backend lines, config and frontend forms.
  local configs
  configs=$(node scripts/stock-install/readme.mjs apply README.md "$app") || {
    record "$label: the README's code applies" failed
    return
  }
  cat >"$app/app-config.stock.yaml" <<EOF
app:
  baseUrl: http://localhost:$app_port
backend:
  baseUrl: http://localhost:$backend_port
  listen:
    port: $backend_port
  cors:
    origin: http://localhost:$app_port
wecom:
  integrations:
    - id: stock
      name: Stock install corp
      corpId: wwstock0000000001
      agentId: 1000002
      secret: stock-install-app-secret
EOF
  local config_args=(--config ../../app-config.yaml)
  for file in $configs app-config.stock.yaml; do config_args+=(--config "../../$file"); done

  if (cd "$app" && timeout 900 yarn tsc) >"$log-tsc.log" 2>&1; then
    record "$label: yarn tsc (with the README's app forms)" passed
  else
    record "$label: yarn tsc (with the README's app forms)" failed "$(grep -m3 'error TS' "$log-tsc.log" | tr '\n' ' ')"
  fi

  export WECOM_SECRETS_KEY=stock-install-sealing-key-0123456789abcdef
  start_group bash -c "cd '$app' && exec yarn workspace backend start ${config_args[*]}" >"$log-backend.log" 2>&1
  local backend=http://localhost:$backend_port
  if wait_for "$backend/.backstage/health/v1/readiness" 300; then
    record "$label: the backend starts (readiness 200)" passed
    node scripts/stock-install/backend.mjs "$results" "$label" "$backend" "$log-backend.log"
  else
    record "$label: the backend starts (readiness 200)" failed "$(grep -m2 -i 'error' "$log-backend.log" | cut -c1-300 | tr '\n' ' ')"
    not_run "/wecom renders in Chromium"
    stop_groups
    return
  fi

  if [ ! -x "$chromium" ]; then
    record "$label: /wecom renders in Chromium" skipped "no Chromium at $chromium (apt-get install -y chromium, or set CHROMIUM_PATH)"
  else
    start_group bash -c "cd '$app' && BROWSER=none exec yarn workspace app start ${config_args[*]}" >"$log-app.log" 2>&1
    if wait_for "http://localhost:$app_port" 900; then
      node scripts/stock-install/render.mjs "$results" "$label" "http://localhost:$app_port" "$artifacts/$release-wecom.png" "$chromium"
    else
      record "$label: /wecom renders in Chromium" failed "the app's dev server did not answer; see $log-app.log"
    fi
  fi
  stop_groups
  echo "::: stock install: $label done in $(elapsed $t)"
}

if [ -n "${STOCK_INSTALL_RELEASES:-}" ]; then
  releases=$(for v in $STOCK_INSTALL_RELEASES; do echo "create-app-$v $v"; done)
else
  releases=$(node scripts/stock-install/releases.mjs backstage.json "$work") || {
    record "stock install" failed "could not find the create-app versions of the supported releases"
    exit 1
  }
fi
while read -r release create_app; do
  test_release "$release" "$create_app" </dev/null
done <<<"$releases"

! grep -q '"status":"failed"' "$results"
