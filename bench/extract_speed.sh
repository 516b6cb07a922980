#!/bin/sh
# Extraction cost (issue 3): ac_page_extract against a bare Gumbo parse of the
# same texts, in one run (target: ratio <= 1.5), and peak memory on a 10 MiB
# page (target: < 300 MiB RSS). Reads the development corpus at
# ../shared/corpus/real-pages from the project root when it is there, else
# generated pages.
#   bench/extract_speed.sh [ROUNDS]     (BUILD=dir: a build tree, default build/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/build}
rounds=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target attrcheck_static -j2 >/dev/null
# shellcheck disable=SC2046
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/include" -o "$work/extract_bench" \
  "$here/extract_bench.c" "$build/libattrcheck_static.a" \
  $(pkg-config --cflags --libs gumbo libpcre2-8 libutf8proc libxxhash jansson liburiparser \
    libpsl libxml-2.0 sqlite3 libcrypto) -lm -lpthread
export ATTRCHECK_RULES_DIR="$root/rules"

corpus="$root/../shared/corpus/real-pages"
if [ -d "$corpus" ]; then
  echo "corpus: $corpus"
  set -- "$corpus"/*.html
else
  echo "corpus: generated pages (no ../shared/corpus)"
  python3 "$here/extract_gen.py" pages 200 "$work/pages"
  set -- "$work"/pages/*.html
fi
"$work/extract_bench" speed "$rounds" "$@"

python3 "$here/extract_gen.py" big 10 "$work/big.html"
"$work/extract_bench" rss "$work/big.html"
