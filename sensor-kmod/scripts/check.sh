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
BUSYBOX=$(command -v busybox || echo /bin/busybox)

# extract the ELF vmlinux (PVH direct boot, much faster than vmlinuz+BIOS);
# Debian's 6.1 bzImage carries an xz payload, 6.12 a zstd one
vmlinux() {
	kver=$1 out=$2 img=/boot/vmlinuz-$1
	[ -s "$out" ] && [ "$out" -nt "$img" ] && return 0
	off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$img" | head -n 1 | cut -d: -f1)
	if [ -n "$off" ]; then
		tail -c +$((off + 1)) "$img" | xz -dcq > "$out.tmp" 2>/dev/null
	else
		off=$(LC_ALL=C grep -obUaP '\x28\xb5\x2f\xfd' "$img" | head -n 1 | cut -d: -f1)
		[ -n "$off" ] || return 1
		tail -c +$((off + 1)) "$img" | zstd -dcq > "$out.tmp" 2>/dev/null
	fi
	head -c 4 "$out.tmp" | grep -q ELF || { rm -f "$out.tmp"; return 1; }
	mv "$out.tmp" "$out"
}

# build_guest KVER DIR [EXTRA_SCRIPT]: module + initramfs in DIR
build_guest() {
	kver=$1 d=$2 extra=${3:-}
	mkdir -p "$d/mod" "$d/root/bin" "$d/root/proc" "$d/root/sys" "$d/root/dev" "$d/root/tmp"
	cp -r "$SRC/Kbuild" "$SRC/src" "$SRC/include" "$d/mod/"
	if ! make -s -C "/lib/modules/$kver/build" M="$d/mod" modules > "$d/build.log" 2>&1; then
		cat "$d/build.log"; echo "check: module build failed for $kver"; return 1
	fi
	grep -i -e warning -e error "$d/build.log" | grep -v "Skipping BTF" && { echo "check: build warnings"; return 1; }
	vmlinux "$kver" "$d/vmlinux" || { echo "check: cannot extract vmlinux from /boot/vmlinuz-$kver"; return 1; }
	cp "$BUSYBOX" "$d/root/bin/busybox"
	cp "$BUILD"/tools/yalas-* "$d/root/bin/"
	cp "$d/mod/yalas.ko" "$d/root/yalas.ko"
	cp "$SRC/scripts/guest-init.sh" "$d/root/init"
	rm -f "$d/root/guest-extra.sh"
	[ -n "$extra" ] && cp "$extra" "$d/root/guest-extra.sh" && chmod +x "$d/root/guest-extra.sh"
	chmod +x "$d/root/init"
	(cd "$d/root" && find . | cpio -o -H newc --quiet | gzip -1) > "$d/initramfs.gz"
}

# run_guest DIR LOG
run_guest() {
	d=$1 log=$2
	timeout "$TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max -m 512 -smp 2 \
		-net none -nographic -no-reboot -monitor none \
		-kernel "$d/vmlinux" -initrd "$d/initramfs.gz" \
		-append "console=ttyS0 quiet panic=-1 panic_on_warn=1 oops=panic lpj=4000000 no_timer_check tsc=reliable" \
		< /dev/null > "$log" 2>&1
}

verdict() {
	log=$1
	if grep -E 'BUG:|WARNING:|Oops|KASAN|Kernel panic|Call Trace|general protection' "$log"; then
		echo "check: kernel error in the serial log"; return 1
	fi
	grep -q '^YALAS-CHECK: PASS' "$log" || return 1
	return 0
}

[ "${CHECK_LIB_ONLY:-}" = 1 ] && return 0 2>/dev/null

rc=0
summary=
for kver in "$@"; do
	d="$BUILD/check/$kver"
	t0=$(date +%s)
	echo "=== $kver"
	if build_guest "$kver" "$d"; then
		run_guest "$d" "$d/serial.log"
		tr -d '\r' < "$d/serial.log" | grep -E '^(TEST|FAIL|YALAS|families|stress|tiny|capfile)' 
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
echo "check:$summary"
exit $rc
