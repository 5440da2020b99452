#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [LANE...]: everything "make check" does, in order.
#
#   1. scripts/install-deps.sh (fast when already done)
#   2. static checks: nve.ko with W=1 and sparse (C=2) against every stock
#      kernel, and checkpatch; any finding about our files fails
#   3. the CLI: make -C userspace, and its host tests (make -C userspace test)
#   4. one VM per lane: 6.1 and 6.12 (Debian's), and debug (the KASAN,
#      lockdep, kmemleak kernel of scripts/debug-kernel.sh) when that script
#      exists; each boots once (scripts/lane.sh).  The debug and 6.12 lanes
#      run every selftest; 6.1 runs the smoke subset NVE_SMOKE_TESTS
#      (below), so that install, a fresh machine's debug kernel build and
#      the three lanes fit CI's 90 minutes (README.md, "Wall times").
#      NVE_SMOKE_TESTS=all runs every selftest on 6.1 too; NVE_DEBUG_TESTS
#      limits the debug lane to the tests named.
#
# LANE limits step 4 to the lanes named (6.1, 6.12, debug); NVE_LANES does
# the same from the environment.  The last line printed is always
#   N passed, N failed[, N skipped]
# totalled over the static checks, the host tests and every lane.  Exit 1 if
# anything failed or a VM did not come back.
set -uo pipefail
. "$(dirname "$0")/common.sh"

T0=$(now)
want_lanes="${*:-${NVE_LANES:-}}"
# 6.1's subset: the device and the data path.
NVE_SMOKE_TESTS=${NVE_SMOKE_TESTS:-nve_smoke nve_datapath}
# The debug lane's default: the device, the KUnit tests and the data path
# (nve_link's raw netlink calls take minutes each there).  The whole suite
# under KASAN takes over an hour here, which does not fit CI's 90 minutes
# beside a fresh machine's kernel build;
# NVE_DEBUG_TESTS=all runs it (README.md, "Wall times").
NVE_DEBUG_TESTS=${NVE_DEBUG_TESTS:-nve_smoke nve_kunit nve_datapath}
[ "$NVE_DEBUG_TESTS" = all ] && NVE_DEBUG_TESTS=''
PASS=0 FAIL=0 SKIP=0
SUMMARY=()

# item NAME PASS FAIL SKIP SECONDS [NOTE]: account for one step.
item() {
	PASS=$((PASS + $2)) FAIL=$((FAIL + $3)) SKIP=$((SKIP + $4))
	local s="$2 passed, $3 failed"
	[ "$4" -eq 0 ] || s="$s, $4 skipped"
	SUMMARY+=("$(printf '  %-38s %-34s %7ss%s' "$1" "$s" "$5" "${6:+  $6}")")
}

# step NAME CMD...: a step that passes or fails as a whole.
step() {
	local name=$1 t rc
	shift
	t=$(now)
	"$@"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		item "$name" 1 0 0 "$(elapsed "$t")"
	else
		item "$name" 0 1 0 "$(elapsed "$t")"
	fi
	return "$rc"
}

lane_wanted() {
	[ -z "$want_lanes" ] || [[ " $want_lanes " == *" $1 "* ]]
}

