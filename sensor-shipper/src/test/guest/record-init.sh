#!/bin/busybox sh
# /init of the guest that records the shipper's test captures with the real module.
# Each capture is printed base64-encoded between BEGIN-FILE/END-FILE markers on the
# serial console (the guest has no writable share and no network).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /tmp
mount -t tmpfs tmp /tmp
ip link set lo up
emit() { echo; echo "BEGIN-FILE $1"; base64 "$2"; echo "END-FILE $1"; }
insmod /yalas.ko || echo "RECORD-FAIL insmod"
# 1. one pass over every syscall family the module captures (the kmod's own workload)
mkdir -p /tmp/fam
yalas-capture -o /tmp/families.bin -q -- /bin/yalas-workload families /tmp/fam /tmp/families.exp
emit families.bin /tmp/families.bin
emit families.exp /tmp/families.exp
# 2. a busy I/O loop: 400 small reads and writes through one fd pair, plus a few execs
yalas-capture -o /tmp/busy.bin -q -- /bin/sh -c \
  'dd if=/dev/zero of=/tmp/busy.out bs=512 count=400 2>/dev/null; cat /tmp/busy.out > /dev/null; ls /tmp > /dev/null; echo done > /tmp/busy.done'
emit busy.bin /tmp/busy.bin
# 3. (ABI 1.2) one read that blocks for a second: cat reads a pipe that sleep closes
yalas-capture -o /tmp/latency.bin -q -- /bin/sh -c 'sleep 1 | cat > /dev/null'
emit latency.bin /tmp/latency.bin
echo "RECORD-DONE"
poweroff -f
