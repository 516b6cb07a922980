#!/bin/sh
# Faults for the index of originals (issue 5):
#  1. `attrcheck index add` is killed with SIGKILL at a moment spread over the
#     time an uninterrupted run takes (measured first), ROUNDS times (default 30). After every kill `index verify` must pass, and every
#     URL the killed run printed as added must be in `index list`.
#  2. 4 `index add` processes write one file at once; all must succeed and
#     the index must hold the union of what they added.
#  Both indexes merge their fresh postings every MERGE_AT (default 300) originals
#  instead of 4096, so kills and concurrent writers also land on merges.
# Usage: bench/index_kill.sh [ROUNDS]   (ATTRCHECK=path/to/attrcheck to pick a build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cli=${ATTRCHECK:-$root/build/attrcheck}
rounds=${1:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

[ -x "$cli" ] || { echo "no attrcheck at $cli (set ATTRCHECK)" >&2; exit 2; }
# Two texts for the same 1200 URLs: every round replaces what the previous one added.
python3 "$here/index_gen.py" "$work/gen0" --originals 1200 --copies 0 --sites 8 --seed 7
python3 "$here/index_gen.py" "$work/gen1" --originals 1200 --copies 0 --sites 8 --seed 8
db=$work/kill.db
merge_at=${MERGE_AT:-300}
# Create an index with one original, then lower its merge threshold (meta 'merge_at').
small_merges() {
  "$cli" index add -q --index "$1" "$2" > /dev/null
  python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE meta SET value = ? WHERE key = ?", (int(sys.argv[2]), "merge_at"))
c.commit()' "$1" "$merge_at"
}
small_merges "$db" "$(find "$work/gen0/originals/site00" -name '*.html' | sort | head -n 1)"
: > "$work/reported"
fail=0
killed=0

# How long an uninterrupted round (replacing every original) takes, so that the kills
# are spread over a whole round.
"$cli" index add -q --index "$db" "$work/gen0/originals" | cut -d' ' -f2 >> "$work/reported"
start=$(date +%s.%N)
"$cli" index add -q --index "$db" "$work/gen1/originals" | cut -d' ' -f2 >> "$work/reported"
span=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
echo "an uninterrupted round takes ${span}s"

i=0
while [ "$i" -lt "$rounds" ]; do
  "$cli" index add -q --index "$db" "$work/gen$((i % 2))/originals" > "$work/out" 2> "$work/err" &
  pid=$!
  # Golden-ratio steps: deterministic, and evenly spread over (0.02 s, the run's length).
  delay=$(awk -v i="$i" -v t="$span" 'BEGIN { f = i * 0.6180339887; f -= int(f)
                                              printf "%.3f", 0.02 + f * t * 0.95 }')
  sleep "$delay"
  if kill -KILL "$pid" 2> /dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2> /dev/null || true
  grep -E '^(added|replaced|unchanged) ' "$work/out" | cut -d' ' -f2 >> "$work/reported" || true
  if ! "$cli" index verify --index "$db" > "$work/verify" 2>&1; then
    echo "round $i (killed after ${delay}s): verify failed: $(cat "$work/verify")"
    fail=$((fail + 1))
  fi
  i=$((i + 1))
done
"$cli" index list --index "$db" | cut -f1 | sort -u > "$work/listed"
sort -u "$work/reported" > "$work/reported.sorted"
lost=$(comm -23 "$work/reported.sorted" "$work/listed" | wc -l)
echo "kill: $rounds rounds ($killed killed while running), $(wc -l < "$work/reported.sorted") URLs reported, $(wc -l < "$work/listed") in the index, $lost lost, $fail failed verifications"
[ "$lost" -eq 0 ] || fail=$((fail + 1))

# Four writers on one new file: each its own sites, all of them one shared site.
cdb=$work/concurrent.db
small_merges "$cdb" "$(find "$work/gen0/originals/site07" -name '*.html' | sort | head -n 1)"
pids=""
for p in 0 1 2 3; do
  "$cli" index add -q --index "$cdb" "$work/gen0/originals/site0$p" "$work/gen0/originals/site07" \
    > "$work/c$p.out" 2> "$work/c$p.err" &
  pids="$pids $!"
done
ok=0
for pid in $pids; do
  if wait "$pid"; then ok=$((ok + 1)); fi
done
total=$("$cli" index stats --index "$cdb" | sed -n 's/^originals: //p')
expect=$(find "$work/gen0/originals/site00" "$work/gen0/originals/site01" "$work/gen0/originals/site02" \
  "$work/gen0/originals/site03" "$work/gen0/originals/site07" -name '*.html' | wc -l)
"$cli" index verify --index "$cdb" > /dev/null || fail=$((fail + 1))
echo "concurrent: $ok of 4 writers succeeded, $total originals (expected $expect)"
cat "$work"/c*.err | grep -v ' added, ' || true
[ "$ok" -eq 4 ] && [ "$total" -eq "$expect" ] || fail=$((fail + 1))

if [ "$fail" -eq 0 ]; then
  echo "index faults: 2 passed, 0 failed"
else
  echo "index faults: FAILED ($fail problems)"
  exit 1
fi
