#!/usr/bin/env bash
# Checks of the source tree itself, as TAP:
#  1. no banned function (atoi, atol, sprintf, vsprintf, strcpy, strcat, gets, strtok);
#  2. only src/store/ includes <sqlite3.h> (benchmarks and tests may);
#  3. domain code includes no HTTP, JSON or SQL header.
cd "$(dirname "$0")/../.."
echo "1..3"

banned=$(grep -rnE '\b(atoi|atol|sprintf|vsprintf|strcpy|strcat|gets|strtok)[[:space:]]*\(' \
	src bench fuzz tests --include='*.c' --include='*.h' | grep -vE '\b(snprintf|vsnprintf)\(' || true)
if [ -z "$banned" ]; then
	echo "ok 1 - no banned functions"
else
	echo "not ok 1 - banned functions used"
	sed 's/^/# /' <<<"$banned"
fi

sql=$(grep -rln '#include <sqlite3.h>' src | grep -v '^src/store/' || true)
if [ -z "$sql" ]; then
	echo "ok 2 - only src/store speaks SQL"
else
	echo "not ok 2 - <sqlite3.h> outside src/store"
	sed 's/^/# /' <<<"$sql"
fi

layered=$(grep -rlnE '#include [<"](sqlite3|microhttpd|jansson)\.h[>"]|#include "(http|api)/' src/domain src/core || true)
if [ -z "$layered" ]; then
	echo "ok 3 - domain and core include no HTTP, JSON or SQL headers"
else
	echo "not ok 3 - domain or core includes an outer layer"
	sed 's/^/# /' <<<"$layered"
fi
