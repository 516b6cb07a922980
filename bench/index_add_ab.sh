#!/bin/sh
# Compare ways of adding originals to the index, in one run on one corpus:
# each variant adds the same N originals to a new index; printed per variant:
# wall time, CPU (user+sys, all threads), KB written per original (file system
# output blocks), file size per KB of text, and each ratio to the first variant.
# Wall time on a shared machine is noisy: read CPU and KB written first.
#
# Usage: bench/index_add_ab.sh N VARIANT...
#   VARIANT is LABEL=ATTRCHECK[:MERGE_AT]; MERGE_AT sets the index's meta
#   'merge_at' (schema 3) before the add, e.g.
#   bench/index_add_ab.sh 100000 old=/tmp/old/attrcheck new=build/attrcheck \
#     m2k=build/attrcheck:2048
# WORK=dir keeps the generated pages between runs (as in index_scale.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
n=${1:?usage: index_add_ab.sh N LABEL=ATTRCHECK[:MERGE_AT]...}
shift
if [ -n "${WORK:-}" ]; then work=$WORK; mkdir -p "$work"; else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT INT TERM; fi
if [ "$(cat "$work/gen/.made" 2>/dev/null)" != "$n 300" ]; then
  rm -rf "$work/gen"
  python3 "$here/index_gen.py" "$work/gen" --originals "$n" --copies 300
  echo "$n 300" > "$work/gen/.made"
fi
first=""
printf '%-10s %8s %7s %9s %9s %8s   %s\n' variant wall_s rate cpu_ms/o KB_w/o KB/KB "ratios to the first (wall cpu written size)"
for v in "$@"; do
  label=${v%%=*}; rest=${v#*=}
  cli=${rest%%:*}; merge_at=""
  [ "$rest" != "$cli" ] && merge_at=${rest#*:}
  db=$work/ab.db
  rm -f "$db" "$db-wal" "$db-shm"
  if [ -n "$merge_at" ]; then
    # Create the index with one of the originals (added again below as unchanged).
    "$cli" index add -q --index "$db" "$(find "$work/gen/originals" -name '*.html' | head -n 1)" > /dev/null
    python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE meta SET value = ? WHERE key = ?", (int(sys.argv[2]), "merge_at"))
c.commit()' "$db" "$merge_at"
  fi
  /usr/bin/time -f "%e %U %S %O" -o "$work/ab.time" "$cli" index add -q --index "$db" \
    "$work/gen/originals" > /dev/null
  read -r wall user sys blocks < "$work/ab.time"
  size=$("$cli" index stats --index "$db" |
         sed -n 's/^size on disk: .*(\([0-9.]*\) KB per KB of text)/\1/p')
  line=$(awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v b="$blocks" -v z="$size" \
    'BEGIN { printf "%.2f %.0f %.3f %.1f %.3f", w, n / w, (u + s) * 1000 / n, b * 512 / 1024 / n, z }')
  [ -n "$first" ] || first=$line
  echo "$label $line $first" | awk '{
    printf "%-10s %8s %7s %9s %9s %8s   x%.2f x%.2f x%.2f x%.2f\n", $1, $2, $3, $4, $5, $6,
      $2 / $7, $4 / $9, $5 / $10, $6 / $11 }'
done
rm -f "$work/ab.db" "$work/ab.db-wal" "$work/ab.db-shm"
