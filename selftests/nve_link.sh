#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nve_link.sh: the nve link kind and the genl family, before any data plane:
# configuration, every refusal with its extack text, several namespaces,
# privilege, and rmmod with devices present.
#
#   +---------- $NS1 ----------+  +---------- $NS2 ----------+  +-- $NS3 --+
#   |  nve0 vni 100 (vxlan)    |  |  nve0 vni 100 (vxlan)    |  |  nve0    |
#   |  nve1 vni 101 (geneve)   |  |                          |  |          |
#   |  nve2 vni 102 local6     |  |                          |  |          |
#   +--------------------------+  +--------------------------+  +----------+
#     namespaces stand in for hypervisors; each has its own underlay, so the
#     same VNI on the same port may be used once in each
#
# Attributes the nve CLI would refuse itself are sent raw with nve_nl.py, so
# that the kernel's checks and messages are what is tested.  python3 -S skips
# site-packages: the helper needs only the standard library, and the scan
# costs seconds per call on the debug kernel.

source "$(dirname "$0")/lib.sh"

NL="python3 -S $NVE_SELFTESTS_DIR/nve_nl.py"

TESTS="
	create_with_attributes
	port_follows_encap
	mtu_accounts_for_overhead
	bad_attributes_refused
	duplicate_vni_refused
	change_needs_down
	genl_dump_per_netns
	unprivileged_userns_refused
	rmmod_with_devices
"

nl() { ip netns exec "$1" $NL "${@:2}"; }

test_create_with_attributes()
{
	nve_setup_ns NS1
	check nl "$NS1" link-add nve0 VNI=u32:100 LOCAL=ip:192.0.2.1 \
		PORT=be16:4790 ENCAP=u8:1 TTL=u8:64
	check_output '^[0-9]+ nve0 vni 100 local 192\.0\.2\.1 dstport 4790 encap vxlan$' \
		nl "$NS1" dev-get nve0
	check nl "$NS1" link-add nve1 VNI=u32:16777215 LOCAL6=ip6:2001:db8::1 ENCAP=u8:2
	check_output '^[0-9]+ nve1 vni 16777215 local 2001:db8::1 dstport 6081 encap geneve$' \
		nl "$NS1" dev-get nve1
}

test_port_follows_encap()
{
	nve_setup_ns NS1
	check nl "$NS1" link-add nve0 VNI=u32:1
	check_output 'dstport 4789 encap vxlan$' nl "$NS1" dev-get nve0
	# A port left at its default follows the encapsulation; an explicit one
	# stays.
	check nl "$NS1" link-set nve0 ENCAP=u8:2
	check_output 'dstport 6081 encap geneve$' nl "$NS1" dev-get nve0
	check nl "$NS1" link-set nve0 PORT=be16:7000
	check nl "$NS1" link-set nve0 ENCAP=u8:1
	check_output 'dstport 7000 encap vxlan$' nl "$NS1" dev-get nve0
}

test_mtu_accounts_for_overhead()
{
	nve_setup_ns NS1
	check nl "$NS1" link-add nve0 VNI=u32:1
	check_output ' mtu 1450 ' ip -n "$NS1" link show nve0
	check nl "$NS1" link-add nve1 VNI=u32:2 LOCAL6=ip6:2001:db8::1
	check_output ' mtu 1430 ' ip -n "$NS1" link show nve1
	check_fail ip -n "$NS1" link set nve0 mtu 65500
}

test_bad_attributes_refused()
{
	nve_setup_ns NS1
	check_extack "VNI must be below 16777216" \
		nl "$NS1" link-add nve0 VNI=u32:16777216
	check_extack "Local address must be IPv4 or IPv6, not both" \
		nl "$NS1" link-add nve0 LOCAL=ip:192.0.2.1 LOCAL6=ip6:2001:db8::1
	check_extack "Local address must be unicast" \
		nl "$NS1" link-add nve0 LOCAL=ip:239.1.1.1
	check_extack "Local address must be unicast" \
		nl "$NS1" link-add nve0 LOCAL=ip:255.255.255.255
	check_extack "Local address must be unicast" \
		nl "$NS1" link-add nve0 LOCAL6=ip6:ff02::1
	check_extack "UDP port must not be 0" \
		nl "$NS1" link-add nve0 PORT=be16:0
	check_extack "Encapsulation must be vxlan (1) or geneve (2)" \
		nl "$NS1" link-add nve0 ENCAP=u8:3
	check_extack "Encapsulation must be vxlan (1) or geneve (2)" \
		nl "$NS1" link-add nve0 ENCAP=u8:0
	check_extack "Announcements must be bits of garp (1), na (2) and rarp (4)" \
		nl "$NS1" link-add nve0 ANNOUNCE=u8:8
	# Type and length errors are the policy's, with the core's wording.
	check_fail nl "$NS1" link-add nve0 LOCAL6=raw:0102
	check_fail nl "$NS1" link-add nve0 PROXY=u8:2
	check_fail nl "$NS1" link-add nve0 SPOOF_CHECK=u8:2
	check_fail nl "$NS1" link-add nve0 VNI=raw:01
	# Nothing was created by any of them.
	check_output '^0$' sh -c "ip -n $NS1 -o link show type nve | wc -l"
}

