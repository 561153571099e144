#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run a command in a qemu TCG guest on a Debian kernel, with yalas.ko loaded
# and the host's / as the (read-only, tmpfs-overlaid) root file system, e.g.
# for a live test of the Java shipper against /dev/yalas:
#
#   sensor-kmod/scripts/run-in-guest.sh [-k KVER] [-o OUTDIR] [-m MEM_MB] -- CMD [ARGS...]
#
# CMD runs as root via /bin/sh in the guest; its output goes to this
# script's stdout (serial console); OUTDIR (default: a new temp dir) is
# mounted writable at /yalas-out in the guest for result files.  Exit status:
# CMD's, or 125 if the guest did not report one.  No network (-net none).
#
# Single-threaded TCG by default, as in check.sh: under multi-threaded TCG
# the guest kernel's text patching (static keys flipped when tracepoints are
# attached) has produced "Oops: int3" and a recording livelocked in soft
# lockups.  GUEST_TCG_THREAD=multi overrides it.  The guest kernel runs with
# softlockup_panic=1, so a soft lockup ends the guest (and shows in the log)
# instead of hanging until TIMEOUT; GUEST_APPEND adds kernel parameters.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$SRC/build}
kver= outdir= mem=2048
while [ $# -gt 0 ]; do
	case "$1" in
	-k) kver=$2; shift 2 ;;
	-o) outdir=$2; shift 2 ;;
	-m) mem=$2; shift 2 ;;
	--) shift; break ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || { echo "usage: $0 [-k KVER] [-o OUTDIR] [-m MB] -- CMD..." >&2; exit 2; }
[ -n "$kver" ] || kver=$("$SRC/scripts/find-kernels.sh" | awk '{print $1}')
[ -n "$outdir" ] || outdir=$(mktemp -d /tmp/yalas-guest-out.XXXXXX)
mkdir -p "$outdir"
make -s -C "$SRC" tools >/dev/null 2>&1 || { echo "run-in-guest: tools build failed" >&2; exit 1; }
. "$SRC/scripts/guest-lib.sh"
d="$BUILD/host-guest/$kver"
rm -rf "$d/extra"
mkdir -p "$d/extra/lib/yalas-mods"
i=10
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci \
	 netfs fscache 9pnet 9pnet_virtio 9p overlay; do
	f=$(find "/lib/modules/$kver/kernel" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" | head -n 1)
	case "$f" in
	"") ;;	# built in
	*.xz) xz -dc "$f" > "$d/extra/lib/yalas-mods/$i-$m.ko" ;;
	*.zst) zstd -dcq "$f" > "$d/extra/lib/yalas-mods/$i-$m.ko" ;;
	*) cp "$f" "$d/extra/lib/yalas-mods/$i-$m.ko" ;;
	esac
	i=$((i + 1))
done
# the command, quoted for sh
cmd=
for a in "$@"; do
	cmd="$cmd '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
done
printf '%s\n' "$cmd" > "$d/extra/cmd"
build_guest "$kver" "$d" "$SRC/scripts/guest-host.sh" >&2
GUEST_TCG_THREAD=${GUEST_TCG_THREAD:-single} \
GUEST_APPEND="softlockup_panic=1 ${GUEST_APPEND:-}" \
GUEST_MEM=$mem TIMEOUT=${TIMEOUT:-1800} \
GUEST_QEMU_ARGS="-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap -virtfs local,path=$outdir,mount_tag=yalasout,security_model=none,multidevs=remap" \
	run_guest "$d" "$d/serial.log" || true
tr -d '\r' < "$d/serial.log" | sed -n '/^GUEST-READY/,$p' | grep -v '^GUEST-\|reboot: Power down' || true
grep -E 'GUEST-ERROR|BUG:|WARNING:|Oops|Kernel panic|soft lockup' "$d/serial.log" >&2 || true
echo "run-in-guest: output directory $outdir" >&2
rc=$(tr -d '\r' < "$d/serial.log" | sed -n 's/^GUEST-EXIT \([0-9]*\).*/\1/p' | tail -n 1)
exit "${rc:-125}"
