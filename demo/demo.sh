#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo/demo.sh [LANE] [-- STEP...]: "make demo".  Builds nve.ko for LANE's
# kernel (6.12 by default) and the nve CLI, boots the kernel once in a VM
# (scripts/vm-run.sh) and runs demo/guest.sh there: three hypervisors with
# a VM each, ping and a TCP transfer across the overlay, the location
# table and the counters, then a live migration of VM3 while VM1 streams to
# it: a hot move with redirect (nothing lost) and one without (a loss).
# STEPs (demo/guest.sh's step_* functions) run a subset.  The VM's console and kernel log are kept in build/results/demo/.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/../scripts/common.sh"

lane=6.12
if [ $# -gt 0 ] && [ "$1" != -- ]; then
	lane=$1
	shift
fi
[ "${1:-}" != -- ] || shift

t0=$(now)
res=$NVE_BUILD/results/demo
mkdir -p "$res"
lane_build "$lane"
# The move step's traffic tool, selftests/nve_traffic: the guest sees this
# tree read-only, so it is built here.
make -s -C "$NVE_ROOT/selftests" || die "selftests/nve_traffic did not build"

set +e
"$NVE_ROOT/scripts/vm-run.sh" -k "$LANE_IMAGE" -o "$res" -K "$LANE_KO" \
	-t "${NVE_DEMO_TIMEOUT:-900}" -- "$NVE_ROOT/demo/guest.sh" "$@"
rc=$?
set -e
echo "  DEMO    wall $(elapsed "$t0") s; console and kernel log in ${res#"$NVE_ROOT"/}/"
exit "$rc"
