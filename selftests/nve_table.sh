#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nve_table.sh: the location table over genl, through the nve CLI: mappings
# and their NLM_F semantics, sequence numbers, sticky entries, the entry
# limit, bindings, one VM's state exported and installed again (draft
# s6), flood lists, a 100k-entry batch load and dump, events.
#
#   +------------------------------ $NS1 -------------------------------+
#   |                                                                   |
#   |  nve0  vni 100, local 192.0.2.1 (vxlan)                           |
#   |    location table: (100, MAC) -> 198.51.100.x | local             |
#   |    192.168.77.1/24, neighbour 192.168.77.2 at an unmapped MAC     |
#   |    (a frame to it is a miss)                                      |
#   |                                                                   |
#   |  nve monitor <------ "events" genl multicast group                |
#   +-------------------------------------------------------------------+
#     one namespace, no peer: remote NVE addresses are written down in
#     the table, never reached
#
# Requests the CLI would refuse itself are sent raw with nve_table_nl.py,
# so that the kernel's checks and messages are what is tested; many at a
# time (raw_expect), as one Python start-up costs seconds in a TCG guest.

# shellcheck source=selftests/lib.sh source-path=SCRIPTDIR/..
source "$(dirname "$0")/lib.sh"

NVE=${NVE:-$NVE_ROOT/userspace/nve}
RAW=$NVE_SELFTESTS_DIR/nve_table_nl.py
NLOAD=${NVE_TABLE_NLOAD:-100000}

# shellcheck disable=SC2034 # used by nve_main
TESTS="
	map_lifecycle
	map_bad_attributes
	seq_numbers
	sticky
	entry_limit
	bindings
	vm_state_export
	flood_list
	batch_load_and_dump
	events
"

nve() { ip netns exec "$NS1" "$NVE" "$@"; }
raw() { ip netns exec "$NS1" "$PYTHON" -S "$RAW" nve0 "$@"; }

# raw_expect: the requests on stdin, one a line, "WANT | CMD [-f FLAGS]
# NEST...", WANT "ok" or a text the request's extack must contain; in
# order, in one process.  Fails the test on the first line that does not
# do as it says.
raw_expect()
{
	local out

	out=$(raw - 2>&1) || fail "raw requests: $out"
}

# One namespace with nve0 in it.  Deferred cleanup.
setup()
{
	[ -x "$NVE" ] || skip "nve CLI not built (make -C userspace)"
	require_module nve
	nve_setup_ns NS1
	check nve link add nve0 vni 100 local 192.0.2.1
}

# show_map MAC: the mapping's line of "nve map show", or fail.
show_map()
{
	nve map show dev nve0 mac "$1"
}

test_map_lifecycle()
{
	local m=02:00:00:00:01:01

	setup
	check nve map add dev nve0 mac $m remote 198.51.100.1
	check_output "mac $m remote 198\.51\.100\.1( |$)" show_map $m
	# add is NLM_F_CREATE|NLM_F_EXCL; replace NLM_F_CREATE|NLM_F_REPLACE
	check_extack "Mapping already exists" \
		nve map add dev nve0 mac $m remote 198.51.100.2
	check nve map replace dev nve0 mac $m remote 198.51.100.2 port 4790
	check_output "mac $m remote 198\.51\.100\.2 .*port 4790" show_map $m
	check nve map replace dev nve0 mac $m local
	check_output "mac $m local" show_map $m
	# NLM_F_CREATE alone on an existing mapping, NLM_F_REPLACE alone on
	# a missing one: sent raw, the CLI always pairs them.
	raw_expect <<-EOF
	Mapping already exists (NLM_F_REPLACE replaces it) | MAP_NEW -f create MAC=mac:$m,LOCAL=flag:
	Mapping does not exist (NLM_F_CREATE creates it) | MAP_NEW -f replace MAC=mac:02:00:00:00:01:02,LOCAL=flag:
	EOF
	check nve map del dev nve0 mac $m
	check_extack "Mapping does not exist" nve map del dev nve0 mac $m
	check_no_output "$m" nve map show dev nve0
}

