#!/usr/bin/env python3
"""Output injection and file safety rows for bench/hostile.sh and docs/limits.md.

Runs the attrcheck CLI (argv[1]) on hostile file names and pages in a
temporary directory and prints one Markdown row per case: what was done, the
outcome seen, and whether it is the documented one. Exit status 1 when any row
is UNEXPECTED. Parsing is strict: json.loads, xml.dom.minidom, csv with
strict=True; "::" lines are allowed only as real GitHub annotations.
"""
import csv
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.dom.minidom

CLI = os.path.abspath(sys.argv[1])
PAGE = (
    "<!doctype html><html lang=\"en\"><head><title>T&#27;[2J\u202eitle</title></head>\n"
    "<body><p data-attrcheck-ignore=\"x&#27;[2J&#27;c\u202e&#1;&#7;\u0085\u009b31m ##[error]old\n"
    "::error file=README.md,line=1,title=Injected::page\">Hello</p>\n"
    "<p>Source : Foo&#27;[31m\u202e\n::error::credit</p>\n</body></html>\n")
NAMES = ["x\n::error file=README.md,line=1,title=Injected::fake.html", "::warning::cmd.html",
         " ::notice::lead.html", "esc\x1b[2J\x1bc.html", "bidi\u202elmth.txt.html",
         "c0\x01\x07.html", "old##[warning]syntax.html"]
MISSING = "gone\n::error::missing.html"
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
ANNOTATION = re.compile(r"::(error|warning|notice) ([^:]*)::")
rows, unexpected = [], 0


def row(case, outcome, ok):
    global unexpected
    unexpected += not ok
    rows.append(f"| {case} | {outcome} | {'as documented' if ok else 'UNEXPECTED'} |")


def run(args, cwd, **kw):
    return subprocess.run([CLI] + args, cwd=cwd, capture_output=True, **kw)


def command_lines(text, annotations):
    """Lines a GitHub runner would read as workflow commands, real annotations aside."""
    bad = []
    for line in text.split("\n"):
        if not line.strip(" \t\r\u00a0\u3000").startswith("::"):
            continue
        m = ANNOTATION.match(line.rstrip("\r"))
        props = m.group(2).split(",") if m else []
        keys = [p.split("=", 1)[0] for p in props]
        if not (annotations and m and keys.count("file") == 1 and keys[-1] == "title"):
            bad.append(line)
    return bad


def parse_strictly(fmt, out):
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "junit":
        xml.dom.minidom.parseString(out.encode())
    elif fmt in ("csv", "findings-csv"):
        rows_ = list(csv.reader(io.StringIO(out, newline=""), strict=True))
        if len({len(r) for r in rows_}) != 1:
            raise ValueError("rows of different lengths")


def injection(d):
    for name in NAMES:
        with open(os.path.join(d, name), "w") as f:
            f.write(PAGE)
    for fmt in ("text", "csv", "findings-csv", "json", "sarif", "junit", "github"):
        r = run(["check", "-j1", "--format", fmt] + NAMES + [MISSING], d)
        out, err = r.stdout.decode(), r.stderr.decode()
        problems = []
        if UNSAFE.search(out) or UNSAFE.search(err):
            problems.append("raw control")
        if command_lines(out, fmt == "github") or command_lines(err, False):
            problems.append("'::' line")
        if (fmt != "github" and "##[" in out) or "##[" in err:
            problems.append("'##[' command")
        try:
            parse_strictly(fmt, out)
        except Exception as e:  # any parse error is the finding
            problems.append(f"parse: {e}")
        row(f"names and page with `\\n::error`, `##[error]`, ESC, C0, C1, U+202E: `--format {fmt}`",
            f"exit {r.returncode}; " + ("; ".join(problems) or "no raw control, no injected "
                                        "'::' or '##[' line, parses strictly"),
            r.returncode == 2 and not problems)
    for cmd in (["extract"], ["fingerprint"],
                ["index", "add", "--index", "o.db", "--base-url", "https://x.example/"]):
        r = run(cmd + NAMES + [MISSING], d)
        out, err = r.stdout.decode(), r.stderr.decode()
        bad = UNSAFE.search(out + err) or command_lines(out + err, False) or "##[" in out + err
        row(f"the same names: `{' '.join(cmd[:2])}`",
            f"exit {r.returncode}; " + ("raw control, '::' or '##[' line" if bad else "one line per "
                                        "message, no raw control"), r.returncode == 2 and not bad)


