#!/usr/bin/env python3
"""CPU cost of each report format, two attrcheck binaries side by side.

    bench/output_cost.py OLD_BINARY NEW_BINARY [PAGES_DIR]

Runs `check --no-config -j1 --format F -o FILE PAGES_DIR` three times per
binary and format, alternating, and prints the median user+system CPU seconds
and the ratio NEW/OLD (CPU time, not wall time: the machine is shared).
PAGES_DIR defaults to ../shared/corpus beside the project, when it is there.
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORMATS = ["text", "csv", "findings-csv", "json", "sarif", "junit", "github"]


def cpu_seconds(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, ATTRCHECK_RULES_DIR=os.path.join(ROOT, "rules")))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main():
    old, new = (os.path.abspath(p) for p in sys.argv[1:3])
    pages = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, "..", "shared", "corpus")
    if not os.path.isdir(pages):
        sys.exit(f"{pages}: no such directory (give PAGES_DIR)")
    out_dir = tempfile.mkdtemp()
    for fmt in FORMATS:
        times = {old: [], new: []}
        for _ in range(3):
            for binary in (old, new):
                out = os.path.join(out_dir, f"{os.getpid()}-{fmt}")
                if os.path.exists(out):
                    os.unlink(out)   # a fresh file: the two binaries differ in what they replace
                times[binary].append(cpu_seconds([binary, "check", "--no-config", "-j1",
                                                  "--format", fmt, "-o", out, pages]))
        a, b = statistics.median(times[old]), statistics.median(times[new])
        print(f"{fmt:13s} old {a:6.2f} s  new {b:6.2f} s  new/old {b / a:.3f}")


if __name__ == "__main__":
    main()
