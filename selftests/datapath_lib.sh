# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154 # NS names are set by nve_setup_ns
#
# selftests/datapath_lib.sh: the data-plane topology shared by nve_datapath,
# nve_interop, nve_flood_proxy and nve_badpkt.  Sourced after lib.sh.
#
# Hosts (hypervisors) are namespaces H1..Hn on a routed underlay: each has
# one veth "ul" to a router namespace RT, in its own IPv4 and IPv6 subnet,
# and routes everything else through RT.  A VM is a namespace VMi whose eth0
# is a veth into host i's bridge br0; an overlay device (nve0, or a Linux
# vxlan0/geneve0 for interop) is the bridge's other port.
#
#                            +------ RT ------+
#                            | ul1   ul2  ul3 |   10.0.i.1, 2001:db8:i::1
#                            +--|-----|-----|-+
#                 +-------------+     |     +-------------+
#     +---------- | H1 -+   +-------- | H2 -+   +-------- | H3 -+
#     |          ul     |   |        ul     |   |        ul     |  10.0.i.2
#     |  nve0 -- br0    |   |  nve0 -- br0  |   |  nve0 -- br0  |  2001:db8:i::2
#     |          vm     |   |          vm   |   |          vm   |
#     +----------|------+   +----------|----+   +----------|----+
#        +-- VM1 eth0 --+     +-- VM2 eth0 -+     +-- VM3 eth0 -+
#          192.168.100.i/24, fd00::i/64, MAC 02:00:00:00:00:0i
#
# Host i's variables: H$i (namespace), and dp_ip4 i / dp_ip6 i / dp_mac i.

NVE=${NVE:-$NVE_ROOT/userspace/nve}
DP_VNI=4242
DP_VM_MTU=1400		# below nve's MTU over either underlay family

dp_ip4() { echo "10.0.$1.2"; }
dp_ip6() { echo "2001:db8:$1::2"; }
dp_vm4() { echo "192.168.100.$1"; }
dp_vm6() { echo "fd00::$1"; }
dp_mac() { printf '02:00:00:00:00:%02x\n' "$1"; }

# dp_ns NAME: the namespace stored in the variable NAME (H1, VM2, ...).
dp_ns() { echo "${!1}"; }

dp_requirements()
{
	require_cmd ip tcpdump socat python3 ss sha256sum timeout
	[ -x "$NVE" ] || skip "nve CLI not built (make -C userspace)"
	require_module veth bridge nve
}

# dp_underlay N: RT and hosts H1..HN, routed.  Deferred cleanup.
dp_underlay()
{
	local i h

	nve_setup_ns RT
	ip netns exec "$RT" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 || fail "RT: no forwarding"
	for ((i = 1; i <= $1; i++)); do
		nve_setup_ns "H$i"
		h=$(dp_ns "H$i")
		check ip link add "ul$i" netns "$RT" type veth peer name ul netns "$h"
		check ip -n "$RT" addr add "10.0.$i.1/24" dev "ul$i"
		check ip -n "$RT" addr add "2001:db8:$i::1/64" dev "ul$i" nodad
		check ip -n "$RT" link set "ul$i" up
		check ip -n "$h" addr add "$(dp_ip4 "$i")/24" dev ul
		check ip -n "$h" addr add "$(dp_ip6 "$i")/64" dev ul nodad
		check ip -n "$h" link set ul up
		check ip -n "$h" route add default via "10.0.$i.1"
		check ip -n "$h" -6 route add default via "2001:db8:$i::1"
		check ip -n "$h" link add br0 type bridge
		ip netns exec "$h" sysctl -qw net.ipv6.conf.br0.disable_ipv6=1
		check ip -n "$h" link set br0 up
	done
}

# dp_vm I: VM I behind host I's bridge.  Deferred cleanup.
dp_vm()
{
	local i=$1 h vm

	nve_setup_ns "VM$i"
	h=$(dp_ns "H$i")
	vm=$(dp_ns "VM$i")
	check ip link add eth0 netns "$vm" address "$(dp_mac "$i")" \
		mtu "$DP_VM_MTU" type veth peer name vm netns "$h"
	check ip -n "$h" link set vm master br0 up
	check ip -n "$vm" addr add "$(dp_vm4 "$i")/24" dev eth0
	check ip -n "$vm" addr add "$(dp_vm6 "$i")/64" dev eth0 nodad
	check ip -n "$vm" link set eth0 up
}

# nve_in NS ARGS...: the nve CLI in a namespace.
nve_in()
{
	ip netns exec "$1" "$NVE" "${@:2}"
}

# dp_nve I ENCAP FAMILY [LINK_OPTS...]: nve0 on host I (ENCAP vxlan or
# geneve; FAMILY 4 or 6: the underlay), a port of br0, up.  Deferred delete.
dp_nve()
{
	local i=$1 encap=$2 fam=$3 h laddr

	shift 3
	h=$(dp_ns "H$i")
	laddr=$(dp_ip"$fam" "$i")
	check nve_in "$h" link add nve0 vni "$DP_VNI" local "$laddr" \
		encap "$encap" "$@"
	defer ip -n "$h" link del nve0
	ip netns exec "$h" sysctl -qw net.ipv6.conf.nve0.disable_ipv6=1
	check ip -n "$h" link set nve0 master br0 up
}

