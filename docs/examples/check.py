#!/usr/bin/env python3
"""Check a page with attrcheck serve (standard library only).

    python3 check.py article.html https://ours.example/2024/05/article
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

path, url = sys.argv[1], sys.argv[2]
query = urllib.parse.urlencode({"url": url, "fail_on": "error"})
req = urllib.request.Request(
    f"http://127.0.0.1:8080/v1/check?{query}",
    data=open(path, "rb").read(),
    headers={"Content-Type": "text/html; charset=utf-8"},
    method="POST",
)
if os.environ.get("ATTRCHECK_TOKEN"):
    req.add_header("Authorization", "Bearer " + os.environ["ATTRCHECK_TOKEN"])
try:
    with urllib.request.urlopen(req, timeout=5) as res:
        result = json.load(res)
except urllib.error.HTTPError as e:
    print(f"attrcheck serve: {e.code}", json.load(e)["error"]["message"], file=sys.stderr)
    sys.exit(2)
for f in result["page"]["findings"]:
    print(f'{f.get("line", 0)}:{f.get("column", 0)}: {f["severity"]} {f["rule"]}: {f["message"]}')
sys.exit(1 if result["verdict"] == "fail" else 0)
