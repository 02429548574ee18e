#!/usr/bin/env bash
# Builds a real kube-apiserver (and optionally kubectl) from Debian's `kubernetes` source package,
# or reuses the cached build. Prints the directory holding the binaries on stdout.
#
#   build-kube-apiserver.sh [kube-apiserver] [kubectl]
#
# Cache: ${CANARY_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/backstage-canary}/kube/<debian-version>/
# (outside the repository, keyed on the Debian source version). Idempotent: when the binaries for the
# known source version exist, it prints their directory and exits without touching the network.
#
# Recipe (see the project's environment notes): Debian's golang-go + the source package's vendor/,
# Debian's reflect2 1.0.2 in place of the vendored 1.0.1, GOPATH mode, openapi-gen over every package
# carrying a `+k8s:openapi-gen=` tag, then `go build ./cmd/kube-apiserver`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '[fleet-lab build] %s\n' "$*" >&2; }

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(kube-apiserver)
fi
for t in "${targets[@]}"; do
  case "$t" in
    kube-apiserver | kubectl) ;;
    *)
      log "unknown target '$t' (kube-apiserver, kubectl)"
      exit 2
      ;;
  esac
done

cache_root="${CANARY_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/backstage-canary}"
apt_dir="$cache_root/apt-src"
mkdir -p "$cache_root"

# One build at a time (the CLI may start it while another shell does too).
exec 9>"$cache_root/build.lock"
if ! flock -w 1800 9; then
  log "another build holds $cache_root/build.lock for more than 30 minutes"
  exit 1
fi

# --- a private apt state holding deb-src lines for the system's own archive ---------------------
apt_opts=(
  -o "Dir::Etc::SourceList=$apt_dir/sources.list"
  -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
  -o "Dir::State=$apt_dir/state"
  -o "Dir::State::status=/var/lib/dpkg/status"
  -o "Dir::Cache=$apt_dir/cache"
  -o "Debug::NoLocking=1"
)

write_private_sources() {
  mkdir -p "$apt_dir/sources.list.d" "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial"
  : >"$apt_dir/sources.list"
  rm -f "$apt_dir/sources.list.d/"*
  if [ -f /etc/apt/sources.list ]; then
    sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list >>"$apt_dir/sources.list"
  fi
  local f
  for f in /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >>"$apt_dir/sources.list"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    sed 's/^Types:.*/Types: deb-src/' "$f" >"$apt_dir/sources.list.d/$(basename "$f")"
  done
}

source_version() {
  apt-cache "${apt_opts[@]}" showsrc kubernetes 2>/dev/null |
    sed -n 's/^Version: //p' |
    while read -r v; do printf '%s\n' "$v"; done |
    sort -V | tail -n 1
}

if ! compgen -G "$apt_dir/state/lists/*Sources*" >/dev/null; then
  write_private_sources
  log "fetching source package lists into a private apt state ($apt_dir)"
  timeout 600 apt-get "${apt_opts[@]}" update >&2
fi
version="$(source_version)"
if [ -z "$version" ]; then
  write_private_sources
  timeout 600 apt-get "${apt_opts[@]}" update >&2
  version="$(source_version)"
fi
if [ -z "$version" ]; then
  log "Debian's archive offers no source package 'kubernetes'"
  exit 1
fi

# 1.20.5+really1.20.2-1.1+deb12u1 -> 1.20.2
upstream="${version#*:}"
upstream="${upstream%-*}"
upstream="${upstream##*really}"
out="$cache_root/kube/$version"

missing=()
for t in "${targets[@]}"; do
  [ -x "$out/$t" ] || missing+=("$t")
done
if [ "${#missing[@]}" -eq 0 ]; then
  printf '%s\n' "$out"
  exit 0
fi

# --- toolchain ------------------------------------------------------------------------------------
bash "$here/ensure-debian-packages.sh" golang-go golang-github-modern-go-reflect2-dev dpkg-dev

started=$(date +%s)
work="$cache_root/build/$version"
rm -rf "$work"
mkdir -p "$work/download"
log "downloading source package kubernetes $version"
(cd "$work/download" && timeout 900 apt-get "${apt_opts[@]}" source --download-only "kubernetes=$version" >&2)
dsc="$(ls "$work/download"/kubernetes_*.dsc | head -n 1)"
log "unpacking $(basename "$dsc")"
(cd "$work" && dpkg-source --no-check -x "$dsc" src >/dev/null)
rm -rf "$work/download"

