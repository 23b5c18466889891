#!/usr/bin/env bash
# npm run bench [-- options]: builds the package (incremental tsc), compiles the benchmark (test/bench, the
# harness and the emulators → .n8n-local/bench, git-ignored) and runs it. Options: see test/bench/run.ts
# (--quick, --vendors=a,b, --sizes=1000,10000, --latencies=20,100, --sessions=100, --no-http, --no-package).
# Writes bench-results/bench.json; prints one table per vendor. Not part of npm test.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
# The package's own build (scripts/build.mjs). Other people's files may have type errors while they work:
# --keep-going keeps tsc's output; only a failed build stops us.
node scripts/build.mjs --keep-going >/dev/null 2>&1 || { echo "» the build failed: npm run build" >&2; exit 1; }
if ! out=$(node node_modules/typescript/bin/tsc -p test/bench/tsconfig.json 2>&1); then
	mine=$(echo "$out" | grep -E '^test/(bench|harness)/' || true)
	if [ -n "$mine" ]; then
		echo "$mine" >&2
		echo "» the benchmark itself has type errors (above)" >&2
		exit 1
	fi
fi
entry=.n8n-local/bench/test/bench/run.js
[ -f "$entry" ] || { echo "» compiling the benchmark produced no $entry" >&2; exit 1; }
echo "» built in $(($(date +%s) - started)) s" >&2
exec node --expose-gc "$entry" "$@"
