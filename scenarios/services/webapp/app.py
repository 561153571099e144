#!/usr/bin/python3
"""notes-web: the HTTP service under test (scenario "webapp").

A small note-keeping service in the style of many internal tools: static
pages, notes stored as files, a report rendered by a helper program, a
status page fed by a (setuid) diagnostics helper, and a DNS lookup page
that builds a shell command from the query string.  That last endpoint is
the deliberate vulnerability (CWE-78) every web attack of the corpus goes
through; the other endpoints are the service's normal behaviour.

Listens on 127.0.0.1 only.  Run as: app.py DATA_DIR [PORT]
"""
import http.server
import json
import os
import subprocess
import sys
import urllib.parse

ROOT = sys.argv[1] if len(sys.argv) > 1 else "/srv/webapp"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 8080
STATIC = os.path.join(ROOT, "static")
NOTES = os.path.join(ROOT, "notes")
DIAG = "/usr/local/sbin/svc-diag"


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "notes-web/1.4"

    def log_message(self, fmt, *args):
        # access log to a file, as a real deployment would keep one
        with open(os.path.join(ROOT, "access.log"), "a") as f:
            f.write("%s %s\n" % (self.address_string(), fmt % args))

    def reply(self, code, body, ctype="text/plain"):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        p = url.path
        if p == "/health":
            return self.reply(200, "ok\n")
        if p == "/" or p.startswith("/static/"):
            name = "index.html" if p == "/" else os.path.basename(p)
            try:
                with open(os.path.join(STATIC, name), "rb") as f:
                    return self.reply(200, f.read(), "text/html" if name.endswith(".html") else "text/css")
            except OSError:
                return self.reply(404, "not found\n")
        if p == "/notes":
            return self.reply(200, json.dumps(sorted(os.listdir(NOTES))), "application/json")
        if p.startswith("/notes/"):
            try:
                with open(os.path.join(NOTES, os.path.basename(p)), "rb") as f:
                    return self.reply(200, f.read())
            except OSError:
                return self.reply(404, "no such note\n")
        if p == "/report":
            # helper program: line/word counts of every note
            files = sorted(os.path.join(NOTES, n) for n in os.listdir(NOTES))
            out = subprocess.run(["/usr/bin/wc"] + files, capture_output=True).stdout
            return self.reply(200, out)
        if p == "/status":
            # setuid diagnostics helper (reads root-only counters)
            out = subprocess.run([DIAG, "status"], capture_output=True).stdout
            return self.reply(200, out)
        if p == "/lookup":
            host = q.get("host", ["localhost"])[0]
            # VULNERABLE on purpose: the query string reaches a shell
            out = subprocess.run("getent hosts " + host, shell=True, capture_output=True).stdout
            return self.reply(200, out or b"unknown host\n")
        return self.reply(404, "not found\n")

    def do_POST(self):
        p = urllib.parse.urlsplit(self.path).path
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        if p.startswith("/notes/"):
            with open(os.path.join(NOTES, os.path.basename(p)), "wb") as f:
                f.write(body)
            return self.reply(201, "stored\n")
        return self.reply(404, "not found\n")

    def do_DELETE(self):
        p = urllib.parse.urlsplit(self.path).path
        if p.startswith("/notes/"):
            try:
                os.unlink(os.path.join(NOTES, os.path.basename(p)))
                return self.reply(200, "deleted\n")
            except OSError:
                return self.reply(404, "no such note\n")
        return self.reply(404, "not found\n")


if __name__ == "__main__":
    http.server.ThreadingHTTPServer.daemon_threads = True
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    srv.serve_forever()
