#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Host-side test of scripts/run-in-guest.sh (run by check.sh): by default
# the guest runs under single-threaded TCG with softlockup_panic=1 in
# effect, GUEST_TCG_THREAD=multi overrides the TCG mode, and CMD's output and
# exit status come back.  Prints "TEST run-in-guest PASS|FAIL".
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$SRC/build}
kver=${1:-$("$SRC/scripts/find-kernels.sh" | awk '{print $1}')}
d="$BUILD/host-guest/$kver"
out=$(mktemp -d /tmp/yalas-rig-test.XXXXXX)
fail=0
bad() { echo "FAIL: run-in-guest: $*"; fail=1; }

# default: single-threaded TCG, soft lockups panic
res=$(env -u GUEST_TCG_THREAD -u GUEST_APPEND TIMEOUT=300 \
	"$SRC/scripts/run-in-guest.sh" -k "$kver" -m 512 -o "$out" -- \
	sh -c 'echo "slp=$(cat /proc/sys/kernel/softlockup_panic)"; echo ok > /yalas-out/f; exit 7' 2>/dev/null)
rc=$?
[ $rc = 7 ] || bad "exit status $rc, expected 7"
echo "$res" | grep -qx 'slp=1' || bad "softlockup_panic not 1 in the guest: $res"
[ "$(cat "$out/f" 2>/dev/null)" = ok ] || bad "output directory not written"
grep -qx 'accel tcg,thread=single' "$d/qemu.cmd" || bad "default accel: $(head -n 1 "$d/qemu.cmd")"
grep -q '^append .*softlockup_panic=1' "$d/qemu.cmd" || bad "no softlockup_panic=1 on the command line"

# override
GUEST_TCG_THREAD=multi TIMEOUT=300 "$SRC/scripts/run-in-guest.sh" -k "$kver" -m 512 -o "$out" -- true \
	> /dev/null 2>&1 || bad "override run failed"
grep -qx 'accel tcg,thread=multi' "$d/qemu.cmd" || bad "GUEST_TCG_THREAD=multi not honoured: $(head -n 1 "$d/qemu.cmd")"

rm -rf "$out"
echo "TEST run-in-guest $([ $fail = 0 ] && echo PASS || echo FAIL)"
exit $fail
