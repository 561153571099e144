#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print the kernel releases "make check" tests: the newest installed Debian
# amd64 kernel of each series 6.1 and 6.12 that has both /boot/vmlinuz-* and
# headers (/lib/modules/*/build).  Set CHECK_KVERS to override.
for series in 6.1 6.12; do
	best=
	for d in /lib/modules/"$series".*-amd64; do
		[ -e "$d/build/Makefile" ] || continue
		k=${d##*/}
		case "$k" in *-rt-amd64|*-cloud-amd64) continue ;; esac
		[ -r "/boot/vmlinuz-$k" ] || continue
		best="$best $k"
	done
	[ -n "$best" ] && printf '%s\n' $best | sort -V | tail -n 1
done | tr '\n' ' '
