#!/usr/bin/python3
"""Drives the Redis service (scenario "kvstore") for one recorded run.

  client.py MODE META_JSON

Uses Redis' own clients from Debian (redis-cli, redis-benchmark) against
127.0.0.1:6379.  MODE: "learn" (every command family the application uses,
including snapshots, in a fixed order), "prod" (a cache/session workload
from redis-benchmark plus a monitoring agent polling INFO), or an attack
("rogue-module", "setuid-privesc": a rogue module loaded with MODULE LOAD,
the well-known takeover of exposed Redis servers).  Attack start/end times
go to META_JSON in CLOCK_BOOTTIME ns (the records' clock) and realtime ns.
"""
import json
import subprocess
import sys
import time

CLI = ["redis-cli", "-h", "127.0.0.1", "-p", "6379"]


def now():
    return {"boot_ns": time.clock_gettime_ns(time.CLOCK_BOOTTIME),
            "realtime_ns": time.clock_gettime_ns(time.CLOCK_REALTIME)}


def cli(*args, stdin=None):
    return subprocess.run(CLI + list(args), input=stdin, capture_output=True, text=True, timeout=120)


def wait_ready():
    for _ in range(600):
        if cli("PING").stdout.strip() == "PONG":
            return
        time.sleep(0.1)
    sys.exit("client: redis did not come up")


def learn_script(i):
    """The application's command set, one pipeline of commands per round."""
    k = "app:%d" % i
    return "\n".join([
        "PING", "CLIENT SETNAME learn-%d" % i,
        "SET %s:greeting hello" % k, "GET %s:greeting" % k, "APPEND %s:greeting -world" % k,
        "STRLEN %s:greeting" % k, "GETRANGE %s:greeting 0 4" % k,
        "MSET %s:a 1 %s:b 2 %s:c 3" % (k, k, k), "MGET %s:a %s:b %s:c" % (k, k, k),
        "INCR %s:counter" % k, "INCRBY %s:counter 10" % k, "DECR %s:counter" % k,
        "SET %s:session abc EX 60" % k, "TTL %s:session" % k, "PERSIST %s:session" % k,
        "EXPIRE %s:session 30" % k, "EXISTS %s:session" % k, "TYPE %s:session" % k,
        "RENAME %s:a %s:a2" % (k, k), "DEL %s:a2 %s:b" % (k, k),
        "LPUSH %s:queue j1 j2 j3" % k, "RPUSH %s:queue j4" % k, "LRANGE %s:queue 0 -1" % k,
        "LPOP %s:queue" % k, "RPOP %s:queue" % k, "LLEN %s:queue" % k,
        "HSET %s:user name alice role admin visits 1" % k, "HGET %s:user name" % k,
        "HINCRBY %s:user visits 1" % k, "HGETALL %s:user" % k, "HDEL %s:user role" % k,
        "SADD %s:tags red green blue" % k, "SISMEMBER %s:tags red" % k, "SMEMBERS %s:tags" % k,
        "SADD %s:tags2 green" % k, "SINTER %s:tags %s:tags2" % (k, k), "SREM %s:tags blue" % k,
        "ZADD %s:scores 10 bob 20 carol 15 dave" % k, "ZRANGE %s:scores 0 -1 WITHSCORES" % k,
        "ZSCORE %s:scores carol" % k, "ZRANGEBYSCORE %s:scores 12 25" % k, "ZREM %s:scores bob" % k,
        "MULTI", "INCR %s:tx" % k, "INCR %s:tx" % k, "EXEC",
        "PUBLISH events:%d created" % i, "SCAN 0 MATCH app:* COUNT 100", "KEYS app:%d:*" % i,
        "DBSIZE", "INFO keyspace", "CONFIG GET maxmemory", "CLIENT LIST", "SLOWLOG GET 5",
        "BGSAVE" if i == 1 else "LASTSAVE", "PING"]) + "\n"


def learn():
    for i in range(3):
        r = cli(stdin=learn_script(i))
        assert r.returncode == 0, r.stderr
        time.sleep(1)          # lets BGSAVE's child finish
    cli("SAVE")
    subprocess.run(["redis-benchmark", "-h", "127.0.0.1", "-q", "-n", "100", "-c", "2",
                    "-t", "ping,set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,lrange_100,mset"],
                   check=True, capture_output=True)
    cli("FLUSHDB")


def background(n, clients, seed):
    """Cache/session traffic: random keys over a bounded keyspace."""
    subprocess.run(["redis-benchmark", "-h", "127.0.0.1", "-q", "-n", str(n), "-c", str(clients),
                    "-r", "1000", "-t", "set,get,incr,lpush,rpop,hset,sadd"], check=True, capture_output=True)
    for i in range(3):
        cli("INFO", "stats")       # monitoring agent
        cli("DBSIZE")
        cli("GET", "key:%012d" % (seed * 7 + i))


def prod():
    for seed in range(3):
        background(400, 6, seed)
        cli("BGSAVE")              # periodic snapshot
        time.sleep(1)


ATTACKS = {
    "rogue-module": {
        "label": "unauthenticated MODULE LOAD of a rogue module; its constructor spawns a shell "
                 "(recon, /etc/passwd, /etc/shadow attempt) as the redis user",
        "mitre": ["T1190", "T1059.004", "T1003.008"],
        "marker": "cat /etc/passwd",
        "module": "/tmp/rogue-recon.so"},
    "setuid-privesc": {
        "label": "rogue module shell abuses the setuid helper svc-diag (PATH hijack of uptime) to run "
                 "a root shell that reads /etc/shadow",
        "mitre": ["T1548.001", "T1574.007"],
        "marker": "svc-diag",
        "module": "/tmp/rogue-privesc.so"},
}


def attack(name, meta):
    a = ATTACKS[name]
    background(300, 4, 1)
    start = now()
    # the attacker's session: recon, then the module load
    recon = cli(stdin="INFO server\nCONFIG GET dir\nCONFIG GET dbfilename\nCLIENT LIST\n")
    r = cli("MODULE", "LOAD", a["module"])
    end = now()
    background(300, 4, 2)
    meta["attack"] = {"name": name, "label": a["label"], "mitre": a["mitre"], "marker": a["marker"],
                      "request": "MODULE LOAD " + a["module"], "reply": (r.stdout + r.stderr).strip()[:200],
                      "recon_bytes": len(recon.stdout), "start": start, "end": end}


def main():
    mode, meta_path = sys.argv[1], sys.argv[2]
    meta = {"mode": mode}
    wait_ready()
    meta["workload_start"] = now()
    if mode == "learn":
        learn()
    elif mode == "prod":
        prod()
    else:
        attack(mode, meta)
    meta["workload_end"] = now()
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)


if __name__ == "__main__":
    main()
