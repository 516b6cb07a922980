#!/usr/bin/env python3
"""Crafted index files (issue 16 item 6): one row per case for bench/hostile.sh.

Each case makes an index with `attrcheck index add` from fixtures/index/originals,
changes it behind attrcheck's back as an attacker with sqlite3 would, then runs
`check --index` and `index verify` on it, printing the exit status, the first
line of stderr and the child's peak RSS. A case is as documented in
docs/limits.md ("Index files") when both commands end with the status it names
and stay under 64 MiB (the 200 MB text and the 4M colliding hashes: 128 MiB,
as `verify` reads through a big blob in pages). Exits 1 when a
row is UNEXPECTED.
    bench/hostile_index.py BUILD/attrcheck FIXTURES_DIR
"""
import os
import subprocess
import sys
import tempfile

MAX_POSTINGS = 4 << 20      # AC_INDEX_MAX_POSTINGS in src/index/index.h

CASES = [
    ("expression index over zeroblob(50 MB)",
     "CREATE INDEX evil ON texts(length(replace(hex(zeroblob(50000000)),'0','ab')))", 2, 64),
    ("planted trigger", "CREATE TRIGGER t1 AFTER INSERT ON texts BEGIN DELETE FROM meta; END", 2, 64),
    ("planted view", "CREATE VIEW v1 AS SELECT * FROM originals", 2, 64),
    ("200 MB stored text",
     "UPDATE texts SET body = zeroblob(200000000) WHERE id = (SELECT min(id) FROM texts);"
     "UPDATE originals SET text_len = 200000000 WHERE id = (SELECT min(id) FROM originals)", 2, 128),
    ("fresh postings over the ceiling",
     "UPDATE fresh SET hashes = zeroblob(%d), pos = zeroblob(%d) WHERE oid = (SELECT min(oid) FROM fresh)"
     % (4 * MAX_POSTINGS + 4, 4 * MAX_POSTINGS + 4), 2, 64),
    ("4M colliding fresh hashes (within the ceilings)",
     "UPDATE fresh SET hashes = zeroblob(%d), pos = zeroblob(%d) WHERE oid = (SELECT min(oid) FROM fresh)"
     % (4 * MAX_POSTINGS, 4 * MAX_POSTINGS), None, 128),
]


def run(argv):
    """Exit status, first stderr line, peak RSS in MiB of one child.

    A forked child starts with this process's peak as its own, so the tampering
    runs in a separate sqlite3 process and this one stays small (about 10 MiB,
    the floor of every figure)."""
    with tempfile.TemporaryFile() as err_file:
        pid = os.fork()
        if pid == 0:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            os.dup2(err_file.fileno(), 2)
            os.execv(argv[0], argv)
        _, status, ru = os.wait4(pid, 0)
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace").strip()
    first = err.splitlines()[0] if err else ""
    return os.waitstatus_to_exitcode(status), first, ru.ru_maxrss / 1024


def main():
    cli, fixtures = os.path.abspath(sys.argv[1]), sys.argv[2]
    originals = os.path.join(fixtures, "index", "originals")
    copy = os.path.join(fixtures, "index", "copy-of-harbour.html")
    failures = 0
    print("| crafted index | check --index | index verify | peak RSS (MiB) | as documented |")
    print("| --- | --- | --- | ---: | --- |")
    for name, sql, want, bound_mib in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "orig.db")
            subprocess.run([cli, "index", "add", "-q", "--index", db, originals], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            subprocess.run(["sqlite3", db], input=sql.encode(), check=True)
            c_rc, c_msg, c_rss = run([cli, "check", "--no-config", "--index", db, copy])
            v_rc, v_msg, v_rss = run([cli, "index", "verify", "--index", db])
        rss = max(c_rss, v_rss)
        ok_status = (c_rc in (0, 1)) if want is None else (c_rc == want and v_rc == want)
        ok = ok_status and rss < bound_mib
        failures += not ok
        short = lambda m: m.replace(tmp, "…").replace("|", "\\|")[:90]
        print(f"| {name} | {c_rc}: {short(c_msg)} | {v_rc}: {short(v_msg)} | {rss:.1f} | "
              f"{'yes' if ok else 'UNEXPECTED'} |")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
