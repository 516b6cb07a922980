#!/bin/sh
# Main-text precision, recall and F1 on the development corpus (issue 15), per
# page (--pages) and overall, counted as the article-extraction-benchmark's
# evaluate.py counts (4-token shingles; bench/maintext_score.py says how).
# The corpus is ../shared/corpus from the project root (CORPUS=dir to move
# it); without it the script says so and exits 0.
#   bench/maintext_corpus.sh [--pages] [--n 1]   (BUILD=dir: a build tree, default build/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/build}
corpus=${CORPUS:-$root/../shared/corpus}

if [ ! -d "$corpus/newspaper/html" ] && [ ! -d "$corpus/goose3" ]; then
  echo "maintext_corpus: no corpus at $corpus, skipped"
  exit 0
fi
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target attrcheck_cli -j2 >/dev/null
export ATTRCHECK_RULES_DIR="$root/rules"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
for f in "$corpus"/newspaper/html/*.html "$corpus"/goose3/*.html; do
  [ -f "$f" ] && printf '%s\n' "$f"
done > "$work/list"
# One extract run per page so that one refused page costs only its own line.
while IFS= read -r f; do
  "$build/attrcheck" extract "$f" 2>/dev/null || true
done < "$work/list" > "$work/facts.jsonl"
python3 "$here/maintext_score.py" "$@" < "$work/facts.jsonl"
