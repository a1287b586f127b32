#!/usr/bin/env bash
# HTTP benchmark: a server on a database of N synthetic persons, loaded by
# wrk on 127.0.0.1 with 64 connections for 10 s per endpoint:
#   GET /api/v1/persons/lookup (bearer token, remote query, audited)
#   GET /api/v1/persons/{id}   (bearer token, scope check, audited)
#   GET /healthz               (no login, no database: the server's limit)
# Prints requests/s, p50 and p99 latency, the ratio to /healthz and the
# server's peak RSS, each against its target.
# usage: bench/http.sh BUILD_DIR DATABASE_DIR   (the directory bench_registry kept)
set -euo pipefail
build=$1
dir=$2
bin="$build/liudong"
db="$dir/registry.db"
sample="$dir/sample.txt"
connections=${CONNECTIONS:-64}
seconds=${SECONDS_PER_RUN:-10}
[ -f "$db" ] && [ -f "$sample" ] || { echo "bench/http.sh: $db or $sample missing" >&2; exit 1; }

printf 'bench-password-%s\n' "$RANDOM$RANDOM" >"$dir/password"
"$bin" --db "$db" user add --username bench --role city_officer --scope 620200 \
	--password-file "$dir/password" >/dev/null 2>&1 || true
token=$("$bin" --db "$db" token create --user bench --name bench)

log="$dir/serve.log"
"$bin" --db "$db" serve --listen 127.0.0.1:0 >"$dir/serve.out" 2>"$log" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
	grep -q '^listening on' "$dir/serve.out" 2>/dev/null && break
	sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$dir/serve.out")
[ -n "$base" ] || { echo "bench/http.sh: the server did not start" >&2; cat "$log" >&2; exit 1; }

# Runs wrk and prints "requests/s p50_ms p99_ms".
run_wrk() {
	local out
	out=$(BENCH_SAMPLE="$sample" BENCH_TOKEN="$token" BENCH_KIND="$1" \
		wrk -t2 -c"$connections" -d"${seconds}s" --latency ${2:+-s "$2"} "$base$3")
	local rps p50 p99 errors
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
	if [ -n "$errors" ]; then
		echo "bench/http.sh: $errors non-2xx responses on $1" >&2
	fi
	echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}

# wrk prints latencies as 812.00us, 1.23ms or 1.02s.
to_ms() {
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
		else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
		else print "nan" }'
}

script=$(dirname "$0")/wrk/random_path.lua
read -r health_rps health_p50 health_p99 < <(run_wrk health "" /healthz)
read -r lookup_rps lookup_p50 lookup_p99 < <(run_wrk lookup "$script" /)
read -r person_rps person_p50 person_p99 < <(run_wrk person "$script" /)
rss_kib=$(awk '/^VmHWM:/ {print $2}' /proc/$server/status)
kill -TERM $server
wait $server || true
trap - EXIT

verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
	ok = (op == ">=") ? (a + 0 >= b + 0) : (a + 0 < b + 0); print ok ? "MET" : "NOT MET" }'; }

echo
echo "HTTP: wrk -t2 -c$connections -d${seconds}s on 127.0.0.1, server and wrk on the same machine"
printf '%-34s %10s %9s %9s %7s  %s\n' endpoint "req/s" "p50 ms" "p99 ms" ratio target
for row in "GET /healthz (limit)|$health_rps|$health_p50|$health_p99" \
	   "GET /api/v1/persons/lookup|$lookup_rps|$lookup_p50|$lookup_p99" \
	   "GET /api/v1/persons/{id}|$person_rps|$person_p50|$person_p99"; do
	IFS='|' read -r name rps p50 p99 <<<"$row"
	ratio=$(awk -v a="$rps" -v b="$health_rps" 'BEGIN { printf "%.2f", a / b }')
	target=""
	if [ "$name" != "GET /healthz (limit)" ]; then
		target="≥20000/s $(verdict "$rps" ">=" 20000), ratio ≥0.5 $(verdict "$ratio" ">=" 0.5), p99 <10 ms $(verdict "$p99" "<" 10)"
	fi
	printf '%-34s %10.0f %9s %9s %7s  %s\n' "$name" "$rps" "$p50" "$p99" "$ratio" "$target"
done
rss_mib=$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }')
echo "server peak RSS: ${rss_mib} MiB (target < 100 MiB: $(verdict "$rss_mib" "<" 100))"
