#!/usr/bin/env bash
# Makes sure the two servers n8n's queue mode needs are on this machine, and says where they are:
#   redis-server   Debian package redis-server (the Bull job queue)
#   PostgreSQL     Debian package postgresql (initdb, pg_ctl, postgres, psql of its newest major version)
# Installs them with apt-get when missing (apt-get update once first; needs root, or sudo without a password).
# Nothing is started here: the queue stage starts a fresh Redis and a throwaway PostgreSQL cluster itself.
#
# Usage: scripts/queue-env.sh            install if needed, then print shell assignments (REDIS_SERVER=..., PG_BIN=...)
#        scripts/queue-env.sh --quiet    the same without progress lines (assignments only on stdout)
# Progress goes to stderr, so `eval "$(scripts/queue-env.sh)"` works.
set -euo pipefail

QUIET=0
[ "${1:-}" = "--quiet" ] && QUIET=1
say() { [ "$QUIET" = 1 ] || echo "[queue-env] $*" >&2; }
die() { echo "[queue-env] ERROR: $*" >&2; exit 1; }

[ "$(uname -s)" = Linux ] || die "only Linux is supported (found $(uname -s))"

find_redis() { command -v redis-server || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; } || true; }
# The newest PostgreSQL major version whose server binaries are installed (Debian: /usr/lib/postgresql/<major>/bin).
find_pg() {
	local dir
	for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
		if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ] && [ -x "$dir/psql" ]; then
			echo "$dir"
			return
		fi
	done
}

REDIS_SERVER=$(find_redis)
PG_BIN=$(find_pg)
missing=()
[ -n "$REDIS_SERVER" ] || missing+=(redis-server)
[ -n "$PG_BIN" ] || missing+=(postgresql)

if [ "${#missing[@]}" -gt 0 ]; then
	command -v apt-get >/dev/null ||
		die "missing ${missing[*]} and no apt-get: install Redis 6+ and PostgreSQL 13+ yourself"
	SUDO=()
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null && sudo -n true 2>/dev/null ||
			die "missing ${missing[*]}: run as root (or with password-less sudo) so apt-get can install them"
		SUDO=(sudo -n)
	fi
	say "installing ${missing[*]} with apt-get (about a minute) ..."
	export DEBIAN_FRONTEND=noninteractive
	# Another apt run (another engineer, unattended upgrades) holds the dpkg lock: wait for it rather than fail.
	lock=(-o DPkg::Lock::Timeout=600)
	log=$(mktemp)
	if ! "${SUDO[@]}" apt-get "${lock[@]}" update >"$log" 2>&1; then
		tail -n 20 "$log" >&2
		die "apt-get update failed (log above)"
	fi
	# --no-install-recommends: no extra tools; policy-rc.d is not touched, so Debian may start its default
	# services (redis on 6379, a 'main' cluster on 5432) — the stage never uses them, it starts its own on free ports.
	if ! "${SUDO[@]}" apt-get "${lock[@]}" install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "apt-get install ${missing[*]} failed (log above)"
	fi
	rm -f "$log"
	REDIS_SERVER=$(find_redis)
	PG_BIN=$(find_pg)
	[ -n "$REDIS_SERVER" ] || die "redis-server is still missing after apt-get install"
	[ -n "$PG_BIN" ] ||
		die "PostgreSQL's server binaries are still missing under /usr/lib/postgresql/*/bin after apt-get install"
	say "installed: $("$REDIS_SERVER" --version | cut -d' ' -f1-3)," \
		"PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')"
else
	say "cached: $("$REDIS_SERVER" --version | cut -d' ' -f1-3)," \
		"PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') in $PG_BIN"
fi

# PostgreSQL refuses to run as root: the cluster belongs to an unprivileged user. The Debian package creates
# the `postgres` system user; as non-root we run it as ourselves.
if [ "$(id -u)" = 0 ]; then
	id postgres >/dev/null 2>&1 ||
		die "no 'postgres' system user (the Debian postgresql package creates it): PostgreSQL cannot run as root"
	PG_USER=postgres
else
	PG_USER=$(id -un)
fi

echo "REDIS_SERVER='$REDIS_SERVER'"
echo "PG_BIN='$PG_BIN'"
echo "PG_USER='$PG_USER'"
