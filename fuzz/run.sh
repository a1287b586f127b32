#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time on its corpus.
#
#   fuzz/run.sh                  every target, FUZZ_SECONDS each (default 60)
#   fuzz/run.sh fuzz_idcard      one target
#   fuzz/run.sh --replay         only replay fuzz/regressions/<target>/* (quick)
#
# Corpus: fuzz/corpus/<target>/ (seeds checked in; new inputs are written to
# build-fuzz/corpus/<target>/ so that the tree stays clean).  A crash, leak or
# broken rule leaves its input under fuzz/regressions/<target>/, where every
# later run replays it first:  build-fuzz/<target> fuzz/regressions/<target>/*
# Exits non-zero if any target failed.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${FUZZ_BUILD:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
replay_only=false
targets=()
for arg in "$@"; do
	case "$arg" in
	--replay) replay_only=true ;;
	*) targets+=("$arg") ;;
	esac
done
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_idcard fuzz_route_match fuzz_json_request fuzz_certsig)

fuzz/build.sh "${targets[@]}" || exit 1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
for t in "${targets[@]}"; do
	regressions="fuzz/regressions/$t"
	work="$out/corpus/$t"
	mkdir -p "$regressions" "$work"
	dict=()
	[ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")

	# Inputs that once failed must pass now (kept: they are the regression tests).
	saved=()
	while IFS= read -r f; do saved+=("$f"); done < <(find "$regressions" -type f ! -name '.*' | sort)
	if [ ${#saved[@]} -gt 0 ]; then
		if "$out/$t" "${dict[@]}" "${saved[@]}" >"$out/$t.replay.log" 2>&1; then
			echo "$t: ${#saved[@]} regression input(s) pass"
		else
			echo "$t: a regression input still fails (see $out/$t.replay.log)"
			tail -n 30 "$out/$t.replay.log"
			failed=1
			continue
		fi
	fi
	$replay_only && continue

	log="$out/$t.log"
	"$out/$t" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$regressions/" \
		"$work" "fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	stats=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1)
	if [ $rc -eq 0 ]; then
		echo "$t: ${seconds}s, no failure; ${stats:-see $log}"
	else
		echo "$t: FAILED (exit $rc); input kept in $regressions/, log $log"
		grep -E 'ERROR|rule broken|runtime error|SUMMARY' "$log" | head -n 10
		failed=1
	fi
done
exit $failed
