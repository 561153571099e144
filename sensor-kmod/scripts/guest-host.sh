#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of scripts/run-in-guest.sh: the host's / (read-only 9p) with a tmpfs
# overlay as root, yalas.ko loaded, /yalas-out = the host's output
# directory (writable 9p); runs /cmd in that root and prints its status.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in /lib/yalas-mods/*.ko; do
	[ -e "$m" ] && insmod "$m"
done
mkdir -p /host /ovl /newroot
mount -t tmpfs ovl /ovl
mkdir -p /ovl/upper /ovl/work
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /host || echo "GUEST-ERROR 9p"
mount -t overlay overlay -o lowerdir=/host,upperdir=/ovl/upper,workdir=/ovl/work /newroot || echo "GUEST-ERROR overlay"
mount -t proc proc /newroot/proc
mount -t sysfs sys /newroot/sys
mount -t devtmpfs dev /newroot/dev
mkdir -p /newroot/dev/pts /newroot/yalas-out
mount -t devpts devpts /newroot/dev/pts
mount -t tmpfs tmp /newroot/tmp
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 yalasout /newroot/yalas-out || echo "GUEST-ERROR out share"
ip link set lo up 2>/dev/null
insmod /yalas.ko || echo "GUEST-ERROR insmod yalas"
cp /cmd /newroot/tmp/.yalas-cmd
echo
echo "GUEST-READY $(uname -r)"
chroot /newroot /bin/sh /tmp/.yalas-cmd
echo "GUEST-EXIT $?"
umount /newroot/yalas-out 2>/dev/null
poweroff -f
