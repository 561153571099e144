#!/usr/bin/python3
"""Checks one recorded run and writes its manifest entry; merges entries.

  check.py run LAYOUT OUTDIR SERVICE RUN MODE   -> OUTDIR/RUN.entry.json or exit 1
  check.py manifest CORPUS_DIR ENTRY.json...    -> CORPUS_DIR/manifest.json

LAYOUT is the output of `make -s -C sensor-kmod abi-layout` (offsets and
syscall ids come from there, not from copies).  The check fails loudly when
the capture tool reported corruption or drops, when a family that every run
exercises is empty, when the service's own exec is missing from its cgroup,
or when an attack run lacks the events its label promises inside its
[start, end] window.
"""
import collections
import hashlib
import json
import os
import re
import struct
import subprocess
import sys

FAMILIES = {1: "file", 2: "net", 3: "mem", 4: "proc", 5: "priv"}
REC_NAMES = {1: "syscall", 2: "file", 3: "io", 4: "net", 5: "exec", 16: "proc_fork", 17: "proc_exec", 18: "proc_exit"}
CLONE_NEWUSER = 0x10000000
PROT_WRITE, PROT_EXEC = 2, 4


class Layout:
    def __init__(self, text):
        self.f, self.c = {}, {}
        for line in text.splitlines():
            p = line.split()
            if len(p) == 4 and p[0] == "field":
                self.f[p[1]] = int(p[2])
            elif len(p) == 3 and p[0] == "const":
                self.c[p[1]] = int(p[2])
        self.sysname = {v: k[len("YALAS_SYS_"):].lower() for k, v in self.c.items()
                        if k.startswith("YALAS_SYS_") and k != "YALAS_SYS_MAX"}
        self.hdr = self.c.get("YALAS_HDR_SIZE", 88)


def records(data, L):
    """Yields dicts for every record of an uncompressed capture."""
    hdr_size = struct.unpack_from("<H", data, 6)[0]
    off = hdr_size
    f = L.f
    H = 88  # struct yalas_rec_hdr size, checked below
    S = H + 64
    while off + 8 <= len(data):
        rtype, flags, size = struct.unpack_from("<HHI", data, off)
        if size < H or size % 8 or off + size > len(data):
            raise ValueError("bad record at offset %d (size %d)" % (off, size))
        r = {"type": rtype, "flags": flags,
             "ts": struct.unpack_from("<Q", data, off + f["yalas_rec_hdr.ts_ns"])[0],
             "seq": struct.unpack_from("<Q", data, off + f["yalas_rec_hdr.seq"])[0],
             "cpu": struct.unpack_from("<I", data, off + f["yalas_rec_hdr.cpu"])[0],
             "tgid": struct.unpack_from("<I", data, off + f["yalas_rec_hdr.tgid"])[0],
             "ppid": struct.unpack_from("<I", data, off + f["yalas_rec_hdr.ppid"])[0],
             "uid": struct.unpack_from("<I", data, off + f["yalas_rec_hdr.uid"])[0],
             "euid": struct.unpack_from("<I", data, off + f["yalas_rec_hdr.euid"])[0],
             "cg": struct.unpack_from("<Q", data, off + f["yalas_rec_hdr.cgroup_id"])[0],
             "comm": data[off + f["yalas_rec_hdr.comm"]:off + f["yalas_rec_hdr.comm"] + 16].split(b"\0")[0].decode(errors="replace")}
        if 1 <= rtype <= 5:
            s = off + H
            r["ret"] = struct.unpack_from("<q", data, s + f["yalas_sys.ret"])[0]
            r["args"] = struct.unpack_from("<6Q", data, s + f["yalas_sys.args"])
            r["sysid"] = struct.unpack_from("<H", data, s + f["yalas_sys.sysid"])[0]
            r["family"] = struct.unpack_from("<H", data, s + f["yalas_sys.family"])[0]
            r["sys"] = L.sysname.get(r["sysid"], "?")
            t = off + S
            if rtype == 2:
                pl = struct.unpack_from("<H", data, t + f["yalas_file.path_len"])[0]
                r["fflags"] = struct.unpack_from("<I", data, t + f["yalas_file.flags"])[0]
                base = t + 40
                r["path"] = data[base:base + pl].decode(errors="replace")
            elif rtype == 3:
                r["io_flags"] = struct.unpack_from("<H", data, t + f["yalas_io.io_flags"])[0]
            elif rtype == 4:
                r["port"] = struct.unpack_from("<H", data, t + f["yalas_net.port"])[0]
                r["af"] = struct.unpack_from("<H", data, t + f["yalas_net.family"])[0]
            elif rtype == 5:
                fl = struct.unpack_from("<H", data, t + f["yalas_exec.filename_len"])[0]
                al = struct.unpack_from("<H", data, t + f["yalas_exec.argv_len"])[0]
                base = t + 16
                r["path"] = data[base:base + fl].decode(errors="replace")
                r["argv"] = data[base + fl:base + fl + al].decode(errors="replace").replace("\0", " ").strip()
        elif rtype == 17:   # PROC_EXEC: the new image, from the kernel (never faults)
            fl = struct.unpack_from("<H", data, off + H + f["yalas_proc_exec.filename_len"])[0]
            base = off + H + 8
            r["path"] = data[base:base + fl].decode(errors="replace")
        yield r
        off += size


