#!/usr/bin/env bash
# The HTML audit report at scale (issue 21): 2,000 generated pages, a fifth of
# them verbatim copies of indexed originals (so they carry passages side by
# side), reported with --format html. Prints the file size (target: under
# 20 MB) and the time headless Chromium takes to open it (first screen
# painted; target: under 3 s) and to load it whole and dump its DOM, beside
# the time for a blank page, which is the browser's own start-up here.
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

# file action [--single-process] -> "WALL CPU": seconds for Chromium to load
# the file and do `action` (--dump-dom: print the DOM once loaded;
# --screenshot: paint the first screen, what a reader waits for), and the CPU
# seconds (user + system) it used. The CPU figure is only whole with
# --single-process (else the renderer is not our child); on a shared machine
# wall time mostly measures waiting for a core.
open_run() {
  rm -rf "$work/profile"
  python3 - "$browser" "$work/profile" "$1" "$work/dom.html" "$2" ${3:-} <<'PY'
import resource, subprocess, sys, time
browser, profile, page, dom, action = sys.argv[1:6]
flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,900", "--user-data-dir=" + profile, action] + sys.argv[6:]
start = time.monotonic()
with open(dom, "wb") as out:
    subprocess.run(["timeout", "-k", "10", "300", browser] + flags + ["file://" + page],
                   stdout=out, stderr=subprocess.DEVNULL, check=True)
wall = time.monotonic() - start
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.2f} {ru.ru_utime + ru.ru_stime:.2f}")
PY
}

shot="--screenshot=$work/shot.png"
open_run "$work/blank.html" --dump-dom >/dev/null             # warm the disk cache
read -r _ blank_cpu < <(open_run "$work/blank.html" "$shot" --single-process)
read -r _ shot_cpu < <(open_run "$work/report.html" "$shot" --single-process)
read -r _ report_cpu < <(open_run "$work/report.html" --dump-dom --single-process)
read -r blank _ < <(open_run "$work/blank.html" "$shot")
read -r shown _ < <(open_run "$work/report.html" "$shot")
read -r report _ < <(open_run "$work/report.html" --dump-dom)
grep -q 'data-report-script="ran"' "$work/dom.html" || { echo "the report's script did not run" >&2; exit 1; }
parsed=$(grep -o 'data-report-ms="[0-9]*"' "$work/dom.html" | grep -o '[0-9][0-9]*')
bytes=$(stat -c %s "$work/report.html")
rows=$(($(wc -l <"$work/report.csv") - 1))
copies=$(grep -c ',verbatim,' "$work/report.csv" || true)
marks=$(grep -o '<mark>' "$work/report.html" | wc -l)
printf 'pages: %d (rows in the CSV: %d, verbatim copies with passages: %d, highlighted runs: %d)\n' \
  "$n" "$rows" "$copies" "$marks"
python3 -c "print(f'HTML report: {$bytes / 1e6:.2f} MB (target < 20 MB)')"
printf 'Chromium, first screen painted: %ss wall, %ss CPU (target < 3 s)\n' "$shown" "$shot_cpu"
printf 'Chromium, loaded and DOM dumped:  %ss wall, %ss CPU\n' "$report" "$report_cpu"
printf 'a blank page (browser start-up):  %ss wall, %ss CPU\n' "$blank" "$blank_cpu"
printf 'CPU beyond start-up: %ss to the first screen; report / blank wall: %sx\n' \
  "$(python3 -c "print(f'{$shot_cpu - $blank_cpu:.2f}')")" "$(python3 -c "print(f'{$shown / $blank:.2f}')")"
printf 'in the page: navigation to the end of parsing and the script: %s ms\n' "$parsed"
printf 'load average now: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
python3 -c "import sys; sys.exit(0 if $bytes < 20e6 and $shown < 3 else 1)"
