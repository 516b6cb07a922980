#!/bin/sh
# check --fetch (issue 22): 200 pages, each crediting one of 20 hosts on a
# loopback server (tests/fetch/server.py) that takes 50 ms per response.
#  1. 20 hosts, -j JOBS: hosts are fetched in parallel, each host one request at a time;
#  2. the same pages crediting 1 host: the per-host gate serialises them (>= 200 x 50 ms);
#  3. run 1 again on its cache: no request at all.
# Prints wall time and requests served for each.
#   bench/fetch.sh [JOBS]     (BUILD=dir: a build tree, default build/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/build}
jobs=${1:-8}
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM

[ -x "$build/attrcheck" ] || { echo "build $build first" >&2; exit 2; }
python3 "$root/tests/fetch/server.py" "$root/fixtures/fetch" --delay 0.05 > "$work/port" &
server=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$work/port" ] && break; sleep 0.2; done
port=$(head -n 1 "$work/port")

# Pages: the original's article, crediting h01..h20.localhost (or one host).
pages() { # dir hosts
  mkdir -p "$1"
  body=$(sed -n '/<article>/,/<\/article>/p' "$root/fixtures/fetch/original.html")
  i=1
  while [ "$i" -le 200 ]; do
    h=$(( (i - 1) % $2 + 1 ))
    printf '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pier %d</title></head><body>%s<p>Source : <a href="http://h%02d.localhost:%s/site/%d.html">Orig News</a></p></body></html>\n' \
      "$i" "$body" "$h" "$port" "$i" > "$1/p$i.html"
    i=$((i + 1))
  done
}
pages "$work/many" 20
pages "$work/one" 1

count() {
  python3 -c 'import sys, urllib.request as u; h = u.ProxyHandler({}); print(u.build_opener(h).open(sys.argv[1]).read().decode())' \
    "http://127.0.0.1:$port/count"
}
run() { # label dir cache
  before=$(count)
  start=$(date +%s%N)
  "$build/attrcheck" check --no-config -q --fetch --fetch-allow-private --fetch-delay 0 \
    --fetch-cache "$3" -j "$jobs" --format csv -o "$work/out.csv" "$2" || true
  end=$(date +%s%N)
  after=$(count)
  ms=$(( (end - start) / 1000000 ))
  printf '%-24s %6d ms  %4d requests\n' "$1" "$ms" $((after - before))
}
run "20 hosts, first run" "$work/many" "$work/many.sqlite"
run "1 host, first run" "$work/one" "$work/one.sqlite"
run "20 hosts, cached run" "$work/many" "$work/many.sqlite"
echo "(serial bound for 1 host: 200 x 50 ms = 10 s; 20 hosts with -j $jobs: about 200 x 50 ms / $jobs)"