def capstats(path):
    st = {}
    for line in open(path):
        p = line.split()
        if len(p) == 2 and re.fullmatch(r"-?\d+", p[1]):
            st[p[0]] = int(p[1])
    return st


def in_window(r, a):
    return a["start"]["boot_ns"] <= r["ts"] <= a["end"]["boot_ns"]


def attack_evidence(mode, recs, cg, a):
    """(description, predicate, minimum count) the attack's label promises."""
    tty = 1  # YALAS_IO_TTY
    def sysc(name, r):
        return r.get("sys") == name
    def execs(sub):
        return lambda r: r["type"] == 5 and sub in (r.get("path", "") + " " + r.get("argv", ""))
    def opened(prefix, ok=True):
        return lambda r: r["type"] == 2 and r["sys"] in ("open", "openat", "openat2", "creat") \
            and r.get("path", "").startswith(prefix) and (r["ret"] >= 0 or not ok)
    def net(port, calls):
        return lambda r: r["type"] == 4 and r.get("port") == port and r["sys"] in calls
    redis = {r["tgid"] for r in recs if r["cg"] == cg and r["comm"] == "redis-server"}
    unpriv_diag = {r["tgid"] for r in recs if r["type"] == 5 and "svc-diag" in r.get("path", "") and r["uid"] != 0}
    checks = {
        "cmdinj-shadow": [("exec of the injected shell", execs("cat /etc/shadow"), 1),
                          ("open of /etc/shadow (success)", opened("/etc/shadow"), 1)],
        "webshell-cron": [("open for write under /etc/cron.d/", lambda r: opened("/etc/cron.d/")(r) and r["fflags"] & 3, 1),
                          ("exec of curl", execs("curl"), 1),
                          ("connect to the payload server :8081", net(8081, ("connect",)), 1),
                          ("exec of the downloaded payload /tmp/.u", execs("/tmp/.u"), 1)],
        "ptrace-debugger": [("exec of strace", execs("strace"), 1),
                            ("ptrace calls", lambda r: sysc("ptrace", r), 2),
                            ("process_vm_readv returning data", lambda r: sysc("process_vm_readv", r) and r["ret"] > 0, 1)],
        "memory-spray": [("RWX mmaps", lambda r: sysc("mmap", r) and r["args"][2] & (PROT_WRITE | PROT_EXEC) == (PROT_WRITE | PROT_EXEC), 200),
                         ("mprotect to PROT_EXEC", lambda r: sysc("mprotect", r) and r["args"][2] & PROT_EXEC, 50),
                         ("8 MiB anonymous mmaps", lambda r: sysc("mmap", r) and r["args"][1] == 8 << 20, 8)],
        "kexploit-staging": [("userfaultfd", lambda r: sysc("userfaultfd", r) and r["ret"] >= 0, 1),
                             ("unshare(CLONE_NEWUSER)", lambda r: sysc("unshare", r) and r["args"][0] & CLONE_NEWUSER, 1),
                             ("keyctl spray", lambda r: sysc("keyctl", r), 32),
                             ("shmget spray", lambda r: sysc("shmget", r), 16)],
        "dns-exfil": [("datagrams to port 53", net(53, ("sendto", "sendmsg", "sendmmsg")), 20)],
        "reverse-shell": [("exec of bash with /dev/tcp", execs("/dev/tcp/"), 1),
                          ("connect to :4444", net(4444, ("connect",)), 1),
                          ("commands run by the shell", execs("cat /etc/passwd"), 1)],
        "tty-shell": [("exec of the pty.spawn one-liner", execs("pty.spawn"), 1),
                      ("connect to :4445", net(4445, ("connect",)), 1),
                      ("terminal I/O with payload", lambda r: r["type"] == 3 and r.get("io_flags", 0) & tty, 10),
                      ("a command typed at the pty", execs("cat notes/note-1.txt"), 1)],
        # the module's strings are not yet paged in when it execs the shell, so
        # the execve record's filename/argv are empty (copy fault): the shell
        # is seen in the process-exec tracepoint record, child of redis-server
        "rogue-module": [("exec of a shell by redis-server", lambda r: r["type"] == 17 and r.get("path") == "/bin/sh"
                          and r["ppid"] in redis, 1),
                         ("open of /etc/shadow attempted", opened("/etc/shadow", ok=False), 1)],
        "setuid-privesc": [("exec of the setuid helper", execs("svc-diag"), 1),
                           # records are built at sys_exit: the header already shows the new
                           # uid, so "non-root" is the uid the helper was exec'ed with
                           ("setuid(0) by the helper exec'ed by a non-root user",
                            lambda r: sysc("setuid", r) and r["args"][0] == 0 and r["ret"] == 0
                            and r["tgid"] in unpriv_diag, 1),
                           ("exec of the hijacked uptime", execs("/tmp/.p/uptime"), 1),
                           ("open of /etc/shadow as root (success)", lambda r: opened("/etc/shadow")(r) and r["euid"] == 0, 1)],
    }
    out, ok = [], True
    for what, pred, need in checks[mode]:
        hits = [r for r in recs if r["cg"] == cg and in_window(r, a) and pred(r)]
        good = len(hits) >= need
        ok &= good
        out.append({"event": what, "count": len(hits), "min": need,
                    "first_boot_ns": hits[0]["ts"] if hits else None,
                    "first_pid": hits[0]["tgid"] if hits else None})
    return ok, out


