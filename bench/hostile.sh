#!/bin/sh
# Hostile-input summary: builds tests/hostile/test_hostile (optimised, no
# sanitizers) and prints the table for docs/limits.md — case, outcome, time,
# peak parse memory and peak RSS of the process that ran it. The first row is
# an ordinary article, the baseline the others compare with.
#   bench/hostile.sh            (BUILD=dir to choose the build directory)
# Then bench/hostile_output.py prints the output-injection and file-safety rows.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-"$ROOT/build-bench"}
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" --target test_hostile -j2 >/dev/null
echo "# $(uname -m), $(nproc) cores, gumbo $(pkg-config --modversion gumbo), defaults of include/attrcheck/common.h"
bin="$BUILD/tests/test_hostile"
[ -x "$bin" ] || bin="$BUILD/test_hostile"
ATTRCHECK_RULES_DIR="$ROOT/rules" "$bin" --table
# Output injection and file safety (issue 16 items 3-5, 7, 8): one row per case.
cmake --build "$BUILD" --target attrcheck_cli -j2 >/dev/null
echo
ATTRCHECK_RULES_DIR="$ROOT/rules" python3 "$ROOT/bench/hostile_output.py" "$BUILD/attrcheck" "$ROOT/fixtures/pages"
# Crafted index files (issue 16 item 6): one row per case.
echo
python3 "$ROOT/bench/hostile_index.py" "$BUILD/attrcheck" "$ROOT/fixtures"
