#!/usr/bin/env bash
# Starts the product on its local fleet: the fleet lab (three real kube-apiservers with Flagger and
# Kurator behaviour and Prometheus, see packages/fleet-lab) and Backstage with the Canary plugins on
# it: the app on http://localhost:3000, the backend on :7007.
# Extra arguments go to `yarn lab start` (for example --time-scale 10 for a faster demo).
# With --prod first, it builds the app and backend and starts the production build instead: the
# backend serves the built app, both on http://localhost:7007 (scripts/serve-prod.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$CANARY_ROOT"
bash scripts/install.sh
if [ "${1:-}" = "--prod" ]; then
  shift
  exec bash scripts/serve-prod.sh "$@"
fi
exec bash scripts/serve.sh "$@"
