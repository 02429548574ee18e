#!/usr/bin/env bash
# Runs every check and test of the project:
#   static checks (prettier, tsc, eslint), the Jest suites of every package (database code on SQLite
#   and on a local PostgreSQL; the fleet lab's integration tests on the real lab), and the end-to-end
#   tests in Chromium against the real app and backend running on the lab.
# Ends with the line "N passed, N failed[, N skipped]" computed from the runners' own result files,
# and exits non-zero when anything failed.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$CANARY_ROOT"

results="node_modules/.cache/test-results"
bash scripts/install.sh || exit 1
rm -rf "$results" && mkdir -p "$results"

# A static check counts as one test: its result goes into the summary like a runner's.
check() {
  local name="$1"
  shift
  echo "== $name: $*"
  local started=$SECONDS status
  "$@"
  status=$?
  printf '{"name":"%s","status":%d,"seconds":%d}\n' "$name" "$status" $((SECONDS - started)) \
    >"$results/check-$name.json"
}

check prettier yarn prettier --check --loglevel warn .
check tsc yarn tsc
# The published packages' API and knip reports must match the code (yarn build:api-reports,
# yarn build:knip-reports regenerate them); the API reports read what tsc wrote to dist-types.
check reports yarn reports:check
check lint yarn lint:all

echo "== fleet lab (real kube-apiservers, Flagger and Kurator behaviour, Prometheus)"
# The lab's integration tests, the backend's lab tests and the end-to-end tests run against it.
# A first start on a machine installs Debian packages and builds kube-apiserver (cached).
if ! yarn lab start; then
  echo "could not start the fleet lab" >&2
  printf '{"name":"fleet-lab","status":1,"seconds":0}\n' >"$results/check-fleet-lab.json"
fi

echo "== unit and integration tests (jest)"
# Database code is tested on SQLite and on a real PostgreSQL that this script starts.
if pg_url="$(bash scripts/postgres.sh start)"; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$pg_url"
  export CANARY_REQUIRE_POSTGRES=1
else
  echo "could not start PostgreSQL" >&2
  printf '{"name":"postgres","status":1,"seconds":0}\n' >"$results/check-postgres.json"
fi
CI=true yarn backstage-cli repo test --json --outputFile="$results/jest.json"

echo "== end-to-end tests (playwright, chromium)"
# The network partition test makes a network namespace and a veth pair (ip, tc).
bash -c 'source scripts/apt.sh && apt_ensure iproute2' || echo "could not install iproute2" >&2
if bash scripts/ensure-chromium.sh; then
  CI=true yarn playwright test
else
  echo "could not install chromium" >&2
  printf '{"name":"chromium","status":1,"seconds":0}\n' >"$results/check-chromium.json"
fi

# On CI nothing else uses the lab afterwards.
if [ -n "${CI:-}" ]; then
  yarn lab stop >/dev/null 2>&1
  bash scripts/postgres.sh stop
fi

node scripts/summarize-tests.mjs "$results"
