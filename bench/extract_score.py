#!/usr/bin/env python3
"""Score main texts ("=== path" blocks from extract_bench maintext) against the
intended bodies (path with .txt for .html): token precision, recall and F1,
micro (all tokens) and macro (mean of pages), and per layout."""
import collections
import re
import sys

TOKEN = re.compile(r"\w+", re.UNICODE)
LAYOUTS = ["semantic", "divsoup", "table", "teasers"]


def tokens(text):
    return collections.Counter(t.lower() for t in TOKEN.findall(text))


def blocks(path):
    cur, lines = None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("=== "):
                if cur:
                    yield cur, "".join(lines)
                cur, lines = line[4:].rstrip("\n"), []
            else:
                lines.append(line)
    if cur:
        yield cur, "".join(lines)


def prf(tp, got, want):
    p = tp / got if got else 0.0
    r = tp / want if want else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    tot = [0, 0, 0]
    per_layout = collections.defaultdict(lambda: [0, 0, 0])
    f1s, worst = [], []
    for path, text in blocks(sys.argv[1]):
        with open(path[:-5] + ".txt", encoding="utf-8") as f:
            gold = tokens(f.read())
        got = tokens(text)
        tp = sum((got & gold).values())
        n_got, n_gold = sum(got.values()), sum(gold.values())
        idx = int(re.search(r"page-(\d+)", path).group(1)) % len(LAYOUTS)
        for acc in (tot, per_layout[LAYOUTS[idx]]):
            acc[0] += tp
            acc[1] += n_got
            acc[2] += n_gold
        f1 = prf(tp, n_got, n_gold)[2]
        f1s.append(f1)
        worst.append((f1, path))
    p, r, f = prf(*tot)
    print(f"pages {len(f1s)}: micro precision {p:.3f} recall {r:.3f} F1 {f:.3f}; "
          f"macro F1 {sum(f1s) / max(1, len(f1s)):.3f} (target >= 0.95)")
    for name in LAYOUTS:
        if name in per_layout:
            p, r, f = prf(*per_layout[name])
            print(f"  {name:9s} precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    for f1, path in sorted(worst)[:3]:
        print(f"  worst: {f1:.3f} {path.rsplit('/', 1)[-1]}")


if __name__ == "__main__":
    main()
