#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make -C sensor-kmod sample [KVER=...]: boot the guest, capture one pass of
# "yalas-workload families" with yalas-capture and store the capture file
# and the workload's list of (syscall id, return value) it performed in
# testdata/ (families-<kver>.ycap, families-<kver>.expected).
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$SRC/build}
kver=${1:-$("$SRC/scripts/find-kernels.sh" | awk '{print $1}')}
. "$SRC/scripts/guest-lib.sh"
d="$BUILD/sample/$kver"
build_guest "$kver" "$d" "$SRC/scripts/guest-sample.sh"
run_guest "$d" "$d/serial.log" || true
tr -d '\r' < "$d/serial.log" > "$d/serial.txt"
mkdir -p "$SRC/testdata"
for f in ycap expected; do
	sed -n "/^SAMPLE-BEGIN families.$f/,/^SAMPLE-END families.$f/p" "$d/serial.txt" |
		sed '1d;$d' | base64 -d > "$SRC/testdata/families-$kver.$f"
	echo "wrote testdata/families-$kver.$f ($(wc -c < "$SRC/testdata/families-$kver.$f") bytes)"
done
