#!/bin/sh
# Records the scenario corpus (scenarios/README.md).
#
#   scenarios/record.sh [RUN...]     default: every run of scenarios/runs.txt
#
# For each run: boots the Debian kernel in qemu (TCG, no network) with
# yalas.ko through sensor-kmod/scripts/run-in-guest.sh, runs
# scenarios/guest/run.sh there, checks the recording (tools/check.py) and,
# only if the check passes, copies it to scenarios/corpus/ and updates
# corpus/manifest.json.  Exit status 1 if any run failed its check.
# Builds go to scenarios/build/ (git-ignored); sensor-kmod is only built and
# used, never modified.
set -eu
S=$(cd "$(dirname "$0")" && pwd)
K=$(cd "$S/../sensor-kmod" && pwd)
export BUILD="$S/build/kmod"	# run-in-guest.sh and sensor-kmod's make use it
# Single-threaded TCG by default: with thread=multi the guest sometimes
# livelocks (soft lockups of yalas-capture and a task on the other vCPU)
# right when the capture attaches its tracepoints, i.e. while the kernel
# patches its text; see sensor-kmod/README.md "Why single-threaded TCG".
export GUEST_TCG_THREAD=${SCENARIO_TCG_THREAD:-single}
export TIMEOUT=${SCENARIO_TIMEOUT:-900}	# per guest boot (run-in-guest.sh)
# a guest that locks up anyway panics (and exits) instead of burning the timeout
export GUEST_APPEND="softlockup_panic=1 ${GUEST_APPEND:-}"
TRIES=${SCENARIO_TRIES:-2}
KVER=${SCENARIO_KVER:-$("$K/scripts/find-kernels.sh" | awk '{print $1}')}

# setup: what the guest borrows from the host's root (read-only 9p)
"$K/scripts/install-deps.sh"
need=
for p in lz4 redis-server redis-tools strace curl python3 bash util-linux; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need="$need $p"
done
if [ -n "$need" ]; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need
fi

# tools: yalas-capture (sensor-kmod), the static helpers and the payloads
make -s -C "$K" tools
make -s -C "$K" abi-layout > "$S/build/abi-layout.txt"
mkdir -p "$S/build/bin" "$S/build/payload" "$S/build/out" "$S/corpus"
CFLAGS="-O2 -Wall -Wextra -Werror"
gcc $CFLAGS -static -o "$S/build/bin/svc-diag" "$S/src/svc-diag.c"
for t in memscrape spray kstage; do
	gcc $CFLAGS -static -o "$S/build/payload/$t" "$S/src/$t.c"
done
# the rogue Redis modules: recon as the redis user / PATH hijack of the setuid helper
gcc $CFLAGS -shared -fPIC -o "$S/build/payload/rogue-recon.so" \
	-DROGUE_CMD='"id; uname -a; cat /etc/passwd; cat /etc/shadow; ls -la /var/lib/redis-scen"' "$S/src/rogue-module.c"
gcc $CFLAGS -shared -fPIC -o "$S/build/payload/rogue-privesc.so" \
	-DROGUE_CMD='"mkdir -p /tmp/.p; printf \"#!/bin/sh\\nid; cat /etc/shadow | head -3\\n\" > /tmp/.p/uptime; chmod +x /tmp/.p/uptime; PATH=/tmp/.p:$PATH /usr/local/sbin/svc-diag status"' \
	"$S/src/rogue-module.c"
cp "$S/services/webapp/payload/"* "$S/build/payload/"

# record_one SVC RUN MODE: one guest boot, then the check
record_one() {
	out="$S/build/out/$2"
	rm -rf "$out"
	mkdir -p "$out"
	"$K/scripts/run-in-guest.sh" -k "$KVER" -m 1536 -o "$out" -- \
		/bin/sh "$S/guest/run.sh" "$1" "$2" "$3" > "$out/guest.log" 2>&1 || true
	cp "$BUILD/host-guest/$KVER/serial.log" "$out/serial.log" 2>/dev/null || true
	python3 "$S/tools/check.py" run "$S/build/abi-layout.txt" "$out" "$1" "$2" "$3"
}

rm -f "$S/build/out/.failed"
grep -v '^#' "$S/runs.txt" | while read -r svc run mode; do
	[ -n "$run" ] || continue
	if [ $# -gt 0 ]; then
		case " $* " in *" $run "*) ;; *) continue ;; esac
	fi
	t0=$(date +%s)
	try=1
	echo "=== $run ($svc, $mode) on $KVER"
	while ! record_one "$svc" "$run" "$mode"; do
		echo "=== $run: attempt $try failed (guest log: $S/build/out/$run/guest.log)"
		tail -n 20 "$S/build/out/$run/guest.log"
		try=$((try + 1))
		[ $try -le "$TRIES" ] || { echo "=== $run: FAILED"; echo "$run" >> "$S/build/out/.failed"; continue 2; }
	done
	cp "$S/build/out/$run/$run.ycap.lz4" "$S/corpus/"
	python3 "$S/tools/check.py" manifest "$S/corpus" "$S/build/out/$run/$run.entry.json"
	echo "=== $run: ok ($(( $(date +%s) - t0 ))s, $(wc -c < "$S/build/out/$run/$run.ycap.lz4") bytes)"
done
if [ -e "$S/build/out/.failed" ]; then
	echo "record: failed runs: $(cat "$S/build/out/.failed" | tr '\n' ' ')"
	exit 1
fi
