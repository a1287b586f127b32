#!/usr/bin/env bash
# make bench: the registry benchmark, then the HTTP benchmark on the same
# database, the exchange of 10,000 messages between two local nodes, then
# the import of a generated CSV file of as many rows, in one run; the
# databases are removed afterwards.
# usage: bench/run.sh BUILD_DIR PERSONS
set -euo pipefail
build=$1
persons=$2
dir=$(mktemp -d /tmp/liudong-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$build/bench/bench_registry" --persons "$persons" --dir "$dir" --keep \
	--sample-out "$dir/sample.txt"
"$(dirname "$0")/http.sh" "$build" "$dir"
node "$(dirname "$0")/exchange.mjs" "$build" 10000
mkdir -p "$dir/import"
"$build/bench/bench_import" --liudong "$build/liudong" --rows "$persons" --dir "$dir/import"
# Statistics: a database of the same size (demo persons, certificates and
# inquiries, replicated), then each table's time.
mkdir -p "$dir/stats"
"$build/bench/bench_stats" --persons "$persons" --dir "$dir/stats"
