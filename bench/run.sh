#!/usr/bin/env bash
# make bench: the registry benchmark, then the HTTP benchmark on the same
# database, in one run; the databases are removed afterwards.
# usage: bench/run.sh BUILD_DIR PERSONS
set -euo pipefail
build=$1
persons=$2
dir=$(mktemp -d /tmp/liudong-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$build/bench/bench_registry" --persons "$persons" --dir "$dir" --keep \
	--sample-out "$dir/sample.txt"
"$(dirname "$0")/http.sh" "$build" "$dir"
