#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nve_interop.sh: nve speaks the same VXLAN and Geneve as Linux's own vxlan
# and geneve devices, both ways, over IPv4 and IPv6 underlays.
#
#                       +------ RT ------+
#                       |  ul1      ul2  |      10.0.i.1, 2001:db8:i::1
#                       +---|--------|---+
#          +----------------+        +-----------------+
#     +--- | H1 (nve) -----+      +-- | H2 (Linux) -----------+
#     |   ul               |      |  ul                       |  10.0.i.2
#     |   nve0 -- br0      |      |  vxlan0 or geneve0 -- br0 |  2001:db8:i::2
#     |           vm       |      |                      vm   |
#     +-----------|--------+      +----------------------|----+
#       +-- VM1 eth0 --+                      +-- VM2 eth0 --+
#        192.168.100.1, fd00::1                192.168.100.2, fd00::2
#
# Each test puts nve0 on H1 and a Linux vxlan or geneve device (VNI 4242,
# its remote H1) on H2, pings both ways with IPv4 and IPv6 inside, moves
# 512 kB each way over TCP (GSO on one side, GRO on the other), and checks
# with tcpdump, on H1's underlay, that every packet nve sent decodes as
# VXLAN with the I flag and VNI 4242, or as Geneve without options or
# flags and VNI 4242 (0x1092).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/datapath_lib.sh"

# shellcheck disable=SC2034 # read by nve_main
TESTS="
	vxlan_ipv4_underlay
	vxlan_ipv6_underlay
	geneve_ipv4_underlay
	geneve_ipv6_underlay
"

# linux_peer ENCAP FAMILY: H2's Linux device, its remote H1, in br0.
linux_peer()
{
	local encap=$1 fam=$2 dev=${1}0

	if [ "$encap" = vxlan ]; then
		check ip -n "$H2" link add "$dev" type vxlan id "$DP_VNI" \
			local "$(dp_ip"$fam" 2)" remote "$(dp_ip"$fam" 1)" dstport 4789
	else
		check ip -n "$H2" link add "$dev" type geneve id "$DP_VNI" \
			remote "$(dp_ip"$fam" 1)"
	fi
	defer ip -n "$H2" link del "$dev"
	ip netns exec "$H2" sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1"
	check ip -n "$H2" link set "$dev" master br0 up
}

# decodes ENCAP FAMILY: every packet of the capture is nve's, well formed.
decodes()
{
	local encap=$1 fam=$2 out n good re

	out=$(tcpdump -nn -r "$DP_PCAP" 2>/dev/null)
	n=$(grep -cE '^[0-9:.]+ IP6? ' <<<"$out")
	if [ "$encap" = vxlan ]; then
		# tcpdump decodes the inner Ethernet frame on the next line.
		re="VXLAN, flags \[I\] \(0x08\), vni $DP_VNI\$"
	else
		# tcpdump decodes the inner frame on the same line: Ethernet.
		re="Geneve, Flags \[none\], vni 0x1092: (IP|IP6|ARP)[ ,]"
	fi
	good=$(grep -cE "^[0-9:.]+ IP6? $(dp_ip"$fam" 1)\.[0-9]+ > $(dp_ip"$fam" 2)\.[0-9]+: $re" <<<"$out")
	[ "$n" -ge 4 ] || fail "only $n packets from nve captured"
	[ "$good" -eq "$n" ] || {
		echo "$out" | grep -vE "$re" | head -n 10
		fail "$((n - good)) of $n packets do not decode as $encap VNI $DP_VNI"
	}
	# The inner frames are there: ICMP and ICMPv6 echoes.
	grep -q "ICMP echo request" <<<"$out" || fail "no inner ICMP echo request"
	grep -q "ICMP6, echo request" <<<"$out" || fail "no inner ICMPv6 echo request"
}

interop()
{
	local encap=$1 fam=$2 port=4789

	[ "$encap" = geneve ] && port=6081
	dp_nve 1 "$encap" "$fam"
	check nve_in "$H1" map add dev nve0 mac "$(dp_mac 1)" local
	check nve_in "$H1" map add dev nve0 mac "$(dp_mac 2)" remote "$(dp_ip"$fam" 2)"
	check nve_in "$H1" flood add dev nve0 remote "$(dp_ip"$fam" 2)"
	linux_peer "$encap" "$fam"

	dp_capture_start "$H1" ul "src host $(dp_ip"$fam" 1) and udp dst port $port"
	# Both ways: each side starts a conversation.
	dp_ping "$VM1" "$(dp_vm4 2)"
	dp_ping "$VM1" "$(dp_vm6 2)"
	check ip -n "$VM1" neigh flush dev eth0
	check ip -n "$VM2" neigh flush dev eth0
	dp_ping "$VM2" "$(dp_vm4 1)"
	dp_ping "$VM2" "$(dp_vm6 1)"
	# Let tcpdump catch up before it stops.
	dp_capture_wait "udp" 4
	dp_capture_stop
	decodes "$encap" "$fam"

	dp_transfer "$VM1" "$VM2" "$(dp_vm4 2)" 524288
	dp_transfer "$VM2" "$VM1" "$(dp_vm6 1)" 524288
	check_stat 0 "$H1" nve0 rx_bad_flags
	check_stat 0 "$H1" nve0 rx_bad_option
	check_stat 0 "$H1" nve0 rx_unknown_vni
}

test_vxlan_ipv4_underlay()  { interop vxlan 4; }
test_vxlan_ipv6_underlay()  { interop vxlan 6; }
test_geneve_ipv4_underlay() { interop geneve 4; }
test_geneve_ipv6_underlay() { interop geneve 6; }

dp_requirements
require_module vxlan geneve
dp_underlay 2
dp_vm 1
dp_vm 2

nve_main "$@"