src="$work/src"
if [ ! -d "$src/vendor" ]; then
  log "the source tree has no vendor/ directory; cannot build offline"
  exit 1
fi

# The vendored reflect2 1.0.1 crashes (fatal error: fault) under Go >= 1.18 on the first custom
# resource; Debian's 1.0.2 does not.
reflect2_src="$(dirname "$(dpkg -L golang-github-modern-go-reflect2-dev | grep '/reflect2\.go$' | head -n 1)")"
if [ ! -f "$reflect2_src/reflect2.go" ]; then
  log "golang-github-modern-go-reflect2-dev does not ship reflect2.go"
  exit 1
fi
rm -rf "$src/vendor/github.com/modern-go/reflect2"
mkdir -p "$src/vendor/github.com/modern-go/reflect2"
find "$reflect2_src" -maxdepth 1 -type f -name '*.go' ! -name '*_test.go' -exec cp {} "$src/vendor/github.com/modern-go/reflect2/" \;
find "$reflect2_src" -maxdepth 1 -type f -name '*.s' -exec cp {} "$src/vendor/github.com/modern-go/reflect2/" \;

gopath="$work/gopath"
mkdir -p "$gopath/src/k8s.io"
ln -sfn "$src" "$gopath/src/k8s.io/kubernetes"
export GOPATH="$gopath"
export GO111MODULE=off
export GOFLAGS=
export GOCACHE="$work/gocache"
export CGO_ENABLED=0
export GOTOOLCHAIN=local
pkg_root="$gopath/src/k8s.io/kubernetes"
cd "$pkg_root"

# --- pkg/generated/openapi (the tarball lacks the generated file) ---------------------------------
if [[ " ${missing[*]} " == *" kube-apiserver "* ]] && [ ! -f pkg/generated/openapi/zz_generated.openapi.go ]; then
  log "building openapi-gen"
  go build -o "$work/bin/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
  log "generating pkg/generated/openapi"
  input_dirs="$(
    find pkg cmd plugin staging/src -name '*.go' ! -name '*_test.go' \
      ! -path '*/testdata/*' ! -path '*/vendor/*' -print0 2>/dev/null |
      xargs -0 grep -l '^// *+k8s:openapi-gen=' |
      xargs -n1 dirname | LC_ALL=C sort -u |
      sed -e 's|^staging/src/|k8s.io/kubernetes/vendor/|' -e 't' -e 's|^|k8s.io/kubernetes/|' |
      paste -sd, -
  )"
  if [ -z "$input_dirs" ]; then
    log "found no package with +k8s:openapi-gen tags"
    exit 1
  fi
  "$work/bin/openapi-gen" \
    --input-dirs "$input_dirs" \
    --output-package k8s.io/kubernetes/pkg/generated/openapi \
    --output-file-base zz_generated.openapi \
    --go-header-file hack/boilerplate/boilerplate.generatego.txt \
    --report-filename "$work/openapi-violations.report" \
    --output-base "$gopath/src" >&2
fi

ldflags=""
for p in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
  ldflags+=" -X $p.gitVersion=v$upstream"
  ldflags+=" -X $p.gitMajor=${upstream%%.*}"
  minor="${upstream#*.}"
  ldflags+=" -X $p.gitMinor=${minor%%.*}"
  ldflags+=" -X $p.gitTreeState=archive"
  ldflags+=" -X $p.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
done

mkdir -p "$out"
for t in "${missing[@]}"; do
  log "go build ./cmd/$t (this takes several minutes)"
  go build -trimpath -ldflags "-s -w$ldflags" -o "$out/$t.tmp" "./cmd/$t"
  mv "$out/$t.tmp" "$out/$t"
done
printf '%s\n' "$version" >"$cache_root/kube/current"

elapsed=$(($(date +%s) - started))
log "built ${missing[*]} v$upstream in ${elapsed}s into $out"
if [ "${CANARY_LAB_KEEP_BUILD:-0}" != "1" ]; then
  cd "$cache_root"
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
fi
printf '%s\n' "$out"
