#!/usr/bin/env bash
# Every test of the package, in the order a failure is cheapest to find: install (if needed), build, lint,
# package shape, unit, integration (nodes through n8n-core's engine against the vendor emulators), reliability,
# the tenant fuzzer, and the
# end-to-end suite in the real n8n app, the package in the oldest n8n release tested (compatibility), then the
# same app in queue mode (PostgreSQL, Redis, workers). Prints
# one closing line "N passed, M failed" over all stages.
# Each stage has a time limit, so a hung test fails the run instead of eating CI's 90 minutes.
set -uo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
results_dir=$(mktemp -d)
trap 'rm -rf "$results_dir"' EXIT
passed=0
failed=0
status=0

stage() { printf '\n=== %s ===\n' "$1"; }
count_jest() { # adds a jest --json result file to the totals
	local file=$1
	local totals_js='const r=require(process.argv[1]);'
	totals_js+='console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites||0))'
	if [ -f "$file" ]; then
		read -r p f < <(node -e "$totals_js" "$file")
		passed=$((passed + p)); failed=$((failed + f))
	else
		failed=$((failed + 1))
	fi
}

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	# npm ci: installs exactly what package-lock.json says and never rewrites it (a clean clone stays clean).
	stage "install dependencies (npm ci from package-lock.json)"
	npm ci --no-audit --no-fund || { echo "npm ci failed"; exit 1; }
fi

stage "build"
if npm run build; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; echo "build failed"; fi

stage "lint (n8n community-node rules)"
if npm run lint; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; echo "lint failed"; fi

stage "unit tests"
timeout 900 npx jest --selectProjects unit --json --outputFile="$results_dir/unit.json" || status=1
count_jest "$results_dir/unit.json"

stage "integration tests (n8n-core engine + vendor emulators)"
# One worker: the suites start many local servers and n8n-core instances; on two cores a single worker is
# as fast and never starves a test of CPU.
timeout 1800 npx jest --selectProjects integration --runInBand --json \
	--outputFile="$results_dir/integration.json" || status=1
count_jest "$results_dir/integration.json"

stage "reliability and security suite (faults, triggers, bad input, addresses, secrets, npm audit)"
# One file, one worker: the secret scan at its end must see everything the suite produced. Ends with one
# summary line per area (cases run, failures).
timeout 1800 npx jest --selectProjects reliability --runInBand --json \
	--outputFile="$results_dir/reliability.json" || status=1
count_jest "$results_dir/reliability.json"

stage "tenant fuzzer (generated tenants in front of every emulator; FUZZ_SEED replays a run)"
# 200 fast-check tenants per vendor (test/fuzz): every listing returns the emulator's records or fails naming a
# contract line. Prints its seed and one line of counts per vendor and operation.
# npm test runs one fixed seed so that CI is deterministic (a landing is never blocked by a tenant no change
# introduced); `npm run fuzz` draws a new seed each run to look for tenants nobody has tried yet, and a finding
# becomes a fixed regression in test/fuzz/regressions.ts.
FUZZ_SEED="${FUZZ_SEED:-20261207}" timeout 600 npx jest --selectProjects fuzz --runInBand --json \
	--outputFile="$results_dir/fuzz.json" || status=1
count_jest "$results_dir/fuzz.json"

# Runs `scripts/tool.sh NAME` (a stage driving the real n8n app) under a time limit and adds its closing line
# "NAME: N passed, M failed" to the totals; a stage that dies before that line counts as one failure.
tool_stage() {
	local name=$1 limit=$2 log="$results_dir/$1.log" rc line p f
	N8N_BOOKINGS_SKIP_BUILD=1 timeout --kill-after=60 "$limit" bash scripts/tool.sh "$name" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$log" | tail -1)
	if [ -n "$line" ]; then
		p=$(sed -E "s/^$name: ([0-9]+) passed.*/\1/" <<<"$line"); f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
		passed=$((passed + p)); failed=$((failed + f))
	fi
	if [ "$rc" != "0" ]; then status=1; [ -z "$line" ] && failed=$((failed + 1)); fi
	return 0
}

if [ "${SKIP_E2E:-0}" != "1" ]; then
	stage "end-to-end tests (the real n8n app)"
	tool_stage e2e 3000
fi

if [ "${SKIP_COMPAT:-0}" != "1" ]; then
	# The packed package in the oldest n8n release tested (test/compat/run.ts: 2.35.0, installed into its own cache
	# folder from scripts/n8n-runtime/n8n-2.35.0/): every node loads, one example per vendor and one polling
	# trigger run, in one n8n start. About 1.5 minutes warm; the limit leaves room for the first install (~5 minutes).
	stage "compatibility (the package in n8n 2.35.0, the oldest release tested)"
	tool_stage compat 900
fi

if [ "${SKIP_QUEUE:-0}" != "1" ]; then
	# PostgreSQL + Redis + n8n main, two workers and a webhook processor (installs redis-server/postgresql with
	# apt-get when missing). About 4 minutes warm; the limit leaves room for a cold apt install.
	stage "queue mode (n8n main + 2 workers + webhook processor on PostgreSQL and Redis)"
	tool_stage queue 1200
fi

stage "the lock file is as committed"
# npm ci and the installers must never rewrite package-lock.json: a clean clone stays clean after npm test.
if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet -- package-lock.json; then
	echo "package-lock.json changed during the run:"; git diff --stat -- package-lock.json
	failed=$((failed + 1)); status=1
else
	passed=$((passed + 1)); echo "package-lock.json unchanged"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
