#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nve_flood_proxy.sh: head-end replication reaches exactly the NVEs of the
# flood list, and proxy ARP and ND answer from bindings with nothing sent on
# the underlay.
#
#                         +----------- RT -----------+
#                         |  ul1    ul2    ul3   ul4 |
#                         +---|------|------|-----|--+
#              +--------------+      |      |     +--------------+
#     +------- | H1 ---+  +--------- | H2 -+ +--- | H3 -+  +----- | H4 -+
#     |       ul       |  |         ul     | |   ul     |  |     ul     |
#     | nve0 -- br0    |  |  nve0 -- br0   | | nve0-br0 |  | nve0-br0   |
#     |         vm     |  |          vm    | |      vm  |  |      vm    |
#     +---------|------+  +----------|-----+ +------|---+  +------|-----+
#            VM1                  VM2              VM3            VM4
#
#   H1's flood list: H2, H3 (not H4).  H2, H3, H4 flood to H1 only.
#   H1 maps VM1 (local), VM2, VM3 and VM4; H4 maps VM1; VM1 and VM4 know
#   each other's MAC statically, so they talk without any flooding.
#   VMs: 192.168.100.i/24, fd00::i/64, MAC 02:00:00:00:00:0i.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/datapath_lib.sh"

# shellcheck disable=SC2034 # read by nve_main
TESTS="
	broadcast_reaches_listed_nves
	arp_reaches_listed_nves
	proxy_arp_answers_locally
	proxy_nd_answers_locally
"

# What H1 sends inside VXLAN over IPv4, as a capture filter on its underlay
# link: the inner EtherType sits at UDP offset 8 + 8 + 12, an inner ARP
# opcode at 8 + 8 + 14 + 6 (1: request; replies to the others' requests
# are not what the proxy suppresses); in an inner ICMPv6 neighbour
# solicitation, next header 58 at IPv6 offset 6 and ICMPv6 type 135 at 40.
H1_VXLAN='src host 10.0.1.2 and udp dst port 4789'
INNER_ARP="$H1_VXLAN and udp[28:2] = 0x0806 and udp[36:2] = 1"
INNER_NS="$H1_VXLAN and udp[28:2] = 0x86dd and udp[36] = 58 and udp[70] = 135"
# H1's own ping of the router: the sentinel of its underlay captures.
H1_SENTINEL='icmp and dst host 10.0.1.1'
# VM1's ping of VM4: the sentinel of the VMs' captures.
VM_SENTINEL='icmp and src host 192.168.100.1'

# vm_capture VM FILTER: capture FILTER, or the sentinel, on the VM's eth0,
# into VMCAP_<VM>.
vm_capture()
{
	dp_capture_start "$(dp_ns "$1")" eth0 "($2) or ($VM_SENTINEL)"
	printf -v "VMCAP_$1" '%s' "$DP_PCAP"
}

# vm_count VM FILTER: packets matching FILTER in VM's capture.
vm_count()
{
	local f=VMCAP_$1

	dp_capture_count "$2" "${!f}"
}

vm_has()
{
	local f=VMCAP_$1

	dp_capture_has "$2" 1 "${!f}"
}

# sentinel: VM1 and VM4 talk by unicast only.  Once VM4 has captured VM1's
# echo request, whatever H1 sent toward H4 before has arrived and been
# captured.
sentinel()
{
	dp_ping "$VM1" "$(dp_vm4 4)"
	wait_for vm_has VM4 "$VM_SENTINEL" || fail "VM4 did not capture the sentinel"
}

test_broadcast_reaches_listed_nves()
{
	local flood vm bcast='udp dst port 9999'

	for vm in VM2 VM3 VM4; do
		vm_capture "$vm" "$bcast"
	done
	flood=$(nve_stat "$H1" nve0 tx_flood)

	echo "nve flood test" | ip netns exec "$VM1" \
		socat -u - UDP4-DATAGRAM:192.168.100.255:9999,broadcast ||
		fail "cannot send a broadcast"

	wait_for vm_has VM2 "$bcast" || fail "the broadcast did not reach VM2"
	wait_for vm_has VM3 "$bcast" || fail "the broadcast did not reach VM3"
	sentinel
	check_eq 1 "$(vm_count VM2 "$bcast")" "broadcast copies at VM2"
	check_eq 1 "$(vm_count VM3 "$bcast")" "broadcast copies at VM3"
	check_eq 0 "$(vm_count VM4 "$bcast")" "broadcast copies at VM4 (H4 is not listed)"
	[ $(($(nve_stat "$H1" nve0 tx_flood) - flood)) -ge 2 ] ||
		fail "H1 did not count two flood copies"
}

