#!/bin/sh
# Markdown and plain text against HTML, per byte: the same generated articles
# written three ways (HTML paragraphs in <article>, Markdown with YAML front
# matter and a link credit, plain text with a bare URL), each set checked by
# `attrcheck check --jobs 1`. Prints MB/s of each and the ratio to HTML; the
# issue asks for Markdown and text at least as fast per byte (ratio >= 1).
#   bench/input_speed.sh [PAGES] [PARAGRAPHS]   (BUILD=dir; default 300 pages of 40)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-"$ROOT/build-bench"}
PAGES=${1:-300}
PARAS=${2:-40}
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" --target attrcheck_cli -j2 >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$PAGES" "$PARAS" <<'PY'
import os, random, sys
root, pages, paras = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
words = ("harbour council plan housing ferry yards vote tenants river quay pumps flood "
         "works engineer median income families footbridge canal path public winter").split()
for kind in ("html", "md", "txt"):
    os.makedirs(os.path.join(root, kind))
for i in range(pages):
    rnd = random.Random(i)
    ps = [" ".join(rnd.choice(words) for _ in range(60)).capitalize() + "." for _ in range(paras)]
    url = "https://www.theguardian.com/uk/2024/may/%d/story" % i
    with open(os.path.join(root, "html", "p%d.html" % i), "w") as f:
        f.write("<!DOCTYPE html><html lang=en><head><title>Story %d</title></head><body><article>\n" % i)
        f.write("".join("<p>%s</p>\n" % p for p in ps))
        f.write('<p>Originally published by <a href="%s">The Guardian</a>.</p>\n' % url)
        f.write("</article></body></html>\n")
    with open(os.path.join(root, "md", "p%d.md" % i), "w") as f:
        f.write("---\ntitle: Story %d\nlang: en\n---\n\n" % i)
        f.write("".join("%s\n\n" % p for p in ps))
        f.write("Originally published by [The Guardian](%s).\n" % url)
    with open(os.path.join(root, "txt", "p%d.txt" % i), "w") as f:
        f.write("".join("%s\n\n" % p for p in ps))
        f.write("Originally published by The Guardian: %s\n" % url)
PY
rate() {   # MB/s of `check` over the folder $1 (CPU seconds, user + system)
  bytes=$(cat "$work/$1"/* | wc -c)
  /usr/bin/time -f '%U %S' -o "$work/time" "$BUILD/attrcheck" check --no-config --jobs 1 \
    --include "*.$1" --fail-on never -q "$work/$1" >/dev/null
  awk -v b="$bytes" '{ printf "%.2f", b / 1e6 / ($1 + $2) }' "$work/time"
}
html=$(rate html)
md=$(rate md)
txt=$(rate txt)
echo "# $PAGES pages of $PARAS paragraphs, attrcheck check --jobs 1, CPU time"
printf '| input | MB/s | vs HTML |\n| --- | ---: | ---: |\n'
printf '| html | %s | 1.00 |\n' "$html"
awk -v h="$html" -v m="$md" 'BEGIN { printf "| markdown | %s | %.2f |\n", m, m / h }'
awk -v h="$html" -v t="$txt" 'BEGIN { printf "| text | %s | %.2f |\n", t, t / h }'
