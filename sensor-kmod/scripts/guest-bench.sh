#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the benchmark guest (benchmarks/bin/kmod-overhead).  Interleaves
# rounds without capture, with the default syscall set and with a syscall
# set that excludes the measured calls; prints "BENCH cfg op ns" lines.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
N=${BENCH_N:-50000}
ROUNDS=${BENCH_ROUNDS:-5}
echo "YALAS-BENCH: kernel $(uname -r) cpus $(nproc) rounds $ROUNDS calls $N"
insmod /yalas.ko || echo "BENCH-ERROR insmod"
measure() {
	for op in getpid read openat; do
		out=$(yalas-workload bench $op $N)
		echo "BENCH $1 $op ${out##* }"
	done
}
r=0
while [ $r -lt $ROUNDS ]; do
	measure base
	yalas-capture -o /dev/null -q &
	cp=$!; sleep 0.3
	measure default
	kill -TERM $cp; wait $cp
	# capture only chdir (185): getpid/read/openat/close not in the set
	yalas-capture -o /dev/null -q -m 185 &
	cp=$!; sleep 0.3
	measure masked
	kill -TERM $cp; wait $cp
	r=$((r + 1))
done
# bytes per record: the benchmark mix and the families workload mix
yalas-capture -o /tmp/b.bin -- /bin/yalas-workload bench read 20000 2> /tmp/s1 >/dev/null
yalas-capture -o /tmp/b.bin -- /bin/yalas-workload bench openat 10000 2> /tmp/s2 >/dev/null
yalas-capture -o /tmp/f.bin -- /bin/yalas-workload families /tmp/yb /tmp/yb.exp 2> /tmp/s3
for f in s1 s2 s3; do
	rec=$(grep '^capture.records' /tmp/$f | cut -d' ' -f2)
	byt=$(grep '^capture.bytes' /tmp/$f | cut -d' ' -f2)
	echo "BENCH-RECORDS $f $rec $byt"
done
echo "YALAS-BENCH: DONE"
poweroff -f
