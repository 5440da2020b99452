#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lane.sh NAME IMAGE KDIR [TEST...]: one test lane.  Builds nve.ko against
# KDIR (in build/<release>/), boots IMAGE once in a VM (scripts/vm-run.sh),
# runs selftests/run.sh there, and reports.  Any kernel works: a Debian one
# from /boot with its headers, or one built here (the debug kernel) with its
# build tree as KDIR.
#
# Results: build/results/NAME/ (ktap.txt, per-test logs, console.log,
# dmesg.txt) and build/results/NAME/lane.result, one line for check.sh:
#   pass N fail N skip N wall SECONDS boot SECONDS
# A VM that does not come back counts as one failure.  Exit 0 if nothing
# failed.  NVE_LANE_TIMEOUT (default 2700 s) bounds the VM.  NAME only names
# the results: one kernel may have several lanes (check.sh's debug VMs).
set -euo pipefail
. "$(dirname "$0")/common.sh"

[ $# -ge 3 ] || die "usage: $0 NAME IMAGE KDIR [TEST...]"
name=$1 image=$2 kdir=$(readlink -f "$3")
shift 3

t0=$(now)
res=$NVE_BUILD/results/$name
mkdir -p "$res"
rm -f "$res/lane.result"

report() {	# report PASS FAIL SKIP [NOTE]
	local wall boot
	wall=$(elapsed "$t0")
	boot=$(awk '{ print $2 }' "$res/boot.txt" 2>/dev/null || true)
	echo "pass $1 fail $2 skip $3 wall $wall boot ${boot:-?}" > "$res/lane.result"
	echo "  LANE    $name: $1 passed, $2 failed, $3 skipped; wall ${wall}s, boot-to-script ${boot:-?}s${4:+; $4}"
}

rel=$(kdir_release "$kdir") || { report 0 1 0 "no kernel tree at $kdir"; exit 1; }
irel=$(image_release "$image" 2>/dev/null || true)
if [ "$irel" != "$rel" ]; then
	report 0 1 0 "image $image is '$irel', KDIR $kdir is '$rel'"
	exit 1
fi

ko=$NVE_BUILD/$rel/nve.ko
# Lanes that share a kernel (the debug lane's VMs) run side by side: the
# caller builds once and sets NVE_LANE_PREBUILT=1, so that no two builds
# write build/<release>/ at the same time.
if [ "${NVE_LANE_PREBUILT:-0}" = 1 ]; then
	[ -f "$ko" ] || { report 0 1 0 "NVE_LANE_PREBUILT=1 but no $ko"; exit 1; }
else
	set +e
	"$NVE_ROOT/scripts/build-module.sh" "$kdir" "$NVE_BUILD/$rel"
	rc=$?
	set -e
	case $rc in
	0) ;;
	3) echo "  LANE    $name: testing nve.ko despite the findings above" ;;
	*) report 0 1 0 "nve.ko did not build"; exit 1 ;;
	esac
fi

# The selftests' helper programs (selftests/nve_traffic): built here, like
# the CLI, because the guest sees this tree read-only.
make -s -C "$NVE_ROOT/selftests" ||
	{ report 0 1 0 "the selftests' programs (make -C selftests) did not build"; exit 1; }

vmargs=(-k "$image" -o "$res" -K "$ko" -t "${NVE_LANE_TIMEOUT:-2700}")
# The KUnit tests (Kbuild builds them for a kernel with KUnit only), for
# selftests/nve_kunit.sh to modprobe.
[ ! -f "$NVE_BUILD/$rel/nve_kunit.ko" ] || vmargs+=(-K "$NVE_BUILD/$rel/nve_kunit.ko")
# Boot parameters for what the kernel has built in.  Legacy BSD ptys (the
# debug kernel's tinyconfig base keeps them, Debian's kernels don't) are 512
# devices in /dev; under TCG with KASAN the guest's udev coldplug spends
# minutes on them: pty.legacy_count=0 registers none.
if grep -qx 'CONFIG_LEGACY_PTYS=y' "$kdir/.config" 2>/dev/null; then
	vmargs+=(-a pty.legacy_count=0)
fi
# A kernel with no module of its own (=m) has nothing for udev to load, and
# its coldplug is what took the debug kernel longest to boot: no udev.
if [ -f "$kdir/.config" ] && ! grep -q '=m$' "$kdir/.config"; then
	vmargs+=(-u)
fi
# A kernel not installed here keeps its module data in its build tree.
[ -d "/lib/modules/$rel/kernel" ] || vmargs+=(-d "$kdir")

set +e
"$NVE_ROOT/scripts/vm-run.sh" "${vmargs[@]}" -- \
	"$NVE_ROOT/selftests/run.sh" -o "$res" -k "$ko" "$@"
rc=$?
set -e

# run.sh's summary: "pass N fail N skip N".
[ -f "$res/summary" ] && read -r _ pass _ fail _ skip < "$res/summary"
pass=${pass:-0} fail=${fail:-0} skip=${skip:-0}
if [ "$rc" -eq 125 ]; then
	report "$pass" $((fail + 1)) "$skip" "VM did not come back: see $res/console.log"
	exit 1
fi
if [ ! -s "$res/summary" ]; then
	report "$pass" $((fail + 1)) "$skip" "the suite ended (exit $rc) without a summary"
	exit 1
fi
report "$pass" "$fail" "$skip"
[ "$fail" -eq 0 ] && [ "$rc" -eq 0 ]
