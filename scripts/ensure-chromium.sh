#!/usr/bin/env bash
# Installs Debian's Chromium for the end-to-end tests, when it is missing. Never downloads a browser build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
command -v chromium >/dev/null || apt_ensure chromium
