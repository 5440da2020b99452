#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nve_move.sh: a VM moves between hypervisors while another VM streams to it
# (draft-ietf-nvo3-vmm): the old NVE redirects what still arrives for it,
# the new one holds it until the VM announces itself, and nothing is lost.
#
#                            +------ RT ------+
#                            | ul1   ul2  ul3 |   10.0.i.1
#                            +--|-----|-----|-+         (routes between)
#                 +-------------+     |     +-------------+
#     +---------- | H1 -+   +-------- | H2 -+   +-------- | H3 -+
#     |          ul     |   |        ul     |   |        ul     |  10.0.i.2
#     |  nve0 -- br0    |   |  nve0 -- br0  |   |  nve0 -- br0  |
#     |          vm1 ---|---|--> vm1        |   |          vm2  |
#     +----------|------+   +---------------+   +----------|----+
#        +-- VM1 eth0 --+   (the move: vm1, VM1's    +-- VM2 eth0 -+
#        192.168.100.1       port, goes to H2's br0)   192.168.100.2
#        02:00:00:00:00:01                             02:00:00:00:00:02
#
# VM1 starts behind H1 (NVE1), VM2 sits behind H3 (NVE3), H2 (NVE2) is
# where VM1 goes.  The move is the host side of VM1's veth changing
# namespace and bridge: VM1 keeps its addresses, neighbours and TCP
# sockets, as a VM keeps its memory in a live migration.  The test plays
# the NVA; VM2 streams to VM1 numbered UDP datagrams (nve_traffic, 1000 a
# second) and a TCP transfer checked by SHA-256.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/datapath_lib.sh"

TRAFFIC=$NVE_SELFTESTS_DIR/nve_traffic
MV_RATE=1000		# datagrams a second
MV_PORT=6000		# UDP stream
MV_TCP_PORT=5001
VM1_MAC=$(dp_mac 1)

# shellcheck disable=SC2034 # read by nve_main
TESTS="
	stream_baseline
"

# mv_vm N HOST: VM N (namespace VMN, eth0, MAC and addresses as in
# datapath_lib.sh) behind host HOST's bridge, through the port "vmN".
mv_vm()
{
	local i=$1 h vm

	nve_setup_ns "VM$i"
	h=$(dp_ns "H$2")
	vm=$(dp_ns "VM$i")
	check ip link add eth0 netns "$vm" address "$(dp_mac "$i")" \
		mtu "$DP_VM_MTU" type veth peer name "vm$i" netns "$h"
	check ip -n "$h" link set "vm$i" master br0 up
	check ip -n "$vm" addr add "$(dp_vm4 "$i")/24" dev eth0
	check ip -n "$vm" link set eth0 up
}

# mv_port_to VM FROM TO: move VM's port from host FROM's bridge to host
# TO's: the VM itself (its namespace) does not change.
mv_port_to()
{
	local port=vm$1 from to

	from=$(dp_ns "H$2")
	to=$(dp_ns "H$3")
	check ip -n "$from" link set "$port" netns "$to"
	check ip -n "$to" link set "$port" master br0 up
}

# mv_home: VM1's port back behind H1, wherever an earlier test left it.
mv_home()
{
	local i

	for i in 2 3; do
		if ip -n "$(dp_ns "H$i")" link show vm1 >/dev/null 2>&1; then
			mv_port_to 1 "$i" 1
		fi
	done
}