test_map_bad_attributes()
{
	local ok="MAC=mac:02:00:00:00:02:01,REMOTE=ip:198.51.100.1" m=MAC=mac:02:00:00:00:02:02

	setup
	# Each refused alone; then a bad nest refuses the whole message
	# before anything changes (02:01 is not added), and the extack points
	# into it; then a nest failing on the table's state stops there:
	# nests before it stay (02:01), nests after it are not applied (02:03).
	raw_expect <<-EOF
	MAC address must be unicast and not zero | MAP_NEW -f create+excl MAC=mac:01:00:5e:00:00:01,LOCAL=flag:
	MAC address must be unicast and not zero | MAP_NEW -f create+excl MAC=mac:00:00:00:00:00:00,LOCAL=flag:
	MAC address missing | MAP_NEW -f create+excl REMOTE=ip:198.51.100.1
	binary attribute size out of range | MAP_NEW -f create+excl MAC=raw:0102,LOCAL=flag:
	VNI must be the device's VNI | MAP_NEW -f create+excl VNI=u32:101,$m,LOCAL=flag:
	VNI must be below 16777216 | MAP_NEW -f create+excl VNI=u32:16777216,$m,LOCAL=flag:
	Mapping needs a location: remote, remote6 or local | MAP_NEW -f create+excl $m
	Give one location: remote, remote6 or local | MAP_NEW -f create+excl $m,LOCAL=flag:,REMOTE=ip:198.51.100.1
	Remote address must be unicast | MAP_NEW -f create+excl $m,REMOTE=ip:224.0.0.1
	Remote address family must be the device's underlay family | MAP_NEW -f create+excl $m,REMOTE6=ip6:2001:db8::1
	Port and VNI overrides need a remote address | MAP_NEW -f create+excl $m,LOCAL=flag:,PORT=be16:4790
	Remote VNI must be below 16777216 | MAP_NEW -f create+excl $m,REMOTE=ip:198.51.100.1,REMOTE_VNI=u32:16777216
	Unknown mapping flags | MAP_NEW -f create+excl $m,LOCAL=flag:,FLAGS=u32:4
	Mapping times and hits are read-only | MAP_NEW -f create+excl $m,LOCAL=flag:,HITS=u64:1
	Announcements are for prepare only | MAP_NEW -f create+excl $m,LOCAL=flag:,ANNOUNCE=u8:1
	Announcements are for prepare only | MOVE $m,REMOTE=ip:198.51.100.1,ANNOUNCE=u8:1
	Announcements must be bits of garp (1), na (2) and rarp (4) | PREPARE $m,ANNOUNCE=u8:8
	Give at least one mapping (NVE_A_MAP) | MAP_NEW -f create+excl
	A flush selects by VNI, remote or local only | MAP_FLUSH $m
	Unknown mapping flags (nest 2) | MAP_NEW -f create+excl $ok $m,LOCAL=flag:,FLAGS=u32:8
	Mapping does not exist | MAP_GET MAC=mac:02:00:00:00:02:01
	ok | MAP_NEW -f create+excl $m,LOCAL=flag:
	Mapping already exists (nest 2) | MAP_NEW -f create+excl $ok $m,LOCAL=flag: MAC=mac:02:00:00:00:02:03,LOCAL=flag:
	ok | MAP_GET MAC=mac:02:00:00:00:02:01
	Mapping does not exist | MAP_GET MAC=mac:02:00:00:00:02:03
	EOF
}

test_seq_numbers()
{
	local m=02:00:00:00:03:01 w=02:00:00:00:03:02

	setup
	check nve map add dev nve0 mac $m remote 198.51.100.1 seq 10
	check_extack "Sequence number is older than the mapping's" \
		nve map replace dev nve0 mac $m remote 198.51.100.2 seq 9
	# Equal: idempotent, nothing changes.
	check nve map replace dev nve0 mac $m remote 198.51.100.2 seq 10
	check_output "mac $m remote 198\.51\.100\.1 seq 10( |$)" show_map $m
	check nve map replace dev nve0 mac $m remote 198.51.100.3 seq 11
	check_output "mac $m remote 198\.51\.100\.3 seq 11( |$)" show_map $m
	# Without a sequence number: not checked, the entry keeps its own.
	check nve map replace dev nve0 mac $m remote 198.51.100.4
	check_output "mac $m remote 198\.51\.100\.4 seq 11( |$)" show_map $m
	# RFC 1982 wraparound: 5 comes after 4294967290, which comes after 5
	# no more; 2^31 ahead is behind.
	check nve map add dev nve0 mac $w remote 198.51.100.1 seq 4294967290
	check nve map replace dev nve0 mac $w remote 198.51.100.2 seq 5
	check_output "mac $w remote 198\.51\.100\.2 seq 5( |$)" show_map $w
	check_extack "Sequence number is older than the mapping's" \
		nve map replace dev nve0 mac $w remote 198.51.100.3 seq 4294967295
	check_extack "Sequence number is older than the mapping's" \
		nve map replace dev nve0 mac $w remote 198.51.100.3 seq 2147483654
	check nve map replace dev nve0 mac $w remote 198.51.100.3 seq 2147483652
	check_output "mac $w remote 198\.51\.100\.3 seq 2147483652( |$)" show_map $w
	# A delete with an older number is refused too.
	raw_expect <<-EOF
	Sequence number is older than the mapping's | MAP_DEL MAC=mac:$w,SEQ=u32:100
	ok | MAP_DEL MAC=mac:$w,SEQ=u32:2147483653
	EOF
	check_no_output "$w" nve map show dev nve0
}

