#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [-o OUTDIR] [-k NVE_KO] [TEST...]: the nve selftest suite, as root,
# inside the test VM (scripts/vm-run.sh; it works on any disposable host
# whose kernel nve.ko was built for).
#
# Prints one KTAP document; each selftests/nve_*.sh (or each TEST named, with
# or without the nve_ prefix and .sh) is a subtest, indented.  Around them:
#
#   module_autoload    "ip link add ... type nve" loads nve.ko by itself
#                      (request_module("rtnl-link-nve") and the guest's
#                      modules.alias)
#   module_fresh       "modprobe nve" loads the module under test: its
#                      srcversion is NVE_KO's (-k), not some stale build
#   stock_modules      veth, vxlan, geneve and bridge load
#   ...the tests...
#   module_unload      "rmmod nve" succeeds after the suite
#   kernel_log         no WARNING:, BUG:, Oops, refcount_t, leak or
#                      "waiting for DEV to become free" since the suite began
#   kernel_taint       no taint bit other than O (4096) and E (8192), and
#                      N (262144), which KUnit sets whenever a test runs
#                      (nve_kunit.sh on the debug kernel)
#   debug_checks       on a debug kernel (lockdep/kmemleak present), the
#                      debug lane's own checks: selftests/debug-checks.sh
#
# OUTDIR (default build/results/<release>) receives ktap.txt, one log per
# test, and summary: "pass N fail N skip N".  Exit 0 if nothing failed,
# else 1.  NVE_TEST_TIMEOUT (default 1200, 3600 on a debug kernel, which
# runs the network tests about 3.4 times slower) bounds each test script;
# NVE_TIME_SCALE (default 1, 5 on a debug kernel) stretches the waits
# inside the tests (selftests/lib.sh, wait_for).
set -u

DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$DIR")
OUT=
KO=
TIMEOUT=${NVE_TEST_TIMEOUT:-1200}
TAINT_ALLOWED=$((4096 | 8192 | 262144))
MARK="nve-selftests: suite start $$"

while getopts "o:k:h" o; do
	case $o in
	o) OUT=$OPTARG ;;
	k) KO=$OPTARG ;;
	*) sed -n '3,6s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
OUT=${OUT:-$ROOT/build/results/$(uname -r)}
mkdir -p "$OUT" || exit 1
rm -f "$OUT"/nve_*.log "$OUT/debug_checks.log" "$OUT/ktap.txt" "$OUT/summary"

tests=()
if [ $# -gt 0 ]; then
	for t in "$@"; do
		t=${t%.sh}
		t=nve_${t#nve_}
		[ -f "$DIR/$t.sh" ] || { echo "run.sh: no selftests/$t.sh" >&2; exit 2; }
		tests+=("$t")
	done
else
	for t in "$DIR"/nve_*.sh; do
		[ -f "$t" ] && tests+=("$(basename "$t" .sh)")
	done
fi

debug_checks=
if [ -x "$DIR/debug-checks.sh" ] && { [ -e /proc/lockdep_stats ] || [ -e /sys/kernel/debug/kmemleak ]; }; then
	debug_checks=$DIR/debug-checks.sh
	# nve_badpkt took 1074 s there (315 s on stock 6.12).
	TIMEOUT=${NVE_TEST_TIMEOUT:-3600}
	# A listener that starts in under a second on 6.12 took over 10 s
	# there (CI, nve_datapath): every bound a test waits for is stretched.
	export NVE_TIME_SCALE=${NVE_TIME_SCALE:-5}
fi

n=0 npass=0 nfail=0 nskip=0
result() {	# result STATUS NAME [DIRECTIVE]: STATUS is pass, fail or skip
	n=$((n + 1))
	last=$1
	case $1 in
	pass) npass=$((npass + 1)); echo "ok $n $2" ;;
	skip) nskip=$((nskip + 1)); echo "ok $n $2 # SKIP${3:+ $3}" ;;
	*) nfail=$((nfail + 1)); echo "not ok $n $2${3:+ # $3}" ;;
	esac
}
diag() { sed 's/^/# /'; }

# fold_subtests LOG: the totals count each KTAP test case of a script (its
# top-level "ok"/"not ok" lines) rather than the script as one; result()
# counted the script once, as $last, so that count is replaced.  A script
# that failed without a failing case (crash, timeout, state left behind)
# keeps one failure.
fold_subtests() {
	local p s f

	p=$(grep -cE '^ok [0-9]+ ' "$1")
	s=$(grep -cE '^ok [0-9]+ .*# SKIP' "$1")
	f=$(grep -cE '^not ok [0-9]+ ' "$1")
	p=$((p - s))
	[ $((p + s + f)) -gt 0 ] || return 0
	case $last in
	pass) npass=$((npass - 1)) ;;
	skip) nskip=$((nskip - 1)) ;;
	*) nfail=$((nfail - 1)); [ "$f" -gt 0 ] || f=1 ;;
	esac
	npass=$((npass + p)) nskip=$((nskip + s)) nfail=$((nfail + f))
}
now() { cut -d' ' -f1 /proc/uptime; }

