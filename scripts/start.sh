#!/usr/bin/env bash
# Starts the product on its local fleet: the fleet lab (three real kube-apiservers with Flagger and
# Kurator behaviour and Prometheus, see packages/fleet-lab) and Backstage with the Canary plugins on
# it: the app on http://localhost:3000, the backend on :7007.
# Extra arguments go to `yarn lab start` (for example --time-scale 10 for a faster demo).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$CANARY_ROOT"
bash scripts/install.sh
exec bash scripts/serve.sh "$@"
