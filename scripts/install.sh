#!/usr/bin/env bash
# Installs the JavaScript dependencies when yarn.lock or a package.json changed since the last install.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$CANARY_ROOT"

stamp="node_modules/.canary-install-stamp"
fingerprint="$(
  {
    node --version
    cat yarn.lock package.json .yarnrc.yml
    cat packages/*/package.json plugins/*/package.json
  } | sha256sum | cut -d' ' -f1
)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
  exit 0
fi
echo "[install] yarn install" >&2
yarn install --immutable
echo "$fingerprint" >"$stamp"
