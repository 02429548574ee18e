#!/usr/bin/env bash
# Toolchain bootstrap, sourced by every entry point (scripts/*.sh, .ci/run).
#
# - Node: the system Node when it is >= 22, otherwise Node 22 from the npm registry, unpacked into
#   .tools/ (ignored by git). Its headers are used for native builds (better-sqlite3, isolated-vm),
#   so nothing tries to download prebuilt binaries.
# - Yarn 4 through corepack (the version is the root package.json's `packageManager`).
# - Every registry URL is derived from `npm config get registry` at run time.
#
# Idempotent: when everything is in place it only sets environment variables (well under a second).

CANARY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Already set up for this checkout (a shell set up for another checkout is set up again).
if [ "${CANARY_TOOLCHAIN_READY:-}" = "$CANARY_ROOT" ]; then
  return 0 2>/dev/null || exit 0
fi
CANARY_NODE_VERSION="${CANARY_NODE_VERSION:-22.23.3}"
CANARY_TOOLS="$CANARY_ROOT/.tools"
export CANARY_ROOT CANARY_TOOLS

toolchain_log() { printf '[toolchain] %s\n' "$*" >&2; }

toolchain_node_major() {
  "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

toolchain_platform() {
  case "$(uname -m)" in
    x86_64 | amd64) echo linux-x64 ;;
    aarch64 | arm64) echo linux-arm64 ;;
    *)
      toolchain_log "unsupported CPU $(uname -m): install Node 22 yourself and put it first on PATH"
      return 1
      ;;
  esac
}

toolchain_ensure_node() {
  local system_node
  system_node="$(command -v node || true)"
  if [ -n "$system_node" ] && [ "$(toolchain_node_major "$system_node")" -ge 22 ]; then
    CANARY_NODE_DIR="$(cd "$(dirname "$system_node")/.." && pwd)"
    return 0
  fi
  local platform dir
  platform="$(toolchain_platform)" || return 1
  dir="$CANARY_TOOLS/node-v$CANARY_NODE_VERSION-$platform"
  if [ ! -x "$dir/bin/node" ]; then
    toolchain_log "system Node is $(node --version 2>/dev/null || echo missing); fetching Node $CANARY_NODE_VERSION ($platform) from the npm registry"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-$platform@$CANARY_NODE_VERSION" >/dev/null) || {
      toolchain_log "npm pack node-$platform@$CANARY_NODE_VERSION failed"
      rm -rf "$tmp"
      return 1
    }
    mkdir -p "$tmp/unpacked"
    tar -xzf "$tmp"/node-*.tgz -C "$tmp/unpacked"
    mkdir -p "$CANARY_TOOLS"
    rm -rf "$dir"
    mv "$tmp/unpacked/package" "$dir"
    rm -rf "$tmp"
  fi
  CANARY_NODE_DIR="$dir"
  export PATH="$dir/bin:$PATH"
}

toolchain_ensure_node || { return 1 2>/dev/null || exit 1; }
export CANARY_NODE_DIR

# Native modules that must compile (better-sqlite3, isolated-vm: their prebuilt binaries are downloaded
# from outside the registry, which fails here) compile against this Node's own headers. Packages that
# ship their binaries inside the registry package (node-gyp-build) use those.
export npm_config_nodedir="$CANARY_NODE_DIR"

# Registries, derived at run time, never written into a file of the repository.
CANARY_NPM_REGISTRY="$(npm config get registry 2>/dev/null)"
CANARY_NPM_REGISTRY="${CANARY_NPM_REGISTRY%/}"
export COREPACK_NPM_REGISTRY="$CANARY_NPM_REGISTRY"
export COREPACK_DEFAULT_TO_LATEST=0
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export COREPACK_HOME="$CANARY_TOOLS/corepack"
export YARN_NPM_REGISTRY_SERVER="$CANARY_NPM_REGISTRY"
export YARN_ENABLE_TELEMETRY=0
export YARN_ENABLE_GLOBAL_CACHE=0
export YARN_CACHE_FOLDER="$CANARY_TOOLS/yarn-cache"

# `yarn` on PATH runs corepack's yarn (the version pinned in package.json's packageManager).
mkdir -p "$CANARY_TOOLS/bin"
if [ ! -x "$CANARY_TOOLS/bin/yarn" ]; then
  cat >"$CANARY_TOOLS/bin/yarn" <<'SHIM'
#!/usr/bin/env sh
exec corepack yarn "$@"
SHIM
  chmod +x "$CANARY_TOOLS/bin/yarn"
fi
export PATH="$CANARY_TOOLS/bin:$CANARY_ROOT/node_modules/.bin:$PATH"

export CANARY_TOOLCHAIN_READY="$CANARY_ROOT"
