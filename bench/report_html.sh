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

open_seconds() {  # file -> seconds for Chromium to load it and print its DOM
  local start end
  rm -rf "$work/profile"
  start=$(date +%s.%N)
  timeout -k 10 300 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --dump-dom "file://$1" >"$work/dom.html" 2>/dev/null
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.2f}')"
}

open_seconds "$work/blank.html" >/dev/null            # warm the disk cache
blank=$(open_seconds "$work/blank.html")
report=$(open_seconds "$work/report.html")
grep -q 'data-report-script="ran"' "$work/dom.html" || { echo "the report's script did not run" >&2; exit 1; }
bytes=$(stat -c %s "$work/report.html")
rows=$(($(wc -l <"$work/report.csv") - 1))
copies=$(grep -c ',verbatim,' "$work/report.csv" || true)
marks=$(grep -o '<mark>' "$work/report.html" | wc -l)
printf 'pages: %d (rows in the CSV: %d, verbatim copies with passages: %d, highlighted runs: %d)\n' \
  "$n" "$rows" "$copies" "$marks"
python3 -c "print(f'HTML report: {$bytes / 1e6:.2f} MB (target < 20 MB)')"
printf 'Chromium load + DOM dump: %ss (target < 3 s); a blank page: %ss (browser start-up)\n' \
  "$report" "$blank"
python3 -c "import sys; sys.exit(0 if $bytes < 20e6 and $report < 3 else 1)"
