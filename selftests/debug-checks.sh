#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-checks.sh - the debug lane's verdict on the kernel after the suite.
# Runs inside the guest booted from scripts/debug-kernel.sh's image.
#
#   debug-checks.sh start        before the suite: mark the log, forget
#                                kmemleak's boot-time suspects
#   debug-checks.sh finish       after the suite: the checks below, as KTAP
#   debug-checks.sh run CMD...   start; CMD (e.g. selftests/run.sh); finish
#
# The checks (each one KTAP test line):
#   1. nve unloads cleanly, if still loaded (teardown is where leaks live)
#   2. kmemleak finds no unreferenced object
#   3. the kernel log has no KASAN, lockdep, RCU, UBSAN, debugobjects,
#      refcount-tracker, WARN or BUG report
#   4. lockdep is still on (a lockdep or RCU splat switches it off, so this
#      catches one even if the log has wrapped)
#   5. no taint bit beyond O (4096, out-of-tree), E (8192, unsigned) and
#      N (262144), which KUnit sets when a test runs (selftests/nve_kunit.sh)
#
# Exit: 0 all passed, 1 something failed, 4 nothing could be checked (not a
# debug kernel).  In `run` mode a failure of either CMD or the checks fails.
set -u

KMEMLEAK=/sys/kernel/debug/kmemleak
# kmemleak never reports an object younger than this (MSECS_MIN_AGE in
# mm/kmemleak.c): the suite's last allocations must age before the scan.
KMEMLEAK_MIN_AGE=5
# O (out-of-tree) and E (unsigned) are what loading nve.ko itself sets; N
# (TAINT_TEST) is what running nve_kunit's KUnit suites sets.
TAINT_ALLOWED=$((4096 | 8192 | 262144))
# Lines that are a checker's report.  Matched case-sensitively against the
# log with timestamps stripped.
SPLAT_RE='BUG: |WARNING: |UBSAN: |suspicious RCU usage|INFO: possible|INFO: lockdep|lockdep:|DEBUG_LOCKS_WARN_ON|ODEBUG: |ref_tracker: |unregister_netdevice: waiting|kmemleak: .*suspected memory leak|list_(add|del) corruption|general protection fault|kernel BUG at|Oops'

ntest=0
nfail=0
nskip=0

ok() { ntest=$((ntest + 1)); echo "ok $ntest $*"; }
not_ok() { ntest=$((ntest + 1)); nfail=$((nfail + 1)); echo "not ok $ntest $*"; }
skip() { ntest=$((ntest + 1)); nskip=$((nskip + 1)); echo "ok $ntest $* # SKIP"; }
diag() { sed 's/^/# /'; }

uptime_s() { cut -d' ' -f1 /proc/uptime; }

is_debug_kernel() { case $(uname -r) in *-nve-debug) return 0 ;; esac; return 1; }

