#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nve_badpkt.sh: malformed, truncated, misdirected VXLAN and Geneve packets
# are dropped and counted by reason, and nothing else happens (run.sh then
# checks the kernel log and the taint flags: no splat).
#
#     +------------------ H1 -------------------+       +-- RT --+
#     |  nve0    vxlan  vni 4242 -+ UDP 4789    |       |        |
#     |  nve1    vxlan  vni 4243 -+ (one socket)|  ul --|- ul1   |
#     |  gnv0    geneve vni 4242 -- UDP 6081    |       |        |
#     |  nve6    vxlan  vni 4242 -- UDP 4789/v6 |       |  ul2 --|-- ul  H2
#     |  10.0.1.2, 2001:db8:1::2                |       +--------+   (sender:
#     +-----------------------------------------+                    nve_inject.py,
#                                                                     raw sockets)
#
# H2 sends hand-made packets (selftests/nve_inject.py) to H1's underlay
# address, all of a test in one go, in order, the last one valid.  Each
# test reads the counters, sends, and waits for the expected counters to
# move: once the last, valid packet is counted as delivered, everything
# sent before it has been handled, so the test then checks that no other
# counter moved.  Drops that no device can be charged with (too short to
# hold a VNI, unknown VNI) are counted on the UDP socket, and every device
# on it reports them.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/datapath_lib.sh"

# shellcheck disable=SC2034 # read by nve_main
TESTS="
	vxlan_valid_is_decapsulated
	vxlan_bad_flags
	vxlan_truncated
	vxlan_unknown_vni
	vxlan_loop
	geneve_valid_with_options
	geneve_bad_header
	geneve_truncated
	geneve_bad_options
	ipv6_underlay
	wrong_port
"

COUNTERS="rx_decap rx_bad_flags rx_truncated rx_bad_option rx_unknown_vni rx_loop"
LOCAL_VM_MAC=02:00:00:00:00:01

# send_to DST SPEC...: nve_inject.py in H2 (one process, on one CPU, so
# that the packets stay in order).
send_to()
{
	check ip netns exec "$H2" taskset -c 0 "$PYTHON" -S \
		"$NVE_SELFTESTS_DIR/nve_inject.py" "$@"
}

# send SPEC...: to H1's IPv4 underlay address.
send() { send_to "$(dp_ip4 1)" "$@"; }

# snap DEV...: remember each DEV's counters in BEFORE_<DEV>_<counter>.
snap()
{
	local c d json

	for d in "$@"; do
		json=$(nve_in "$H1" -j stats dev "$d")
		for c in $COUNTERS; do
			printf -v "BEFORE_${d}_$c" '%s' "$(json_num "$json" "$c")"
		done
	done
}

# delta DEV COUNTER [JSON]: how much COUNTER moved since snap DEV.
delta()
{
	local v=BEFORE_${1}_$2 json=${3:-}

	[ -n "$json" ] || json=$(nve_in "$H1" -j stats dev "$1")
	echo $(($(json_num "$json" "$2") - ${!v}))
}

delta_is() { [ "$(delta "$2" "$3")" -eq "$1" ]; }

