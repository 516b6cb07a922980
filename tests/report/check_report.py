#!/usr/bin/env python3
"""Strict readers for attrcheck's reports, used by tests/unit/test_report.c.

usage: check_report.py csv|json|sarif|junit FILE [SCHEMA]

Parses FILE as strictly as the format allows, checks its shape, then prints
every value as one `path=value` line (newlines shown as \\n) so the C test can
look for the cells it expects. Exit 0 when the file is valid, 1 (reason on
stderr) when it is not, 77 when a check cannot run here (no schema, no
jsonschema module).
"""
import csv
import io
import json
import os
import sys
import xml.etree.ElementTree as ET

SKIP = 77
SCHEMA_NAME = "sarif-2.1.0-rtm.5.json"


def fail(msg):
    print("check_report: " + msg, file=sys.stderr)
    sys.exit(1)


def skip(msg):
    print("check_report: skipped: " + msg, file=sys.stderr)
    sys.exit(SKIP)


def text_of(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        return data.decode("utf-8")  # strict: invalid UTF-8 is an error
    except UnicodeDecodeError as e:
        fail("%s: not UTF-8: %s" % (path, e))


def show(key, value):
    if value is None:
        value = "null"
    elif value is True or value is False:
        value = "true" if value else "false"
    print("%s=%s" % (key, str(value).replace("\n", "\\n")))


def flatten(prefix, value):
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(prefix + "." + k if prefix else k, v)
    elif isinstance(value, list):
        show(prefix + ".length", len(value))
        for i, v in enumerate(value):
            flatten("%s.%d" % (prefix, i), v)
    else:
        show(prefix, value)


def check_csv(path):
    text = text_of(path)
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if not rows:
        fail("empty CSV")
    header = rows[0]
    for n, row in enumerate(rows[1:], 1):
        if len(row) != len(header):
            fail("row %d has %d cells, the header %d" % (n, len(row), len(header)))
        for name, cell in zip(header, row):
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                fail("row %d %s starts a formula: %r" % (n, name, cell))
            show("%d.%s" % (n, name), cell)
    show("rows", len(rows) - 1)
    show("header", ",".join(header))


def strict_json(path):
    def pairs(items):
        keys = [k for k, _ in items]
        if len(keys) != len(set(keys)):
            fail("duplicate key in an object: %r" % keys)
        return dict(items)

    def constant(name):
        fail("non-standard JSON constant %s" % name)

    try:
        return json.loads(text_of(path), object_pairs_hook=pairs, parse_constant=constant)
    except ValueError as e:
        fail("%s: invalid JSON: %s" % (path, e))


def check_json(path):
    flatten("", strict_json(path))


def schema_path(given):
    candidates = [given, os.environ.get("AC_SARIF_SCHEMA")]
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    candidates.append(os.path.join(cache, "attrcheck", SCHEMA_NAME))
    for c in candidates:
        if c and os.path.isfile(c):
            return c
    skip("the SARIF 2.1.0 schema is not installed; run tests/report/fetch-sarif-schema.sh "
         "(it takes %s from the npm package @microsoft/jest-sarif)" % SCHEMA_NAME)


def check_sarif(path, given):
    doc = strict_json(path)
    try:
        import jsonschema
    except ImportError:
        skip("python3-jsonschema is not installed")
    with open(schema_path(given), encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        fail("SARIF schema: " + "; ".join(
            "%s: %s" % ("/".join(map(str, e.path)), e.message) for e in errors[:5]))
    flatten("", doc)


def check_junit(path):
    try:
        root = ET.fromstring(text_of(path).encode("utf-8"))
    except ET.ParseError as e:
        fail("invalid XML: %s" % e)
    if root.tag != "testsuites":
        fail("the root is <%s>, GitLab reads <testsuites>" % root.tag)
    for s, suite in enumerate(root):
        if suite.tag != "testsuite":
            fail("<testsuites> holds <%s>" % suite.tag)
        cases = list(suite)
        if int(suite.get("tests")) != len(cases):
            fail("tests=%s but %d testcases" % (suite.get("tests"), len(cases)))
        failing = sum(1 for c in cases if c.find("failure") is not None)
        erring = sum(1 for c in cases if c.find("error") is not None)
        if int(suite.get("failures")) != failing or int(suite.get("errors")) != erring:
            fail("failures/errors attributes do not count the testcases")
        for k, v in suite.attrib.items():
            show("suite%d@%s" % (s, k), v)
        for c, case in enumerate(cases):
            if case.tag != "testcase" or not case.get("classname") or not case.get("name"):
                fail("testcase %d lacks classname or name" % c)
            for k, v in case.attrib.items():
                show("suite%d.case%d@%s" % (s, c, k), v)
            for e, child in enumerate(case):
                for k, v in child.attrib.items():
                    show("suite%d.case%d.%s%d@%s" % (s, c, child.tag, e, k), v)
                show("suite%d.case%d.%s%d" % (s, c, child.tag, e), child.text)


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "csv":
        check_csv(path)
    elif mode == "json":
        check_json(path)
    elif mode == "sarif":
        check_sarif(path, sys.argv[3] if len(sys.argv) > 3 else None)
    elif mode == "junit":
        check_junit(path)
    else:
        fail("unknown mode " + mode)


if __name__ == "__main__":
    main()
