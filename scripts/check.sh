#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [LANE...]: everything "make check" does, in order.
#
#   1. scripts/install-deps.sh (fast when already done)
#   2. static checks: nve.ko with W=1 and sparse (C=2) against every stock
#      kernel, and checkpatch; any finding about our files fails
#   3. the CLI: make -C userspace, and its host tests (make -C userspace test)
#   4. the VM lanes: 6.1 and 6.12 (Debian's), and debug (the KASAN,
#      lockdep, kmemleak kernel of scripts/debug-kernel.sh, built or taken
#      from its cache in the background from the start).  6.12 and debug
#      run every selftest; 6.1 runs the smoke subset NVE_SMOKE_TESTS (below),
#      so that install, a fresh machine's debug kernel build and the three
#      lanes fit CI's 90 minutes (README.md, "Wall times").  Each stock lane
#      is one VM; the debug lane's tests are spread over NVE_DEBUG_VMS
#      (default 2) VMs; NVE_VM_JOBS (default 2) VMs run at a time.
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
# The debug lane runs every test, spread over NVE_DEBUG_VMS VMs (below);
# NVE_DEBUG_TESTS names a subset instead, for a quicker run.
NVE_DEBUG_TESTS=${NVE_DEBUG_TESTS:-all}
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

# The debug kernel builds from here on, under everything else (below).
dbg_pid='' dbg_out=$NVE_BUILD/debug-kernel.out dbg_t0=''
if lane_wanted debug && [ -x "$NVE_ROOT/scripts/debug-kernel.sh" ]; then
	mkdir -p "$NVE_BUILD"
	dbg_t0=$(now)
	nice -n 19 "$NVE_ROOT/scripts/debug-kernel.sh" >"$dbg_out" 2>"$NVE_BUILD/debug-kernel.log" &
	dbg_pid=$!
fi


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

# ---- the VM lanes ----
# VM runs go in the background, NVE_VM_JOBS (default 2) at a time: a test VM
# under TCG keeps about one host core busy (the tests are shell scripts,
# mostly serial), so two VMs use this 2-core machine where one would leave
# a core idle.  Each VM's output goes to its log and is printed whole when
# it ends.  The debug kernel builds (nice 19, scripts/debug-kernel.sh) from
# the start, beside the stock lanes: a fresh machine pays 20-25 min for it.
# Its tests are spread over NVE_DEBUG_VMS (default 2) VMs, longest first.
declare -A JOB_NAME JOB_LOG
RUNNING=0

# job_start NAME LOG CMD...: run CMD in the background into LOG.
job_start() {
	local name=$1 log=$2
	shift 2
	while [ "$RUNNING" -ge "${NVE_VM_JOBS:-2}" ]; do
		job_reap
	done
	echo "  start   $name ($(date -u +%T))"
	"$@" >"$log" 2>&1 &
	JOB_NAME[$!]=$name
	JOB_LOG[$!]=$log
	RUNNING=$((RUNNING + 1))
}

# job_reap: wait for one background VM run to end and print its log.
job_reap() {
	local pid
	wait -n -p pid "${!JOB_NAME[@]}"
	RUNNING=$((RUNNING - 1))
	echo
	echo "== ${JOB_NAME[$pid]} ($(date -u +%T))"
	cat "${JOB_LOG[$pid]}"
	unset "JOB_NAME[$pid]" "JOB_LOG[$pid]"
}

# lane_item NAME WHAT RESULT...: account for one lane from its VMs' results.
lane_item() {
	local name=$1 what=$2 r p=0 f=0 s=0 wall=0 boot=
	shift 2
	for r in "$@"; do
		r=$(cat "$NVE_BUILD/results/$r/lane.result" 2>/dev/null ||
			echo "pass 0 fail 1 skip 0 wall 0 boot ?")
		# shellcheck disable=SC2086
		set -- $r	# pass N fail N skip N wall S boot S
		p=$((p + $2)) f=$((f + $4)) s=$((s + $6))
		wall=$(awk -v a="$wall" -v b="$8" 'BEGIN { print (b > a) ? b : a }')
		boot=${boot:+$boot/}${10}
	done
	item "lane $name" "$p" "$f" "$s" "$wall" "${what}boot-to-script ${boot}s"
}

# debug_shards N TEST...: N lists of tests, one per line, longest first
# into the shortest list.  The weights are half-minutes on the debug kernel
# (clean-clone make check, 2026-12-07 13:00, two debug VMs side by side:
# nve_move 1643 s (before hold_overflow), nve_datapath 753 s, nve_link
# 510 s, nve_interop 422 s, nve_table 412 s, nve_flood_proxy 387 s,
# nve_badpkt 333 s, nve_smoke 81 s, nve_kunit 9 s); a test not listed
# counts 20.
debug_shards() {
	local n=$1 t w i best
	shift
	declare -A cost=([nve_move]=57 [nve_datapath]=25 [nve_link]=17
		[nve_interop]=14 [nve_table]=14 [nve_flood_proxy]=13 [nve_badpkt]=11
		[nve_smoke]=3 [nve_kunit]=1)
	local -a load=() list=()
	for ((i = 0; i < n; i++)); do load[i]=0 list[i]=; done
	for t in $(for x in "$@"; do echo "${cost[$x]:-20} $x"; done | sort -rn | cut -d' ' -f2); do
		best=0
		for ((i = 1; i < n; i++)); do
			[ "${load[i]}" -lt "${load[best]}" ] && best=$i
		done
		w=${cost[$t]:-20}
		load[best]=$((load[best] + w))
		list[best]="${list[best]:+${list[best]} }$t"
	done
	for ((i = 0; i < n; i++)); do
		[ -z "${list[i]}" ] || echo "${list[i]}"
	done
}

