#!/usr/bin/env bash
# The HTML audit report at scale (issue 21): 2,000 generated pages, a fifth of
# them verbatim copies of indexed originals (so they carry passages side by
# side), reported with --format html. Prints the file size (target: under
# 20 MB) and the time headless Chromium takes to load it and dump its DOM
# (target: under 3 s), beside the time for a blank page, which is the
# browser's own start-up on this machine.
#   bash bench/report_html.sh [N]      (default 2000; needs ./build/attrcheck and chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
bin=${ATTRCHECK:-./build/attrcheck}
browser=${CHROMIUM:-chromium}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v "$browser" >/dev/null || { echo "report_html: $browser is not installed" >&2; exit 2; }

python3 bench/gen_pages.py "$n" "$work/pages" >/dev/null
mkdir -p "$work/originals"
# Every fifth page is also an original (under another site), so its copy matches verbatim.
find "$work/pages" -name 'page-*[05].html' -exec cp {} "$work/originals/" \;
"$bin" index add --index "$work/o.db" --base-url https://origin.example/ "$work/originals" \
  >/dev/null 2>&1
"$bin" check --no-config --index "$work/o.db" --fail-on never -f html -o "$work/report.html" \
  "$work/pages"
"$bin" check --no-config --index "$work/o.db" --fail-on never -f csv -o "$work/report.csv" \
  "$work/pages"
printf '<!DOCTYPE html><title>blank</title>' >"$work/blank.html"

# file [extra flag] -> "WALL CPU": seconds for Chromium to load the file and
# print its DOM, and the CPU seconds (user + system) it used. The CPU figure is
# only whole with --single-process (else the renderer is not our child); on a
# shared machine wall time mostly measures waiting for a core.
open_seconds() {
  rm -rf "$work/profile"
  python3 - "$browser" "$work/profile" "$1" "$work/dom.html" ${2:-} <<'PY'
import resource, subprocess, sys, time
browser, profile, page, dom = sys.argv[1:5]
flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--user-data-dir=" + profile, "--dump-dom", "file://" + page] + sys.argv[5:]
start = time.monotonic()
with open(dom, "wb") as out:
    subprocess.run(["timeout", "-k", "10", "300", browser] + flags, stdout=out,
                   stderr=subprocess.DEVNULL, check=True)
wall = time.monotonic() - start
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.2f} {ru.ru_utime + ru.ru_stime:.2f}")
PY
}

open_seconds "$work/blank.html" >/dev/null            # warm the disk cache
read -r _ blank_cpu < <(open_seconds "$work/blank.html" --single-process)
read -r _ report_cpu < <(open_seconds "$work/report.html" --single-process)
read -r blank _ < <(open_seconds "$work/blank.html")
read -r report _ < <(open_seconds "$work/report.html")
grep -q 'data-report-script="ran"' "$work/dom.html" || { echo "the report's script did not run" >&2; exit 1; }
parsed=$(grep -o 'data-report-ms="[0-9]*"' "$work/dom.html" | grep -o '[0-9][0-9]*')
bytes=$(stat -c %s "$work/report.html")
rows=$(($(wc -l <"$work/report.csv") - 1))
copies=$(grep -c ',verbatim,' "$work/report.csv" || true)
marks=$(grep -o '<mark>' "$work/report.html" | wc -l)
printf 'pages: %d (rows in the CSV: %d, verbatim copies with passages: %d, highlighted runs: %d)\n' \
  "$n" "$rows" "$copies" "$marks"
python3 -c "print(f'HTML report: {$bytes / 1e6:.2f} MB (target < 20 MB)')"
printf 'Chromium load + DOM dump: %ss wall (target < 3 s), %ss CPU; a blank page: %ss wall, %ss CPU\n' \
  "$report" "$report_cpu" "$blank" "$blank_cpu"
printf 'CPU beyond the browser start-up: %ss\n' "$(python3 -c "print(f'{$report_cpu - $blank_cpu:.2f}')")"
printf 'in the page: navigation to the end of parsing and the script: %s ms\n' "$parsed"
printf 'load - blank: %ss; load / blank: %sx (this machine is shared: see the ratio)\n' \
  "$(python3 -c "print(f'{$report - $blank:.2f}')")" "$(python3 -c "print(f'{$report / $blank:.2f}')")"
printf 'load average now: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
python3 -c "import sys; sys.exit(0 if $bytes < 20e6 and $report < 3 else 1)"