def refusals(d):
    run(["index", "add", "--index", "o.db", "--url", "https://x.example/a", "p.html"], d)
    with open(os.path.join(d, "site.xml"), "w") as f:
        f.write('<attrcheck version="1"/>\n')
    with open(os.path.join(d, "b.txt"), "w") as f:
        f.write("# attrcheck baseline 2: rule<TAB>path<TAB>evidence\n")
    with open(os.path.join(d, "notes.txt"), "w") as f:
        f.write("my notes\n")
    cases = [
        ("`-o` the index in use", ["--index", "o.db", "-o", "o.db"], "o.db"),
        ("`-o attrcheck.xml` (the config in use), junit", ["-f", "junit", "-o", "attrcheck.xml"],
         "attrcheck.xml"),
        ("`-o` another valid config", ["-f", "junit", "-o", "site.xml"], "site.xml"),
        ("`-o` the baseline in use", ["--baseline", "b.txt", "-o", "b.txt"], "b.txt"),
        ("`-o` an input", ["-o", "p.html"], "p.html"),
        ("`-o` a file that is no report", ["-o", "notes.txt"], "notes.txt"),
        ("`--write-baseline` an SQLite index", ["--write-baseline", "o.db"], "o.db"),
    ]
    for case, args, target in cases:
        before = open(os.path.join(d, target), "rb").read()
        r = run(["check"] + args + ["p.html"], d)
        after = open(os.path.join(d, target), "rb").read()
        err = r.stderr.decode().strip()
        ok = r.returncode == 2 and before == after and err.count("\n") == 0 and \
            "not overwritten" in err and target in err
        row(case, f"exit {r.returncode}, {'unchanged' if before == after else 'OVERWRITTEN'}: "
            f"{err}", ok)
    fresh = tempfile.mkdtemp()
    try:
        shutil.copy(os.path.join(d, "p.html"), fresh)
        r = run(["check", "--no-config", "-f", "junit", "-o", "attrcheck.xml", "p.html"], fresh)
        made = os.path.exists(os.path.join(fresh, "attrcheck.xml"))
        err = r.stderr.decode().strip()
        row("`--no-config -o attrcheck.xml` where there is no config", f"exit {r.returncode}, "
            f"{'written' if made else 'not written'}: {err}", r.returncode == 2 and not made)
    finally:
        shutil.rmtree(fresh)
    with open(os.path.join(d, "precious.txt"), "w") as f:
        f.write("keep\n")
    os.symlink("precious.txt", os.path.join(d, "out.csv"))
    r = run(["check", "-f", "csv", "-o", "out.csv", "p.html"], d)
    kept = open(os.path.join(d, "precious.txt")).read() == "keep\n"
    replaced = not os.path.islink(os.path.join(d, "out.csv"))
    row("`-o` a symbolic link to another file", f"exit {r.returncode}; link replaced: "
        f"{replaced}, target untouched: {kept}", r.returncode == 1 and kept and replaced)


