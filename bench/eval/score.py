#!/usr/bin/env python3
"""Score `attrcheck compare --format json` on the cases written by gen.py.

Per kind of copy it prints the text-reuse detection measures over character
(byte) ranges on both sides (Potthast et al., "An Evaluation Framework for
Plagiarism Detection", COLING 2010): precision, recall, granularity and
plagdet = F1 / log2(1 + granularity); the class accuracy; and the error of
original_coverage against the truth (original_coverage + quoted_coverage: the
truth counts copied words whether quoted or not). Same-story pairs (two
stories sharing only quotations and a named phrase) have no copied passage to
score: for them it prints the classes (related or unrelated expected) and the
findings of the copy rules when each copy is checked against an index of its
own original (none expected). It ends with the issue 4 and 15 targets and
exits 1 when one is missed.

usage: score.py [--cli PATH] [-v] [DIR]

Text cases (gen.py --text) run with compare --plain.
"""
import argparse
import glob
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def find_cli():
    for cand in [os.environ.get("AC_CLI", "")] + sorted(
            glob.glob(os.path.join(HERE, "..", "..", "build*", "attrcheck"))):
        if cand and os.access(cand, os.X_OK):
            return cand
    return None


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def union_len(ranges):
    total, end = 0, None
    for lo, hi in sorted(ranges):
        if end is None or lo > end:
            total += hi - lo
            end = hi
        elif hi > end:
            total += hi - end
            end = hi
    return total


def clip(r, s):
    return (max(r[0], s[0]), min(r[1], s[1]))


def detects(r, s):
    """A detection detects a case when it overlaps it in both documents."""
    return overlap(r["original"], s["original"]) > 0 and overlap(r["copy"], s["copy"]) > 0


def size(x):
    return (x["original"][1] - x["original"][0]) + (x["copy"][1] - x["copy"][0])


def covered(x, others):
    """Characters of x (both sides) inside the others that detect it."""
    hit = [o for o in others if detects(o, x)]
    n = 0
    for side in ("original", "copy"):
        n += union_len([clip(o[side], x[side]) for o in hit if overlap(o[side], x[side]) > 0])
    return n


class Kind:
    def __init__(self):
        self.prec = []       # one entry per detection
        self.rec = []        # one entry per true case
        self.gran = []       # detections per detected case
        self.cov_err = []
        self.class_ok = 0
        self.pairs = 0
        self.max_cov = 0.0   # original_coverage, the share of the original found copied
        self.max_page_cov = 0.0
        self.classes = {}

    def add(self, truth, result):
        self.max_cov = max(self.max_cov, result["original_coverage"])
        self.max_page_cov = max(self.max_page_cov, result["page_coverage"])
        self.classes[result["class"]] = self.classes.get(result["class"], 0) + 1
        self.pairs += 1
        if truth["kind"] == "same-story":       # nothing copied: only the class counts
            self.class_ok += result["class"] in ("related", "unrelated")
            return
        cases = truth["passages"]
        dets = [{"original": p["original"]["bytes"], "copy": p["copy"]["bytes"]}
                for p in result["passages"]]
        for r in dets:
            self.prec.append(covered(r, cases) / size(r) if size(r) else 0.0)
        for s in cases:
            self.rec.append(covered(s, dets) / size(s) if size(s) else 0.0)
            n = sum(1 for r in dets if detects(r, s))
            if n:
                self.gran.append(n)
        copied = result["original_coverage"] + result.get("quoted_coverage", 0.0)
        self.cov_err.append(abs(copied - truth["original_coverage"]))
        self.class_ok += result["class"] == truth["class"]

    def measures(self):
        p = sum(self.prec) / len(self.prec) if self.prec else (1.0 if not self.rec else 0.0)
        r = sum(self.rec) / len(self.rec) if self.rec else 1.0
        g = sum(self.gran) / len(self.gran) if self.gran else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, g, f1 / math.log2(1 + g)


def run_case(cli, d, plain):
    ext = ".txt" if plain else ".html"
    cmd = [cli, "compare", "--format", "json"] + (["--plain"] if plain else []) + [
        os.path.join(d, "original" + ext), os.path.join(d, "copy" + ext)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), out.returncode, out.stderr))
    return json.loads(out.stdout)


TARGETS = {"verbatim": 0.95, "nav-footer": 0.95, "truncated": 0.95, "excerpt": 0.95,
           "edit-5": 0.85}


COPY_RULES = ("unattributed-copy", "misattributed-copy")


