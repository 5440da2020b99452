#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the nve CLI, run by "make -C userspace test".  No kernel
# module is needed:
#   1. the unit tests (test_parse, test_output, test_msg), under valgrind;
#   2. proof that a failing check fails a test binary;
#   3. CLI invocations that fail or finish before any nve netlink traffic
#      (help, -V, bad arguments, batch files with bad lines), under
#      valgrind, each checked for its exit status and its message;
#   4. the batch hot-path benchmark (a diagnostic, never a failure).
# Prints TAP, and as its very last line "N passed, N failed".  Exits 1 if
# anything failed.

cd "$(dirname "$0")/.." || exit 1

VG_ERR=99
if command -v valgrind >/dev/null 2>&1; then
	VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=$VG_ERR"
else
	echo "# valgrind not found (scripts/install-deps.sh installs it): running without it"
	VG=
fi

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

n=0
pass=0
fail=0

ok() {
	n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"
}

echo "TAP version 13"

# 1. Unit tests: each of their checks counts.
for t in tests/test_parse tests/test_output tests/test_msg; do
	$VG ./$t >"$TMP/out" 2>"$TMP/err"
	rc=$?
	sed -e 's/^/# /' "$TMP/out"
	p=$(grep -c '^ok ' "$TMP/out")
	f=$(grep -c '^not ok ' "$TMP/out")
	pass=$((pass + p)); fail=$((fail + f)); n=$((n + p + f))
	if [ $rc -eq $VG_ERR ]; then
		sed -e 's/^/# /' "$TMP/err"
		not_ok "$t: valgrind found errors or leaks"
	elif [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		sed -e 's/^/# /' "$TMP/err"
		not_ok "$t: exit $rc without a failing check"
	else
		ok "$t: $p checks, exit $rc, valgrind clean"
	fi
done

# 2. A failing check must fail the binary.
if NVE_TEST_INJECT_FAILURE=1 ./tests/test_parse >"$TMP/out" 2>&1; then
	not_ok "harness: an injected failure exits 0"
elif grep -q '^not ok .*injected failure' "$TMP/out"; then
	ok "harness: an injected failure is reported and exits non-zero"
else
	not_ok "harness: an injected failure is not reported"
fi

# 3. CLI: cli NAME WANT_RC PATTERN [args...]; stdin from $CLI_STDIN if set.
#    PATTERN is a fixed string looked for in stdout+stderr ("" = any).
cli() {
	name=$1 want=$2 pat=$3
	shift 3
	$VG ./nve "$@" <"${CLI_STDIN:-/dev/null}" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	cat "$TMP/out" "$TMP/err" >"$TMP/all"
	if [ $rc -eq $VG_ERR ]; then
		sed -e 's/^/# /' "$TMP/all"
		not_ok "cli: $name: valgrind found errors or leaks"
	elif [ $rc -ne "$want" ]; then
		sed -e 's/^/# /' "$TMP/all"
		not_ok "cli: $name: exit $rc, want $want"
	elif [ -n "$pat" ] && ! grep -qF -- "$pat" "$TMP/all"; then
		sed -e 's/^/# /' "$TMP/all"
		not_ok "cli: $name: no \"$pat\" in the output"
	else
		ok "cli: $name"
	fi
}

MAC=52:54:00:12:34:56

cli "-V prints the version" 0 "nve utility" -V
cli "--version works too" 0 "nve utility" --Version
cli "help" 0 "Usage: nve" help
cli "-h" 0 "OBJECT :=" -h
cli "help map" 0 "nve map flush" help map
cli "map help" 0 "nve map { add | replace }" map help
cli "prefixes: m h is map help" 0 "nve map show" m h
cli "prefixes: mo h is monitor help" 0 "nve [ -j ] monitor" mo h
cli "prefixes: l h is link help" 0 "nve link add NAME" l h
cli "bind help" 0 "nve bind del dev DEV" bind help
cli "flood help" 0 "nve flood { add | del }" flood help
cli "stats help" 0 "ip -s link" stats help
cli "no arguments: usage, exit 2" 2 "Usage: nve" 
cli "unknown option" 2 'Option "-x" is unknown' -x
cli "unknown object" 2 'Object "frob" is unknown' frob
cli "unknown verb" 2 'Command "zap" is unknown' map zap
cli "-batch without a file" 2 "needs a file name" -batch

cli "map add: VNI 2^24" 2 'invalid vni "16777216"' \
	map add dev nve0 vni 16777216 mac $MAC remote 192.0.2.1
cli "map add: VNI not a number" 2 'invalid vni "ten"' \
	map add dev nve0 vni ten mac $MAC remote 192.0.2.1
cli "map add: bad MAC" 2 'invalid mac "52:54:00:12:34"' \
	map add dev nve0 mac 52:54:00:12:34 remote 192.0.2.1
cli "map add: multicast MAC" 2 "must be unicast" \
	map add dev nve0 mac 01:00:5e:00:00:01 remote 192.0.2.1
cli "map add: bad IP" 2 'invalid remote "192.0.2"' \
	map add dev nve0 mac $MAC remote 192.0.2
cli "map add: bad IPv6" 2 'invalid remote "2001:db8:::1"' \
	map add dev nve0 mac $MAC remote 2001:db8:::1
cli "map add: port 0" 2 'invalid port "0"' \
	map add dev nve0 mac $MAC remote 192.0.2.1 port 0
cli "map add: port 65536" 2 'invalid port "65536"' \
	map add dev nve0 mac $MAC remote 192.0.2.1 port 65536
cli "map add: remote-vni 2^24" 2 'invalid remote-vni "16777216"' \
	map add dev nve0 mac $MAC remote 192.0.2.1 remote-vni 16777216
cli "map add: seq 2^32" 2 'invalid seq "4294967296"' \
	map add dev nve0 mac $MAC remote 192.0.2.1 seq 4294967296
cli "map add: unknown keyword" 2 'unknown argument "color"' \
	map add dev nve0 mac $MAC remote 192.0.2.1 color red
cli "map add: missing mac" 2 'argument "mac" is required' \
	map add dev nve0 remote 192.0.2.1
cli "map add: missing dev" 2 'argument "dev" is required' \
	map add mac $MAC remote 192.0.2.1
cli "map add: neither remote nor local" 2 '"remote" or "local" is required' \
	map add dev nve0 mac $MAC
cli "map add: remote and local" 2 "exclude each other" \
	map add dev nve0 mac $MAC remote 192.0.2.1 local
cli "map add: value missing" 2 'argument "vni" needs a value' \
	map add dev nve0 mac $MAC remote 192.0.2.1 vni
cli "map add: duplicate" 2 'duplicate argument "mac"' \
	map add dev nve0 mac $MAC mac $MAC local
cli "map add: bad device name" 2 'invalid dev "a/b"' \
	map add dev a/b mac $MAC local
cli "map add: hint names the object" 2 'Try "nve map help"' \
	map add dev nve0 vni -1 mac $MAC local
cli "map del: remote is not valid" 2 'is not valid for "nve map delete"' \
	map del dev nve0 mac $MAC remote 192.0.2.1
cli "map show: bad vni" 2 'invalid vni "abc"' map show vni abc
cli "map flush: missing dev" 2 'argument "dev" is required' map flush
cli "map replace: no such device" 1 'Cannot find device "nosuch0"' \
	map replace dev nosuch0 mac $MAC remote 192.0.2.1
cli "map show: no such device" 1 'Cannot find device "nosuch0"' \
	map show dev nosuch0
cli "map get: mac required" 2 'argument "mac" is required' \
	map get dev nve0
cli "map get: prepare is export's" 2 'is not valid for "nve map get"' \
	map get dev nve0 mac $MAC prepare
cli "map export: remote is not valid" 2 'is not valid for "nve map export"' \
	map export dev nve0 mac $MAC remote 192.0.2.1
cli "map export: no such device" 1 'Cannot find device "nosuch0"' \
	map export dev nosuch0 mac $MAC prepare seq 9
cli "map help: get and export" 0 "nve map export dev DEV" map help
cli "bind replace: mac required" 2 'argument "mac" is required' \
	bind replace dev nve0 ip 10.0.0.1
cli "bind help: replace" 0 "nve bind { add | replace }" bind help
cli "-j with bad arguments: still exit 2" 2 'invalid vni' \
	-j map show vni 99999999
cli "bind add: bad ip" 2 'invalid ip "10.0.0"' \
	bind add dev nve0 ip 10.0.0 mac $MAC
cli "bind add: missing mac" 2 'argument "mac" is required' \
	bind add dev nve0 ip 10.0.0.1
cli "bind show: vni not valid" 2 'is not valid for "nve bind show"' \
	bind show vni 1
cli "flood add: missing remote" 2 'argument "remote" is required' \
	flood add dev nve0 vni 1
cli "flood add: bad vni" 2 'invalid vni "16777216"' \
	flood add dev nve0 vni 16777216 remote 192.0.2.1
cli "link add: missing name" 2 'argument "NAME" is required' link add
cli "link add: bad encap" 2 'invalid encap "gre"' link add nve0 encap gre
cli "link add: bad tos" 2 'invalid tos "256"' link add nve0 tos 256
cli "link add: bad ttl" 2 'invalid ttl "-1"' link add nve0 ttl -1
cli "link add: bad dstport" 2 'invalid dstport "0"' link add nve0 dstport 0
cli "link add: bad proxy" 2 'invalid proxy "yes"' link add nve0 proxy yes
cli "link add: bad max-entries" 2 'invalid max-entries "-5"' \
	link add nve0 max-entries -5
cli "link add: name too long" 2 'invalid NAME "abcdefghijklmnop"' \
	link add abcdefghijklmnop
cli "link set: nothing to change" 2 "needs something to change" link set nve0
cli "link del: options not valid" 2 'is not valid for "nve link delete"' \
	link del nve0 vni 1
cli "link del: no such device" 1 'Cannot find device "nosuch0"' \
	link del nosuch0
cli "stats: unknown argument" 2 'unknown argument "foo"' stats foo
cli "monitor: arguments refused" 2 'unknown argument "x"' monitor x

# VM mobility: move, prepare, activate, withdraw, and the device settings.
cli "move help" 0 "nve move dev DEV" move help
cli "help move" 0 "nve prepare dev DEV" help move
cli "prefixes: mov h is move help" 0 "redirect-time MS" mov h
cli "prefixes: p h is prepare help" 0 "nve activate dev DEV" p h
cli "prefixes: mo is still monitor" 0 "nve [ -j ] monitor" mo h
cli "help lists the mobility objects" 0 "move | prepare | activate | withdraw" help
cli "move: missing to" 2 'argument "to" is required' \
	move dev nve0 mac $MAC
cli "move: missing mac" 2 'argument "mac" is required' \
	move dev nve0 to 10.0.2.2
cli "move: missing dev" 2 'argument "dev" is required' \
	move mac $MAC to 10.0.2.2
cli "move: bad to" 2 'invalid to "10.0.2"' \
	move dev nve0 mac $MAC to 10.0.2
cli "move: bad mode" 2 'invalid mode "tepid"' \
	move dev nve0 mac $MAC to 10.0.2.2 mode tepid
cli "move: mode is a whole word" 2 'invalid mode "h"' \
	move dev nve0 mac $MAC to 10.0.2.2 mode h
cli "move: redirect-time above the limit" 2 'must be 0-3600000 milliseconds' \
	move dev nve0 mac $MAC to 10.0.2.2 redirect-time 3600001
cli "move: redirect-time with a cold move" 2 'applies to hot moves only' \
	move dev nve0 mac $MAC to 10.0.2.2 mode cold redirect-time 100
cli "move: bad seq" 2 'invalid seq "-1"' \
	move dev nve0 mac $MAC to 10.0.2.2 seq -1
cli "move: multicast mac" 2 "must be unicast" \
	move dev nve0 mac 33:33:00:00:00:01 to 10.0.2.2
cli "move: duplicate mode" 2 'duplicate argument "mode"' \
	move dev nve0 mac $MAC to 10.0.2.2 mode hot mode warm
cli "move: unknown keyword" 2 'unknown argument "remote"' \
	move dev nve0 mac $MAC remote 10.0.2.2
cli "move: value missing" 2 'argument "redirect-time" needs a value' \
	move dev nve0 mac $MAC to 10.0.2.2 redirect-time
cli "move: no such device" 1 'Cannot find device "nosuch0"' \
	move dev nosuch0 mac $MAC to 10.0.2.2 mode hot redirect-time 0
cli "prepare: to is not valid" 2 'is not valid for "nve prepare"' \
	prepare dev nve0 mac $MAC to 10.0.2.2
cli "prepare: bad announce" 2 'invalid announce "garp,arp"' \
	prepare dev nve0 mac $MAC announce garp,arp
cli "move: announce is for prepare" 2 'is not valid for "nve move"' \
	move dev nve0 mac $MAC to 10.0.2.2 announce garp
cli "link set: bad announce" 2 'invalid announce "all"' \
	link set nve0 announce all
cli "link help names announce" 0 "announce { none | ANNOUNCE }" link help
cli "prepare: hold-packets above the limit" 2 'invalid hold-packets "65537"' \
	prepare dev nve0 mac $MAC hold-packets 65537
cli "prepare: bad hold-time" 2 'invalid hold-time "5s"' \
	prepare dev nve0 mac $MAC hold-time 5s
cli "move: hold-time is not valid" 2 'is not valid for "nve move"' \
	move dev nve0 mac $MAC to 10.0.2.2 hold-time 5
cli "prepare: missing mac" 2 'argument "mac" is required' prepare dev nve0
cli "prepare: no such device" 1 'Cannot find device "nosuch0"' \
	prepare dev nosuch0 mac $MAC seq 2
cli "activate: seq is not valid" 2 'is not valid for "nve activate"' \
	activate dev nve0 mac $MAC seq 1
cli "activate: lo is not an nve device" 1 '"lo" is not an nve device' \
	activate dev lo mac $MAC
cli "withdraw: mode is not valid" 2 'is not valid for "nve withdraw"' \
	withdraw dev nve0 mac $MAC mode hot
cli "withdraw: bad vni" 2 'invalid vni "16777216"' \
	withdraw dev nve0 vni 16777216 mac $MAC
cli "link add: bad hold-packets" 2 'invalid hold-packets "65537"' \
	link add nve0 hold-packets 65537
cli "link add: bad hold-time" 2 'invalid hold-time "60001"' \
	link add nve0 hold-time 60001
cli "link set: bad redirect-time" 2 'invalid redirect-time "1s"' \
	link set nve0 redirect-time 1s
cli "link set: bad redirect-max" 2 'invalid redirect-max "3600001"' \
	link set nve0 redirect-max 3600001
cli "link help: mobility options" 0 "hold-packets N" link help
cli "link help: duplicate detection" 0 "dup-moves N" link help
cli "link set: dup-window 0" 2 'invalid dup-window "0"' \
	link set nve0 dup-window 0
cli "link add: dup-freeze above a day" 2 'must be 0-86400 seconds' \
	link add nve0 dup-freeze 86401
cli "link set: bad dup-moves" 2 'invalid dup-moves "-1"' \
	link set nve0 dup-moves -1
cli "unfreeze help" 0 "nve unfreeze dev DEV" unfreeze help
cli "unfreeze: seq is not valid" 2 'is not valid for "nve unfreeze"' \
	unfreeze dev nve0 mac $MAC seq 1
cli "unfreeze: missing mac" 2 'argument "mac" is required' unfreeze dev nve0
cli "unfreeze: no such device" 1 'Cannot find device "nosuch0"' \
	unfreeze dev nosuch0 mac $MAC
printf 'move help\nmove dev nve0 mac %s to 10.0.2.2 mode frozen\n' $MAC >"$TMP/b9"
cli "batch: bad move on line 2" 1 "Command failed $TMP/b9:2" -batch "$TMP/b9"

# lo exists but is no nve device, whether the module is loaded or not.
cli "link del lo: not an nve device" 1 '"lo" is not an nve device' link del lo

# Batch files: the failing line is named, earlier lines ran.
printf '# a comment\n\nmap help\n   # indented comment\nmap add dev nve0 vni 16777216 mac %s local\nmap help\n' \
	$MAC >"$TMP/b1"
cli "batch: bad VNI on line 5" 1 "Command failed $TMP/b1:5" -batch "$TMP/b1"
cli "batch: the VNI error is shown" 1 'invalid vni "16777216"' -batch "$TMP/b1"
cli "batch: lines before the failure ran" 1 "nve map flush" -batch "$TMP/b1"
printf 'help\nhelp\nmap add dev nve0 mac %s\n' $MAC >"$TMP/b2"
cli "batch: missing keyword on line 3" 1 "Command failed $TMP/b2:3" -batch "$TMP/b2"
printf '\n\n\nbind add dev "nve0 ip 10.0.0.1\n' >"$TMP/b3"
cli "batch: unterminated quote on line 4" 1 "Command failed $TMP/b3:4" -batch "$TMP/b3"
printf 'map help\nfrobnicate\n' >"$TMP/b4"
cli "batch: unknown object on line 2" 1 "Command failed $TMP/b4:2" -batch "$TMP/b4"
printf 'map help\nmonitor\n' >"$TMP/b5"
cli "batch: monitor refused" 1 "Command failed $TMP/b5:2" -batch "$TMP/b5"
printf 'map add dev nosuch0 mac %s remote 192.0.2.1\n' $MAC >"$TMP/b6"
cli "batch: missing device on line 1" 1 "Command failed $TMP/b6:1" -batch "$TMP/b6"
printf '# only comments\n\n' >"$TMP/b7"
cli "batch: comments only succeed" 0 "" -batch "$TMP/b7"
printf 'help\nlink add nve0 ttl 999\n' >"$TMP/b8"
CLI_STDIN="$TMP/b8" cli "batch from stdin: line 2" 1 "Command failed -:2" -batch -
cli "batch: missing file" 1 "Cannot open file" -batch "$TMP/nonexistent"
cli "batch: extra arguments" 2 "takes no command" -batch "$TMP/b7" map show

# 4. Benchmark (diagnostic).
./tests/test_msg --bench 1000000 || echo "# bench failed to run"

echo "1..$n"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
