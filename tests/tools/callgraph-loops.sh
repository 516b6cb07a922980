#!/usr/bin/env bash
# Call loops between the files of one folder: for each folder under src/, builds the
# file-level call graph (file A -> file B when a function in A calls a function that B
# defines with external linkage) from universal-ctags definitions and cscope's
# "functions calling this function", and prints each strongly connected component of
# more than one file. Exits 1 if any folder has one, 0 otherwise; with --report-only it
# prints the same and exits 0. Calls through function pointers and macros are not seen.
#
#   bash tests/tools/callgraph-loops.sh [--report-only] [SRC_DIR]
set -euo pipefail

report_only=0
if [ "${1:-}" = "--report-only" ]; then
  report_only=1
  shift
fi
src=${1:-$(cd "$(dirname "$0")/../.." && pwd)/src}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/callgraph.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
loops=0

# edges DIR: "caller.c callee.c function" for each call across two files of DIR.
edges() {
  local dir=$1 name def
  find "$dir" -maxdepth 1 -name '*.[ch]' | sort >"$tmp/files"
  # -q (an inverted index): without it cscope 15.9 crashes on some queries
  rm -f "$tmp"/cscope.out*
  cscope -b -q -k -i "$tmp/files" -f "$tmp/cscope.out"
  # Only functions visible to other files: a static one cannot be called from elsewhere,
  # and names of statics repeat across files.
  grep '\.c$' "$tmp/files" | xargs -r ctags -x --c-kinds=f --_xformat='%N %F %{file}' |
    awk '$3 == "-" { print $1, $2 }' |
    while read -r name def; do
      cscope -d -f "$tmp/cscope.out" -L -3 "$name" |
        awk -v def="$def" -v name="$name" '$1 != def && $1 ~ /\.c$/ { print $1, def, name }'
    done | sort -u
}

# components: reads edges, prints one line per strongly connected component of >1 file
# (its files), each followed by indented lines "a.c -> b.c: the functions of b.c that a.c calls".
components() {
  python3 -c '
import sys
graph, calls = {}, {}
for line in sys.stdin:
    a, b, fn = line.split()
    graph.setdefault(a, set()).add(b)
    graph.setdefault(b, set())
    calls.setdefault((a, b), set()).add(fn)
index, low, stack, on, out = {}, {}, [], set(), []
def visit(v):
    # Tarjan, iterative so a deep graph cannot overflow the recursion limit
    work = [(v, iter(sorted(graph[v])))]
    index[v] = low[v] = len(index); stack.append(v); on.add(v)
    while work:
        node, it = work[-1]
        nxt = next(it, None)
        if nxt is None:
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop(); on.discard(w); comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
        elif nxt not in index:
            index[nxt] = low[nxt] = len(index); stack.append(nxt); on.add(nxt)
            work.append((nxt, iter(sorted(graph[nxt]))))
        elif nxt in on:
            low[node] = min(low[node], index[nxt])
for v in sorted(graph):
    if v not in index:
        visit(v)
base = lambda p: p.rsplit("/", 1)[-1]
for comp in sorted(out):
    print(" ".join(base(p) for p in comp))
    for a in comp:
        for b in comp:
            if (a, b) in calls:
                print("  %s -> %s: %s" % (base(a), base(b), " ".join(sorted(calls[(a, b)]))))
'
}

for dir in "$src"/*/; do
  dir=${dir%/}
  folder=${dir##*/}
  nfiles=$(find "$dir" -maxdepth 1 -name '*.c' | wc -l)
  edges "$dir" | components >"$tmp/loops"
  if [ -s "$tmp/loops" ]; then
    loops=$((loops + 1))
    while IFS= read -r line; do
      case $line in
        " "*) echo "$line" ;;
        *) echo "src/$folder: loop between $(echo "$line" | wc -w) of $nfiles files: $line" ;;
      esac
    done <"$tmp/loops"
  else
    echo "src/$folder: no loop ($nfiles files)"
  fi
done

if [ "$loops" -gt 0 ]; then
  echo "call loops in $loops folder(s)"
  [ "$report_only" -eq 1 ] || exit 1
fi
exit 0
