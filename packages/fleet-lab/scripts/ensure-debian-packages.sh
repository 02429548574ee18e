#!/usr/bin/env bash
# Installs the given Debian packages when they are missing (root only; no service is started).
#
#   ensure-debian-packages.sh etcd-server prometheus openssl
#
# `apt-get update` runs only when an install fails for want of package lists. A missing
# /usr/sbin/policy-rc.d is created (exit 101) so that no package starts a daemon.
set -euo pipefail

log() { printf '[fleet-lab] %s\n' "$*" >&2; }

missing=()
for pkg in "$@"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  if [ "$status" != "installed" ]; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  log "missing Debian packages: ${missing[*]} (run as root, or install them yourself)"
  exit 1
fi

if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\n# Written by fleet-lab: packages must not start services.\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
fi

export DEBIAN_FRONTEND=noninteractive
log "installing Debian packages: ${missing[*]}"
if ! timeout 900 apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
  log "install failed; refreshing package lists (apt-get update) and retrying"
  timeout 600 apt-get update >&2
  timeout 900 apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi
