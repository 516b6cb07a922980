#!/bin/sh
# JSON-LD memory (issue 16): peak RSS of `attrcheck check` on 15 MB pages
# whose JSON-LD is [{},{},...], [[],...] and [{"a":{}},...], one page at a
# time and two with -j2, against the documented envelope of one page
# (1.25 x --max-memory + 4 x input + 32 MiB). Each page must end extracted
# with a limit-memory note. Deadline 60 s: the subject is memory, not time.
#   bench/jsonld_memory.sh [MAX_MEMORY]    (default 256M; BUILD=dir, default build/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/build}
mem=${1:-256M}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target attrcheck_cli -j2 >/dev/null
bin="$build/attrcheck"
python3 - "$work" <<'PY'
import sys
for name, unit, n in (("objects", "{}", 5000000), ("arrays", "[]", 5000000),
                      ("nested", '{"a":{}}', 1500000)):
    with open(f"{sys.argv[1]}/{name}.html", "w") as f:
        f.write("<title>t</title><script type=application/ld+json>[" + ",".join([unit] * n)
                + "]</script><p>Some text.</p>")
PY
# Runs attrcheck, prints "peak_MiB notes" from the children's ru_maxrss.
measure() {
  python3 - "$bin" "$@" <<'PY'
import resource, subprocess, sys
r = subprocess.run([sys.argv[1], "check", "--no-config", "--max-parse-seconds", "60"] + sys.argv[2:],
                   capture_output=True, text=True)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{rss:.0f} {r.stdout.count('limit-memory') + r.stderr.count('limit-memory')} {r.returncode}")
PY
}
mem_bytes=$(python3 -c "import sys; s=sys.argv[1]; m={'K':1<<10,'M':1<<20,'G':1<<30}; print(int(s[:-1])*m[s[-1]] if s[-1] in m else int(s))" "$mem")
printf '%-10s %6s %10s %12s %6s %s\n' page jobs input_MB peak_MiB notes envelope_MiB
for p in objects arrays nested; do
  size=$(wc -c <"$work/$p.html")
  env=$(python3 -c "print(round((1.25 * $mem_bytes + 4 * $size) / 2**20 + 32))")
  # shellcheck disable=SC2046  # the three fields of measure
  set -- $(measure --max-memory "$mem" "$work/$p.html")
  printf '%-10s %6s %10.1f %12s %6s %s\n' "$p" 1 "$(awk -v s="$size" 'BEGIN { print s / 1e6 }')" "$1" "$2" "$env"
  cp "$work/$p.html" "$work/$p-2.html"
  # shellcheck disable=SC2046
  set -- $(measure --max-memory "$mem" -j2 "$work/$p.html" "$work/$p-2.html")
  printf '%-10s %6s %10.1f %12s %6s %s\n' "$p" 2 "$(awk -v s="$size" 'BEGIN { print 2 * s / 1e6 }')" "$1" "$2" "$((2 * env)) (two pages)"
  rm "$work/$p-2.html"
done