echo
echo "== VM lanes (${NVE_VM_JOBS:-2} VMs at a time)"
mkdir -p "$NVE_BUILD/results"
STOCK=()
DEBUG_RESULTS=()

start_stock_lanes() {
	local l name image kdir
	for l in "${LANES[@]}"; do
		read -r name image kdir <<<"$l"
		lane_wanted "$name" || continue
		if [ "$name" = 6.1 ] && [ "$NVE_SMOKE_TESTS" != all ]; then
			# shellcheck disable=SC2086 # a list of test names
			job_start "lane $name (tests: $NVE_SMOKE_TESTS)" "$NVE_BUILD/results/$name.log" \
				"$NVE_ROOT/scripts/lane.sh" "$name" "$image" "$kdir" $NVE_SMOKE_TESTS
		else
			job_start "lane $name (tests: all)" "$NVE_BUILD/results/$name.log" \
				"$NVE_ROOT/scripts/lane.sh" "$name" "$image" "$kdir"
		fi
		STOCK+=("$name")
	done
}

# Wait for the debug kernel, then start the debug lane's VMs.
start_debug_lane() {
	local image kdir i tests
	[ -n "$dbg_pid" ] || return 0
	if ! { wait "$dbg_pid" && read -r image kdir <"$dbg_out" &&
		[ -f "$image" ] && [ -d "$kdir" ]; }; then
		echo "check: scripts/debug-kernel.sh failed:" >&2
		tail -n 30 "$NVE_BUILD/debug-kernel.log" >&2
		item "debug kernel ready" 0 1 0 "$(elapsed "$dbg_t0")"
		return 0
	fi
	item "debug kernel ready" 1 0 0 "$(elapsed "$dbg_t0")" \
		"$(grep -o 'built in [0-9]* s' "$NVE_BUILD/debug-kernel.log" || echo cached)"
	# Only this kernel has KUnit, so only here are the KUnit tests
	# (kernel/tests/, nve_kunit.ko) built: W=1 and sparse for them.
	# This is also the one build the debug VMs share.
	step "static debug (W=1, sparse C=2)" \
		"$NVE_ROOT/scripts/build-module.sh" "$kdir" \
		"$NVE_BUILD/$(kdir_release "$kdir")" C=2 || return 0
	if [ -n "$NVE_DEBUG_TESTS" ]; then
		# shellcheck disable=SC2086 # a list of test names
		set -- $NVE_DEBUG_TESTS
	else
		# shellcheck disable=SC2046 # test names
		set -- $(cd "$NVE_ROOT/selftests" && ls nve_*.sh | sed 's/\.sh$//')
	fi
	i=0
	while read -r tests; do
		i=$((i + 1))
		DEBUG_RESULTS+=("debug.$i")
		# shellcheck disable=SC2086 # a list of test names
		NVE_LANE_PREBUILT=1 NVE_LANE_TIMEOUT=${NVE_LANE_TIMEOUT:-4800} \
			job_start "lane debug.$i (tests: $tests)" \
			"$NVE_BUILD/results/debug.$i.log" \
			"$NVE_ROOT/scripts/lane.sh" "debug.$i" "$image" "$kdir" $tests
	done < <(debug_shards "${NVE_DEBUG_VMS:-2}" "$@")
}

# The debug VMs are the longest jobs: when the kernel came from the cache
# (its script is done by now), they go first; when it is still building,
# the stock lanes run meanwhile.
if [ -n "$dbg_pid" ] && ! kill -0 "$dbg_pid" 2>/dev/null; then
	start_debug_lane
	start_stock_lanes
else
	start_stock_lanes
	start_debug_lane
fi

while [ "$RUNNING" -gt 0 ]; do
	job_reap
done
for name in "${STOCK[@]}"; do
	what=
	[ "$name" = 6.1 ] && [ "$NVE_SMOKE_TESTS" != all ] && what="smoke subset; "
	lane_item "$name" "$what" "$name"
done
if [ ${#DEBUG_RESULTS[@]} -gt 0 ]; then
	what="${#DEBUG_RESULTS[@]} VMs; "
	[ -n "$NVE_DEBUG_TESTS" ] && what="subset, $what"
	lane_item debug "$what" "${DEBUG_RESULTS[@]}"
fi

finish
