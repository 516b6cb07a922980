#!/usr/bin/env bash
# Behaviour unchanged? Builds two revisions of attrcheck out of the source tree, runs
# `attrcheck check --format json` and `--format csv` with each over the same pages, and
# compares the outputs byte for byte.
#
#   bash bench/same_output.sh [BEFORE_REV] [AFTER_REV]
#
# BEFORE_REV defaults to the merge-base of HEAD with main, AFTER_REV to the work tree as it
# is (uncommitted edits included). Either may instead be a folder that an earlier run saved
# with AC_SAME_OUTPUT_SAVE=DIR (DIR/before or DIR/after), so the "before" output can be
# recorded once, at the start of a change, and compared against later:
#
#   AC_SAME_OUTPUT_SAVE=/tmp/so bash bench/same_output.sh main      # records /tmp/so/before
#   bash bench/same_output.sh /tmp/so/before                         # compares the work tree
#
# Pages: every case of fixtures/pages/ (run as the golden test runs it: from its folder,
# with its args file and an index of its originals), every other .html under fixtures/
# (of the fuzz inputs, fuzz_page's), the seed page with each pack of fixtures/rules/ added
# by --rules (so messages about broken packs are compared), and
# ../shared/corpus/real-pages/*.html when that folder exists.
# The pages are always the work tree's, so both builds read the same bytes; each build
# uses its own compiled-in rule packs. Exit 0 when all outputs are identical, 1 when any
# differs (each one is listed), 2 when a build or a run could not be done.
set -euo pipefail
shopt -s inherit_errexit   # a failed build inside $(...) stops the run

root=$(git rev-parse --show-toplevel)
cd "$root"
before=${1:-$(git merge-base HEAD main)}
after=${2:-}
corpus=${AC_CORPUS:-$root/../shared/corpus/real-pages}
jobs=${AC_BUILD_JOBS:-2}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/same-output.XXXXXX")

