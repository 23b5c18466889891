#!/usr/bin/env bash
# Installs what the real n8n app needs into a cache folder OUTSIDE the repo and reuses it on later runs:
#   <cache>/node-<NODE_MAJOR>/   Node 24 (n8n 2.40+ needs Node >= 24), from the npm package node-linux-<arch>
#   <cache>/n8n-<N8N_VERSION>/   n8n itself, installed with the workarounds this registry needs
# Each part is finished by a stamp file keyed by the versions; a stamped part is reused as is.
#
# Usage: scripts/n8n-env.sh            install if needed, then print shell assignments (NODE24_BIN=..., N8N_BIN=...)
#        scripts/n8n-env.sh --quiet    the same without progress lines (assignments only on stdout)
# Progress goes to stderr, so `eval "$(scripts/n8n-env.sh)"` works.
# Environment: N8N_BOOKINGS_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-bookings),
#              N8N_VERSION (default 2.41.1), NODE_MAJOR (default 24).
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR="${NODE_MAJOR:-24}"
LINKEDOM_OVERRIDE="0.18.14" # 0.18.15 needs a package the registry lacks
CACHE="${N8N_BOOKINGS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-bookings}"
QUIET=0
[ "${1:-}" = "--quiet" ] && QUIET=1

say() { [ "$QUIET" = 1 ] || echo "[n8n-env] $*" >&2; }
die() { echo "[n8n-env] ERROR: $*" >&2; exit 1; }

case "$(uname -m)" in
	x86_64 | amd64) ARCH=x64 ;;
	aarch64 | arm64) ARCH=arm64 ;;
	*) die "unsupported CPU architecture $(uname -m): Node ${NODE_MAJOR} binaries come from the npm package node-linux-<x64|arm64>" ;;
esac
[ "$(uname -s)" = Linux ] || die "only Linux is supported by this installer (found $(uname -s))"
command -v npm >/dev/null || die "npm is not on PATH: install Node.js 20+ first"

mkdir -p "$CACHE" || die "cannot create cache folder $CACHE (set N8N_BOOKINGS_CACHE to a writable folder)"
# One installer at a time (npm start and npm run test:e2e may both start it).
exec 9>"$CACHE/.install.lock"
if ! flock -n 9; then
	say "another install is running in $CACHE; waiting for it"
	flock 9
fi

NODE_DIR="$CACHE/node-${NODE_MAJOR}"
NODE_PKG_DIR="$NODE_DIR/node_modules/node-linux-${ARCH}"
NODE_STAMP="$NODE_DIR/.stamp"
NODE_KEY="node-linux-${ARCH}@${NODE_MAJOR}"

if [ -f "$NODE_STAMP" ] && [ "$(cat "$NODE_STAMP")" = "$NODE_KEY" ] && [ -x "$NODE_PKG_DIR/bin/node" ]; then
	say "Node ${NODE_MAJOR}: cached ($("$NODE_PKG_DIR/bin/node" -v)) in $NODE_DIR"
else
	say "Node ${NODE_MAJOR}: installing node-linux-${ARCH}@${NODE_MAJOR} into $NODE_DIR ..."
	rm -rf "$NODE_DIR"
	mkdir -p "$NODE_DIR"
	echo '{"name":"n8n-bookings-node-runtime","private":true}' >"$NODE_DIR/package.json"
	if ! (cd "$NODE_DIR" && npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error "node-linux-${ARCH}@${NODE_MAJOR}" >"$NODE_DIR/install.log" 2>&1); then
		tail -n 20 "$NODE_DIR/install.log" >&2 || true
		die "installing Node ${NODE_MAJOR} failed (log: $NODE_DIR/install.log)"
	fi
	[ -x "$NODE_PKG_DIR/bin/node" ] || die "Node ${NODE_MAJOR} package has no bin/node at $NODE_PKG_DIR"
	"$NODE_PKG_DIR/bin/node" -v >/dev/null || die "the downloaded Node ${NODE_MAJOR} does not run on this machine"
	echo "$NODE_KEY" >"$NODE_STAMP"
	say "Node ${NODE_MAJOR}: installed $("$NODE_PKG_DIR/bin/node" -v)"
fi
NODE24_BIN="$NODE_PKG_DIR/bin"

N8N_DIR="$CACHE/n8n-${N8N_VERSION}"
N8N_STAMP="$N8N_DIR/.stamp"
N8N_KEY="n8n@${N8N_VERSION} linkedom@${LINKEDOM_OVERRIDE} $NODE_KEY"
N8N_BIN_FILE="$N8N_DIR/node_modules/n8n/bin/n8n"

# Node 24 first on PATH, and native builds against Node 24's headers (the machine's npm config points at Node 20's).
export PATH="$NODE24_BIN:$PATH"
export npm_config_nodedir="$NODE_PKG_DIR"

if [ -f "$N8N_STAMP" ] && [ "$(cat "$N8N_STAMP")" = "$N8N_KEY" ] && [ -f "$N8N_BIN_FILE" ]; then
	say "n8n ${N8N_VERSION}: cached in $N8N_DIR"
else
	say "n8n ${N8N_VERSION}: installing into $N8N_DIR (first time takes 3-6 minutes, ~2.7 GB) ..."
	rm -f "$N8N_STAMP"
	mkdir -p "$N8N_DIR"
	cat >"$N8N_DIR/package.json" <<-JSON
		{
		  "name": "n8n-bookings-n8n-runtime",
		  "private": true,
		  "dependencies": { "n8n": "${N8N_VERSION}" },
		  "overrides": { "linkedom": "${LINKEDOM_OVERRIDE}" }
		}
	JSON
	start=$(date +%s)
	# --ignore-scripts: the Kafka node's native build downloads from the internet; the natives we need are rebuilt below.
	if ! (cd "$N8N_DIR" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >"$N8N_DIR/install.log" 2>&1); then
		tail -n 30 "$N8N_DIR/install.log" >&2 || true
		die "npm install n8n@${N8N_VERSION} failed (log: $N8N_DIR/install.log)"
	fi
	say "n8n ${N8N_VERSION}: packages installed in $(($(date +%s) - start)) s; rebuilding sqlite3, isolated-vm, msgpackr-extract for Node ${NODE_MAJOR} ..."
	if ! (cd "$N8N_DIR" && npm rebuild sqlite3 isolated-vm msgpackr-extract --foreground-scripts >"$N8N_DIR/rebuild.log" 2>&1); then
		tail -n 30 "$N8N_DIR/rebuild.log" >&2 || true
		die "rebuilding n8n's native modules failed (log: $N8N_DIR/rebuild.log)"
	fi
	(cd "$N8N_DIR" && "$NODE24_BIN/node" -e "require('sqlite3')") >/dev/null 2>&1 ||
		die "sqlite3 does not load under Node ${NODE_MAJOR} after the rebuild (log: $N8N_DIR/rebuild.log)"
	[ -f "$N8N_BIN_FILE" ] || die "n8n was installed but $N8N_BIN_FILE is missing"
	echo "$N8N_KEY" >"$N8N_STAMP"
	say "n8n ${N8N_VERSION}: ready in $(($(date +%s) - start)) s"
fi

echo "N8N_BOOKINGS_CACHE='$CACHE'"
echo "NODE24_BIN='$NODE24_BIN'"
echo "NODE24_DIR='$NODE_PKG_DIR'"
echo "N8N_DIR='$N8N_DIR'"
echo "N8N_BIN='$N8N_BIN_FILE'"
echo "N8N_VERSION='$N8N_VERSION'"
