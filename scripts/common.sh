# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers shared by the build and test scripts.  Source it, don't run it.

NVE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NVE_BUILD=${NVE_BUILD:-$NVE_ROOT/build}
NVE_STAMP=/var/cache/nve/deps.stamp

die() { echo "${0##*/}: $*" >&2; exit 1; }

# kdir_release KDIR: the release string modules built against KDIR must match
# (UTS_RELEASE; Debian's include/config/kernel.release holds something else).
kdir_release() {
	local h=$1/include/generated/utsrelease.h
	[ -f "$h" ] || { echo "no $h: not a configured kernel tree or headers" >&2; return 1; }
	sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$h"
}

# image_release IMAGE: the release string inside a bzImage (its header's
# kernel_version field at 0x20e points to "<release> (builder) #1 ...").
image_release() {
	local off
	off=$(od -An -tu2 -j $((0x20e)) -N2 "$1" | tr -d ' ')
	[ -n "$off" ] && [ "$off" -gt 0 ] || return 1
	dd if="$1" bs=1 skip=$((off + 0x200)) count=128 status=none | tr '\0' '\n' | head -1 | cut -d' ' -f1
}

# newest_kdir: headers of the newest installed kernel.
newest_kdir() {
	local k
	k=$(find /lib/modules -mindepth 2 -maxdepth 2 -name build 2>/dev/null | sort -V | tail -1)
	[ -n "$k" ] && readlink -f "$k"
}

# stock_lanes: "LANE IMAGE KDIR" for each supported Debian kernel, from the
# versions install-deps.sh recorded (6.1 from bookworm, 6.12 from backports).
stock_lanes() {
	local k
	[ -f "$NVE_STAMP" ] || die "$NVE_STAMP missing: run scripts/install-deps.sh"
	while read -r k; do
		[ -n "$k" ] || continue
		echo "$(echo "$k" | cut -d. -f1-2) /boot/vmlinuz-$k /usr/src/linux-headers-$k"
	done < "$NVE_STAMP"
}

# now: seconds since the epoch, with fractions, for wall times.
now() { date +%s.%N; }
# elapsed T0: seconds since T0, one decimal.
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# lane_build LANE: for a stock lane (6.1, 6.12), build nve.ko (in
# build/<release>/) and the nve CLI, and extract the selftest libraries;
# sets LANE_IMAGE, LANE_KDIR and LANE_KO.  For make demo and make bench.
lane_build() {
	local rc=0
	# shellcheck disable=SC2034 # LANE_IMAGE is for the caller
	read -r _ LANE_IMAGE LANE_KDIR < <(stock_lanes | awk -v l="$1" '$1 == l') ||
		die "no kernel lane \"$1\" (try 6.12 or 6.1)"
	LANE_KO=$NVE_BUILD/$(kdir_release "$LANE_KDIR")/nve.ko
	"$NVE_ROOT/scripts/kernel-files.sh" || die "cannot extract the kernel files"
	"$NVE_ROOT/scripts/build-module.sh" "$LANE_KDIR" "$(dirname "$LANE_KO")" || rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || die "nve.ko did not build"
	make -s -C "$NVE_ROOT/userspace" || die "the nve CLI did not build"
}