test_sticky()
{
	local m=02:00:00:00:04:01

	setup
	check nve map add dev nve0 mac $m remote 198.51.100.1 sticky static
	check_output "mac $m remote 198\.51\.100\.1 .*static" show_map $m
	check_extack "Mapping is sticky" \
		nve map replace dev nve0 mac $m remote 198.51.100.2 sticky
	check_extack "Mapping is sticky" nve map replace dev nve0 mac $m local
	# Same place, stickiness dropped; then it may move.
	check nve map replace dev nve0 mac $m remote 198.51.100.1
	check nve map replace dev nve0 mac $m remote 198.51.100.2
	check_output "mac $m remote 198\.51\.100\.2( |$)" show_map $m
}

test_entry_limit()
{
	local i

	setup
	check nve link set nve0 max-entries 3
	for i in 1 2 3; do
		check nve map add dev nve0 mac 02:00:00:00:05:0$i local
	done
	check_extack "Location table is full (max-entries reached)" \
		nve map add dev nve0 mac 02:00:00:00:05:04 local
	check_output '"table_full": ?1[,}]' nve -j stats dev nve0
	# Replacing an entry of a full table is fine.
	check nve map replace dev nve0 mac 02:00:00:00:05:01 remote 198.51.100.1
	check_extack "max-entries is below the current number of entries" \
		nve link set nve0 max-entries 2
	check_extack "before changing the VNI" nve link set nve0 vni 200
	check nve map flush dev nve0
	check nve link set nve0 max-entries 2 vni 200
	check_output '"entries": ?0[,}]' nve -j link show dev nve0
}

test_bindings()
{
	setup
	check nve bind add dev nve0 ip 192.168.77.10 mac 02:00:00:00:06:01
	check nve bind add dev nve0 ip 2001:db8:77::10 mac 02:00:00:00:06:02
	check_extack "Binding already exists" \
		nve bind add dev nve0 ip 192.168.77.10 mac 02:00:00:00:06:03
	check_output "192\.168\.77\.10 .*02:00:00:00:06:01" nve bind show dev nve0
	check_output "2001:db8:77::10 .*02:00:00:00:06:02" nve bind show dev nve0
	raw_expect <<-EOF
	MAC address missing | BIND_NEW -f create IP=ip:192.168.77.11
	Give one address: ip or ip6 | BIND_NEW -f create MAC=mac:02:00:00:00:06:04
	IP address must be unicast | BIND_NEW -f create IP=ip:224.0.0.5,MAC=mac:02:00:00:00:06:04
	EOF
	check nve bind del dev nve0 ip 192.168.77.10
	check_extack "Binding does not exist" nve bind del dev nve0 ip 192.168.77.10
	check_no_output "192\.168\.77\.10" nve bind show dev nve0
}

# get_state MAC: "nve map get" of MAC, without what changes by itself
# (ages, hits) or counts this NVE's past (moves, for duplicate
# detection), so that two readings compare.
get_state()
{
	nve map get dev nve0 mac "$1" | sed -E 's/ (hits|used|moves) [^ ]+//g'
}

