#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install what "make -C sensor-kmod check" needs (Debian 12, root).
# Idempotent; a fast no-op when everything is installed.
#   - build: gcc, make, libc6-dev (static tools), headers of the kernels
#   - guest: the kernel images, qemu-system-x86, busybox-static, cpio,
#     xz + zstd (to unpack vmlinux from the bzImage)
# Kernels: Debian's default 6.1 (linux-image-amd64 + linux-headers-amd64),
# the newest 6.12 (linux-image-6.12.*+deb12-amd64, shipped in bookworm /
# bookworm-security) with its headers, and its PREEMPT_RT flavour.
set -e
want="gcc make libc6-dev qemu-system-x86 busybox-static cpio xz-utils zstd linux-image-amd64 linux-headers-amd64"
missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
have612=$(ls -d /lib/modules/6.12.*-amd64/build 2>/dev/null | grep -v -e -rt- -e -cloud- | head -n 1 || true)
have612rt=$(ls -d /lib/modules/6.12.*-rt-amd64/build 2>/dev/null | head -n 1 || true)
if [ -z "$missing" ] && [ -n "$have612" ] && [ -n "$have612rt" ]; then
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
if [ -z "$have612" ] || [ -z "$have612rt" ]; then
	k612=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64$' |
	       awk '{print $1}' | sed 's/^linux-image-//' | sort -V | tail -n 1)
	if [ -n "$k612" ]; then
		[ -n "$have612" ] || missing="$missing linux-image-$k612 linux-headers-$k612"
		# PREEMPT_RT flavour of the same release (optional third kernel)
		if [ -z "$have612rt" ] && apt-cache show "linux-image-${k612%-amd64}-rt-amd64" >/dev/null 2>&1; then
			missing="$missing linux-image-${k612%-amd64}-rt-amd64 linux-headers-${k612%-amd64}-rt-amd64"
		fi
	else
		echo "install-deps: no linux-image-6.12.*+deb12-amd64 in the apt sources; only 6.1 will be tested" >&2
	fi
fi
echo "install-deps (sensor-kmod): installing$missing" >&2
$SUDO apt-get install -y -q --no-install-recommends $missing
