#!/usr/bin/env bash
# Installs what the real n8n app needs into a cache folder OUTSIDE the repo and reuses it on later runs:
#   <cache>/node-<NODE_MAJOR>/   Node 24 (n8n 2.40+ needs Node >= 24), from the npm package node-linux-<arch>
#   <cache>/n8n-<N8N_VERSION>/   n8n itself, installed with the workarounds this registry needs
# Each part is finished by a stamp file keyed by the versions; a stamped part is reused as is. Any number of n8n
# versions live side by side (the compatibility stage runs an older one: N8N_VERSION=2.35.0).
#
# Usage: scripts/n8n-env.sh            install if needed, then print shell assignments (NODE24_BIN=..., N8N_BIN=...)
#        scripts/n8n-env.sh --quiet    the same without progress lines (assignments only on stdout)
# Progress goes to stderr, so `eval "$(scripts/n8n-env.sh)"` works.
# Environment: N8N_BOOKINGS_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-bookings),
#              N8N_VERSION (default 2.41.1), NODE_MAJOR (default 24).
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR="${NODE_MAJOR:-24}"
# n8n and its ~1,100 dependencies are installed from a committed lock file, so every machine gets the same tree
# whatever the registry publishes later: scripts/n8n-runtime/ for the default version (package.json there pins n8n
# and overrides linkedom: 0.18.15 needs a package the registry lacks), scripts/n8n-runtime/n8n-<version>/ (the same
# two files) for another tested version: the compatibility stage's 2.35.0. A version without either is installed
# without a lock.
RUNTIME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/n8n-runtime"
if [ "$(node -p "require('$RUNTIME_DIR/package.json').dependencies.n8n" 2>/dev/null)" != "$N8N_VERSION" ] &&
	[ -f "$RUNTIME_DIR/n8n-$N8N_VERSION/package-lock.json" ]; then
	RUNTIME_DIR="$RUNTIME_DIR/n8n-$N8N_VERSION"
fi
CACHE="${N8N_BOOKINGS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-bookings}"
QUIET=0
[ "${1:-}" = "--quiet" ] && QUIET=1

say() { [ "$QUIET" = 1 ] || echo "[n8n-env] $*" >&2; }
# shellcheck source=lib/npm-clean.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/npm-clean.sh"
die() { echo "[n8n-env] ERROR: $*" >&2; exit 1; }

case "$(uname -m)" in
	x86_64 | amd64) ARCH=x64 ;;
	aarch64 | arm64) ARCH=arm64 ;;
	*) die "unsupported CPU architecture $(uname -m):" \
		"Node ${NODE_MAJOR} binaries come from the npm package node-linux-<x64|arm64>" ;;
esac
[ "$(uname -s)" = Linux ] || die "only Linux is supported by this installer (found $(uname -s))"
command -v npm >/dev/null || die "npm is not on PATH: install Node.js 20+ first"

mkdir -p "$CACHE" || die "cannot create cache folder $CACHE (set N8N_BOOKINGS_CACHE to a writable folder)"
# npm's download cache, stated on every nested npm call (the caller's, if it set one; npm's default otherwise).
NPM_CACHE="${npm_config_cache:-${NPM_CONFIG_CACHE:-$(npm_clean config get cache)}}"
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
	if ! (cd "$NODE_DIR" && npm_clean install --no-save --ignore-scripts=true --cache="$NPM_CACHE" --no-audit --no-fund \
		--loglevel=error "node-linux-${ARCH}@${NODE_MAJOR}" >"$NODE_DIR/install.log" 2>&1); then
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
LOCKED=0
if [ "$(node -p "require('$RUNTIME_DIR/package.json').dependencies.n8n" 2>/dev/null)" = "$N8N_VERSION" ]; then
	LOCKED=1
fi
if [ "$LOCKED" = 1 ]; then
	N8N_KEY="n8n@${N8N_VERSION} lock:$(cat "$RUNTIME_DIR/package.json" "$RUNTIME_DIR/package-lock.json" |
		cksum | cut -d' ' -f1) $NODE_KEY"
else
	N8N_KEY="n8n@${N8N_VERSION} unlocked $NODE_KEY"
fi
N8N_BIN_FILE="$N8N_DIR/node_modules/n8n/bin/n8n"

