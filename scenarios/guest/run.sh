#!/bin/sh
# Runs inside the qemu guest (sensor-kmod/scripts/run-in-guest.sh: the host's
# / read-only with a tmpfs overlay, yalas.ko loaded, /yalas-out writable).
#
#   run.sh SERVICE RUN MODE
#
# Records one run: starts yalas-capture first, then the service inside its
# own cgroup v2 laid out like a Docker container
# (/sys/fs/cgroup/system.slice/docker-<64 hex>.scope) and its own mount/UTS/
# IPC namespaces, drives it with the service's client (MODE: learn, a
# production mix or an attack), stops the service, stops the capture and
# leaves in /yalas-out: RUN.ycap.lz4, RUN.client.json (attack times),
# RUN.capstats (capture statistics) and RUN.env (cgroup map, kernel...).
set -eu
svc=$1 run=$2 mode=$3
S=/work/main/scenarios
B=$S/build
OUT=/yalas-out
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
log() { echo "run.sh[$run]: $*"; }

hostname node-1
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 cgroup2 /sys/fs/cgroup
# stable container id per service: sha256 of its name, as Docker's 64 hex
cid=$(printf 'yalas-scenario-%s' "$svc" | sha256sum | cut -c1-64)
cg=/sys/fs/cgroup/system.slice/docker-$cid.scope
mkdir -p "$cg"

# the setuid diagnostics helper both "images" ship
install -o root -g root -m 4755 "$B/bin/svc-diag" /usr/local/sbin/svc-diag

case "$svc" in
webapp)
	rm -rf /srv/webapp
	mkdir -p /srv/webapp
	cp -r "$S/services/webapp/static" "$S/services/webapp/notes" "$S/services/webapp/app.py" /srv/webapp/
	svc_cmd='exec /usr/bin/python3 /srv/webapp/app.py /srv/webapp 8080'
	client() { /usr/bin/python3 "$S/services/webapp/client.py" "$mode" /tmp/client.json "$B/payload"; }
	;;
kvstore)
	rm -rf /var/lib/redis-scen
	mkdir -p /var/lib/redis-scen
	chown redis:redis /var/lib/redis-scen
	# the rogue module is "already delivered" (see README: attack staging)
	cp "$B/payload/"rogue-*.so /tmp/ 2>/dev/null || true
	chmod 755 /tmp/rogue-*.so 2>/dev/null || true
	# runs as the redis user like the official image; the two legacy switches
	# (module command, protected configs) are the misconfiguration attacked
	svc_cmd="exec setpriv --reuid=redis --regid=redis --init-groups /usr/bin/redis-server \
--bind 127.0.0.1 --port 6379 --dir /var/lib/redis-scen --save '' --appendonly no \
--enable-module-command yes --enable-protected-configs yes --logfile /var/lib/redis-scen/redis.log"
	client() { /usr/bin/python3 "$S/services/kvstore/client.py" "$mode" /tmp/client.json; }
	;;
*) echo "unknown service $svc" >&2; exit 2 ;;
esac

# 1. capture first, so the service's exec (exe, argv) is recorded
"$B/kmod/tools/yalas-capture" -o /tmp/cap.ycap 2> /tmp/capstats &
cap=$!
sleep 1
# 2. the service, in its container cgroup and mount/UTS/IPC namespaces;
#    the entrypoint sets the container hostname (short id) and execs it
short=$(printf '%s' "$cid" | cut -c1-12)
printf '#!/bin/sh\nhostname %s\n%s\n' "$short" "$svc_cmd" > /srv/entrypoint-$svc.sh
sh -c "echo \$\$ > $cg/cgroup.procs && exec unshare --mount --uts --ipc -- /bin/sh /srv/entrypoint-$svc.sh" \
	> /tmp/service.log 2>&1 &
svcpid=$!
# 3. the workload (outside the container: root cgroup)
log "service pid $svcpid, cgroup $(stat -c %i "$cg"), mode $mode"
rc=0
client || rc=$?
# 4. stop the service, then the capture
kill -TERM $svcpid 2>/dev/null || true
wait $svcpid 2>/dev/null || true
sleep 0.5
kill -INT $cap
wait $cap || true
log "client exit $rc"
cat /tmp/capstats
tail -n 5 /tmp/service.log
lz4 -q -9 -f /tmp/cap.ycap "$OUT/$run.ycap.lz4"
cp /tmp/capstats "$OUT/$run.capstats"
cp /tmp/client.json "$OUT/$run.client.json" 2>/dev/null || true
{
	echo "kernel $(uname -r)"
	echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "cgroup $(stat -c %i /sys/fs/cgroup) - host /"
	echo "cgroup $(stat -c %i "$cg") $cid $svc ${cg#/sys/fs/cgroup}"
	echo "client_exit $rc"
} > "$OUT/$run.env"
exit $rc