def copy_rule_findings(cli, d):
    """Copy-rule findings on d's copy checked against an index of d's original alone."""
    tmp = tempfile.mkdtemp()
    try:
        os.mkdir(os.path.join(tmp, "o"))
        shutil.copy(os.path.join(d, "original.html"), os.path.join(tmp, "o", "original.html"))
        db = os.path.join(tmp, "index.db")
        subprocess.run([cli, "index", "add", "--index", db, "--base-url",
                        "https://original.example/", os.path.join(tmp, "o")],
                       capture_output=True, check=True)
        out = subprocess.run([cli, "check", "--no-config", "--index", db, "--format", "json",
                              "--fail-on", "never", os.path.join(d, "copy.html")],
                             capture_output=True, text=True)
        pages = json.loads(out.stdout)["pages"]
        return [f["rule"] for p in pages for f in p["findings"] if f["rule"] in COPY_RULES]
    finally:
        shutil.rmtree(tmp)


def report(kinds, flagged):
    print("%-11s %5s %6s %6s %6s %7s %8s %8s  %s" % (
        "kind", "pairs", "prec", "recall", "gran", "plagdet", "cov-err", "class-ok", "classes"))
    failed = []
    for name in sorted(kinds):
        k = kinds[name]
        if name == "same-story":
            print("%-11s %5d %6s %6s %6s %7s %8s %5d/%-3d  %s" % (
                name, k.pairs, "-", "-", "-", "-", "-", k.class_ok, k.pairs,
                " ".join("%s:%d" % kv for kv in sorted(k.classes.items()))))
            print("%-11s largest original_coverage %.3f; copy-rule findings: %s" % (
                "", k.max_cov, "none" if not flagged else " ".join(flagged)))
            if k.class_ok < k.pairs or flagged:
                failed.append("same-story: %d/%d related or unrelated, %d copy-rule findings"
                              % (k.class_ok, k.pairs, len(flagged)))
            continue
        p, r, g, pd = k.measures()
        err = max(k.cov_err)
        print("%-11s %5d %6.3f %6.3f %6.3f %7.3f %8.3f %5d/%-3d  %s" % (
            name, k.pairs, p, r, g, pd, err, k.class_ok, k.pairs,
            " ".join("%s:%d" % kv for kv in sorted(k.classes.items()))))
        if name in TARGETS and pd < TARGETS[name]:
            failed.append("%s plagdet %.3f < %.2f" % (name, pd, TARGETS[name]))
        if name in TARGETS and err > 0.05:
            failed.append("%s coverage error %.3f > 0.05" % (name, err))
        if name == "unrelated":
            print("%-11s largest original_coverage %.3f, page_coverage %.3f" % (
                "", k.max_cov, k.max_page_cov))
        if name == "unrelated" and (k.class_ok < k.pairs or k.max_cov >= 0.02):
            failed.append("unrelated: %d/%d classed unrelated, max original_coverage %.3f"
                          % (k.class_ok, k.pairs, k.max_cov))
    print("targets: " + ("all met" if not failed else "MISSED: " + "; ".join(failed)))
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", default=os.path.join(HERE, "..", "out", "eval"))
    ap.add_argument("--cli", default=find_cli())
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per case")
    args = ap.parse_args()
    if not args.cli:
        sys.exit("score.py: no attrcheck binary (build it, or pass --cli PATH)")
    kinds = {}
    flagged = []
    for d in sorted(glob.glob(os.path.join(args.dir, "*", ""))):
        with open(os.path.join(d, "truth.json")) as f:
            truth = json.load(f)
        result = run_case(args.cli, d, truth.get("plain", False))
        kinds.setdefault(truth["kind"], Kind()).add(truth, result)
        if truth["kind"] == "same-story" and not truth.get("plain", False):
            flagged += ["%s:%s" % (os.path.basename(os.path.dirname(d)), rule)
                        for rule in copy_rule_findings(args.cli, d)]
        if args.verbose:
            print("%-40s %-15s %-15s cov %.3f/%.3f page %.3f exact %.3f passages %d/%d" % (
                os.path.basename(os.path.dirname(d)), truth["class"], result["class"],
                result["original_coverage"], truth["original_coverage"],
                result["page_coverage"], result["exactness"], len(result["passages"]),
                len(truth["passages"])))
    if not kinds:
        sys.exit("score.py: no cases in %s (run gen.py first)" % args.dir)
    return report(kinds, flagged)


if __name__ == "__main__":
    sys.exit(main())
