#!/bin/sh
# Installs code-server 4.100.3 (VS Code 1.100.3, the newest that installs on node 20) into this folder.
# Idempotent: does nothing when it is already installed. Needs Debian's libkrb5-dev and ripgrep
# (`apt-get install -y --no-install-recommends libkrb5-dev ripgrep`) and the npm registry only.
set -eu
VERSION=4.100.3
here=$(cd "$(dirname "$0")" && pwd)
installed=$(node -p "require('$here/node_modules/code-server/package.json').version" 2>/dev/null || true)

# The bundled VS Code is the last thing the install builds, so its presence means a finished install.
if [ "$installed" = "$VERSION" ] && [ -f "$here/node_modules/code-server/lib/vscode/out/server-main.js" ]; then
  echo "code-server $VERSION already installed in $here"
  exit 0
fi

rg=$(command -v rg || true)
if [ -z "$rg" ]; then
  echo "code-server needs Debian's ripgrep: apt-get install -y --no-install-recommends ripgrep libkrb5-dev" >&2
  exit 1
fi

# @vscode/ripgrep downloads rg from GitHub in its postinstall; there is no network but the npm registry,
# so put Debian's rg into its download cache under the exact name it looks for.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cache="$tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache" "$tmp/rg"
cp "$rg" "$tmp/rg/rg"
tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$tmp/rg" rg

cd "$here"
started=$(date +%s)
# The lock keeps this install from racing another npm install in the same checkout.
lock=/tmp/afkit-npm.lock
if command -v flock >/dev/null 2>&1; then run_locked() { flock "$lock" "$@"; }; else run_locked() { "$@"; }; fi
TMPDIR="$tmp" npm_config_yes=true run_locked npm install "code-server@$VERSION" --save-exact --unsafe-perm --foreground-scripts --no-audit --no-fund
echo "code-server $VERSION installed in $(( $(date +%s) - started )) s"
