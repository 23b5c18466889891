#!/usr/bin/env bash
# Makes a headless Chromium available for the editor screenshots (test/e2e/editor.ts).
# Uses Debian's `chromium` package (a browser download by playwright does not work on these machines);
# installs it with apt-get only when it is missing. Prints the browser path on stdout.
# Environment: CHROMIUM_PATH to use another browser binary.
set -euo pipefail
say() { echo "[browser-env] $*" >&2; }
die() { echo "[browser-env] ERROR: $*" >&2; exit 1; }

if [ -n "${CHROMIUM_PATH:-}" ]; then
	[ -x "$CHROMIUM_PATH" ] || die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
	echo "$CHROMIUM_PATH"
	exit 0
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
	if [ -x "$candidate" ]; then
		say "Chromium: $candidate"
		echo "$candidate"
		exit 0
	fi
done

command -v apt-get >/dev/null ||
	die "Chromium is missing and apt-get is not available: install Chromium and set CHROMIUM_PATH"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || die "Chromium is missing; installing it needs root (apt-get install chromium)"
	SUDO="sudo -n"
fi
say "Chromium is missing: apt-get install chromium (one time, ~1-2 minutes) ..."
log="${TMPDIR:-/tmp}/n8n-bookings-chromium-install.log"
export DEBIAN_FRONTEND=noninteractive
# apt may be busy with another install; wait for its lock instead of failing.
if ! { $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq &&
	$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
		chromium fonts-liberation; } >"$log" 2>&1; then
	tail -n 20 "$log" >&2 || true
	die "apt-get install chromium failed (log: $log)"
fi
[ -x /usr/bin/chromium ] || die "chromium was installed but /usr/bin/chromium is missing"
say "Chromium installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
echo /usr/bin/chromium
