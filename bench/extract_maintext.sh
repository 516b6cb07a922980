#!/bin/sh
# Main-text quality (issue 3): precision, recall and F1 of the main text's
# word tokens against the intended body of generated news-like pages
# (bench/extract_gen.py: semantic HTML5, div soup, table layouts, teaser
# cards; target F1 >= 0.95).
#   bench/extract_maintext.sh [N]     (BUILD=dir: a build tree, default build/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/build}
n=${1:-200}
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

python3 "$here/extract_gen.py" pages "$n" "$work/pages"
"$work/extract_bench" maintext "$work"/pages/*.html > "$work/main.txt"
python3 "$here/extract_score.py" "$work/main.txt"