mount_debugfs() {
	[ -e "$KMEMLEAK" ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
}

do_start() {
	mount_debugfs
	echo "nve-debug-checks: suite starting" > /dev/kmsg 2>/dev/null || true
	# Suspects from boot are not ours; `clear` greys them so only objects
	# orphaned from now on can be reported.
	[ -w "$KMEMLEAK" ] && echo clear > "$KMEMLEAK"
	return 0
}

check_unload() {
	local out
	if [ ! -d /sys/module/nve ]; then
		skip "nve unloads: not loaded"
		return
	fi
	if out=$(rmmod nve 2>&1); then
		ok "nve unloads"
	else
		echo "$out" | diag
		not_ok "nve unloads"
	fi
}

check_kmemleak() {
	local t0 deadline report n
	if [ ! -w "$KMEMLEAK" ]; then
		if is_debug_kernel; then
			echo "$KMEMLEAK missing on the debug kernel" | diag
			not_ok "kmemleak: no suspected leaks"
		else
			skip "kmemleak: not enabled in this kernel"
		fi
		return
	fi
	# A scan is synchronous.  It reports an object only if it was white in
	# this scan, unchanged since the previous one (a checksum), and older
	# than MSECS_MIN_AGE at the scan's start.  So: one scan now to take
	# checksums, wait until everything the suite allocated has aged (poll
	# the clock against that deadline; it is the kernel's threshold, not a
	# guess), and a second scan that can report it.
	t0=$(uptime_s)
	echo scan > "$KMEMLEAK"
	deadline=$(awk -v t="$t0" -v a="$KMEMLEAK_MIN_AGE" 'BEGIN { print t + a + 0.2 }')
	while awk -v now="$(uptime_s)" -v d="$deadline" 'BEGIN { exit !(now < d) }'; do
		sleep 0.1
	done
	echo scan > "$KMEMLEAK"
	report=$(cat "$KMEMLEAK")
	n=$(printf '%s\n' "$report" | grep -c '^unreferenced object')
	if [ "$n" -eq 0 ]; then
		ok "kmemleak: no suspected leaks"
	else
		echo "$n unreferenced object(s); the first reports:" | diag
		printf '%s\n' "$report" | head -60 | diag
		not_ok "kmemleak: no suspected leaks"
	fi
}

check_log() {
	local hits
	hits=$(dmesg 2>/dev/null | sed 's/^\[[ 0-9.]*\] //' | grep -E -- "$SPLAT_RE")
	if [ -z "$hits" ]; then
		ok "kernel log: no checker reports"
	else
		echo "$(printf '%s\n' "$hits" | wc -l) report line(s); context of the first:" | diag
		dmesg | grep -E -A14 -m1 -- "$SPLAT_RE" | diag
		echo "all report lines:" | diag
		printf '%s\n' "$hits" | head -40 | diag
		not_ok "kernel log: no checker reports"
	fi
}

check_lockdep() {
	local v
	v=$(awk '/debug_locks:/ { print $2 }' /proc/lockdep_stats 2>/dev/null)
	if [ -z "$v" ]; then
		if is_debug_kernel; then
			echo "/proc/lockdep_stats missing on the debug kernel" | diag
			not_ok "lockdep: still enabled"
		else
			skip "lockdep: not enabled in this kernel"
		fi
	elif [ "$v" = 1 ]; then
		ok "lockdep: still enabled"
	else
		echo "debug_locks is $v: a lockdep/RCU report or a taint turned it off" | diag
		not_ok "lockdep: still enabled"
	fi
}

check_taint() {
	local t bad letters="PFSRMBUDAWCIOELKXTN" i s=
	t=$(cat /proc/sys/kernel/tainted)
	bad=$((t & ~TAINT_ALLOWED))
	for ((i = 0; i < ${#letters}; i++)); do
		[ $(((t >> i) & 1)) -eq 1 ] && s="$s${letters:i:1}"
	done
	if [ "$bad" -eq 0 ]; then
		ok "taint: nothing beyond O, E and N (${t}${s:+ $s})"
	else
		echo "tainted=$t ($s); unexpected bits: $bad" | diag
		not_ok "taint: nothing beyond O, E and N"
	fi
}

do_finish() {
	mount_debugfs
	echo "TAP version 13"
	echo "1..5"
	echo "# debug checks on $(uname -r)"
	check_unload
	check_kmemleak
	check_log
	check_lockdep
	check_taint
	echo "# Totals: pass:$((ntest - nfail - nskip)) fail:$nfail xfail:0 xpass:0 skip:$nskip error:0"
	[ "$nfail" -eq 0 ] || return 1
	[ "$nskip" -lt "$ntest" ] || return 4
	return 0
}

case ${1:-finish} in
start)
	do_start
	;;
finish)
	do_finish
	;;
run)
	shift
	[ $# -gt 0 ] || { echo "usage: $0 run CMD [ARGS...]" >&2; exit 2; }
	do_start
	"$@"
	rc=$?
	do_finish
	crc=$?
	if [ "$rc" -eq 1 ] || [ "$crc" -eq 1 ]; then
		exit 1
	fi
	[ "$rc" -eq 0 ] && exit 0
	exit "$rc"
	;;
*)
	echo "usage: $0 [start | finish | run CMD [ARGS...]]" >&2
	exit 2
	;;
esac