# Draft s6: "map get" shows a VM's mapping and its bindings, and "map
# export" writes them as the batch lines that install them on another NVE.
# Here that NVE is this one after the VM has left, and it knows the VM as
# a remote, as a real receiving NVE does: "replace" turns that back into
# the exported state, if its sequence number is newer.
test_vm_state_export()
{
	local m=02:00:00:00:07:01 other=02:00:00:00:07:02 before after d

	setup
	d=$(mktemp -d) || fail "mktemp"
	defer rm -rf "$d"
	check nve map add dev nve0 mac $m local seq 7 static
	check nve bind add dev nve0 ip 192.168.77.20 mac $m
	check nve bind add dev nve0 ip 2001:db8:77::20 mac $m
	check nve bind add dev nve0 ip 192.168.77.21 mac $other
	before=$(get_state $m) || fail "map get: $before"
	echo "$before"
	[[ "$before" == *"ip 192.168.77.20"* && "$before" == *"ip 2001:db8:77::20"* ]] ||
		fail "map get lacks a binding of $m"
	[[ "$before" != *192.168.77.21* ]] || fail "map get shows another VM's binding"
	nve map export dev nve0 mac $m > "$d/own" || fail "map export failed"
	check_eq 3 "$(wc -l < "$d/own")" "export lines"
	check_eq "map replace dev nve0 vni 100 mac $m local seq 7 static" \
		"$(head -n 1 "$d/own")" "exported mapping"
	nve map export dev nve0 mac $m seq 9 > "$d/newer" ||
		fail "map export seq failed"

	# The VM leaves (seq 8); the export with its old seq is refused.
	check nve map replace dev nve0 mac $m remote 198.51.100.7 seq 8
	check nve bind replace dev nve0 ip 192.168.77.20 mac $other
	check nve bind del dev nve0 ip 2001:db8:77::20
	check_extack "Sequence number is older" nve -batch "$d/own"
	check nve -batch "$d/newer"
	# Away and back: two moves for duplicate detection, not exported.
	check_output "mac $m local seq 9 static.* moves 2( |$)" nve map get dev nve0 mac $m
	check_no_output "moves" nve map export dev nve0 mac $m
	after=$(get_state $m) || fail "map get: $after"
	check_eq "${before/seq 7/seq 9}" "$after" "state installed from the export"

	# prepare: the VM comes back pending.
	nve map export dev nve0 mac $m prepare seq 11 > "$d/prepare" ||
		fail "map export prepare failed"
	check_eq "prepare dev nve0 vni 100 mac $m seq 11" \
		"$(head -n 1 "$d/prepare")" "exported prepare"
	check nve map replace dev nve0 mac $m remote 198.51.100.7 seq 10
	check nve -batch "$d/prepare"
	check_output "mac $m local seq 11 .*state pending" \
		nve map get dev nve0 mac $m
	check_extack "Mapping does not exist" \
		nve map get dev nve0 mac 02:00:00:00:07:09
}

test_flood_list()
{
	local i

	setup
	check nve flood add dev nve0 remote 198.51.100.1
	check nve flood add dev nve0 remote 198.51.100.2
	check_extack "Remote is already in the flood list" \
		nve flood add dev nve0 remote 198.51.100.2
	check_output "198\.51\.100\.1" nve flood show dev nve0
	raw_expect <<-EOF
	Remote address must be unicast | FLOOD_NEW -f create REMOTE=ip:255.255.255.255
	Remote address family must be the device's underlay family | FLOOD_NEW -f create REMOTE6=ip6:2001:db8::1
	EOF
	check nve flood del dev nve0 remote 198.51.100.1
	check_no_output "198\.51\.100\.1( |$)" nve flood show dev nve0
	check_extack "Remote is not in the flood list" \
		nve flood del dev nve0 remote 198.51.100.1
	for i in $(seq 10 60); do
		echo "flood add dev nve0 remote 198.51.100.$i"
	done >"$TMPF"
	check nve -batch "$TMPF"
	check_eq 52 "$(nve flood show dev nve0 | grep -c 198.51.100.)" "flood members"
}

# mac_remote: "MAC REMOTE" for each mapping line of "nve map show" on stdin.
mac_remote()
{
	awk '{ m = r = ""; for (i = 1; i < NF; i++) { if ($i == "mac") m = $(i + 1);
		if ($i == "remote") r = $(i + 1) } if (m != "") print m, r }'
}

