#!/bin/busybox sh
# /init of the live-source guest: mounts the host's / read-only over 9p (overlay + tmpfs on top),
# loads the module, and runs live-run.sh inside that root, where the host's JVM and the shipper's
# jars are.  Results go to the writable 9p share "out".
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
fail() { echo "LIVE-FAIL: $*"; poweroff -f; }
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p overlay; do
	insmod /mods/$m.ko || fail "insmod $m"
done
# big rings: the stress workload must fit while the JVM starts up under TCG
insmod /yalas.ko ring_kb=8192 || fail "insmod yalas"
mkdir -p /host /upper /nr
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /host || fail "9p hostroot"
mount -t tmpfs tmp /upper
mkdir -p /upper/u /upper/w
mount -t overlay overlay -o lowerdir=/host,upperdir=/upper/u,workdir=/upper/w /nr || fail overlay
mount -t proc proc /nr/proc
mount -t sysfs sys /nr/sys
mount -t devtmpfs dev /nr/dev
mount -t tmpfs tmp /nr/tmp
mkdir -p /nr/yalas-out
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 out /nr/yalas-out || fail "9p out"
cp /bin/yalas-workload /bin/busybox /live-run.sh /nr/tmp/
# the families workload execs itself as /bin/yalas-workload
cp /bin/yalas-workload /nr/bin/yalas-workload
chroot /nr /tmp/busybox sh /tmp/live-run.sh
echo "LIVE-DONE"
poweroff -f
