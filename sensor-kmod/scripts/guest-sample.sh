#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the sample guest (scripts/sample.sh): captures one pass of the
# families workload and prints the capture file and the workload's own
# list of calls, base64 encoded, on the console.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /tmp
mount -t devpts devpts /dev/pts
mount -t tmpfs tmp /tmp
ip link set lo up
insmod /yalas.ko
yalas-capture -o /tmp/families.ycap -q -- /bin/yalas-workload families /tmp/yt /tmp/families.expected
echo
for f in families.ycap families.expected; do
	echo "SAMPLE-BEGIN $f"
	base64 /tmp/$f
	echo "SAMPLE-END $f"
done
poweroff -f