# mv_setup: nve0 on every host (VXLAN, IPv4 underlay), each VM mapped local
# at its host and remote elsewhere, every host in every flood list.  The
# VMs know each other's MAC (permanent neighbours), so no ARP runs during
# a move.
mv_setup()
{
	local i j h

	mv_home
	for i in 1 2 3; do
		dp_nve "$i" vxlan 4
	done
	for i in 1 2 3; do
		h=$(dp_ns "H$i")
		for j in 1 2 3; do
			[ "$i" -eq "$j" ] && continue
			check nve_in "$h" flood add dev nve0 remote "$(dp_ip4 "$j")"
		done
	done
	check nve_in "$H1" map add dev nve0 mac "$(dp_mac 1)" local
	check nve_in "$H1" map add dev nve0 mac "$(dp_mac 2)" remote "$(dp_ip4 3)"
	check nve_in "$H2" map add dev nve0 mac "$(dp_mac 1)" remote "$(dp_ip4 1)"
	check nve_in "$H2" map add dev nve0 mac "$(dp_mac 2)" remote "$(dp_ip4 3)"
	check nve_in "$H3" map add dev nve0 mac "$(dp_mac 1)" remote "$(dp_ip4 1)"
	check nve_in "$H3" map add dev nve0 mac "$(dp_mac 2)" local
	dp_ping "$VM2" "$(dp_vm4 1)"
}

# ---- traffic ----

# stream_start SECONDS: VM1 receives, VM2 sends MV_RATE datagrams a second
# for SECONDS.  stream_wait then reads both summaries into SEND and RECV.
stream_start()
{
	local dir

	dir=$(mktemp -d) || fail "mktemp"
	defer rm -rf "$dir"
	ST_DIR=$dir
	ip netns exec "$VM1" "$TRAFFIC" recv "$MV_PORT" --ready "$dir/ready" \
		--until-idle 3000 --timeout "$(nve_secs 60)" > "$dir/recv" 2>&1 &
	ST_RECV=$!
	defer kill "$ST_RECV"
	wait_for test -e "$dir/ready" || fail "the receiver did not start"
	ip netns exec "$VM2" "$TRAFFIC" send "$(dp_vm4 1)" "$MV_PORT" \
		"$MV_RATE" "$1" > "$dir/send" 2>&1 &
	ST_SEND=$!
	defer kill "$ST_SEND"
}

stream_wait()
{
	wait "$ST_SEND" || fail "sender failed: $(cat "$ST_DIR/send")"
	wait "$ST_RECV" || fail "receiver failed: $(cat "$ST_DIR/recv")"
	SEND=$(cat "$ST_DIR/send")
	RECV=$(cat "$ST_DIR/recv")
	echo "sender (VM2):   $SEND"
	echo "receiver (VM1): $RECV"
}

# kv KEY LINE: the value of KEY=VALUE in a summary line.
kv()
{
	[[ " $2 " =~ \ $1=([0-9.]+)\  ]] || return 1
	echo "${BASH_REMATCH[1]}"
}

# The sender kept to the schedule: every datagram sent, none failed, and
# its average rate at least 95% of MV_RATE.
check_sender()
{
	local sent rate

	sent=$(kv sent "$SEND") || fail "no sender summary"
	rate=$(kv rate "$SEND")
	check_eq 0 "$(kv errors "$SEND")" "send errors"
	[ "${rate%.*}" -ge $((MV_RATE * 95 / 100)) ] ||
		fail "the sender reached only $rate datagrams/s of $MV_RATE"
	echo "$sent datagrams at $rate/s"
}

# ---- tests ----

# No move: the stream arrives whole.  This is what makes a loss of zero
# during a move mean something: the tool and the path lose nothing alone.
test_stream_baseline()
{
	mv_setup
	stream_start 3
	stream_wait
	check_sender
	check_eq 0 "$(kv missing "$RECV")" "datagrams lost without a move"
}

dp_requirements
[ -x "$TRAFFIC" ] || skip "selftests/nve_traffic not built (make -C selftests)"
dp_underlay 3
mv_vm 1 1
mv_vm 2 3
ip netns exec "$VM1" ip neigh replace "$(dp_vm4 2)" lladdr "$(dp_mac 2)" \
	dev eth0 nud permanent || fail "VM1: neighbour"
ip netns exec "$VM2" ip neigh replace "$(dp_vm4 1)" lladdr "$(dp_mac 1)" \
	dev eth0 nud permanent || fail "VM2: neighbour"
nve_main "$@"