def check_run(layout_path, outdir, service, run, mode):
    L = Layout(open(layout_path).read())
    assert L.f["yalas_rec_hdr.comm"] == 72 and L.f["yalas_sys.family"] == 62, "ABI layout changed"
    lz = os.path.join(outdir, run + ".ycap.lz4")
    data = subprocess.run(["lz4", "-dc", lz], check=True, capture_output=True).stdout
    magic, ver, hsz, abi, ncpu, boot_ns, real_ns = struct.unpack_from("<IHHIIQQ", data, 0)
    kernel = data[112:176].split(b"\0")[0].decode()
    host = data[48:112].split(b"\0")[0].decode()
    recs = sorted(records(data, L), key=lambda r: r["ts"])
    st = capstats(os.path.join(outdir, run + ".capstats"))
    env = {}
    cgroups = []
    for line in open(os.path.join(outdir, run + ".env")):
        k, _, v = line.strip().partition(" ")
        if k == "cgroup":
            cid, container, svc, path = v.split(" ")
            cgroups.append({"cgroup_id": int(cid), "container_id": None if container == "-" else container,
                            "service": svc, "path": path})
        else:
            env[k] = v
    client = json.load(open(os.path.join(outdir, run + ".client.json")))
    errors = []
    # drops: the kernel's counters and the per-CPU seq gaps must agree
    last = {}
    gaps = 0
    for r in sorted(recs, key=lambda r: (r["cpu"], r["seq"])):
        if r["cpu"] in last and r["seq"] != last[r["cpu"]] + 1:
            gaps += r["seq"] - last[r["cpu"]] - 1
        last[r["cpu"]] = r["seq"]
    drops = {"ring_full": st.get("drops.ring_full", -1), "bad_tail": st.get("drops.bad_tail", -1), "seq_gaps": gaps}
    if st.get("capture.corrupt", 1) != 0:
        errors.append("capture tool reported corruption")
    if st.get("capture.records") != len(recs):
        errors.append("record count %d != capture.records %s" % (len(recs), st.get("capture.records")))
    if drops["ring_full"] or drops["bad_tail"]:
        errors.append("drops reported: %s" % drops)
    fam = collections.Counter()
    types = collections.Counter()
    for r in recs:
        types[REC_NAMES.get(r["type"], str(r["type"]))] += 1
        fam[FAMILIES.get(r["family"], "other") if "family" in r else "process"] += 1
    for need in ("file", "net", "mem", "proc", "process"):
        if fam[need] == 0:
            errors.append("no %s records" % need)
    svc_cg = [c for c in cgroups if c["container_id"]][0]
    per_cg = collections.Counter(r["cg"] for r in recs)
    if per_cg[svc_cg["cgroup_id"]] < 200:
        errors.append("only %d records in the service cgroup" % per_cg[svc_cg["cgroup_id"]])
    entry_exec = {"webapp": "app.py", "kvstore": "redis-server"}[service]
    if not any(r["type"] == 5 and r["cg"] == svc_cg["cgroup_id"] and entry_exec in r.get("argv", "") for r in recs):
        errors.append("the service's exec (%s) is not in its cgroup" % entry_exec)
    if env.get("client_exit") != "0":
        errors.append("client exit status %s" % env.get("client_exit"))
    kind = "learn" if mode == "learn" else "production" if mode.startswith("prod") else "attack"
    entry = {
        "scenario": service + "/" + run, "run": run, "service": service, "kind": kind, "mode": mode,
        "file": run + ".ycap.lz4",
        "sha256": hashlib.sha256(open(lz, "rb").read()).hexdigest(),
        "bytes": os.path.getsize(lz), "bytes_uncompressed": len(data),
        "records": len(recs), "families": dict(sorted(fam.items())), "record_types": dict(sorted(types.items())),
        "records_per_cgroup": {str(k): v for k, v in sorted(per_cg.items())},
        "drops": drops, "kernel": kernel, "hostname": host, "nr_cpus": ncpu,
        "recorded_at": env.get("date"),
        "capture_clock": {"boot_ns": boot_ns, "realtime_ns": real_ns,
                          "note": "record ts_ns is CLOCK_BOOTTIME of the guest; wall clock = ts_ns - boot_ns + realtime_ns"},
        "workload": {"start_boot_ns": client["workload_start"]["boot_ns"], "end_boot_ns": client["workload_end"]["boot_ns"]},
        "cgroups": cgroups,
    }
    if kind == "attack":
        a = client["attack"]
        ok, ev = attack_evidence(mode, recs, svc_cg["cgroup_id"], a)
        if not ok:
            errors.append("attack evidence missing: %s" % [e for e in ev if e["count"] < e["min"]])
        cg = svc_cg["cgroup_id"]
        if service == "kvstore":
            # the first program redis-server itself starts in the window (see rogue-module)
            redis = {r["tgid"] for r in recs if r["cg"] == cg and r["comm"] == "redis-server"}
            root = next((r for r in recs if r["type"] == 17 and r["cg"] == cg and in_window(r, a)
                         and r["ppid"] in redis), None)
        else:
            root = next((r for r in recs if r["type"] == 5 and r["cg"] == cg and in_window(r, a)
                         and a["marker"] in r.get("argv", "")), None)
        entry["attack"] = {
            "name": a["name"], "label": a["label"], "mitre": a["mitre"], "clock": "CLOCK_BOOTTIME",
            "start_boot_ns": a["start"]["boot_ns"], "end_boot_ns": a["end"]["boot_ns"],
            "start_realtime_ns": a["start"]["realtime_ns"], "end_realtime_ns": a["end"]["realtime_ns"],
            "request": a.get("request"), "root_pid": root["tgid"] if root else None,
            "root_comm": os.path.basename(root["path"])[:15] if root else None,
            "root_argv": root.get("argv", "")[:300] if root else None,
            "evidence": ev}
        if root is None:
            errors.append("attack root process (argv containing %r) not found" % a["marker"])
    if errors:
        print("CHECK FAILED %s: %s" % (run, "; ".join(errors)), file=sys.stderr)
        return 1
    with open(os.path.join(outdir, run + ".entry.json"), "w") as f:
        json.dump(entry, f, indent=1)
    print("check %s: ok, %d records, families %s, drops %s" % (run, len(recs), dict(fam), drops))
    return 0


def merge(corpus, entries):
    path = os.path.join(corpus, "manifest.json")
    runs = {}
    if os.path.exists(path):
        runs = {e["run"]: e for e in json.load(open(path))["runs"]}
    for e in entries:
        e = json.load(open(e))
        runs[e["run"]] = e
    order = {"learn": 0, "production": 1, "attack": 2}
    out = {"format": "yalas-scenarios-manifest/1",
           "about": "Recorded scenarios: see scenarios/README.md. Times are CLOCK_BOOTTIME ns of the guest "
                    "(the clock of every record's ts_ns) unless named *_realtime_ns.",
           "runs": sorted(runs.values(), key=lambda e: (e["service"], order[e["kind"]], e["run"]))}
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1] == "run":
        sys.exit(check_run(*sys.argv[2:7]))
    merge(sys.argv[2], sys.argv[3:])
