#!/bin/sh
# The live JNA source in a qemu guest (TCG) with the real module: boots the guest, runs live-run.sh
# and leaves events.tsv, shipper.err, families.exp, stress.pids, proc-yalas.txt in OUT
# (default sensor-shipper/target/live-guest); then LiveGuestCheck (test classes) checks exact counts.
# Exit 0 only if the guest ran cleanly and every check passed.
# Needs: the shipper and its tests compiled (mvn -pl sensor-shipper -am install), qemu, and the
# kernel of sensor-kmod's check.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SHIPPER=$(cd "$HERE/../../.." && pwd)
SRC=$(cd "$SHIPPER/../sensor-kmod" && pwd)
KVER=${1:-$("$SRC/scripts/find-kernels.sh" | awk '{print $1}')}
BUILD=${BUILD:-$SHIPPER/target/guest-build}
OUT=${OUT:-$SHIPPER/target/live-guest}
[ -f "$SHIPPER/target/yalas-sensor-shipper-0.1.0.jar" ] && [ -d "$SHIPPER/target/test-classes" ] || { echo "live-test: build the shipper first" >&2; exit 2; }
make -s -C "$SRC" tools BUILD="$BUILD" >/dev/null
. "$SRC/scripts/guest-lib.sh"
d=$BUILD/live/$KVER
rm -rf "$OUT" && mkdir -p "$OUT"
sed "s|SHIPPER_DIR|$SHIPPER|g" "$HERE/live-run.sh" > "$BUILD/live-run.sh"
mkdir -p "$d/root/mods"
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p overlay; do
	f=$(find "/lib/modules/$KVER" -name "$m.ko*" | head -n 1)
	case "$f" in
	*.xz) xz -dc "$f" > "$d/root/mods/$m.ko" ;;
	*.zst) zstd -dcq "$f" > "$d/root/mods/$m.ko" ;;
	*) cp "$f" "$d/root/mods/$m.ko" ;;
	esac
done
cp "$BUILD/live-run.sh" "$d/root/live-run.sh"
build_guest "$KVER" "$d" "$HERE/live-init.sh"
t0=$(date +%s)
timeout "${TIMEOUT:-900}" qemu-system-x86_64 -accel tcg -cpu max -m 1536 -smp 2 \
	-net none -nographic -no-reboot -monitor none \
	-kernel "$d/vmlinux" -initrd "$d/initramfs.gz" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs local,path="$OUT",mount_tag=out,security_model=none \
	-append "console=ttyS0 quiet panic=-1 panic_on_warn=1 oops=panic lpj=4000000 no_timer_check tsc=reliable" \
	< /dev/null > "$OUT/serial.log" 2>&1 || true
tr -d '\r' < "$OUT/serial.log" | grep -E '^LIVE' || true
echo "live-test: guest ran $(( $(date +%s) - t0 )) s"
if grep -E 'BUG:|WARNING:|Oops|Kernel panic|general protection' "$OUT/serial.log"; then
	echo "live-test: kernel error" >&2; exit 1
fi
grep -q '^LIVE-DONE' "$OUT/serial.log" && ! grep -q 'LIVE-FAIL' "$OUT/serial.log" || { tail -n 30 "$OUT/serial.log"; exit 1; }
case "$(cat "$OUT/shipper.rc")" in 0|143) true ;; *) false ;; esac || { cat "$OUT/shipper.err"; exit 1; }
echo "live-test: guest PASS, output in $OUT"
CP="$SHIPPER/target/test-classes:$SHIPPER/target/classes:$SHIPPER/target/lib/*"
java -cp "$CP" io.yalas.shipper.guest.LiveGuestCheck "$OUT"
