# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154 # ksft_* and KTAP_* come from the kernel libraries
#
# selftests/lib.sh: helpers for nve's selftests, on top of the kernel's
# tools/testing/selftests/net/lib.sh (setup_ns, cleanup_ns, slowwait, ksft_*)
# and kselftest/ktap_helpers.sh (KTAP output).  Both come from Debian's
# linux-source-6.12 and are extracted into build/linux/ at build time
# (scripts/kernel-files.sh); they work on 6.1 too.
#
# A test script looks like this:
#
#	#!/bin/bash
#	# SPDX-License-Identifier: GPL-2.0
#	#   <ASCII picture of the topology>
#	source "$(dirname "$0")/lib.sh"
#
#	TESTS="create_two_netns delete_netns"
#
#	test_create_two_netns()
#	{
#		nve_setup_ns NS1 NS2		# cleanup is deferred
#		check ip -n "$NS1" link add nve0 type nve
#		check_output '\bnve\b' ip -n "$NS1" -d link show nve0
#		check_extack "VNI" ip -n "$NS1" link add nve1 type nve vni 99999999
#		wait_for ip -n "$NS1" link show nve0 up || fail "nve0 not up"
#	}
#	...
#	nve_main "$@"
#
# Each test_<name> runs in its own subshell, so a failed check ends only that
# test; what it deferred (see defer) runs when it ends, pass or fail.  Each
# test is one KTAP result line; "-t NAME" runs a subset, "-l" lists.  The
# script exits with the kselftest codes: 0 pass, 1 fail, 4 skip (all skipped).
#
# Checks, each of which ends the test as failed with a diagnostic:
#	check CMD...			CMD must succeed
#	check_fail CMD...		CMD must fail
#	check_extack TEXT CMD...	CMD must fail and print TEXT (its extack)
#	check_output ERE CMD...		CMD must succeed and print a match of ERE
#	check_no_output ERE CMD...	CMD must succeed and print no match of ERE
#	check_eq WANT GOT [WHAT]	two strings must be equal
#	fail MSG / skip MSG		end the test as failed / skipped
# and wait_for [-t SECS] CMD... polls CMD every 0.1 s until it succeeds, for
# at most SECS (default $NVE_WAIT_TIMEOUT, 10) times $NVE_TIME_SCALE: use it
# instead of sleeping.  It returns 1 on timeout, so write
# "wait_for COND || fail WHY".  NVE_TIME_SCALE (default 1; run.sh sets 5 on a
# debug kernel, where KASAN and lockdep under TCG make everything slower)
# stretches every bound a test waits for; nve_secs N prints N scaled.
#
# Cleanup: "defer CMD..." queues CMD to run when the current test (or, at top
# level, the script) ends, most recent first, like Go's defer and like
# net/lib.sh's defer in later kernels (6.12's lib.sh has none yet).
# nve_setup_ns NAME... wraps setup_ns and defers the namespaces' removal.

NVE_SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NVE_ROOT=$(dirname "$NVE_SELFTESTS_DIR")
NVE_KSFT_DIR=${NVE_KSFT_DIR:-$NVE_ROOT/build/linux/tools/testing/selftests}
: "${NVE_WAIT_TIMEOUT:=10}"
: "${NVE_TIME_SCALE:=1}"

if [ ! -r "$NVE_KSFT_DIR/net/lib.sh" ] || [ ! -r "$NVE_KSFT_DIR/kselftest/ktap_helpers.sh" ]; then
	echo "TAP version 13"
	echo "1..0 # SKIP kernel selftest libraries missing in $NVE_KSFT_DIR (run scripts/kernel-files.sh)"
	exit 4
fi
# shellcheck source=/dev/null
source "$NVE_KSFT_DIR/net/lib.sh"
# shellcheck source=/dev/null
source "$NVE_KSFT_DIR/kselftest/ktap_helpers.sh"

# ---- deferred cleanup ----

__nve_defer=()

# defer CMD [ARGS...]: run CMD when the current test or the script ends.
defer()
{
	__nve_defer+=("$(printf '%q ' "$@")")
}