def baseline_names(d):
    for n in ("tab\tb.html", "tab b.html", "nl\nb.html"):
        shutil.copy(os.path.join(d, "p.html"), os.path.join(d, n))
    run(["check", "--write-baseline", "nb.txt", "tab\tb.html", "tab b.html", "nl\nb.html"], d)
    paths = {l.split("\t")[1] for l in open(os.path.join(d, "nb.txt")) if not l.startswith("#")}
    run(["check", "--write-baseline", "nb.txt", "tab b.html"], d)
    again = {l.split("\t")[1] for l in open(os.path.join(d, "nb.txt")) if not l.startswith("#")}
    r = run(["check", "--baseline", "nb.txt", "tab\tb.html", "tab b.html", "nl\nb.html"], d)
    ok = len(paths) == 3 and again == paths and r.returncode == 0
    row("baseline of `tab\\tb.html`, `tab b.html`, `nl\\nb.html`, then one rewritten",
        f"{len(paths)} keys, {len(again)} after carrying, suppressed run exit {r.returncode}", ok)


def signals(d):
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        p = subprocess.Popen([CLI, "check", "-f", "sarif", "-o", "r.sarif", "-"], cwd=d,
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline and not any(n.startswith(".r.sarif.tmp-") for n in os.listdir(d)):
            time.sleep(0.01)
        p.send_signal(sig)
        p.wait()
        left = [n for n in os.listdir(d) if n.startswith(".r.sarif.tmp-")]
        row(f"{sig.name} during `check -o r.sarif`", f"died by {signal.Signals(-p.returncode).name}"
            f", temporaries left: {len(left)}", p.returncode == -sig and not left)
        for n in left:
            os.unlink(os.path.join(d, n))


def file_size(d, pages):
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    r = subprocess.run([CLI, "check", "-f", "sarif", "-o", "big.sarif", pages], cwd=d,
                       capture_output=True, preexec_fn=limit)
    err = r.stderr.decode().strip().splitlines()
    ok = r.returncode == 2 and any("File too large" in l for l in err) and \
        not os.path.exists(os.path.join(d, "big.sarif"))
    row("`ulimit -f 4` and `check -o big.sarif`", f"exit {r.returncode}: {err[-1] if err else ''}",
        ok)


def follow_and_sizes(d):
    outside = tempfile.mkdtemp()
    try:
        shutil.copy(os.path.join(d, "p.html"), os.path.join(outside, "secret.html"))
        os.mkdir(os.path.join(d, "content"))
        os.symlink(os.path.join(outside, "secret.html"), os.path.join(d, "content", "away.html"))
        r = run(["check", "--follow", "-f", "csv", "content"], d)
        verdicts = [c[3] for c in csv.reader(io.StringIO(r.stdout.decode(), newline=""))
                    if c and c[0] == "content/away.html"]
        noted = b"outside the project root, not followed" in r.stderr
        row("`--follow` and a link to outside the project root",
            "skipped with a note" if verdicts == ["skipped"] and noted else
            f"verdict {verdicts}", verdicts == ["skipped"] and noted)
    finally:
        shutil.rmtree(outside)
    for v in (" 5", "5KB", "+5", "0x10"):
        r = run(["check", "--max-bytes", v, "p.html"], d)
        err = r.stderr.decode().strip()
        row(f"`--max-bytes '{v}'`", f"exit {r.returncode}: {err}",
            r.returncode == 2 and "invalid value" in err)


def section(fn, *args):
    """Each section in a fresh directory (a project with p.html and attrcheck.xml)."""
    d = tempfile.mkdtemp()
    try:
        with open(os.path.join(d, "p.html"), "w") as f:
            f.write(PAGE)
        with open(os.path.join(d, "attrcheck.xml"), "w") as f:
            f.write('<attrcheck version="1"/>\n')
        fn(d, *args)
    except Exception as e:  # a section that cannot finish is itself the finding
        row(fn.__name__, f"stopped: {type(e).__name__}: {e}", False)
    finally:
        shutil.rmtree(d)


def main():
    section(injection)
    section(refusals)
    section(baseline_names)
    section(signals)
    section(file_size, os.path.abspath(sys.argv[2]))
    section(follow_and_sizes)
    print("| case | outcome | |")
    print("| --- | --- | --- |")
    print("\n".join(rows))
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