# dp_mesh FAMILY N: on each of hosts 1..N, map every VM (local or at its
# host) and flood to every other host.
dp_mesh()
{
	local fam=$1 n=$2 i j h

	for ((i = 1; i <= n; i++)); do
		h=$(dp_ns "H$i")
		for ((j = 1; j <= n; j++)); do
			if [ "$i" -eq "$j" ]; then
				check nve_in "$h" map add dev nve0 mac "$(dp_mac "$j")" local
				continue
			fi
			check nve_in "$h" map add dev nve0 mac "$(dp_mac "$j")" \
				remote "$(dp_ip"$fam" "$j")"
			check nve_in "$h" flood add dev nve0 remote "$(dp_ip"$fam" "$j")"
		done
	done
}

# json_num JSON KEY: the number under KEY in nve's flat -j output.
json_num()
{
	[[ $1 =~ \"$2\":([0-9]+) ]] || return 1
	echo "${BASH_REMATCH[1]}"
}

# nve_stat NS DEV COUNTER: one of the device's counters (nve -j stats keys).
nve_stat()
{
	json_num "$(nve_in "$1" -j stats dev "$2")" "$3"
}

# nve_hits NS DEV MAC: the mapping's hit count.
nve_hits()
{
	json_num "$(nve_in "$1" -j map show dev "$2" mac "$3")" hits
}

# check_stat WANT NS DEV COUNTER: the counter equals WANT.
check_stat()
{
	local got

	got=$(nve_stat "$2" "$3" "$4") || fail "cannot read $4 of $3"
	check_eq "$1" "$got" "$3 $4"
}

# check_stat_ge MIN NS DEV COUNTER: the counter is at least MIN.
check_stat_ge()
{
	local got

	got=$(nve_stat "$2" "$3" "$4") || fail "cannot read $4 of $3"
	[ "$got" -ge "$1" ] || fail "$3 $4: want at least $1, got $got"
}

# dp_ping VMNS ADDR: ping until one reply, for at most 15 s.
dp_ping()
{
	wait_for -t 15 ip netns exec "$1" ping -c 1 -W 1 "$2" ||
		fail "no ping reply from $2"
}

dp_listening()
{
	ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q .
}

# dp_transfer FROM_VM TO_VM ADDR [BYTES]: a TCP transfer of random bytes
# from FROM_VM to ADDR (in TO_VM), verified byte for byte.
dp_transfer()
{
	local from=$1 to=$2 addr=$3 bytes=${4:-1048576} dir port=5001 pid
	local proto=TCP4 dst=$addr

	if [[ $addr == *:* ]]; then
		proto=TCP6
		dst="[$addr]"
	fi
	dir=$(mktemp -d) || fail "mktemp"
	defer rm -rf "$dir"
	head -c "$bytes" /dev/urandom > "$dir/sent"

	ip netns exec "$to" timeout "$(nve_secs 60)" socat -u \
		"$proto-LISTEN:$port,reuseaddr" "OPEN:$dir/received,creat,trunc" &
	pid=$!
	defer kill "$pid"
	wait_for dp_listening "$to" "$port" || fail "no listener in $to"
	check ip netns exec "$from" timeout "$(nve_secs 60)" socat -u "OPEN:$dir/sent" \
		"$proto:$dst:$port"
	wait "$pid" || fail "receiver failed"
	check_eq "$(sha256sum < "$dir/sent")" "$(sha256sum < "$dir/received")" \
		"sha256 of $bytes bytes sent to $addr"
}

# Packet capture.  dp_capture_start NS IFACE FILTER: capture in the
# background into $DP_PCAP until dp_capture_stop.  Deferred kill.
#
# A capture proves an absence only once it has seen a later packet: stopping
# tcpdump may lose what it has not read yet.  So a test that expects
# nothing sends a sentinel packet that FILTER also matches, waits for it
# (dp_capture_wait), and only then stops and counts.
dp_capture_start()
{
	local dir

	dir=$(mktemp -d) || fail "mktemp"
	defer rm -rf "$dir"
	DP_PCAP=$dir/cap.pcap
	DP_CAPLOG=$dir/tcpdump.log
	ip netns exec "$1" tcpdump -nn -U --immediate-mode -i "$2" \
		-w "$DP_PCAP" "$3" 2>"$DP_CAPLOG" &
	DP_CAPPID=$!
	defer kill "$DP_CAPPID"
	wait_for grep -q "listening on" "$DP_CAPLOG" || fail "tcpdump did not start"
}

dp_capture_stop()
{
	kill -INT "$DP_CAPPID" 2>/dev/null
	wait "$DP_CAPPID" 2>/dev/null
	true
}

# dp_capture_count [FILTER] [PCAP]: packets captured (matching FILTER).
# tcpdump prints one timestamped line per packet, and the inner frame of
# some encapsulated ones on a second line.
dp_capture_count()
{
	tcpdump -nn -r "${2:-$DP_PCAP}" ${1:+"$1"} 2>/dev/null | grep -c '^[0-9]'
}

dp_capture_has() { [ "$(dp_capture_count "$1" "${3:-$DP_PCAP}")" -ge "${2:-1}" ]; }

# dp_capture_wait FILTER [N]: wait until N (1) packets matching FILTER were
# captured.
dp_capture_wait()
{
	wait_for dp_capture_has "$1" "${2:-1}" || fail "nothing matching \"$1\" captured"
}

# dp_capture_show: the capture, decoded, on stderr (a KTAP comment).
dp_capture_show()
{
	tcpdump -nn -e -r "$DP_PCAP" 2>/dev/null | head -n 20 >&2
}