run_lane() {	# run_lane NAME IMAGE KDIR [TEST...]: no TEST is every test
	local name=$1 r what=all
	[ $# -le 3 ] || what="${*:4}"
	echo
	echo "== lane $name: $2 (tests: $what)"
	"$NVE_ROOT/scripts/lane.sh" "$@"
	r=$(cat "$NVE_BUILD/results/$name/lane.result" 2>/dev/null || echo "pass 0 fail 1 skip 0 wall ? boot ?")
	# shellcheck disable=SC2086
	set -- $r	# pass N fail N skip N wall S boot S
	[ "$what" = all ] && what= || what="smoke subset; "
	item "lane $name" "$2" "$4" "$6" "$8" "${what}boot-to-script ${10}s"
}

finish() {
	echo
	echo "== summary"
	printf '%s\n' "${SUMMARY[@]}"
	echo "  total wall time: $(elapsed "$T0")s"
	if [ "$SKIP" -gt 0 ]; then
		echo "$PASS passed, $FAIL failed, $SKIP skipped"
	else
		echo "$PASS passed, $FAIL failed"
	fi
	[ "$FAIL" -eq 0 ]
	exit
}

echo "== dependencies"
if ! step "install-deps" "$NVE_ROOT/scripts/install-deps.sh"; then
	echo "check: scripts/install-deps.sh failed; nothing else can run" >&2
	finish
fi
step "kernel files (checkpatch, ksft libs)" "$NVE_ROOT/scripts/kernel-files.sh" || finish

mapfile -t LANES < <(stock_lanes)

echo
echo "== static checks"
for l in "${LANES[@]}"; do
	read -r name image kdir <<<"$l"
	rel=$(kdir_release "$kdir")
	step "static $name (W=1, sparse C=2)" \
		"$NVE_ROOT/scripts/build-module.sh" "$kdir" "$NVE_BUILD/$rel" C=2
done
step "checkpatch" "$NVE_ROOT/scripts/checkpatch.sh"

echo
echo "== userspace"
if [ -f "$NVE_ROOT/userspace/Makefile" ]; then
	step "cli build" make -C "$NVE_ROOT/userspace" -j2
	t=$(now)
	log=$NVE_BUILD/host-tests.log
	mkdir -p "$NVE_BUILD"
	make -C "$NVE_ROOT/userspace" test 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	# The host tests' last line of this form gives their own counts.
	counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n 1)
	if [ -n "$counts" ]; then
		p=$(echo "$counts" | cut -d' ' -f1)
		f=$(echo "$counts" | cut -d' ' -f3)
		s=$(echo "$counts" | sed -n 's/.*, \([0-9]*\) skipped$/\1/p')
		[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1	# failed without saying so
		item "host tests (userspace)" "$p" "$f" "${s:-0}" "$(elapsed "$t")"
	elif [ "$rc" -eq 0 ]; then
		item "host tests (userspace)" 1 0 0 "$(elapsed "$t")"
	else
		item "host tests (userspace)" 0 1 0 "$(elapsed "$t")"
	fi
else
	echo "no userspace/Makefile yet: CLI build and host tests skipped"
	item "cli and host tests" 0 0 1 0 "no userspace/Makefile"
fi

for l in "${LANES[@]}"; do
	read -r name image kdir <<<"$l"
	lane_wanted "$name" || continue
	if [ "$name" = 6.1 ] && [ "$NVE_SMOKE_TESTS" != all ]; then
		# shellcheck disable=SC2086 # a list of test names
		run_lane "$name" "$image" "$kdir" $NVE_SMOKE_TESTS
	else
		run_lane "$name" "$image" "$kdir"
	fi
done

if lane_wanted debug && [ -x "$NVE_ROOT/scripts/debug-kernel.sh" ]; then
	echo
	echo "== debug kernel"
	t=$(now)
	if out=$("$NVE_ROOT/scripts/debug-kernel.sh") && read -r image kdir <<<"$out" &&
		[ -f "$image" ] && [ -d "$kdir" ]; then
		item "debug kernel ready" 1 0 0 "$(elapsed "$t")"
		# Only this kernel has KUnit, so only here are the KUnit tests
		# (kernel/tests/, nve_kunit.ko) built: W=1 and sparse for them.
		step "static debug (W=1, sparse C=2)" \
			"$NVE_ROOT/scripts/build-module.sh" "$kdir" \
			"$NVE_BUILD/$(kdir_release "$kdir")" C=2
		# KASAN, lockdep and kmemleak under TCG: boots in about 7 min
		# and runs the tests about 3.4 times slower than the stock
		# kernels (nve_badpkt: 1074 s against 315 s), so the whole
		# suite should take over an hour there (an estimate).
		# NVE_DEBUG_TESTS (above) names the tests.
		# shellcheck disable=SC2086 # a list of test names
		NVE_LANE_TIMEOUT=${NVE_LANE_TIMEOUT:-3000} run_lane debug "$image" "$kdir" \
			$NVE_DEBUG_TESTS
	else
		echo "check: scripts/debug-kernel.sh failed" >&2
		item "debug kernel ready" 0 1 0 "$(elapsed "$t")"
	fi
fi

finish
