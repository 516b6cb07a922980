#!/usr/bin/env bash
# Parallel checking (issue 7): a tree of N generated pages is checked with
# --jobs 1 and --jobs 2; the outputs must be identical and the wall-clock
# speed-up is printed as a ratio (target: at least 1.7x on 2 cores).
#   bash bench/jobs.sh [N]       (default 2000; needs a built ./build/attrcheck)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
bin=${ATTRCHECK:-./build/attrcheck}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_pages.py "$n" "$work/pages"

calc() { python3 -c "print($1)"; }
run() {  # jobs -> seconds; output in $work/out-$1.csv
  local start end
  start=$(date +%s.%N)
  "$bin" check --no-config --format csv --fail-on never --jobs "$1" -o "$work/out-$1.csv" "$work/pages"
  end=$(date +%s.%N)
  calc "$end - $start"
}

"$bin" check --no-config --format csv --fail-on never --jobs 2 "$work/pages" >/dev/null   # warm the cache
t1=$(run 1)
t2=$(run 2)
if cmp -s "$work/out-1.csv" "$work/out-2.csv"; then same=yes; else same=NO; fi
printf 'pages: %d\n--jobs 1: %.2fs (%.0f pages/s)\n--jobs 2: %.2fs (%.0f pages/s)\n' \
  "$n" "$t1" "$(calc "$n / $t1")" "$t2" "$(calc "$n / $t2")"
printf 'speed-up --jobs 2 / --jobs 1: %.2fx (target >= 1.7x)\nidentical output: %s\n' \
  "$(calc "$t1 / $t2")" "$same"
[ "$same" = yes ]
