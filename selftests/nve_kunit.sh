#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nve_kunit.sh: nve's KUnit tests (kernel/tests/), folded into the suite's
# KTAP: each KUnit test case is one test line here, named suite.case.
#
#     +------------------------- this VM -------------------------+
#     |                                                            |
#     |   modprobe nve_kunit --> suites run in the kernel          |
#     |          |                  nve_seq, nve_table, nve_encap  |
#     |          v                                                 |
#     |   /sys/kernel/debug/kunit/<suite>/results  --> KTAP here   |
#     |                                                            |
#     +------------------------------------------------------------+
#        no network: the location table, sequence numbers and the
#        VXLAN/Geneve headers are tested as plain kernel functions
#
# nve_kunit.ko exists only for a kernel built with KUnit (the debug lane's,
# see Kbuild); elsewhere this reports skip.  A KUnit kernel without the
# module, a suite without results, a case count that does not match the
# suite's plan, or a module that does not unload is a failure.  Leaks and
# checker reports from the tests are caught after the suite by run.sh and
# selftests/debug-checks.sh (kmemleak, KASAN, lockdep).
set -u

SUITES="nve_seq nve_table nve_encap"
KUNIT_DIR=/sys/kernel/debug/kunit

n=0
nfail=0
nskip=0
out=()

ok() {
	n=$((n + 1))
	[[ $* != *"# SKIP"* ]] || nskip=$((nskip + 1))
	out+=("ok $n $*")
}
not_ok() { n=$((n + 1)); nfail=$((nfail + 1)); out+=("not ok $n $*"); }
diag() { out+=("# $*"); }

skip_all() {
	echo "KTAP version 1"
	echo "1..0 # SKIP $*"
	exit 4
}

[ -d /sys/kernel/debug/kunit ] ||
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
if [ ! -d "$KUNIT_DIR" ]; then
	skip_all "kernel $(uname -r) has no KUnit (CONFIG_KUNIT, CONFIG_KUNIT_DEBUGFS)"
fi

# fold SUITE: its debugfs results as top-level test lines.
fold() {
	local suite=$1 f=$KUNIT_DIR/$1/results line plan=0 cases=0 failed=0
	local re='^    (not )?ok [0-9]+ ([^#]*[^# ])( # (.*))?$'

	if [ ! -r "$f" ]; then
		not_ok "$suite # no results in $KUNIT_DIR/$suite: the suite did not run"
		return
	fi
	while IFS= read -r line; do
		if [[ $line =~ ^\ \ \ \ 1\.\.([0-9]+)$ ]]; then
			plan=${BASH_REMATCH[1]}
		elif [[ $line =~ $re ]]; then
			cases=$((cases + 1))
			local name="$suite.${BASH_REMATCH[2]}" directive=${BASH_REMATCH[4]:-}
			if [ -n "${BASH_REMATCH[1]}" ]; then
				failed=$((failed + 1))
				not_ok "$name"
			elif [ -n "$directive" ]; then
				ok "$name # $directive"
			else
				ok "$name"
			fi
		elif [[ ! $line =~ KTAP\ version|#\ Subtest: ]] &&
			[[ $line =~ ^\ \ \ \ \ *(#\ )?(.*[^ ].*)$ ]]; then
			diag "$suite: ${BASH_REMATCH[2]}"
		fi
	done < "$f"
	if [ "$cases" -eq 0 ] || [ "$cases" -ne "$plan" ]; then
		not_ok "$suite # $cases case results for a plan of $plan"
	elif [ "$failed" -eq 0 ] && grep -q "^not ok 1 $suite\$" "$f"; then
		not_ok "$suite # the suite failed outside its cases"
	fi
}

if [ -d /sys/module/nve_kunit ] && ! rmmod nve_kunit; then
	echo "KTAP version 1"
	echo "1..1"
	echo "not ok 1 kunit_load # a stale nve_kunit would not unload"
	exit 1
fi

# The suites run inside modprobe, before it returns.
if ! msg=$(modprobe nve_kunit 2>&1); then
	echo "KTAP version 1"
	echo "1..1"
	echo "# modprobe nve_kunit: $msg"
	echo "not ok 1 kunit_load # a kernel with KUnit must get nve_kunit.ko (Kbuild)"
	exit 1
fi

for s in $SUITES; do
	fold "$s"
done

if msg=$(rmmod nve_kunit 2>&1); then
	ok "kunit_unload"
else
	diag "rmmod nve_kunit: $msg"
	not_ok "kunit_unload"
fi

echo "KTAP version 1"
echo "1..$n"
printf '%s\n' "${out[@]}"
echo "# Totals: pass:$((n - nfail - nskip)) fail:$nfail xfail:0 xpass:0 skip:$nskip error:0"
[ "$nfail" -eq 0 ]
