#!/bin/sh
# Pipeline speed (issue 18): the CPU time of the whole check against a bare
# Gumbo parse of the same real pages, alternating the two per page (target:
# ratio <= 1.10), and the instructions per byte of the decode step
# (ac_page__decode, counted by valgrind's callgrind over `attrcheck check`).
# BEFORE=dir: another build tree (an older commit) whose decode step is
# counted on the same pages, for a before/after figure.
# Reads ../shared/corpus/real-pages from the project root when it is there,
# else the fixture pages.
#   bench/pipeline_speed.sh [ROUNDS] [PAGES]     (BUILD=dir, default build/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/build}
rounds=${1:-5}
npages=${2:-130}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target attrcheck_static attrcheck_cli -j2 >/dev/null
# shellcheck disable=SC2046
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/include" -o "$work/pipeline_bench" \
  "$here/pipeline_bench.c" "$build/libattrcheck_static.a" \
  $(pkg-config --cflags --libs gumbo libpcre2-8 libutf8proc libxxhash jansson liburiparser \
    libpsl libxml-2.0 sqlite3 libcrypto) -lm -lpthread

corpus="$root/../shared/corpus/real-pages"
if [ -d "$corpus" ]; then
  ls "$corpus"/*.html | head -n "$npages" > "$work/pages"
else
  ls "$root"/fixtures/pages/*/page.html | head -n "$npages" > "$work/pages"
fi
echo "corpus: $(wc -l < "$work/pages") pages, load $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"
# shellcheck disable=SC2046
"$work/pipeline_bench" "$rounds" $(cat "$work/pages")

decode_per_byte() {   # label, build dir
  # shellcheck disable=SC2046
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$2/attrcheck" check \
    --no-config --jobs 1 $(head -n 20 "$work/pages") >/dev/null 2>&1 || true
  # shellcheck disable=SC2046
  bytes=$(cat $(head -n 20 "$work/pages") | wc -c)
  callgrind_annotate --inclusive=yes --threshold=100 "$work/cg.out" 2>/dev/null |
    awk -v label="$1" -v bytes="$bytes" '/charset.c:ac_page__decode / && !done {
      gsub(",", "", $1); printf "decode step (%s): %.1f instructions per byte over %d bytes\n",
      label, $1 / bytes, bytes; done = 1 }'
}
if command -v valgrind >/dev/null; then
  [ -n "${BEFORE:-}" ] && decode_per_byte "before, $BEFORE" "$BEFORE"
  decode_per_byte "this build" "$build"
fi