# Node 24 first on PATH; native builds are pointed at Node 24's headers on the rebuild's command line (the
# machine's npm config may point at Node 20's).
export PATH="$NODE24_BIN:$PATH"
NATIVES=(sqlite3 isolated-vm msgpackr-extract)

rebuild_natives() {
	local rebuild_start
	rebuild_start=$(date +%s)
	say "n8n ${N8N_VERSION}: rebuilding ${NATIVES[*]} for Node ${NODE_MAJOR}" \
		"(scripts on, Node ${NODE_MAJOR}'s headers; about 3 minutes) ..."
	if ! npm_rebuild_natives "$N8N_DIR" "$NODE_PKG_DIR" "${NATIVES[@]}" --cache="$NPM_CACHE"; then
		grep -E 'gyp ERR!|npm (error|ERR!)' "$N8N_DIR/rebuild.log" | head -n 30 >&2 || tail -n 30 "$N8N_DIR/rebuild.log" >&2
		die "rebuilding n8n's native modules failed (log: $N8N_DIR/rebuild.log)"
	fi
	say "n8n ${N8N_VERSION}: native modules rebuilt in $(($(date +%s) - rebuild_start)) s"
}
check_natives() {
	local why
	if ! why=$(npm_check_natives "$N8N_DIR" "$NODE24_BIN" "${NATIVES[@]}"); then
		printf '%s\n' "$why" >&2
		die "a native module n8n needs does not load under Node ${NODE_MAJOR} (above); remove $N8N_DIR and run again"
	fi
	say "n8n ${N8N_VERSION}: ${NATIVES[*]} load under Node $("$NODE24_BIN/node" -v)"
}

# A tree installed before the lock was committed is the same tree when its lock file is the committed one.
if [ "$LOCKED" = 1 ] && [ -f "$N8N_STAMP" ] && [ -f "$N8N_BIN_FILE" ] && [ "$(cat "$N8N_STAMP")" != "$N8N_KEY" ] &&
	cmp -s "$N8N_DIR/package-lock.json" "$RUNTIME_DIR/package-lock.json"; then
	echo "$N8N_KEY" >"$N8N_STAMP"
fi
if [ -f "$N8N_STAMP" ] && [ "$(cat "$N8N_STAMP")" = "$N8N_KEY" ] && [ -f "$N8N_BIN_FILE" ]; then
	say "n8n ${N8N_VERSION}: cached in $N8N_DIR"
	# A cache made by an older installer may hold natives that were never built: rebuild them once if so.
	if ! npm_check_natives "$N8N_DIR" "$NODE24_BIN" "${NATIVES[@]}" >/dev/null; then
		say "n8n ${N8N_VERSION}: a cached native module does not load under Node ${NODE_MAJOR}"
		rebuild_natives
		check_natives
	fi
else
	say "n8n ${N8N_VERSION}: installing into $N8N_DIR (first time takes 5-8 minutes, ~2.7 GB) ..."
	rm -f "$N8N_STAMP"
	mkdir -p "$N8N_DIR"
	if [ "$LOCKED" = 1 ]; then
		cp "$RUNTIME_DIR/package.json" "$RUNTIME_DIR/package-lock.json" "$N8N_DIR/"
		install_cmd=ci
	else
		rm -f "$N8N_DIR/package-lock.json"
		{
			printf '{"name":"n8n-bookings-n8n-runtime","private":true,"dependencies":{"n8n":"%s"},' "$N8N_VERSION"
			printf '"overrides":{"linkedom":"0.18.14"}}\n'
		} >"$N8N_DIR/package.json"
		install_cmd=install
	fi
	start=$(date +%s)
	# Scripts off: the Kafka node's native build downloads from the internet; the natives n8n needs are rebuilt below.
	if ! (cd "$N8N_DIR" && npm_clean "$install_cmd" --ignore-scripts=true --cache="$NPM_CACHE" --no-audit --no-fund \
		--loglevel=error >"$N8N_DIR/install.log" 2>&1); then
		tail -n 30 "$N8N_DIR/install.log" >&2 || true
		die "npm $install_cmd n8n@${N8N_VERSION} failed (log: $N8N_DIR/install.log)"
	fi
	say "n8n ${N8N_VERSION}: packages installed in $(($(date +%s) - start)) s"
	rebuild_natives
	check_natives
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
