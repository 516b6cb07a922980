#!/bin/sh
# Accuracy on the development corpus (issue 14): checks every page of
# ../shared/corpus (from the project root) and compares the verdicts, rule
# ids, credits, licenses and copyright holders with labels.tsv, written by
# reading the pages. Prints precision and recall per rule and per fact kind,
# then every disagreement. Skips (status 0) when the corpus is not there.
#   bench/accuracy/run.sh            (BUILD=dir: a build tree, default build/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD:-$root/build}
corpus="$root/../shared/corpus"
if [ ! -d "$corpus" ]; then
  echo "accuracy: no corpus at ../shared/corpus, skipped"
  exit 0
fi
corpus=$(cd "$corpus" && pwd)
[ -x "$build/attrcheck" ] || { echo "accuracy: build $build first" >&2; exit 2; }
export ATTRCHECK_RULES_DIR="$root/rules"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

set -- "$corpus"/real-pages/*.html "$corpus"/newspaper/html/*.html "$corpus"/goose3/*.html
# Status 1 only says findings were reported; the scorer judges them.
"$build/attrcheck" check --no-config --jobs 2 --fail-on never --format json -o "$work/report.json" "$@"
"$build/attrcheck" extract "$@" > "$work/extract.jsonl"
python3 "$here/score.py" "$corpus" "$work/report.json" "$work/extract.jsonl" "$here/labels.tsv"
