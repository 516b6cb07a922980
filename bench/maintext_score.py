#!/usr/bin/env python3
"""Main-text accuracy on the development corpus (issue 15).

Reads `attrcheck extract` JSON lines on stdin and scores each page's
main_text against its expected body:
  newspaper/text/NAME.txt        the expected body of newspaper/html/NAME.html
  goose3/NAME.json cleaned_text  goose3's expected text for goose3/NAME.html

Counted as the article-extraction-benchmark's evaluate.py counts: tokens are
the regex \\w+ (Unicode, case kept); a page's true positives, false positives
and false negatives are the multiset overlap of its 4-token shingles (--n 1
for a bag of single words), divided by their sum so that every page weighs the
same; precision and recall are means over pages and F1 their harmonic mean.

goose3's expected texts are mostly only the opening of the body (its tests
compare a prefix), so for goose3 the main text is cut to the expected text's
token count before counting: that scores where the body starts and what it
holds up to there, not what follows.  Pages with an empty expected text are
left out (there is nothing to find), and so are newspaper's texts written all
in capitals: they are its annotators' notes on a failure ("MISSED LAST
PARAGRAPH"), not a body.
"""
import argparse
import collections
import json
import os
import re
import sys

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(tokens, n):
    if len(tokens) < n:
        return collections.Counter([tuple(tokens)] if tokens else [])
    return collections.Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def counts(gold, got, n):
    g, p = shingles(gold, n), shingles(got, n)
    tp = sum((g & p).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def summary(rows):
    ps = [precision(*c) for c in rows if c[0] + c[1] > 0]
    rs = [recall(*c) for c in rows if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def is_note(text):
    """A text with cased letters and no lower-case one is a note, not a body."""
    return any(c.isupper() for c in text) and not any(c.islower() for c in text)


def expected(path):
    """(gold text, is_prefix) for a corpus page, or None when it has no gold."""
    d, name = os.path.split(path)
    stem = os.path.splitext(name)[0]
    if os.path.basename(d) == "html":
        txt = os.path.join(os.path.dirname(d), "text", stem + ".txt")
        if os.path.exists(txt):
            with open(txt, encoding="utf-8", errors="replace") as f:
                text = f.read()
            return None if is_note(text) else (text, False)
        return None
    js = os.path.join(d, stem + ".json")
    if os.path.exists(js):
        with open(js, encoding="utf-8") as f:
            return (json.load(f).get("expected", {}).get("cleaned_text") or ""), True
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=4, help="shingle length (evaluate.py: 4)")
    ap.add_argument("--pages", action="store_true", help="print every page")
    args = ap.parse_args()
    groups = collections.defaultdict(list)
    per_page = []
    for line in sys.stdin:
        page = json.loads(line)
        gold = expected(page["path"])
        if gold is None or not TOKEN.search(gold[0]):
            continue
        gold_tokens = TOKEN.findall(gold[0])
        got = TOKEN.findall(page.get("main_text") or "")
        if gold[1]:
            got = got[:len(gold_tokens)]
        c = counts(gold_tokens, got, args.n)
        corpus = os.path.basename(os.path.dirname(page["path"]))
        corpus = "newspaper" if corpus == "html" else corpus
        groups[corpus].append(c)
        groups["all"].append(c)
        per_page.append((summary([c])[2], precision(*c), recall(*c), page["path"]))
    if args.pages:
        for f1, p, r, path in sorted(per_page):
            print(f"  {f1:.3f}  P {p:.3f}  R {r:.3f}  {os.path.basename(path)}")
    for name in ("newspaper", "goose3", "all"):
        if groups[name]:
            p, r, f = summary(groups[name])
            print(f"{name:9s} pages {len(groups[name]):3d}  precision {p:.3f}  "
                  f"recall {r:.3f}  F1 {f:.3f}  ({args.n}-token shingles)")
    for f1, p, r, path in sorted(per_page)[:5]:
        print(f"  worst: F1 {f1:.3f} P {p:.3f} R {r:.3f} {os.path.basename(path)}")


if __name__ == "__main__":
    main()
