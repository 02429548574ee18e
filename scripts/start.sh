#!/usr/bin/env bash
# Starts Backstage with the Canary plugins: the app on http://localhost:3000, the backend on :7007.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$CANARY_ROOT"
bash scripts/install.sh
exec yarn start "$@"
