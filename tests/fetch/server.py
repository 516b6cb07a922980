#!/usr/bin/env python3
"""Loopback HTTP server for the --fetch tests and bench/fetch.sh.

Binds 127.0.0.1 on an ephemeral port and prints the port on the first line
of stdout. Host names under .localhost all reach it (libcurl resolves
*.localhost to loopback itself), and the Host header picks the behaviour:
robots-deny.localhost serves a robots.txt that disallows everything. Paths:

  /original.html      the article the test pages copy (from DIR/original.html)
  /other.html         an article on another subject: not the source
  /shell.html         a JavaScript shell page with almost no text
  /rights.html        the original stating its terms: tdm-reservation 1, noai, CC BY-ND 4.0
                      in its head, and an RSL license in an HTTP Link field
  /redirect           302 to http://elsewhere.localhost:PORT/original.html
  /missing            404
  /slow               answers after 30 s (the tests time out first)
  /endless            a body that never ends
  /cached.html        the original with Cache-Control max-age and an ETag
  /etag.html          the original, no-cache with an ETag: 304 when If-None-Match matches
  /nostore.html       the original with Cache-Control no-store
  /pause/...          the original after 0.3 s (to see requests overlap)
  /count              how many requests were served so far (this one excluded)
  /overlap            the most requests to one host that were ever in progress at once

usage: server.py DIR [--delay SECONDS]   (DIR holds original.html, other.html)
"""
import http.server
import os
import sys
import threading
import time

DIR = sys.argv[1]
DELAY = float(sys.argv[sys.argv.index("--delay") + 1]) if "--delay" in sys.argv else 0.0
COUNT = 0
INFLIGHT = {}
OVERLAP = 0
LOCK = threading.Lock()
SHELL = (b"<!doctype html><html><head><title>App</title></head><body><div id=root></div>"
         b"<script src=/app.js></script><noscript>Enable JavaScript.</noscript></body></html>")


def page(name):
    with open(os.path.join(DIR, name), "rb") as f:
        return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", ctype="text/html; charset=utf-8", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def endless(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"more words " * 400 + b"</p>\n"
        deadline = time.time() + 60
        try:
            while time.time() < deadline:
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def do_GET(self):
        global COUNT, OVERLAP
        path = self.path.split("?")[0]
        host = (self.headers.get("Host") or "").split(":")[0]
        if path in ("/count", "/overlap"):
            with LOCK:
                n = COUNT if path == "/count" else OVERLAP
            return self.send(200, str(n).encode(), "text/plain")
        with LOCK:
            COUNT += 1
            INFLIGHT[host] = INFLIGHT.get(host, 0) + 1
            OVERLAP = max(OVERLAP, INFLIGHT[host])
        try:
            self.route(path, host)
        finally:
            with LOCK:
                INFLIGHT[host] -= 1

    def route(self, path, host):
        if DELAY:
            time.sleep(DELAY)
        port = self.server.server_address[1]
        if path == "/robots.txt":
            if host == "robots-deny.localhost":
                return self.send(200, b"User-agent: *\nDisallow: /\n", "text/plain")
            return self.send(404, b"no robots.txt", "text/plain")
        if path.startswith("/pause/"):
            time.sleep(0.3)
            return self.send(200, page("original.html"))
        if path in ("/original.html", "/other.html") or path.startswith("/site/"):
            return self.send(200, page("other.html" if path == "/other.html" else "original.html"))
        if path == "/cached.html":
            return self.send(200, page("original.html"),
                             extra=(("Cache-Control", "max-age=3600"), ("ETag", '"v1"')))
        if path == "/etag.html":
            extra = (("Cache-Control", "no-cache"), ("ETag", '"e1"'))
            if self.headers.get("If-None-Match") == '"e1"':
                self.send_response(304)
                for k, v in extra:
                    self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return self.send(200, page("original.html"), extra=extra)
        if path == "/nostore.html":
            return self.send(200, page("original.html"), extra=(("Cache-Control", "no-store"),))
        if path == "/rights.html":
            head = (b'<meta name="tdm-reservation" content="1"><meta name="robots" content="noai">'
                    b'<link rel="license" href="https://creativecommons.org/licenses/by-nd/4.0/">')
            link = '<http://%s:%d/license.xml>; rel="license"; type="application/rsl+xml"' % (
                host, port)
            return self.send(200, page("original.html").replace(b"</head>", head + b"</head>", 1),
                             extra=(("Link", link),))
        if path == "/shell.html":
            return self.send(200, SHELL)
        if path == "/redirect":
            loc = "http://elsewhere.localhost:%d/original.html" % port
            return self.send(302, b"", extra=(("Location", loc),))
        if path == "/slow":
            time.sleep(30)
            return self.send(200, page("original.html"))
        if path == "/endless":
            return self.endless()
        return self.send(404, b"not here")


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
