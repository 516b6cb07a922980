#!/bin/sh
# Scale of the index of originals (issue 5), against its targets:
#   index add rate >= 500 originals/s; query cost beyond extraction < 10 ms
#   median, < 50 ms p95; file < 1.5 KB per KB of original text; RSS < 200 MiB.
# Usage: bench/index_scale.sh [N]   N originals (default 5000; 100000 for the
# docs/index.md figure: about 8 minutes to generate the pages, 2 to 3 to add
# them, and 2.3 GB of scratch space).
# BUILD=dir picks the build tree (default build/), WORK=dir keeps the files
# (and a later run with the same N reuses the generated pages).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/build}
cli=${ATTRCHECK:-$build/attrcheck}
n=${1:-5000}
copies=${COPIES:-300}
if [ -n "${WORK:-}" ]; then work=$WORK; mkdir -p "$work"; else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT INT TERM; fi
[ -x "$cli" ] || { echo "no attrcheck at $cli (set BUILD or ATTRCHECK)" >&2; exit 2; }

rm -f "$work/index.db"*
# A kept WORK dir reuses its generated pages when N and the copies match.
if [ "$(cat "$work/gen/.made" 2>/dev/null)" != "$n $copies" ]; then
  echo "generating $n originals and $copies copies in $work"
  rm -rf "$work/gen"
  python3 "$here/index_gen.py" "$work/gen" --originals "$n" --copies "$copies"
  echo "$n $copies" > "$work/gen/.made"
fi

# 1. Adding: one process, every site directory.
/usr/bin/time -f "%e %M %U %S %O" -o "$work/add.time" \
  "$cli" index add -q --index "$work/index.db" "$work/gen/originals" > "$work/add.out"
read -r add_s add_kb add_user add_sys add_blocks < "$work/add.time"
added=$(grep -c '^added ' "$work/add.out" || true)
"$cli" index stats --index "$work/index.db" > "$work/stats"
text=$(sed -n 's/^text: \([0-9]*\) bytes/\1/p' "$work/stats")
bytes=$(sed -n 's/^size on disk: \([0-9]*\) bytes.*/\1/p' "$work/stats")

# 2. Query cost per page, extraction timed apart (a small driver over the library).
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/include" -o "$work/index_query" \
  "$here/index_query.c" "$build/libattrcheck_static.a" \
  $(pkg-config --libs gumbo libpcre2-8 libutf8proc libxxhash jansson liburiparser libpsl \
    libxml-2.0 sqlite3 libcrypto) -lm -lpthread
/usr/bin/time -f "%e %M" -o "$work/query.time" \
  "$work/index_query" "$work/index.db" "$work"/gen/copies/*.html > "$work/query.out" 2> "$work/query.err"
read -r _ query_kb < "$work/query.time"
summary=$(grep '^pages ' "$work/query.err")
# Right original first, for the pages that copy one.
right=$(awk -F'\t' 'NR == FNR { want["'"$work"'/gen/" $1] = $2; next }
                    ($1 in want) && want[$1] == $2 { ok++ } END { print ok + 0 }' \
        "$work/gen/copies.tsv" "$work/query.out")

# 3. End to end: check with and without the index (the difference is the index's cost).
/usr/bin/time -f "%e %M" -o "$work/check0.time" "$cli" check -q -j 1 --fail-on never \
  "$work/gen/copies" > /dev/null 2>&1 || true
/usr/bin/time -f "%e %M" -o "$work/check1.time" "$cli" check -q -j 1 --fail-on never \
  --index "$work/index.db" "$work/gen/copies" > /dev/null 2>&1 || true
read -r c0 _ < "$work/check0.time"
read -r c1 check_kb < "$work/check1.time"

echo "--- index scale, N=$n originals ---"
cat "$work/stats"
awk -v n="$added" -v s="$add_s" -v kb="$add_kb" -v cpu="$add_user $add_sys" -v blocks="$add_blocks" -v t="$text" -v b="$bytes" \
    -v qkb="$query_kb" -v ckb="$check_kb" -v c0="$c0" -v c1="$c1" -v pages="$copies" \
    -v right="$right" -v summary="$summary" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
  split(summary, f, " ")
  rate = n / (s > 0 ? s : 1)
  printf "add: %d originals in %.2f s = %.0f/s (target >= 500: x%.2f), RSS %.0f MiB\n", n, s, rate, rate / 500, kb / 1024
  split(cpu, c, " ")
  printf "add CPU: %.2f ms per original (user+sys, all threads); load average now: %s\n", (c[1] + c[2]) * 1000 / n, load
  printf "add writes: %.1f KB written per original (file system output blocks)\n", blocks * 512 / 1024 / n
  printf "size: %.3f KB per KB of text (target < 1.5: x%.2f)\n", b / t, (b / t) / 1.5
  printf "query beyond extraction: median %.2f ms (target < 10: x%.2f), p95 %.2f ms (target < 50: x%.2f), max %.2f ms; extraction %.2f ms/page\n", f[6], f[6] / 10, f[8], f[8] / 50, f[10], f[4]
  printf "right original first: %d of %d copies\n", right, pages
  printf "check end to end: %.2f s without index, %.2f s with = %.2f ms/page for the index, RSS %.0f MiB\n", c0, c1, (c1 - c0) * 1000 / pages, ckb / 1024
  rss = kb > qkb ? kb : qkb; rss = rss > ckb ? rss : ckb
  printf "max RSS: %.0f MiB (target < 200: x%.2f)\n", rss / 1024, rss / 1024 / 200
}'
