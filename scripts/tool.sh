#!/usr/bin/env bash
# Compiles the TypeScript tools (scripts/, test/sandbox/, test/e2e/ → .n8n-local/tools, git-ignored) and runs one:
#   scripts/tool.sh start [args]        the main-job command (npm start)
#   scripts/tool.sh e2e [args]          the e2e suite (npm run test:e2e)
#   scripts/tool.sh sandboxes           every vendor emulator on free 127.0.0.1 ports (npm run n8n:sandboxes)
#   scripts/tool.sh queue [args]        the queue-mode stage (npm run test:queue)
#   scripts/tool.sh compat [args]       the compatibility stage: the package in an older n8n (npm run test:compat)
#   scripts/tool.sh bench-queue [args]  the queue-mode throughput figure (npm run bench:queue)
#   scripts/tool.sh bench-app [args]    the package node vs the HTTP Request node in the real app (npm run bench:app)
# Type errors in files being written by others do not stop it (tsc still emits); a missing output does.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/tool.sh start|e2e|sandboxes|queue|compat|bench-queue|bench-app [args]}"
shift
case "$name" in
	start) entry=.n8n-local/tools/scripts/start.js ;;
	e2e) entry=.n8n-local/tools/test/e2e/run.js ;;
	sandboxes) entry=.n8n-local/tools/scripts/sandboxes.js ;;
	queue) entry=.n8n-local/tools/test/queue/run.js ;;
	compat) entry=.n8n-local/tools/test/compat/run.js ;;
	bench-queue) entry=.n8n-local/tools/test/queue/bench.js ;;
	bench-app) entry=.n8n-local/tools/test/bench/app.js ;;
	*) echo "unknown tool: $name" >&2; exit 2 ;;
esac
if [ ! -f node_modules/typescript/bin/tsc ]; then
	echo "» dependencies missing: running npm ci (installs package-lock.json as committed)" >&2
	npm ci --no-audit --no-fund
fi
started=$(date +%s)
if ! out=$(node node_modules/typescript/bin/tsc -p tsconfig.tools.json 2>&1); then
	mine=$(echo "$out" | grep -E '^(scripts|test/e2e|test/queue|test/compat|test/bench)/' || true)
	if [ -n "$mine" ]; then
		echo "$mine" >&2
		echo "» the tools themselves have type errors (above)" >&2
		exit 1
	fi
	echo "» tools compiled; type errors elsewhere ignored here: $(echo "$out" | grep -c 'error TS')" >&2
fi
[ -f "$entry" ] || { echo "» compiling the tools produced no $entry" >&2; exit 1; }
echo "» tools compiled in $(($(date +%s) - started)) s" >&2
exec node "$entry" "$@"
