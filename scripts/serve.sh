#!/usr/bin/env bash
# Starts the local fleet lab (idempotent) and Backstage on it: the app on :3000, the backend on :7007,
# reading the lab's clusters, Prometheus and host cluster from .lab/app-config.lab.yaml.
# Extra arguments go to `yarn lab start` (for example --time-scale 10 for a faster demo).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$CANARY_ROOT"
yarn lab start "$@"
node scripts/lab-app-config.mjs >/dev/null
exec yarn start --config "$CANARY_ROOT/app-config.yaml" --config "$CANARY_ROOT/.lab/app-config.lab.yaml"
