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
# address.  Each test reads the counters, sends, waits for the expected
# counter to move, then sends one valid packet as a barrier and checks that
# it alone was delivered and that no other counter moved.  Drops that no
# device can be charged with (too short to hold a VNI, unknown VNI) are
# counted on the UDP socket, and every device on it reports them.

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

# inject DST PORT KIND [ARGS...]: nve_inject.py in H2, on one CPU so that
# the packets stay in order.
inject()
{
	ip netns exec "$H2" taskset -c 0 "$PYTHON" \
		"$NVE_SELFTESTS_DIR/nve_inject.py" "$@"
}

# send KIND [ARGS...]: from H2 to H1's IPv4 underlay address, on the
# port of KIND's format.
send()
{
	local kind=$1 port=4789

	shift
	[[ $kind == geneve* ]] && port=6081
	check inject "$(dp_ip4 1)" "$port" "$kind" "$@"
}

# snap DEV: remember DEV's counters in BEFORE_<DEV>_<counter>.
snap()
{
	local c json

	json=$(nve_in "$H1" -j stats dev "$1")
	for c in $COUNTERS; do
		printf -v "BEFORE_${1}_$c" '%s' "$(json_num "$json" "$c")"
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

# barrier KIND DEV: one valid packet, delivered after what was sent before.
barrier()
{
	send "$1"
	wait_for delta_is 1 "$2" rx_decap || fail "$2: the valid barrier packet was not delivered"
}

test_vxlan_valid_is_decapsulated()
{
	snap nve0
	snap nve1
	send vxlan-ok --count 3
	send vxlan-ok --vni 4243
	expect nve0 rx_decap=3
	expect nve1 rx_decap=1
}

test_vxlan_bad_flags()
{
	snap nve0
	send vxlan-no-i --count 2
	send vxlan-rsvd-flags
	send vxlan-rsvd-vni
	expect nve0 rx_bad_flags=4
	# A Geneve header on the VXLAN port: no I flag either.
	snap nve0
	check inject "$(dp_ip4 1)" 4789 geneve-ok
	expect nve0 rx_bad_flags=1
	snap nve0
	barrier vxlan-ok nve0
	expect nve0 rx_decap=1
}

test_vxlan_truncated()
{
	snap nve0
	snap nve1
	# Too short for a VNI: charged to the socket, seen by both devices.
	send vxlan-short --count 2
	# A VNI but no inner Ethernet header: charged to nve0 only.
	send vxlan-no-eth
	expect nve0 rx_truncated=3
	expect nve1 rx_truncated=2
}

test_vxlan_unknown_vni()
{
	snap nve0
	snap nve1
	snap gnv0
	send vxlan-ok --vni 999 --count 2
	expect nve0 rx_unknown_vni=2
	expect nve1 rx_unknown_vni=2
	# Another socket's devices know nothing of it.
	barrier geneve-ok gnv0
	expect gnv0 rx_decap=1
}

test_vxlan_loop()
{
	local own

	own=$(ip -n "$H1" link show nve0 | awk '/link\/ether/ { print $2 }')
	check nve_in "$H1" map add dev nve0 mac "$LOCAL_VM_MAC" local
	defer nve_in "$H1" map del dev nve0 mac "$LOCAL_VM_MAC"

	snap nve0
	# From the device's own MAC, and from a VM that sits behind H1.
	send vxlan-ok --src-mac "$own"
	send vxlan-ok --src-mac "$LOCAL_VM_MAC" --count 2
	expect nve0 rx_loop=3
}

test_geneve_valid_with_options()
{
	snap gnv0
	send geneve-ok
	send geneve-opt-ok --count 2
	expect gnv0 rx_decap=3
}

test_geneve_bad_header()
{
	snap gnv0
	send geneve-ver1
	send geneve-oam
	send geneve-proto
	expect gnv0 rx_bad_flags=3
	snap gnv0
	barrier geneve-ok gnv0
	expect gnv0 rx_decap=1
}

test_geneve_truncated()
{
	snap gnv0
	send geneve-short
	send geneve-opt-trunc --count 2
	expect gnv0 rx_truncated=3
}

test_geneve_bad_options()
{
	snap gnv0
	send geneve-opt-overrun
	send geneve-critical --count 2
	send geneve-c-bit
	expect gnv0 rx_bad_option=4
	snap gnv0
	barrier geneve-opt-ok gnv0
	expect gnv0 rx_decap=1
}

test_ipv6_underlay()
{
	local dst

	dst=$(dp_ip6 1)
	snap nve6
	snap nve0
	check inject "$dst" 4789 vxlan-no-i
	check inject "$dst" 4789 vxlan-short
	check inject "$dst" 4789 vxlan-ok --vni 77
	check inject "$dst" 4789 vxlan-ok
	expect nve6 rx_decap=1 rx_bad_flags=1 rx_truncated=1 rx_unknown_vni=1
	# The IPv4 socket on the same port is another socket.
	expect nve0
}

test_wrong_port()
{
	local d

	for d in nve0 nve1 gnv0 nve6; do
		snap "$d"
	done
	check inject "$(dp_ip4 1)" 4790 vxlan-ok --count 3
	check inject "$(dp_ip4 1)" 6082 geneve-ok --count 3
	barrier vxlan-ok nve0
	expect nve0 rx_decap=1
	for d in nve1 gnv0 nve6; do
		expect "$d"
	done
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
