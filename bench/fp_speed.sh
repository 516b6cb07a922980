#!/usr/bin/env bash
# Fingerprint speed (issue 4): normalise + winnow + SHA-256 in MB/s against a
# byte loop with XXH3 in the same run (target >= 100 MB/s), fingerprinting as a
# share of extraction time (target < 10 %), and compare of two 10,000-word
# articles (target < 20 ms). Reads the development corpus when it is there
# (../shared/corpus/real-pages from the project root), else generated pages.
#   bash bench/fp_speed.sh [BUILD_DIR]     (default ./build; needs libattrcheck_static.a)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
lib="$build/libattrcheck_static.a"
[ -f "$lib" ] || { echo "fp_speed.sh: $lib not found (build first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
deps="gumbo libxml-2.0 libpcre2-8 libutf8proc libxxhash jansson liburiparser libpsl libcrypto sqlite3"
# shellcheck disable=SC2046
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -Iinclude bench/fp_speed.c "$lib" \
  $(pkg-config --libs $deps) -lpthread -lm -o "$work/fp_speed"
corpus=../shared/corpus/real-pages
if [ -d "$corpus" ]; then
  "$work/fp_speed" "$corpus"/*.html
else
  "$work/fp_speed"
fi
