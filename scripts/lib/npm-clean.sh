# Sourced by scripts/n8n-env.sh (and by its test): npm calls that do not depend on the environment they are
# started from.
#
# `npm test` and `npm start` run under npm, which exports its whole configuration to the scripts it runs as
# npm_config_* variables — this repository's .npmrc says ignore-scripts=true, so a nested `npm rebuild` would
# silently skip every build script and still print "rebuilt dependencies successfully". The machine's global
# npmrc may also point native builds at another Node's headers (nodedir). So every nested npm call here:
#   - drops every inherited npm_config_* / NPM_CONFIG_* variable except the ones that only say how to reach the
#     registry (registry, proxies, certificates, cache location), and
#   - states on its command line each setting it depends on (scripts on or off, node headers, cache).

# Inherited settings that are kept: how to reach the registry and where npm keeps its download cache.
NPM_CLEAN_KEEP='^(registry|proxy|https_proxy|http_proxy|noproxy|no_proxy|cafile|ca|cert|key|strict_ssl|cache|'
NPM_CLEAN_KEEP+='fetch_retries|fetch_retry_mintimeout|fetch_retry_maxtimeout|fetch_timeout|'
NPM_CLEAN_KEEP+='maxsockets|userconfig|globalconfig)$'

# npm_clean_env: prints `-u NAME` arguments for `env` that remove every inherited npm setting not kept above.
npm_clean_unsets() {
	local name key
	while IFS= read -r name; do
		key=$(printf '%s' "${name#*_config_}" | tr 'A-Z-' 'a-z_')
		if [[ ! "$key" =~ $NPM_CLEAN_KEEP ]]; then
			printf -- '-u\n%s\n' "$name"
		fi
	done < <(compgen -e | grep -E '^(npm|NPM)_(config|CONFIG)_' || true)
}

# npm_clean ARGS...: runs npm with ARGS in an environment without the caller's npm settings.
npm_clean() {
	local unsets=()
	mapfile -t unsets < <(npm_clean_unsets)
	env "${unsets[@]}" npm "$@"
}

# npm_rebuild_natives DIR NODE_HEADERS_DIR MODULE...: rebuilds native modules in DIR with their build scripts
# run (whatever .npmrc or the environment says) against the given Node's headers. Output goes to DIR/rebuild.log.
npm_rebuild_natives() {
	local dir=$1 headers=$2
	shift 2
	(cd "$dir" && npm_clean rebuild "$@" --ignore-scripts=false --foreground-scripts --nodedir="$headers" \
		--loglevel=info >"$dir/rebuild.log" 2>&1)
}

# npm_check_natives DIR NODE_BIN MODULE...: requires each module under NODE_BIN/node from DIR. For one that
# does not load, prints "MODULE: <the error's first line>" and the rebuild log lines that say why, and returns 1.
npm_check_natives() {
	local dir=$1 node_bin=$2 module err failed=0
	shift 2
	for module in "$@"; do
		if ! err=$(cd "$dir" && "$node_bin/node" -e "require(process.argv[1])" "$module" 2>&1); then
			failed=1
			echo "$module does not load under Node $("$node_bin/node" -v):" \
				"$(printf '%s\n' "$err" | grep -m1 -E 'Error|error' || printf '%s\n' "$err" | head -n1)"
			if [ -f "$dir/rebuild.log" ]; then
				local why
				why=$(grep -E "gyp ERR!|npm (error|ERR!)|Error:|error:|$module.*(skip|ignor)" "$dir/rebuild.log" | head -n 5)
				if [ -n "$why" ]; then
					printf '  rebuild log (%s):\n' "$dir/rebuild.log"
					printf '%s\n' "$why" | sed 's/^/    /'
				elif ! grep -q "$module@" "$dir/rebuild.log"; then
					printf '  rebuild log (%s) shows no build of %s: its build scripts did not run\n' "$dir/rebuild.log" "$module"
				fi
			fi
		fi
	done
	return $failed
}
