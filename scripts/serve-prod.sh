#!/usr/bin/env bash
# Starts the production build of the product on the local fleet lab, as Backstage runs in
# production: the backend built (`backstage-cli package build`, every workspace package it depends
# on built and packed into its bundle, the app's static build included) and started with
# NODE_ENV=production, serving the built app itself through the app-backend plugin. One origin:
# http://localhost:${CANARY_PROD_PORT:-7007} for the app and the API.
#
#   scripts/start.sh --prod [--skip-build] [lab start options]
#
# --skip-build reuses the last build (packages/backend/dist/bundle.tar.gz). The build takes several
# minutes on two cores. The dev servers (scripts/serve.sh) and this one use separate databases; with
# CANARY_PROD_PORT set to another port they can run side by side on the same lab.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$CANARY_ROOT"

port="${CANARY_PROD_PORT:-7007}"
build=1
lab_args=()
for arg in "$@"; do
  if [ "$arg" = "--skip-build" ]; then build=0; else lab_args+=("$arg"); fi
done

yarn lab start "${lab_args[@]}"
node scripts/lab-app-config.mjs >/dev/null
overlay="$(node scripts/prod-bundle.mjs config "$port")"
configs=(
  --config "$CANARY_ROOT/app-config.yaml"
  --config "$CANARY_ROOT/.lab/app-config.lab.yaml"
  --config "$overlay"
)

if [ "$build" = 1 ] || [ ! -f packages/backend/dist/bundle.tar.gz ]; then
  echo "[prod] building the backend, its packages and the app" >&2
  started=$SECONDS
  yarn workspace backend build "${configs[@]}"
  echo "[prod] built in $((SECONDS - started)) s" >&2
fi
bundle="$(node scripts/prod-bundle.mjs unpack)"

# The catalog's file locations in app-config.yaml are relative to packages/backend.
cd packages/backend
echo "[prod] app and backend on http://localhost:$port" >&2
NODE_ENV=production exec node "$bundle/packages/backend" "${configs[@]}"
