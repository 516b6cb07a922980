#!/bin/sh
# Extraction cost of a change: bench/extract_bench.c's extract/parse ratio for
# a base revision and for this tree, on the same pages, rounds interleaved so
# a shared machine's load falls on both alike. Issue 19's target: the rights
# extraction adds < 2 % (compare the ratios; the machine's noise is ~3 %).
#   bench/extract_ab.sh [BASE_REV] [ROUNDS]   (default 72156ac, 3; BUILD=dir: this tree's build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rev=${1:-72156ac}
rounds=${2:-3}
build=${BUILD:-$root/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

git -C "$root" archive "$rev" | tar -x -C "$work" --one-top-level=base
cmake -S "$work/base" -B "$work/base/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
nice cmake --build "$work/base/build" --target attrcheck_static -j2 >/dev/null
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
nice cmake --build "$build" --target attrcheck_static -j2 >/dev/null
libs=$(pkg-config --cflags --libs gumbo libpcre2-8 libutf8proc libxxhash jansson liburiparser \
  libpsl libxml-2.0 sqlite3 libcrypto)
for v in base new; do
  src=$work/base lib=$work/base/build
  [ "$v" = new ] && src=$root lib=$build
  # shellcheck disable=SC2086
  cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$src/include" -o "$work/bench-$v" \
    "$src/bench/extract_bench.c" "$lib/libattrcheck_static.a" $libs -lm -lpthread
done

corpus="$root/../shared/corpus/real-pages"
if [ -d "$corpus" ]; then
  set -- "$corpus"/*.html
else
  python3 "$here/extract_gen.py" pages 200 "$work/pages"
  set -- "$work"/pages/*.html
fi
i=0
while [ "$i" -lt "$rounds" ]; do
  for v in base new; do
    rules=$work/base/rules
    [ "$v" = new ] && rules=$root/rules
    printf '%s: ' "$v"
    ATTRCHECK_RULES_DIR=$rules nice "$work/bench-$v" speed 3 "$@" | grep ratio
  done
  i=$((i + 1))
done