# expect DEV COUNTER=N...: wait for the listed deltas, then check that the
# other counters of DEV did not move.
expect()
{
	local dev=$1 kv c want json

	shift
	for kv in "$@"; do
		wait_for delta_is "${kv#*=}" "$dev" "${kv%=*}" ||
			fail "$dev ${kv%=*}: want +${kv#*=}, got +$(delta "$dev" "${kv%=*}")"
	done
	json=$(nve_in "$H1" -j stats dev "$dev")
	for c in $COUNTERS; do
		want=0
		for kv in "$@"; do
			[ "${kv%=*}" = "$c" ] && want=${kv#*=}
		done
		check_eq "$want" "$(delta "$dev" "$c" "$json")" "$dev $c"
	done
}

test_vxlan_valid_is_decapsulated()
{
	snap nve0 nve1
	send vxlan-ok,count=3 vxlan-ok,vni=4243
	expect nve0 rx_decap=3
	expect nve1 rx_decap=1
}

test_vxlan_bad_flags()
{
	snap nve0
	# The last but one: a Geneve header on the VXLAN port (no I flag).
	send vxlan-no-i,count=2 vxlan-rsvd-flags vxlan-rsvd-vni \
		geneve-ok,port=4789 vxlan-ok
	expect nve0 rx_bad_flags=5 rx_decap=1
}

test_vxlan_truncated()
{
	snap nve0 nve1
	# Too short for a VNI: charged to the socket, seen by both devices;
	# a VNI but no inner Ethernet header: charged to nve0 only.
	send vxlan-short,count=2 vxlan-no-eth vxlan-ok
	expect nve0 rx_truncated=3 rx_decap=1
	expect nve1 rx_truncated=2
}

test_vxlan_unknown_vni()
{
	snap nve0 nve1 gnv0
	send vxlan-ok,vni=999,count=2 vxlan-ok
	expect nve0 rx_unknown_vni=2 rx_decap=1
	expect nve1 rx_unknown_vni=2
	# Another socket's devices know nothing of it.
	expect gnv0
}

test_vxlan_loop()
{
	local own

	own=$(ip -n "$H1" link show nve0 | awk '/link\/ether/ { print $2 }')
	check nve_in "$H1" map add dev nve0 mac "$LOCAL_VM_MAC" local
	defer nve_in "$H1" map del dev nve0 mac "$LOCAL_VM_MAC"

	snap nve0
	# From the device's own MAC, and from a VM that sits behind H1.
	send "vxlan-ok,src=$own" "vxlan-ok,src=$LOCAL_VM_MAC,count=2" vxlan-ok
	expect nve0 rx_loop=3 rx_decap=1
}

test_geneve_valid_with_options()
{
	snap gnv0
	send geneve-ok geneve-opt-ok,count=2
	expect gnv0 rx_decap=3
}

test_geneve_bad_header()
{
	snap gnv0
	send geneve-ver1 geneve-oam geneve-proto geneve-ok
	expect gnv0 rx_bad_flags=3 rx_decap=1
}

test_geneve_truncated()
{
	snap gnv0
	send geneve-short geneve-opt-trunc,count=2 geneve-ok
	expect gnv0 rx_truncated=3 rx_decap=1
}

test_geneve_bad_options()
{
	snap gnv0
	send geneve-opt-overrun geneve-critical,count=2 geneve-c-bit \
		geneve-opt-ok
	expect gnv0 rx_bad_option=4 rx_decap=1
}

test_ipv6_underlay()
{
	snap nve6 nve0
	send_to "$(dp_ip6 1)" vxlan-no-i vxlan-short vxlan-ok,vni=77 vxlan-ok
	expect nve6 rx_decap=1 rx_bad_flags=1 rx_truncated=1 rx_unknown_vni=1
	# The IPv4 socket on the same port is another socket.
	expect nve0
}

test_wrong_port()
{
	snap nve0 nve1 gnv0 nve6
	send vxlan-ok,port=4790,count=3 geneve-ok,port=6082,count=3 vxlan-ok
	expect nve0 rx_decap=1
	expect nve1
	expect gnv0
	expect nve6
}

dp_requirements
require_cmd taskset
# The interpreter itself: a version manager's shim costs seconds under TCG.
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
dp_underlay 2
check nve_in "$H1" link add nve0 vni 4242 local "$(dp_ip4 1)" encap vxlan
check nve_in "$H1" link add nve1 vni 4243 local "$(dp_ip4 1)" encap vxlan
check nve_in "$H1" link add gnv0 vni 4242 local "$(dp_ip4 1)" encap geneve
check nve_in "$H1" link add nve6 vni 4242 local "$(dp_ip6 1)" encap vxlan
for d in nve0 nve1 gnv0 nve6; do
	ip netns exec "$H1" sysctl -qw "net.ipv6.conf.$d.disable_ipv6=1"
	check ip -n "$H1" link set "$d" up
done

nve_main "$@"