test_duplicate_vni_refused()
{
	nve_setup_ns NS1
	check nl "$NS1" link-add nve0 VNI=u32:100
	check_extack "VNI is already used by another nve device on this UDP port" \
		nl "$NS1" link-add nve1 VNI=u32:100
	check_extack "UDP port is used by another nve device with another encapsulation" \
		nl "$NS1" link-add nve1 VNI=u32:101 ENCAP=u8:2 PORT=be16:4789
	# Another port, or another address family, is another socket.
	check nl "$NS1" link-add nve1 VNI=u32:100 PORT=be16:4790
	check nl "$NS1" link-add nve2 VNI=u32:100 LOCAL6=ip6:::
}

test_change_needs_down()
{
	nve_setup_ns NS1
	check nl "$NS1" link-add nve0 VNI=u32:100
	check ip -n "$NS1" link set nve0 up
	check_extack "Set the device down to change its VNI, local address, port or encapsulation" \
		nl "$NS1" link-set nve0 VNI=u32:200
	check_extack "Set the device down" nl "$NS1" link-set nve0 ENCAP=u8:2
	check_extack "Set the device down" nl "$NS1" link-set nve0 LOCAL=ip:192.0.2.9
	# What doesn't touch the socket may change while up.
	check nl "$NS1" link-set nve0 TTL=u8:9 PROXY=u8:1 SPOOF_CHECK=u8:1
	check_output 'vni 100 ' nl "$NS1" dev-get nve0
	check ip -n "$NS1" link set nve0 down
	check nl "$NS1" link-set nve0 VNI=u32:200
	check_output 'vni 200 ' nl "$NS1" dev-get nve0
}

test_genl_dump_per_netns()
{
	local out

	nve_setup_ns NS1 NS2 NS3
	check nl "$NS1" link-add nve0 VNI=u32:100
	check nl "$NS1" link-add nve1 VNI=u32:101 ENCAP=u8:2
	check nl "$NS1" link-add nve2 VNI=u32:102 LOCAL6=ip6:2001:db8::2
	check nl "$NS2" link-add nve0 VNI=u32:100
	check ip -n "$NS1" link add dummy0 type dummy

	out=$(nl "$NS1" dev-dump | cut -d' ' -f2-) || fail "dump failed"
	check_eq "nve0 vni 100 local 0.0.0.0 dstport 4789 encap vxlan
nve1 vni 101 local 0.0.0.0 dstport 6081 encap geneve
nve2 vni 102 local 2001:db8::2 dstport 4789 encap vxlan" "$out" "dump of $NS1"
	out=$(nl "$NS2" dev-dump | cut -d' ' -f2-) || fail "dump failed"
	check_eq "nve0 vni 100 local 0.0.0.0 dstport 4789 encap vxlan" "$out" "dump of $NS2"
	out=$(nl "$NS3" dev-dump) || fail "dump failed"
	check_eq "" "$out" "dump of $NS3"

	check_extack "Device is not an nve device" nl "$NS1" dev-get dummy0
	check_extack "No device with this name" nl "$NS1" dev-get nosuch0
}

# The namespaces belong to the initial user namespace: a process that is
# root only in a user namespace of its own may read, but not create or
# change, nve devices there.
test_unprivileged_userns_refused()
{
	local unpriv

	require_cmd unshare setpriv
	nve_setup_ns NS1
	check nl "$NS1" link-add nve0 VNI=u32:100
	unpriv="setpriv --reuid=65534 --regid=65534 --clear-groups -- unshare -Ur"
	ip netns exec "$NS1" $unpriv true 2>/dev/null ||
		skip "unprivileged user namespaces are disabled"

	check_extack "Operation not permitted" \
		ip netns exec "$NS1" $unpriv $NL link-add nve1 VNI=u32:101
	check_extack "Operation not permitted" \
		ip netns exec "$NS1" $unpriv $NL link-set nve0 VNI=u32:102
	check_extack "Operation not permitted" \
		ip netns exec "$NS1" $unpriv $NL genl MAP_FLUSH IFNAME=str:nve0
	check_output 'nve0 vni 100 ' ip netns exec "$NS1" $unpriv $NL dev-get nve0
	check_output '^1$' sh -c "ip -n $NS1 -o link show type nve | wc -l"
	# Control: in a network namespace of its own, the same user may.
	check setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		unshare -Urn $NL link-add nve1 VNI=u32:101
}

module_gone() { [ ! -d /sys/module/nve ]; }

test_rmmod_with_devices()
{
	nve_setup_ns NS1 NS2
	check nl "$NS1" link-add nve0 VNI=u32:100
	check nl "$NS1" link-add nve1 VNI=u32:101 LOCAL6=ip6:2001:db8::1
	check nl "$NS2" link-add nve0 VNI=u32:100 ENCAP=u8:2
	check ip -n "$NS1" link set nve0 up
	check ip -n "$NS2" link set nve0 up

	check rmmod nve
	wait_for module_gone || fail "nve still loaded"
	check_output '^0$' sh -c "ip -n $NS1 -o link show type nve | wc -l"
	check_output '^0$' sh -c "ip -n $NS2 -o link show type nve | wc -l"
	# Back for the tests that follow, and usable at once.
	check modprobe nve
	check nl "$NS1" link-add nve0 VNI=u32:100
}

nve_main "$@"
