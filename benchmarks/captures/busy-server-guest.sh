#!/bin/sh
# Runs inside the qemu guest (sensor-kmod/scripts/run-in-guest.sh: the host's / read-only with a tmpfs
# overlay, yalas.ko loaded, /yalas-out writable). Records the busy-server capture of the shipper
# benchmark: Debian's redis-server in a Docker-like cgroup, driven by redis-benchmark over persistent
# connections, the whole guest captured from before the server starts until after it stops.
#
#   busy-server-guest.sh CAPTURE_TOOL REQUESTS CLIENTS
set -eu
cap_tool=$1 requests=$2 clients=$3
OUT=/yalas-out
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8

hostname node-1
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 cgroup2 /sys/fs/cgroup
# the same container id as the scenario corpus' kvstore service
cid=$(printf 'yalas-scenario-kvstore' | sha256sum | cut -c1-64)
cg=/sys/fs/cgroup/system.slice/docker-$cid.scope
mkdir -p "$cg"
rm -rf /var/lib/redis-busy
mkdir -p /var/lib/redis-busy
chown redis:redis /var/lib/redis-busy

"$cap_tool" -o /tmp/cap.ycap 2> /tmp/capstats &
cap=$!
sleep 1
sh -c "echo \$\$ > $cg/cgroup.procs && exec setpriv --reuid=redis --regid=redis --init-groups \
/usr/bin/redis-server --bind 127.0.0.1 --port 6379 --dir /var/lib/redis-busy --save '' --appendonly no \
--logfile /var/lib/redis-busy/redis.log" &
svc=$!
i=0
until [ "$(redis-cli -h 127.0.0.1 -p 6379 PING 2>/dev/null)" = PONG ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || { echo "redis did not come up" >&2; exit 1; }
	sleep 0.1
done
start=$(date +%s%N)
# keep-alive connections (redis-benchmark's default), random keys over 10,000, the cache/session mix
redis-benchmark -h 127.0.0.1 -p 6379 -q -c "$clients" -n "$requests" -r 10000 -t set,get,incr,lpush,rpop,hset,sadd \
	> /tmp/bench.txt 2>&1
end=$(date +%s%N)
kill -TERM $svc
wait $svc || true
sleep 0.5
kill -INT $cap
wait $cap || true
lz4 -q -9 -f /tmp/cap.ycap "$OUT/kvstore-busy.ycap.lz4"
{
	echo "kernel $(uname -r)"
	echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "workload redis-benchmark -c $clients -n $requests -r 10000 -t set,get,incr,lpush,rpop,hset,sadd"
	echo "workload_ms $(( (end - start) / 1000000 ))"
	echo "cgroup $(stat -c %i "$cg") $cid kvstore"
	echo "--- capture"
	cat /tmp/capstats
	echo "--- redis-benchmark"
	tr '\r' '\n' < /tmp/bench.txt | grep -v '^ *$' | grep 'requests per second'
} > "$OUT/kvstore-busy.txt"
cat "$OUT/kvstore-busy.txt"
