#!/bin/sh
# Records the capture files under src/test/resources/captures with the real module in a
# qemu guest (TCG).  Uses sensor-kmod's build (module + static tools) read-only.
#   sensor-shipper/src/test/guest/record-captures.sh [KVER]
# FILES names the captures to (re)write (default: all).  families.bin and busy.bin were recorded with
# ABI 1.1 and are kept as such, so the decoder's reading of older captures stays tested:
#   FILES=latency.bin sensor-shipper/src/test/guest/record-captures.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SHIPPER=$(cd "$HERE/../../.." && pwd)
SRC=$(cd "$SHIPPER/../sensor-kmod" && pwd)
KVER=${1:-$("$SRC/scripts/find-kernels.sh" | awk '{print $1}')}
BUILD=${BUILD:-$SHIPPER/target/guest-build}
OUT=$SHIPPER/src/test/resources/captures
make -s -C "$SRC" tools BUILD="$BUILD" >/dev/null
. "$SRC/scripts/guest-lib.sh"
d=$BUILD/record/$KVER
build_guest "$KVER" "$d" "$HERE/record-init.sh"
TIMEOUT=300 run_guest "$d" "$d/serial.log"
tr -d '\r' < "$d/serial.log" > "$d/serial.txt"
grep -q '^RECORD-DONE' "$d/serial.txt" || { tail -n 30 "$d/serial.txt"; echo "record: guest did not finish" >&2; exit 1; }
for f in ${FILES:-families.bin families.exp busy.bin latency.bin}; do
	awk -v f="$f" '$0 ~ ("END-FILE " f "$") {p=0} p {print} $0 ~ ("BEGIN-FILE " f "$") {p=1}' "$d/serial.txt" | base64 -d > "$OUT/$f"
	echo "record: $f $(wc -c < "$OUT/$f") bytes"
done
echo "$KVER" > "$OUT/KERNEL"