# defer_run: run and forget everything deferred so far, newest first.
defer_run()
{
	local i

	for ((i = ${#__nve_defer[@]} - 1; i >= 0; i--)); do
		eval "${__nve_defer[i]}" >/dev/null 2>&1 || true
	done
	__nve_defer=()
}
trap defer_run EXIT

# nve_setup_ns NAME...: like setup_ns (sets $NAME to a fresh namespace with lo
# up) and defers each namespace's removal.
nve_setup_ns()
{
	local n

	setup_ns "$@" >/dev/null || skip "cannot create network namespaces"
	for n in "$@"; do
		defer cleanup_ns "${!n}"
	done
}

# ---- checks ----

__nve_diag()
{
	sed '/^$/d; s/^/    /' | head -n 40
}

__nve_cmdstr()
{
	local s

	s=$(printf '%q ' "$@")
	echo "${s% }"
}

# Set inside a test's subshell: fail and skip end the test, not the script.
__nve_in_test=0

fail()
{
	if [ "$__nve_in_test" -eq 0 ]; then
		echo "Bail out! $*"
	else
		echo "FAIL: $*"
	fi
	exit "$ksft_fail"
}

skip()
{
	if [ "$__nve_in_test" -eq 0 ]; then
		ktap_print_header
		ktap_skip_all "$*"
	else
		echo "SKIP: $*"
	fi
	exit "$ksft_skip"
}

check()
{
	local out rc

	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "FAIL: $(__nve_cmdstr "$@") exited $rc:"
		echo "$out" | __nve_diag
		exit "$ksft_fail"
	fi
}

check_fail()
{
	local out

	if out=$("$@" 2>&1); then
		echo "FAIL: $(__nve_cmdstr "$@") succeeded, should have failed:"
		echo "$out" | __nve_diag
		exit "$ksft_fail"
	fi
}

# check_extack TEXT CMD...: CMD must fail, and its output (ip and the nve
# CLI print the kernel's extack as "Error: <message>") must contain TEXT.
check_extack()
{
	local want=$1 out rc

	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "FAIL: $(__nve_cmdstr "$@") succeeded, should have failed with \"$want\":"
		echo "$out" | __nve_diag
		exit "$ksft_fail"
	fi
	if ! grep -qF -- "$want" <<<"$out"; then
		echo "FAIL: $(__nve_cmdstr "$@") failed ($rc) without \"$want\":"
		echo "$out" | __nve_diag
		exit "$ksft_fail"
	fi
}

check_output()
{
	local re=$1 out rc

	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] || ! grep -qE -- "$re" <<<"$out"; then
		echo "FAIL: $(__nve_cmdstr "$@") (exit $rc) does not print /$re/:"
		echo "$out" | __nve_diag
		exit "$ksft_fail"
	fi
}

check_no_output()
{
	local re=$1 out rc

	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] || grep -qE -- "$re" <<<"$out"; then
		echo "FAIL: $(__nve_cmdstr "$@") (exit $rc) prints /$re/:"
		echo "$out" | __nve_diag
		exit "$ksft_fail"
	fi
}

check_eq()
{
	[ "$1" = "$2" ] || fail "${3:-value}: want \"$1\", got \"$2\""
}

# nve_secs N: N seconds stretched by NVE_TIME_SCALE, for a test's own bounds
# (timeout(1), socat, ping -W) on slow kernels.
nve_secs()
{
	echo $(($1 * NVE_TIME_SCALE))
}

# wait_for [-t SECS] CMD...: poll CMD (every 0.1 s, net/lib.sh's slowwait)
# until it succeeds or SECS pass.  Returns 1 on timeout, with CMD's output.
wait_for()
{
	local t=$NVE_WAIT_TIMEOUT out

	if [ "$1" = -t ]; then
		t=$2
		shift 2
	fi
	t=$(nve_secs "$t")
	if ! out=$(slowwait "$t" "$@" 2>&1); then
		echo "timeout: $(__nve_cmdstr "$@") still failing after ${t}s:"
		echo "$out" | __nve_diag
		return 1
	fi
}

# ---- requirements ----

# require_cmd CMD...: skip the test (or, at top level, the script) without.
require_cmd()
{
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "$c not installed"
	done
}

require_module()
{
	local m

	for m in "$@"; do
		modprobe -q "$m" 2>/dev/null || [ -d "/sys/module/$m" ] ||
			skip "module $m not available"
	done
}

# ---- running ----

__nve_usage()
{
	echo "usage: $0 [-l] [-t TEST]...   tests: $TESTS" >&2
	exit 2
}

# nve_main "$@": run the tests named in $TESTS (or the -t ones) as KTAP.
nve_main()
{
	local sel=() t rc n fail=0 pass=0 skipped=0 o

	OPTIND=1
	while getopts "lt:h" o; do
		case $o in
		l) echo "$TESTS" | tr -s ' \t' '\n' | sed '/^$/d'; exit 0 ;;
		t) sel+=("$OPTARG") ;;
		*) __nve_usage ;;
		esac
	done
	# shellcheck disable=SC2206 # TESTS is a whitespace-separated list
	[ ${#sel[@]} -gt 0 ] || sel=($TESTS)
	for t in "${sel[@]}"; do
		declare -F "test_$t" >/dev/null || { echo "no test_$t" >&2; __nve_usage; }
	done

	ktap_print_header
	ktap_set_plan "${#sel[@]}"
	if [ "$(id -u)" -ne 0 ]; then
		for t in "${sel[@]}"; do
			ktap_test_skip "$t"
		done
		echo "# must run as root (in the test VM: scripts/vm-run.sh)"
		exit "$ksft_skip"
	fi

	n=0
	for t in "${sel[@]}"; do
		n=$((n + 1))
		# Diagnostics are KTAP comments; the subshell keeps a failed
		# check (exit) and its deferred cleanup within this test.
		(
			__nve_defer=()
			__nve_in_test=1
			trap defer_run EXIT
			"test_$t"
		) 2>&1 | sed -u 's/^/# /'
		rc=${PIPESTATUS[0]}
		case $rc in
		0) ktap_test_pass "$t"; pass=$((pass + 1)) ;;
		"$ksft_skip") ktap_test_skip "$t"; skipped=$((skipped + 1)) ;;
		*) ktap_test_fail "$t"; fail=$((fail + 1)) ;;
		esac
	done
	ktap_print_totals

	[ "$fail" -eq 0 ] || exit "$ksft_fail"
	[ "$pass" -gt 0 ] || [ "$skipped" -eq 0 ] || exit "$ksft_skip"
	exit "$ksft_pass"
}
