#!/bin/sh
# Records benchmarks/captures/kvstore-busy.ycap.lz4, the busy-server workload of `benchmarks/run shipper`
# (see README.md here): one qemu guest boot (sensor-kmod/scripts/run-in-guest.sh: Debian's kernel, TCG,
# yalas.ko) running busy-server-guest.sh. Needs what scenarios/record.sh installs (qemu, the kernel,
# redis-server, redis-tools, lz4). REQUESTS per redis-benchmark test (default 3000), CLIENTS (default 8).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
K=$(cd "$here/../../sensor-kmod" && pwd)
export BUILD="$here/../target/guest-kmod"
out="$here/../target/busy-server-out"
rm -rf "$out"
mkdir -p "$out"
make -s -C "$K" tools
GUEST_APPEND="softlockup_panic=1" TIMEOUT=${TIMEOUT:-900} "$K/scripts/run-in-guest.sh" -m 1536 -o "$out" -- \
	/bin/sh "$here/busy-server-guest.sh" "$BUILD/tools/yalas-capture" "${REQUESTS:-3000}" "${CLIENTS:-8}"
cp "$out/kvstore-busy.ycap.lz4" "$out/kvstore-busy.txt" "$here/"