test_arp_reaches_listed_nves()
{
	local vm who='arp[24:4] = 0xc0a86463'	# who-has 192.168.100.99

	for vm in VM2 VM3 VM4; do
		vm_capture "$vm" "$who"
	done
	# Nobody has .99: VM1 asks the whole VN.
	ip netns exec "$VM1" ping -c 1 -W 1 192.168.100.99 >/dev/null 2>&1

	wait_for vm_has VM2 "$who" || fail "the ARP request did not reach VM2"
	wait_for vm_has VM3 "$who" || fail "the ARP request did not reach VM3"
	sentinel
	check_eq 0 "$(vm_count VM4 "$who")" "ARP requests at VM4 (H4 is not listed)"
	check_stat_ge 1 "$H1" nve0 tx_flood
}

# low32 ADDR: the low 32 bits of an IPv4 or IPv6 address, in hex.
low32()
{
	python3 -S -c 'import ipaddress, sys
print(hex(int(ipaddress.ip_address(sys.argv[1])) & 0xffffffff))' "$1"
}

# proxy_check FAMILY: VM1 resolves VM2's address with the proxy off (the
# request is flooded: the capture works), then on (answered by H1).
proxy_check()
{
	local fam=$1 filter addr own replies out

	# Only requests for ADDR count: on a slow kernel VM1's neighbour
	# code may also probe VM2's link-local address by unicast NS (NUD),
	# which goes to the mapped MAC like any unicast and is no address
	# resolution for the proxy to answer.
	if [ "$fam" = 4 ]; then
		addr=$(dp_vm4 2)
		own=$(dp_vm4 1)
		filter="$INNER_ARP and udp[54:4] = $(low32 "$addr")"	# target IP
	else
		addr=$(dp_vm6 2)
		own=$(dp_vm6 1)
		filter="$INNER_NS and udp[90:4] = $(low32 "$addr")"	# target, low 32 bits
	fi
	check nve_in "$H1" bind add dev nve0 ip "$addr" mac "$(dp_mac 2)"
	defer nve_in "$H1" bind del dev nve0 ip "$addr"

	# Off: the request goes out to the flood list.
	check ip -n "$VM1" neigh flush dev eth0
	dp_capture_start "$H1" ul "$filter"
	dp_ping "$VM1" "$addr"
	dp_capture_wait "$filter"
	dp_capture_stop

	# On: answered by H1 from the binding, nothing on the underlay.  VM2
	# keeps VM1's address pinned, so that its own reachability probes
	# (a request to VM1, whose sender VM1 would learn) can't resolve VM2
	# at VM1 before VM1 asks.
	check ip -n "$VM2" neigh replace "$own" lladdr "$(dp_mac 1)" \
		nud permanent dev eth0
	defer ip -n "$VM2" neigh del "$own" dev eth0
	check nve_in "$H1" link set nve0 proxy on
	defer nve_in "$H1" link set nve0 proxy off
	replies=$(nve_stat "$H1" nve0 proxy_replies)
	check ip -n "$VM1" neigh flush dev eth0
	dp_capture_start "$H1" ul "($filter) or ($H1_SENTINEL)"
	dp_ping "$VM1" "$addr"
	check ip netns exec "$H1" ping -c 1 -W 5 10.0.1.1
	dp_capture_wait "$H1_SENTINEL"
	dp_capture_stop
	[ "$(dp_capture_count "$filter")" -eq 0 ] || {
		dp_capture_show
		fail "with proxy on, requests seen on the underlay"
	}
	[ "$(nve_stat "$H1" nve0 proxy_replies)" -gt "$replies" ] ||
		fail "proxy_replies did not move"
	out=$(ip -n "$VM1" neigh show "$addr")
	grep -q "lladdr $(dp_mac 2)" <<<"$out" ||
		fail "VM1 resolved $addr to something else: $out"
}

test_proxy_arp_answers_locally() { proxy_check 4; }
test_proxy_nd_answers_locally()  { proxy_check 6; }

dp_requirements
dp_underlay 4
for i in 1 2 3 4; do
	dp_vm "$i"
	dp_nve "$i" vxlan 4
done
# H1: every VM mapped, floods to H2 and H3.
check nve_in "$H1" map add dev nve0 mac "$(dp_mac 1)" local
for i in 2 3 4; do
	check nve_in "$H1" map add dev nve0 mac "$(dp_mac "$i")" remote "$(dp_ip4 "$i")"
done
check nve_in "$H1" flood add dev nve0 remote "$(dp_ip4 2)"
check nve_in "$H1" flood add dev nve0 remote "$(dp_ip4 3)"
# H2..H4: VM1 at H1, flood to H1 only.
for i in 2 3 4; do
	h=$(dp_ns "H$i")
	check nve_in "$h" map add dev nve0 mac "$(dp_mac "$i")" local
	check nve_in "$h" map add dev nve0 mac "$(dp_mac 1)" remote "$(dp_ip4 1)"
	check nve_in "$h" flood add dev nve0 remote "$(dp_ip4 1)"
done
# VM1 and VM4 need no ARP for each other.
check ip -n "$VM1" neigh replace "$(dp_vm4 4)" lladdr "$(dp_mac 4)" dev eth0 nud permanent
check ip -n "$VM4" neigh replace "$(dp_vm4 1)" lladdr "$(dp_mac 1)" dev eth0 nud permanent

nve_main "$@"
