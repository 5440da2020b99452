#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nve_datapath.sh: VMs on three hypervisors talk through nve, over VXLAN and
# Geneve, on an IPv4 and an IPv6 underlay, with IPv4 and IPv6 inside.
#
#                            +------ RT ------+
#                            | ul1   ul2  ul3 |   10.0.i.1, 2001:db8:i::1
#                            +--|-----|-----|-+         (routes between)
#                 +-------------+     |     +-------------+
#     +---------- | H1 -+   +-------- | H2 -+   +-------- | H3 -+
#     |          ul     |   |        ul     |   |        ul     |  10.0.i.2
#     |  nve0 -- br0    |   |  nve0 -- br0  |   |  nve0 -- br0  |  2001:db8:i::2
#     |          vm     |   |          vm   |   |          vm   |
#     +----------|------+   +----------|----+   +----------|----+
#        +-- VM1 eth0 --+     +-- VM2 eth0 -+     +-- VM3 eth0 -+
#          192.168.100.i/24, fd00::i/64, MAC 02:00:00:00:00:0i
#
# The namespaces, the underlay and the VMs are set up once; each test
# creates nve0 on every host with one encapsulation and underlay family,
# maps every VM (local, or at its host) and lists the other hosts for
# flooding, then checks: ping between every pair of VMs, IPv4 and IPv6 (two
# hosts, then three), a 1 MB TCP transfer over IPv4 and one over IPv6
# verified byte for byte, and the counters that show the path taken
# (encapsulated, decapsulated, mapping hits).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/datapath_lib.sh"

# shellcheck disable=SC2034 # read by nve_main
TESTS="
	vxlan_ipv4_underlay
	vxlan_ipv6_underlay
	geneve_ipv4_underlay
	geneve_ipv6_underlay
"

# overlay ENCAP FAMILY: the whole check on the three hosts.
overlay()
{
	local encap=$1 fam=$2 i a b hits2 hits1

	for i in 1 2 3; do
		dp_nve "$i" "$encap" "$fam"
	done
	dp_mesh "$fam" 3

	# Two hosts, then the third: every pair, both VM families.
	for a in 1 2 3; do
		for b in 1 2 3; do
			[ "$a" -lt "$b" ] || continue
			dp_ping "$(dp_ns "VM$a")" "$(dp_vm4 "$b")"
			dp_ping "$(dp_ns "VM$a")" "$(dp_vm6 "$b")"
		done
	done
	dp_ping "$VM3" "$(dp_vm4 1)"

	hits2=$(nve_hits "$H1" nve0 "$(dp_mac 2)")
	hits1=$(nve_hits "$H3" nve0 "$(dp_mac 1)")
	dp_transfer "$VM1" "$VM2" "$(dp_vm4 2)"
	dp_transfer "$VM3" "$VM1" "$(dp_vm6 1)"

	# The frames went the mapped way: encapsulated on one side,
	# decapsulated on the other, through the VMs' mappings.
	for i in 1 2 3; do
		check_stat_ge 1 "$(dp_ns "H$i")" nve0 tx_encap
		check_stat_ge 1 "$(dp_ns "H$i")" nve0 rx_decap
		check_stat 0 "$(dp_ns "H$i")" nve0 tx_no_route
		check_stat 0 "$(dp_ns "H$i")" nve0 rx_loop
	done
	# (GSO: one hit can be many segments.)
	[ "$(nve_hits "$H1" nve0 "$(dp_mac 2)")" -gt "$hits2" ] ||
		fail "the transfer to VM2 did not use VM2's mapping on H1"
	[ "$(nve_hits "$H3" nve0 "$(dp_mac 1)")" -gt "$hits1" ] ||
		fail "the transfer to VM1 did not use VM1's mapping on H3"
	check_eq 0 "$(nve_hits "$H1" nve0 "$(dp_mac 1)")" "hits of a local VM"
}

test_vxlan_ipv4_underlay()  { overlay vxlan 4; }
test_vxlan_ipv6_underlay()  { overlay vxlan 6; }
test_geneve_ipv4_underlay() { overlay geneve 4; }
test_geneve_ipv6_underlay() { overlay geneve 6; }

dp_requirements
dp_underlay 3
for i in 1 2 3; do
	dp_vm "$i"
done
nve_main "$@"
