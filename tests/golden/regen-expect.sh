#!/usr/bin/env bash
# Regenerate fixtures/pages/*/expect.txt the way tests/golden/test_golden.c runs each case
# (usage: bash tests/golden/regen-expect.sh PROJECT_ROOT, after building build/).
# Review the diff: a change of expected output is a change of behaviour.
set -euo pipefail
root=$1; cli=$root/build/attrcheck
export ATTRCHECK_RULES_DIR=$root/rules
for dir in "$root"/fixtures/pages/*/; do
  [ -f "$dir/expect.txt" ] || continue
  args=(check --no-config --color never --jobs 1)
  originals=()
  if [ -d "$dir/originals" ]; then
    originals=("$dir/originals")
  elif [ -f "$dir/originals" ]; then   # names kept once in fixtures/originals/
    while IFS= read -r line; do
      [ -z "$line" ] || [ "${line:0:1}" = "#" ] || originals+=("$root/fixtures/originals/$line")
    done < "$dir/originals"
  fi
  if [ ${#originals[@]} -gt 0 ]; then
    tmp=$(mktemp -d); "$cli" index add --index "$tmp/index.db" "${originals[@]}" >/dev/null 2>&1
    args+=(--index "$tmp/index.db")
  fi
  if [ -f "$dir/args" ]; then
    while IFS= read -r line; do
      [ -z "$line" ] || [ "${line:0:1}" = "#" ] || args+=("$line")
    done < "$dir/args"
  fi
  (cd "$dir" && "$cli" "${args[@]}" page.html > expect.txt 2>/dev/null) || true
done
