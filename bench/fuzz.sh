#!/bin/sh
# Run every libFuzzer target for SECONDS each (default 60), built with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer. The seed corpus in
# fixtures/fuzz/<target>/ is read, never written: new inputs go to a scratch
# corpus in the build directory. Crashes are left there as crash-*/oom-*/
# timeout-* files; copy each into fixtures/fuzz/<target>/ as a regression.
#   bench/fuzz.sh [SECONDS] [TARGET...]     (BUILD=dir, JOBS=n)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-"$ROOT/build-fuzz"}
SECONDS_EACH=${1:-60}
[ $# -gt 0 ] && shift
# Default: every target in tests/fuzz/ (fuzz_*.c), so a new one is fuzzed in CI too.
TARGETS=${*:-$(cd "$ROOT/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//' | tr '\n' ' ')}

CC=clang cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DATTRCHECK_BUILD_FUZZERS=ON -DATTRCHECK_SANITIZE=address,undefined \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link" >/dev/null
# shellcheck disable=SC2086
cmake --build "$BUILD" --target $TARGETS -j2 >/dev/null

# CPU seconds (user + system) used so far by this script's children, from the
# second line of the shell's `times`. It must run in this shell, not in a
# $(...) subshell, whose children are not ours. Fuzzing is counted in
# CPU-minutes, which wall time overstates on a busy machine.
times_file="$BUILD/fuzz-work/.times"
children_cpu() {
  awk 'NR == 2 { split($1, u, "m"); split($2, s, "m"); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' \
    "$times_file"
}

export ATTRCHECK_RULES_DIR="$ROOT/rules"
mkdir -p "$BUILD/fuzz-work"
status=0
printf '%-16s %10s %8s %8s %8s %s\n' target execs exec/s cpu_s corpus crashes
for t in $TARGETS; do
  bin=$(find "$BUILD" -type f -name "$t" -perm -u+x | head -n 1)
  work="$BUILD/fuzz-work/$t"
  rm -rf "$work/artifacts"   # crashes of earlier runs belong in fixtures/fuzz/ by now
  mkdir -p "$work/corpus" "$work/artifacts"
  times >"$times_file"
  cpu_before=$(children_cpu)
  "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" "$ROOT/fixtures/fuzz/$t" \
    >"$work/log" 2>&1 || status=1
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
  crashes=$(find "$work/artifacts" -type f | wc -l)
  times >"$times_file"
  cpu=$(awk -v a="$cpu_before" -v b="$(children_cpu)" 'BEGIN { printf "%.0f", b - a }')
  printf '%-16s %10s %8s %8s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$cpu" \
    "$(find "$work/corpus" -type f | wc -l)" "$crashes"
  [ "$crashes" -eq 0 ] || status=1
done
[ $status -eq 0 ] || echo "failures: see $BUILD/fuzz-work/<target>/log and artifacts/"
exit $status