suite()
{
	plan=$((${#tests[@]} + 6))
	[ -z "$debug_checks" ] || plan=$((plan + 1))
	echo "TAP version 13"
	echo "1..$plan"
	echo "# nve selftests on $(uname -r), $(nproc) CPUs; results in $OUT"
	echo "$MARK" > /dev/kmsg
	taint0=$(cat /proc/sys/kernel/tainted)
	ns0=$(ip netns list 2>/dev/null | cut -d' ' -f1)
	[ -z "$debug_checks" ] || "$debug_checks" start

	# ---- the module ----
	if [ -d /sys/module/nve ]; then
		rmmod nve 2>&1 | diag
	fi
	if [ -d /sys/module/nve ]; then
		result fail module_autoload "nve was loaded before the suite and would not unload"
	elif out=$(ip link add nve-autoload type nve 2>&1) && [ -d /sys/module/nve ]; then
		ip link del nve-autoload
		result pass module_autoload
	else
		echo "ip link add nve-autoload type nve: $out" | diag
		result fail module_autoload
	fi

	if ! out=$(modprobe nve 2>&1); then
		echo "modprobe nve: $out" | diag
		[ -n "$KO" ] && insmod "$KO" 2>&1 | diag
		result fail module_fresh "modprobe failed"
	elif [ -n "$KO" ]; then
		want=$(modinfo -F srcversion "$KO" 2>/dev/null)
		got=$(cat /sys/module/nve/srcversion 2>/dev/null)
		if [ -z "$want" ]; then
			echo "$KO has no srcversion (no MODULE_VERSION): cannot compare" | diag
			result pass module_fresh
		elif [ "$want" = "$got" ]; then
			echo "nve $(cat /sys/module/nve/version 2>/dev/null) srcversion $got" | diag
			result pass module_fresh
		else
			echo "loaded srcversion '$got', $KO has '$want'" | diag
			result fail module_fresh "not the module under test"
		fi
	else
		result pass module_fresh
	fi

	# A built-in module without parameters (veth in the debug kernel) has
	# no /sys/module entry: modprobe knows it from modules.builtin.bin.
	bad=
	for m in veth vxlan geneve bridge; do
		modprobe "$m" 2>&1 | diag
		[ -d "/sys/module/$m" ] ||
			modprobe --show-depends "$m" 2>/dev/null | grep -qx "builtin $m" ||
			bad="$bad $m"
	done
	if [ -z "$bad" ]; then
		result pass stock_modules
	else
		result fail stock_modules "cannot load:$bad"
	fi

	# ---- the tests ----
	for t in "${tests[@]}"; do
		t0=$(now)
		echo "# $t"
		if [ ! -x "$DIR/$t.sh" ]; then
			result fail "$t" "not executable (git update-index --chmod=+x)"
			continue
		fi
		(cd "$DIR" && timeout -k 10 "$TIMEOUT" "./$t.sh") 2>&1 |
			tee "$OUT/$t.log" | sed -u 's/^/  /'
		rc=${PIPESTATUS[0]}
		secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
		# Tests clean up after themselves (defer): anything new is a bug.
		ns=$(ip netns list 2>/dev/null | cut -d' ' -f1 | grep -vxF -- "$ns0")
		devs=$(ip -o link show type nve 2>/dev/null | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }')
		left=${ns:+netns: $(echo "$ns" | tr '\n' ' ')}${devs:+ nve devices: $(echo "$devs" | tr '\n' ' ')}
		if [ -n "$left" ]; then
			echo "$t left behind $left" | diag
			for x in $ns; do ip netns del "$x" 2>/dev/null; done
			for x in $devs; do ip link del "$x" 2>/dev/null; done
		fi
		echo "# $t: exit $rc in ${secs}s"
		case $rc in
		0) if [ -n "$left" ]; then result fail "$t" "left state behind"; else result pass "$t"; fi ;;
		4) result skip "$t" ;;
		124|137) result fail "$t" "timeout after ${TIMEOUT}s" ;;
		*) result fail "$t" ;;
		esac
		fold_subtests "$OUT/$t.log"
		# A test may unload nve (e.g. rmmod with devices present).
		[ -d /sys/module/nve ] || modprobe nve 2>&1 | diag
	done

	# ---- after the suite ----
	if out=$(rmmod nve 2>&1) && [ ! -d /sys/module/nve ]; then
		result pass module_unload
	else
		echo "rmmod nve: $out" | diag
		result fail module_unload
	fi

	log=$(dmesg | sed -n "/$MARK/,\$p")
	[ -n "$log" ] || log=$(dmesg)	# the mark has scrolled out: check it all
	hits=$(echo "$log" | awk '{ l = $0; gsub(/kmemleak/, "", l) }
		l ~ /WARNING:|BUG:|Oops|refcount_t|leak|waiting for .* to become free/')
	if [ -z "$hits" ]; then
		result pass kernel_log
	else
		echo "$hits" | head -n 20 | diag
		echo "first report in context:" | diag
		echo "$log" | grep -m1 -A25 -F -- "$(echo "$hits" | head -n 1)" | diag
		result fail kernel_log "$(echo "$hits" | wc -l) bad line(s)"
	fi

	taint=$(cat /proc/sys/kernel/tainted)
	letters=PFSRMBUDAWCIOELKXTN
	flags=
	for ((i = 0; i < ${#letters}; i++)); do
		[ $(((taint >> i) & 1)) -eq 1 ] && flags="$flags${letters:i:1}"
	done
	if [ $((taint & ~TAINT_ALLOWED)) -eq 0 ]; then
		result pass kernel_taint
	else
		echo "tainted=$taint ($flags); before the suite: $taint0" | diag
		result fail kernel_taint "$flags"
	fi

	if [ -n "$debug_checks" ]; then
		"$debug_checks" finish > "$OUT/debug_checks.log" 2>&1
		rc=$?
		sed 's/^/  /' "$OUT/debug_checks.log"
		case $rc in
		0) result pass debug_checks ;;
		4) result skip debug_checks ;;
		*) result fail debug_checks ;;
		esac
	fi

	echo "# Totals: pass:$npass fail:$nfail xfail:0 xpass:0 skip:$nskip error:0"
	echo "pass $npass fail $nfail skip $nskip" > "$OUT/summary"
	[ "$nfail" -eq 0 ]
}

suite 2>&1 | tee "$OUT/ktap.txt"
exit "${PIPESTATUS[0]}"
