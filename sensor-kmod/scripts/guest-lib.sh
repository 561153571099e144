# SPDX-License-Identifier: GPL-2.0
# Shared by check.sh and benchmarks/bin/kmod-overhead (sourced, POSIX sh).
# Needs SRC (sensor-kmod dir) and BUILD set by the caller.
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

# build_guest KVER DIR INIT: module + initramfs in DIR, INIT as /init
build_guest() {
	kver=$1 d=$2 init=$3
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
	cp "$init" "$d/root/init"
	# optional extra files prepared by the caller
	[ -d "$d/extra" ] && cp -a "$d/extra/." "$d/root/"
	chmod +x "$d/root/init"
	(cd "$d/root" && find . | cpio -o -H newc --quiet | gzip -1) > "$d/initramfs.gz"
}

# run_guest DIR LOG
# GUEST_TCG_THREAD (default multi: the benchmark), GUEST_MEM, GUEST_APPEND
# (extra kernel command line), GUEST_QEMU_ARGS; the accelerator and the
# kernel command line used are written to DIR/qemu.cmd
run_guest() {
	d=$1 log=$2
	accel="tcg,thread=${GUEST_TCG_THREAD:-multi}"
	append="console=ttyS0 quiet panic=-1 panic_on_warn=1 oops=panic lpj=4000000 no_timer_check tsc=reliable ${GUEST_APPEND:-}"
	printf 'accel %s\nappend %s\n' "$accel" "$append" > "$d/qemu.cmd"
	timeout "${TIMEOUT:-420}" qemu-system-x86_64 -accel "$accel" -cpu max -m "${GUEST_MEM:-512}" -smp 2 \
		-net none -nographic -no-reboot -monitor none \
		-kernel "$d/vmlinux" -initrd "$d/initramfs.gz" ${GUEST_QEMU_ARGS:-} \
		-append "$append" \
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