# build runs in a command substitution (a subshell), so the worktrees it adds are found by
# their place, not kept in a variable.
cleanup() {
  local w
  for w in "$tmp"/src-*; do
    if [ -d "$w" ]; then
      git -C "$root" worktree remove --force "$w" >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM   # so the worktrees go on Ctrl-C too
unset ATTRCHECK_RULES_DIR   # each build must read its own packs

# build LABEL REV: prints the path of the built attrcheck. An empty REV builds the work tree.
build() {
  local label=$1 rev=$2 src=$root
  if [ -n "$rev" ]; then
    src=$tmp/src-$label
    git -C "$root" worktree add --detach "$src" "$rev" >/dev/null 2>&1 ||
      { echo "same_output: cannot check out $rev" >&2; exit 2; }
  fi
  echo "building $label (${rev:-work tree}) ..." >&2
  cmake -S "$src" -B "$tmp/build-$label" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DATTRCHECK_BUILD_TESTS=OFF >"$tmp/cmake-$label.log" 2>&1 &&
    nice cmake --build "$tmp/build-$label" -j"$jobs" --target attrcheck_cli \
      >>"$tmp/cmake-$label.log" 2>&1 ||
    { tail -n 30 "$tmp/cmake-$label.log" >&2; echo "same_output: build of $label failed" >&2; exit 2; }
  echo "$tmp/build-$label/attrcheck"
}

# case_args DIR: the args file's options, one per line, comments and blank lines dropped.
case_args() {
  [ -f "$1/args" ] || return 0
  grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1/args" || true
}

# case_originals DIR: the originals a case indexes: its originals/ folder, or the names
# listed in its originals file (kept once, in fixtures/originals/).
case_originals() {
  if [ -d "$1/originals" ]; then
    find "$1/originals" -name '*.html' | sort
  elif [ -f "$1/originals" ]; then
    grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1/originals" |
      sed "s|^|$root/fixtures/originals/|"
  fi
}

# normalize FILE: the two things that change from run to run and not with the code: the
# run's elapsed time (JSON totals.seconds) and the temporary index's path.
normalize() {
  sed -i -E -e "s|$tmp/index/|INDEX/|g" -e 's/^(    "seconds": )[0-9.eE+-]+$/\1"(elapsed)"/' "$1"
}

# run_case BIN OUT DIR NAME: check one fixture case in both formats.
run_case() {
  local bin=$1 out=$2 dir=$3 name=$4 db="" fmt
  local -a extra=() originals=()
  mapfile -t extra < <(case_args "$dir")
  mapfile -t originals < <(case_originals "$dir")
  if [ ${#originals[@]} -gt 0 ]; then
    db=$tmp/index/$name.db   # the same path for both builds
    mkdir -p "$tmp/index"
    rm -f "$db" "$db-wal" "$db-shm"
    "$bin" index add --index "$db" "${originals[@]}" >/dev/null 2>&1 ||
      echo "index add failed" >"$out/pages/$name.index-error"
    extra=(--index "$db" "${extra[@]}")
  fi
  for fmt in json csv; do
    (cd "$dir" && "$bin" check --no-config --jobs 1 --format "$fmt" "${extra[@]}" page.html \
      >"$out/pages/$name.$fmt" 2>"$out/pages/$name.$fmt.stderr"; echo "$?" >"$out/pages/$name.$fmt.status") || true
    normalize "$out/pages/$name.$fmt"
    normalize "$out/pages/$name.$fmt.stderr"
  done
}

# run_page BIN OUT SET FILE: check one page in both formats; the path as given is in the output.
run_page() {
  local bin=$1 out=$2 set=$3 file=$4 fmt name
  name=$(printf '%s' "$file" | tr '/' '_')
  for fmt in json csv; do
    ("$bin" check --no-config --jobs 1 --format "$fmt" "$file" \
      >"$out/$set/$name.$fmt" 2>"$out/$set/$name.$fmt.stderr"; echo "$?" >"$out/$set/$name.$fmt.status") || true
    normalize "$out/$set/$name.$fmt"
  done
}

# run_pack BIN OUT PACK: the seed page checked with one more rule pack (valid or broken),
# so messages about packs are compared too.
run_pack() {
  local bin=$1 out=$2 pack=$3 fmt name
  name=$(printf '%s' "$pack" | tr '/' '_')
  for fmt in json csv; do
    ("$bin" check --no-config --jobs 1 --format "$fmt" --rules "$pack" \
      fixtures/pages/syndicated-fr-fredzone/page.html \
      >"$out/packs/$name.$fmt" 2>"$out/packs/$name.$fmt.stderr"; echo "$?" >"$out/packs/$name.$fmt.status") || true
    normalize "$out/packs/$name.$fmt"
  done
}

# run_all BIN OUT: every page, into OUT/{pages,fixtures,packs,corpus}.
run_all() {
  local bin=$1 out=$2 dir f
  mkdir -p "$out/pages" "$out/fixtures" "$out/packs" "$out/corpus"
  for dir in fixtures/pages/*/; do
    dir=${dir%/}
    [ -f "$dir/page.html" ] && run_case "$bin" "$out" "$root/$dir" "$(basename "$dir")"
  done
  while IFS= read -r f; do
    run_page "$bin" "$out" fixtures "$f"
  done < <(find fixtures -name '*.html' -not -path 'fixtures/pages/*' \
             \( -not -path 'fixtures/fuzz/*' -o -path 'fixtures/fuzz/fuzz_page/*' \) | sort)
  while IFS= read -r f; do
    run_pack "$bin" "$out" "$f"
  done < <(find fixtures/rules -name '*.xml' | sort)
  if [ -d "$corpus" ]; then
    (cd "$corpus" && for f in *.html; do run_page "$bin" "$out" corpus "$f"; done)
  fi
}

# outputs LABEL REV: the folder holding LABEL's outputs (built and run, or saved earlier).
outputs() {
  local label=$1 rev=$2 bin
  if [ -n "$rev" ] && [ -d "$rev" ]; then
    echo "$rev"
    return
  fi
  bin=$(build "$label" "$rev")
  echo "running $label over the pages ..." >&2
  run_all "$bin" "$tmp/out-$label"
  if [ -n "${AC_SAME_OUTPUT_SAVE:-}" ]; then
    mkdir -p "$AC_SAME_OUTPUT_SAVE"
    rm -rf "${AC_SAME_OUTPUT_SAVE:?}/$label"
    cp -r "$tmp/out-$label" "$AC_SAME_OUTPUT_SAVE/$label"
  fi
  echo "$tmp/out-$label"
}

[ -d "$corpus" ] || echo "same_output: $corpus is absent: corpus pages skipped" >&2
a=$(outputs before "$before")
b=$(outputs after "$after")

# Pages are counted once per check run (json); files are every output compared (report,
# stderr and exit status of each format).
pages=0 files=0 differ=0
for set in pages fixtures packs corpus; do
  n=$(find "$a/$set" -name '*.json' 2>/dev/null | wc -l)
  [ "$n" -gt 0 ] && echo "$set: $n pages"
  pages=$((pages + n))
done
while IFS= read -r rel; do
  files=$((files + 1))
  if [ ! -f "$b/$rel" ]; then
    echo "only before: $rel"
    differ=$((differ + 1))
  elif ! cmp -s "$a/$rel" "$b/$rel"; then
    echo "differs: $rel"
    differ=$((differ + 1))
  fi
done < <(cd "$a" && find . -type f | sed 's|^\./||' | sort)
# A page only the after side has (a fixture added since the before output was saved)
# has nothing to compare with: listed, not counted as a difference.
added=0
while IFS= read -r rel; do
  [ -f "$a/$rel" ] || { echo "new, not compared: $rel"; added=$((added + 1)); }
done < <(cd "$b" && find . -type f | sed 's|^\./||' | sort)

echo "compared $pages pages, $files files: $differ differ ($added new files not compared)"
[ "$differ" -eq 0 ]
