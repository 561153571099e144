#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the test guest: runs the YALAS suite and prints a verdict line.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /tmp
mount -t devpts devpts /dev/pts
mount -t tmpfs tmp /tmp
ip link set lo up
echo "YALAS-GUEST: kernel $(uname -r) cpus $(nproc)"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

insmod /yalas.ko || bad "insmod"
ls -l /dev/yalas | grep -q '^crw-------' || bad "/dev/yalas mode: $(ls -l /dev/yalas)"
grep -q '^abi_version' /proc/yalas || bad "/proc/yalas"

yalas-test families lazyexec latency stress wrap filters badinput killed poll || fail=1

# rmmod while open must be refused, after close must succeed
f0=$fail; fail=0
yalas-test hold 60 > /tmp/hold.log &
hp=$!
i=0
while ! grep -q open /tmp/hold.log && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
if rmmod yalas 2>/dev/null; then bad "rmmod while open succeeded"; fi
kill $hp; wait $hp 2>/dev/null
rmmod yalas || bad "rmmod after close"
grep -q '^yalas ' /proc/modules && bad "module still loaded"
echo "TEST rmmod $([ $fail = 0 ] && echo PASS || echo FAIL)"
[ $f0 = 0 ] || fail=1

# deliberately tiny ring
insmod /yalas.ko ring_kb=16 || bad "insmod tiny"
yalas-test tiny || fail=1
rmmod yalas || bad "rmmod tiny"

# capture tool end to end
insmod /yalas.ko || bad "insmod capture"
yalas-capture -o /tmp/cap.bin -q -- /bin/yalas-workload families /tmp/yc /tmp/yc.exp || bad "yalas-capture"
yalas-test capfile /tmp/cap.bin || fail=1
yalas-dump /tmp/cap.bin > /tmp/cap.txt || bad "yalas-dump"
yalas-test dump /tmp/cap.bin /tmp/cap.txt || fail=1
yalas-test cgcap || fail=1
yalas-test capmask || fail=1
cat /proc/yalas | head -20
rmmod yalas || bad "rmmod capture"


if [ $fail = 0 ]; then echo "YALAS-CHECK: PASS"; else echo "YALAS-CHECK: FAIL"; fi
poweroff -f
