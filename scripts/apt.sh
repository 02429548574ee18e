#!/usr/bin/env bash
# apt_ensure PACKAGE...: installs the Debian packages that are missing, idempotently.
# Refreshes the package lists at most once per run, and never starts services.

apt_ensure() {
  local missing=()
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$package")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || {
      echo "[apt] need root to install: ${missing[*]}" >&2
      return 1
    }
    sudo=(sudo)
  fi
  # Packages must not start services on install (there is no init system here).
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo[@]}" chmod +x /usr/sbin/policy-rc.d
  fi
  echo "[apt] installing ${missing[*]}" >&2
  if [ -z "${CANARY_APT_UPDATED:-}" ]; then
    "${sudo[@]}" apt-get update -qq >&2 || return 1
    export CANARY_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
