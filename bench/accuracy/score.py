#!/usr/bin/env python3
"""Score attrcheck against bench/accuracy/labels.tsv.

Reads the JSON report of `attrcheck check --format json` (argv[2]) and the
JSON lines of `attrcheck extract` (argv[3]) for the corpus at argv[1], and
prints precision and recall per rule and per fact kind (credit, license,
holder), then every disagreement. Exit status 1 when a page fails with an
error its label does not expect.
"""
import json
import sys
import unicodedata

FIELDS = ("page", "verdict", "rules", "credit", "license", "holder")


def norm(s):
    """Case, accents, punctuation and spaces ignored, as a reader compares names."""
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s.casefold() if c.isalnum())


def load_labels(path):
    labels = {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != len(FIELDS):
            sys.exit(f"{path}:{n}: {len(cols)} columns, want {len(FIELDS)}")
        row = dict(zip(FIELDS, cols))
        row["rules"] = set() if row["rules"] == "-" else set(row["rules"].split(","))
        for k in ("credit", "license", "holder"):
            row[k] = None if row[k] == "-" else row[k]
        labels[row["page"]] = row
    return labels


def rel(path, corpus):
    return path[len(corpus):].lstrip("/") if path.startswith(corpus) else path


def load_run(corpus, report, extract):
    got = {}
    for p in json.load(open(report, encoding="utf-8"))["pages"]:
        rules = {(f["rule"], f["severity"]) for f in p["findings"]
                 if f["severity"] in ("error", "warning") and not f.get("suppressed")}
        a = p.get("attribution") or {}
        got[rel(p["path"], corpus)] = {
            "rules": rules,
            "credit": a.get("credited_source"), "holder": a.get("copyright_holder"),
            "license": None}
    for line in open(extract, encoding="utf-8"):
        d = json.loads(line)
        page = got.get(rel(d["path"], corpus))
        if page is not None:
            page["license"] = ",".join(sorted(f'{l["id"]}@{l["scope"]}' for l in d["licenses"])) or None
    return got


class Count:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def line(self, name):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        fmt = lambda v: "  -  " if v is None else f"{v:5.2f}"
        return f"  {name:28} precision {fmt(p)}  recall {fmt(r)}  (tp {self.tp}, fp {self.fp}, fn {self.fn})"


def fact_match(kind, want, have):
    if kind == "license":
        return set((want or "").split(",")) == set((have or "").split(","))
    return norm(want) == norm(have)


def main():
    corpus, report, extract, labels_path = sys.argv[1:5]
    labels = load_labels(labels_path)
    got = load_run(corpus, report, extract)
    per_rule, per_sev, facts = {}, {"error": Count(), "warning": Count()}, {}
    disagree, false_errors = [], 0
    for page in sorted(set(labels) | set(got)):
        want, have = labels.get(page), got.get(page)
        if want is None or have is None:
            disagree.append(f"{page}: {'not labelled' if want is None else 'not checked'}")
            continue
        have_rules = {r for r, _ in have["rules"]}
        sev = dict(have["rules"])
        for r in have_rules | want["rules"]:
            c = per_rule.setdefault(r, Count())
            s = per_sev.setdefault(sev.get(r, "error"), Count())
            if r in have_rules and r in want["rules"]:
                c.tp += 1; s.tp += 1
            elif r in have_rules:
                c.fp += 1; s.fp += 1
                disagree.append(f"{page}: reports {r} ({sev[r]}), label does not")
            else:
                c.fn += 1
                disagree.append(f"{page}: label expects {r}, not reported")
        # The run uses --fail-on never, so the verdict is read from the findings: an error fails.
        verdict = "fail" if "error" in sev.values() else "pass"
        if verdict == "fail" and want["verdict"] != "fail":
            false_errors += 1
        if verdict != want["verdict"]:
            disagree.append(f"{page}: verdict {verdict}, label {want['verdict']}")
        for kind in ("credit", "license", "holder"):
            c = facts.setdefault(kind, Count())
            w, h = want[kind], have[kind]
            if w is None and h is None:
                continue
            if w is not None and h is not None and fact_match(kind, w, h):
                c.tp += 1
                continue
            if h is not None:
                c.fp += 1
            if w is not None:
                c.fn += 1
            disagree.append(f"{page}: {kind} {h!r}, label {w!r}")
    print(f"{len(got)} pages checked, {len(labels)} labelled; "
          f"{false_errors} fail with an error the label does not expect")
    print("by severity:")
    for s in ("error", "warning"):
        print(per_sev[s].line(s))
    print("by rule:")
    for r in sorted(per_rule):
        print(per_rule[r].line(r))
    print("by fact kind:")
    for k in ("credit", "license", "holder"):
        print(facts[k].line(k))
    print(f"disagreements ({len(disagree)}):")
    for d in disagree:
        print("  " + d)
    return 1 if false_errors else 0


if __name__ == "__main__":
    sys.exit(main())
