#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print the kernel releases "make check" tests: the newest installed Debian
# amd64 kernel of each series -- 6.1 (linux-image-amd64), 6.12, and 6.12
# PREEMPT_RT -- that has both /boot/vmlinuz-* and headers
# (/lib/modules/*/build).  Set CHECK_KVERS to override.
pick() {
	best=
	for d in /lib/modules/$1; do
		[ -e "$d/build/Makefile" ] || continue
		k=${d##*/}
		case "$k" in *-cloud-amd64) continue ;; esac
		case "$k" in *-rt-amd64) [ "$2" = rt ] || continue ;; *) [ "$2" = rt ] && continue ;; esac
		[ -r "/boot/vmlinuz-$k" ] || continue
		best="$best $k"
	done
	[ -n "$best" ] && printf '%s\n' $best | sort -V | tail -n 1
}
{
	pick '6.1.*-amd64' std
	pick '6.12.*-amd64' std
	pick '6.12.*-rt-amd64' rt
} | tr '\n' ' '
