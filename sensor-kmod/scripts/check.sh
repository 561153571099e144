#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make -C sensor-kmod check: for each kernel release given, build the
# module (-Werror), build a busybox initramfs with the module, the static
# tools and scripts/guest-init.sh, boot it in qemu (TCG, 2 vCPUs, no
# network) and decide from the serial log.  Installs nothing
# (scripts/install-deps.sh does).  Exit 0 only if every kernel passed.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$SRC/build}
TIMEOUT=${CHECK_TIMEOUT:-420}
[ $# -gt 0 ] || { echo "check: no kernel found (run scripts/install-deps.sh)" >&2; exit 1; }
for t in qemu-system-x86_64 cpio xz zstd gzip; do
	command -v $t >/dev/null 2>&1 || { echo "check: missing $t (run scripts/install-deps.sh)" >&2; exit 1; }
done
. "$SRC/scripts/guest-lib.sh"

rc=0
summary=
for kver in "$@"; do
	d="$BUILD/check/$kver"
	t0=$(date +%s)
	echo "=== $kver"
	if build_guest "$kver" "$d" "$SRC/scripts/guest-init.sh"; then
		# single-threaded TCG by default: with multi-threaded TCG the
		# guest kernel's own code patching (static keys flipped when the
		# tracepoints are attached/detached) occasionally hits a stale
		# int3 ("Oops: int3" in kernel text, ~1 boot in 15 here).
		# CHECK_TCG_THREAD=multi runs the vCPUs truly in parallel.
		GUEST_TCG_THREAD=${CHECK_TCG_THREAD:-single} run_guest "$d" "$d/serial.log"
		tr -d '\r' < "$d/serial.log" | grep -E '^(TEST|FAIL|YALAS|families|stress|wrap|tiny|capfile|dump|lazyexec|cgcap|latency)'
		if verdict "$d/serial.log"; then
			res=PASS
		else
			res=FAIL; rc=1
			echo "--- last lines of $d/serial.log"; tail -n 40 "$d/serial.log"
		fi
	else
		res=FAIL; rc=1
	fi
	echo "=== $kver: $res ($(( $(date +%s) - t0 ))s)"
	summary="$summary $kver=$res"
done
# run-in-guest.sh (TCG mode, softlockup_panic, output, exit status) on its
# default kernel; CHECK_RUN_IN_GUEST=0 skips it
if [ "${CHECK_RUN_IN_GUEST:-1}" != 0 ]; then
	t0=$(date +%s)
	if "$SRC/scripts/test-run-in-guest.sh"; then res=PASS; else res=FAIL; rc=1; fi
	echo "=== run-in-guest: $res ($(( $(date +%s) - t0 ))s)"
	summary="$summary run-in-guest=$res"
fi
echo "check:$summary"
exit $rc