test_batch_load_and_dump()
{
	local t0 t1 t2 n D

	setup
	D=$(mktemp -d)
	defer rm -rf "$D"
	# NLOAD mappings to 1000 remote NVEs; the expected dump, sorted.
	awk -v n="$NLOAD" 'BEGIN { for (i = 0; i < n; i++) {
		mac = sprintf("02:00:%02x:%02x:%02x:%02x", int(i / 16777216) % 256,
			      int(i / 65536) % 256, int(i / 256) % 256, i % 256)
		r = sprintf("198.51.%d.%d", 100 + int((i % 1000) / 250), 1 + (i % 1000) % 250)
		print "map add dev nve0 mac " mac " remote " r > "'"$D"'/batch"
		print mac, r > "'"$D"'/want" } }'
	sort -o "$D/want" "$D/want"
	t0=$(date +%s.%N)
	check nve -batch "$D/batch"
	t1=$(date +%s.%N)
	check_output "\"entries\": ?${NLOAD}[,}]" nve -j link show dev nve0
	nve map show dev nve0 >"$D/show" 2>"$D/err" || fail "map show: $(cat "$D/err")"
	t2=$(date +%s.%N)
	# A dump that the table's changes interrupted says so; this one must not.
	[ -s "$D/err" ] && fail "map show complained: $(head -3 "$D/err")"
	mac_remote <"$D/show" | sort >"$D/got"
	n=$(wc -l <"$D/got")
	cmp -s "$D/want" "$D/got" ||
		fail "dump of $n differs from the $NLOAD loaded: $(diff "$D/want" "$D/got" | head -5)"
	echo "loaded $NLOAD mappings in $(echo "$t1 - $t0" | bc) s, dumped in $(echo "$t2 - $t1" | bc) s"
	check_output "\"entry_size\": ?[0-9]+" nve -j link show dev nve0
	nve -j link show dev nve0 | grep -oE '"entry_size": ?[0-9]+'
}

# events_of MAC: "EVENT REMOTE-or-local" per event about MAC in $EVF (nve
# -j monitor's output, one flat JSON object a line), in order.
events_of()
{
	sed 's/": /":/g' "$EVF" | grep -F "\"mac\":\"$1\"" | sed -E '
		s/.*"event":"([a-z_]+)".*"remote":"([^"]+)".*/\1 \2/; t
		s/.*"event":"([a-z_]+)".*"local":true.*/\1 local/; t
		s/.*"event":"([a-z_]+)".*/\1 -/'
}

# probe_seen: make an event and see it arrive (the monitor is listening).
probe_seen()
{
	nve map replace dev nve0 mac 02:00:00:00:07:ff local >/dev/null 2>&1
	grep -q '02:00:00:00:07:ff' "$EVF"
}

test_events()
{
	local m=02:00:00:00:07:01 miss=02:00:00:00:07:0e pid

	setup
	EVF=$(mktemp)
	defer rm -f "$EVF"
	ip netns exec "$NS1" "$NVE" -j monitor >"$EVF" 2>&1 &
	pid=$!
	defer kill "$pid"
	wait_for probe_seen || fail "nve monitor shows no event"

	check nve map add dev nve0 mac $m remote 198.51.100.1 seq 5
	check nve map replace dev nve0 mac $m remote 198.51.100.2 seq 5	# equal: no event
	check nve map replace dev nve0 mac $m remote 198.51.100.3 seq 6
	check nve map del dev nve0 mac $m
	# Events keep their order: the last one in means all are in, and the
	# equal-sequence replace sent none.
	wait_for grep -q "\"map_del\".*$m\|$m.*\"map_del\"" "$EVF" || fail "no map_del event"
	check_eq "map_new 198.51.100.1 map_new 198.51.100.3 map_del 198.51.100.3" \
		"$(events_of $m | tr '\n' ' ' | sed 's/ $//')" "events of $m"

	# A flush deletes with one map_del event per mapping.
	check nve map add dev nve0 mac 02:00:00:00:07:11 remote 198.51.100.9
	check nve map add dev nve0 mac 02:00:00:00:07:12 remote 198.51.100.9
	check nve map flush dev nve0 remote 198.51.100.9
	# shellcheck disable=SC2016 # expanded by eval, at each poll
	wait_for eval '[ "$(events_of 02:00:00:00:07:12 | tail -1)" = "map_del 198.51.100.9" ]' ||
		fail "no map_del event for a flushed mapping"
	check_eq "map_del 198.51.100.9" "$(events_of 02:00:00:00:07:11 | tail -1)" "flushed"

	# A frame to a MAC nobody mapped: a miss event.
	check ip -n "$NS1" link set nve0 up
	check ip -n "$NS1" addr add 192.168.77.1/24 dev nve0
	check ip -n "$NS1" neigh replace 192.168.77.2 lladdr $miss dev nve0 nud permanent
	ip netns exec "$NS1" ping -c 1 -W 1 192.168.77.2 >/dev/null 2>&1
	# shellcheck disable=SC2016 # expanded by eval, at each poll
	wait_for eval 'events_of $miss | grep -q "^miss "' || fail "no miss event for $miss"
}

# The interpreter itself: a version manager's shim costs seconds under TCG.
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
TMPF=$(mktemp)
defer rm -f "$TMPF"
nve_main "$@"
