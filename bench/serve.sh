#!/bin/sh
# attrcheck serve under load (issue 18): wrk with 8 concurrent connections over
# loopback, on the seed page and on 40 real pages, prints p50/p99 latency and
# requests per second; in the same run, the CLI's cold start on the seed page
# (median of RUNS starts of `attrcheck check`). Targets: p50 < 2 ms, p99 < 10 ms
# on the seed page; cold start < 10 ms median.
# Reads ../shared/corpus/real-pages from the project root when it is there, else
# the fixture pages.
#   bench/serve.sh [SECONDS] [RUNS]     (BUILD=dir, default build/; THREADS=n, default 2)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/build}
secs=${1:-10}
runs=${2:-50}
threads=${THREADS:-2}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM

command -v wrk >/dev/null || { echo "serve.sh: wrk is not installed (Debian: wrk)" >&2; exit 2; }
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target attrcheck_cli -j2 >/dev/null
cli="$build/attrcheck"
seed="$root/fixtures/pages/syndicated-fr-fredzone/page.html"

corpus="$root/../shared/corpus/real-pages"
if [ -d "$corpus" ]; then
  ls "$corpus"/*.html | head -n 40 > "$work/pages"
else
  ls "$root"/fixtures/pages/*/page.html | head -n 40 > "$work/pages"
fi

# wrk posts each file of its argument list in turn, as text/html.
cat > "$work/post.lua" <<'LUA'
local bodies, i = {}, 0
function init(args)
  for _, path in ipairs(args) do
    local f = assert(io.open(path, "rb"))
    bodies[#bodies + 1] = f:read("*a")
    f:close()
  end
end
function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/v1/check", {["Content-Type"] = "text/html"}, bodies[i])
end
LUA

"$cli" serve --port 0 --threads "$threads" --max-connections 64 2>"$work/log" &
pid=$!
for _ in $(seq 100); do grep -q '"listening"' "$work/log" && break; sleep 0.05; done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/log" | head -n 1)
[ -n "$port" ] || { echo "serve.sh: the service did not start" >&2; cat "$work/log" >&2; exit 2; }

load() {   # label, files...
  label=$1; shift
  wrk -t2 -c8 -d"${secs}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port" -- "$@" \
    > "$work/wrk.txt"
  awk -v label="$label" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $NF }
    END { printf "%-26s p50 %7.2f ms  p99 %7.2f ms  %8.0f req/s  non-2xx %s\n",
          label, p50, p99, rps, bad == "" ? 0 : bad }' "$work/wrk.txt"
}

echo "attrcheck serve, 8 connections, $threads worker threads, ${secs}s each ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
load "seed page" "$seed"
# shellcheck disable=SC2046
load "40 real pages" $(cat "$work/pages")

python3 - "$cli" "$seed" "$runs" <<'PY'
import statistics, subprocess, sys, time
cli, page, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
args = [cli, "check", "--no-config", "--color", "never", page]
subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the page cache
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(f"CLI cold start (check seed page), {runs} runs: median {statistics.median(times):.1f} ms, "
      f"p90 {times[int(runs * 0.9) - 1]:.1f} ms")
PY
