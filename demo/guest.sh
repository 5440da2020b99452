#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo/guest.sh [STEP...]: the nve demo, as root inside the VM that
# demo/demo.sh boots.  Three hypervisors, one VM behind each, an nve
# overlay between them:
#
#                            +------ RT ------+
#                            | ul1   ul2  ul3 |   the underlay router
#                            +--|-----|-----|-+   10.0.i.1
#                 +-------------+     |     +-------------+
#     +---------- | H1 -+   +-------- | H2 -+   +-------- | H3 -+
#     |          ul     |   |        ul     |   |        ul     |  10.0.i.2
#     |  nve0 -- br0    |   |  nve0 -- br0  |   |  nve0 -- br0  |  (the NVEs)
#     |          vm     |   |          vm   |   |          vm   |
#     +----------|------+   +----------|----+   +----------|----+
#        +-- VM1 eth0 --+     +-- VM2 eth0 -+     +-- VM3 eth0 -+
#          192.168.100.i/24, MAC 02:00:00:00:00:0i, VN 4242
#
# Each step is a function step_NAME, run in the order of DEMO_STEPS (or of
# the STEPs named on the command line): the underlay, the VMs, the overlay
# (nve0 and the mappings), ping, a TCP transfer, the table, the counters,
# and last the story of draft-ietf-nvo3-vmm, step_move: VM1 streams 1000
# numbered UDP datagrams a second to VM3 while VM3 moves live from H3 to
# H2 (its port changes namespace and bridge).  The NVA (this script)
# prepares H2, moves VM3 on H3 (a hot move: H3 redirects to H2 what still
# arrives, H2 holds it until VM3 announces itself) and tells H1 only
# 500 ms later: nothing is lost, and H3's redirect counter says how much it
# saved.  Then the same move back without redirect (redirect-time 0) loses
# what H1 sent in those 500 ms.  Each move's line (sent, received, lost,
# redirected) comes from nve_traffic's and nve's counters.  Hosts and VMs
# are the namespaces of selftests/datapath_lib.sh; the topology stays up
# until the script ends.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../selftests/lib.sh"
# shellcheck source=selftests/datapath_lib.sh
source "$(dirname "$0")/../selftests/datapath_lib.sh"
# shellcheck source=selftests/move_lib.sh
source "$(dirname "$0")/../selftests/move_lib.sh"

DEMO_STEPS="underlay vms overlay ping transfer table counters move"
NHOSTS=3

# ---- presentation ----

STEPNO=0
# banner TEXT: a step's heading.
banner()
{
	STEPNO=$((STEPNO + 1))
	printf '\n=== %d. %s\n\n' "$STEPNO" "$*"
}

# note TEXT: a line of explanation.
note() { printf '%s\n' "$*" | fold -s -w 76 | sed 's/ *$//; s/^/    /'; }

# name NS: the demo's name of a namespace (H1, VM2, RT) for the prompt.
name()
{
	local v

	for v in RT H1 H2 H3 VM1 VM2 VM3; do
		if [ "${!v:-}" = "$1" ]; then
			echo "$v"
			return
		fi
	done
	echo "$1"
}

# show NS CMD...: print "NAME# CMD" and CMD's output, indented; CMD runs in
# namespace NS.  Returns CMD's status.
show()
{
	local ns=$1 rc

	shift
	printf '  %s# %s\n' "$(name "$ns")" "$*"
	ip netns exec "$ns" "$@" 2>&1 | sed 's/^/      /'
	rc=${PIPESTATUS[0]}
	[ "$rc" -eq 0 ] || printf '      (exit status %d)\n' "$rc"
	return "$rc"
}

# nve_show NS ARGS...: show for the nve CLI ("nve" in the prompt).
nve_show()
{
	local ns=$1 rc

	shift
	printf '  %s# nve %s\n' "$(name "$ns")" "$*"
	nve_in "$ns" "$@" 2>&1 | sed 's/^/      /'
	rc=${PIPESTATUS[0]}
	[ "$rc" -eq 0 ] || printf '      (exit status %d)\n' "$rc"
	return "$rc"
}

# ---- the steps ----

step_underlay()
{
	banner "The underlay: hypervisors H1..H$NHOSTS routed through RT"
	dp_underlay "$NHOSTS"
	note "Each hypervisor is a network namespace with one link, ul, to the" \
		"router RT, and a bridge br0 for its VMs."
	show "$H1" ip -br addr show dev ul
	show "$H1" ping -c 1 -q -W 2 "$(dp_ip4 3)"
}

step_vms()
{
	local i

	banner "The VMs: VM1..VM$NHOSTS, one behind each hypervisor's bridge"
	for ((i = 1; i <= NHOSTS; i++)); do
		dp_vm "$i"
	done
	note "A VM is a namespace whose eth0 is a veth into its hypervisor's br0." \
		"They share one L2 network, 192.168.100.0/24, but sit on" \
		"different hosts: nothing connects them yet."
	show "$VM1" ip -br addr show dev eth0
	show "$VM1" ping -c 1 -q -W 1 "$(dp_vm4 2)" ||
		note "No reply, as expected: VM2 is on H2, and there is no overlay yet."
}

step_overlay()
{
	local i j h

	banner "The overlay: nve0 on each hypervisor, a port of br0"
	for ((i = 1; i <= NHOSTS; i++)); do
		dp_nve "$i" vxlan 4
	done
	note "nve0 carries VN $DP_VNI over VXLAN (UDP 4789) on the IPv4 underlay."
	nve_show "$H1" link show dev nve0
	note "The NVA (here: this script) installs where each VM lives: its" \
		"own VM is local, the others at their hypervisor's address. Each" \
		"host floods broadcasts (ARP) to the other two."
	for ((i = 1; i <= NHOSTS; i++)); do
		h=$(dp_ns "H$i")
		for ((j = 1; j <= NHOSTS; j++)); do
			if [ "$i" -eq "$j" ]; then
				nve_show "$h" map add dev nve0 mac "$(dp_mac "$j")" local || return 1
				continue
			fi
			nve_show "$h" map add dev nve0 mac "$(dp_mac "$j")" \
				remote "$(dp_ip4 "$j")" || return 1
			nve_show "$h" flood add dev nve0 remote "$(dp_ip4 "$j")" || return 1
		done
	done
}

step_ping()
{
	banner "Ping across the overlay"
	note "The first ping of each pair waits for ARP, which nve floods to the" \
		"other hypervisors; the replies then follow the mappings."
	dp_ping "$VM1" "$(dp_vm4 2)"
	dp_ping "$VM1" "$(dp_vm4 3)"
	# H2 releases what it held (up to a second's worth under TCG, the time
	# the NVA takes between the move and VM3's announcement) in one burst,
	# through gro_cells and VM3's veth: the default input backlog, 1000
	# frames, can drop the excess on its way to VM3.  A first run lost 184
	# datagrams in one gap after a 1.2 s hold; the drops are counted below.
	backlog=$(sysctl -n net.core.netdev_max_backlog)
	check sysctl -qw net.core.netdev_max_backlog=10000
	defer sysctl -qw net.core.netdev_max_backlog="$backlog"
	note "The input backlog is raised from $backlog to 10000 frames, for the" \
		"burst of frames H2 releases when VM3 is back."
	dp_ping "$VM2" "$(dp_vm4 3)"
	show "$VM1" ping -c 3 -i 0.3 "$(dp_vm4 2)" || return 1
	show "$VM1" ping -c 3 -i 0.3 "$(dp_vm4 3)" || return 1
	show "$VM3" ping -c 3 -i 0.3 "$(dp_vm4 2)" || return 1
}

step_transfer()
{
	local bytes=$((4 * 1048576))

	banner "A TCP transfer across the overlay"
	note "4 MiB of random bytes from VM1 to VM3 (socat), compared by SHA-256" \
		"on arrival."
	# A subshell of its own: dp_transfer's cleanup runs when it ends.
	(
		__nve_defer=()
		trap defer_run EXIT
		dp_transfer "$VM1" "$VM3" "$(dp_vm4 3)" "$bytes"
	) || {
		note "the transfer FAILED"
		return 1
	}
	note "$bytes bytes arrived at VM3, and their SHA-256 matches what VM1 sent."
	note "The counters below show the path: tx encap on H1, rx decap on H3," \
		"and the hits of VM3's mapping on H1."
}

step_table()
{
	local i

	banner "The location table"
	note "Where each VM lives, as every hypervisor sees it; hits count" \
		"frames sent through a mapping."
	for ((i = 1; i <= NHOSTS; i++)); do
		nve_show "$(dp_ns "H$i")" map show dev nve0
	done
	nve_show "$H1" flood show dev nve0
}

step_counters()
{
	local i

	banner "The counters"
	for ((i = 1; i <= NHOSTS; i++)); do
		nve_show "$(dp_ns "H$i")" stats dev nve0
	done
	show "$H1" ip -s link show dev nve0
}

# ---- the move (draft-ietf-nvo3-vmm) ----
#
# The NVA's side of a live migration of VM3, as selftests/nve_move.sh plays
# it for VM1 (its functions are written for that test's topology: VM1
# moves, VM2 streams; these are the same steps for the demo's VM3 and VM1).

MV_RATE=1000		# datagrams a second, VM1 to VM3
MV_NVA=nve_show		# print the NVA's commands (selftests/move_lib.sh)
VM3_MAC=$(dp_mac 3)
MV_TABLE=()		# one row per move, for the summary

vm3_map() { mv_map "$1" 3; }

# stream_start SECONDS: VM1 streams to VM3; stream_wait prints both ends'
# summaries.
stream_start() { mv_stream_start 1 3 "$MV_RATE" "$1"; }

stream_wait()
{
	mv_stream_wait
	printf '  VM1 (sender):   %s\n  VM3 (receiver): %s\n' "$SEND" "$RECV"
}

# vm3_move FROM TO REDIRECT_MS SEQ: the NVA's steps (move_lib.sh's
# mv_move): prepare on TO (frames for VM3 are held there), a hot move on
# FROM (what still arrives there is redirected to TO for REDIRECT_MS, 0:
# not at all), VM3's port moves and VM3 announces itself (RARP and GARP,
# as QEMU does), TO activates it; then, only after a deliberate delay of
# MV_DELAY_MS from the move, the NVA tells H1, the sender's NVE, which
# until then still sends to FROM.
vm3_move()
{
	printf '  (VM3 stops on H%d and resumes on H%d: its port vm3 moves, and VM3\n' "$1" "$2"
	printf '   announces itself with a RARP and a GARP, as QEMU does)\n'
	mv_move 3 "$1" "$2" "$3" "$4" 1
	printf '  (H1 told %d ms after the move)\n' "$MV_DELAY"
}

# vm3_moved TITLE FROM RED_BEFORE ENTRY_REDIRECTS DROPS_BEFORE TO:
# after stream_wait, the line for one move, from the counters, and a row
# of the summary.
vm3_moved()
{
	local title=$1 from=$2 to=$6 sent recv lost red drops

	sent=$(kv sent "$SEND") || fail "no sender summary: $SEND"
	recv=$(kv unique "$RECV") || fail "no receiver summary: $RECV"
	lost=$(kv missing "$RECV")
	red=$(($(nve_stat "$(dp_ns "H$from")" nve0 redirected) - $3))
	drops=$(($(backlog_drops) - $5))
	echo
	echo "  $title: $sent sent, $recv received, $lost lost," \
		"$red redirected by H$from (H1 told after $MV_DELAY ms)"
	[ "$4" = - ] || echo "  VM3's entry on H$from: redirects $4"
	echo "  H$to: hold-overflow $(nve_stat "$(dp_ns "H$to")" nve0 hold_overflow)," \
		"hold-expired $(nve_stat "$(dp_ns "H$to")" nve0 hold_expired);" \
		"input backlog drops during the move: $drops"
	MV_TABLE+=("$(printf '%-26s %6s %9s %5s %11s %8s' "$title" "$sent" \
		"$recv" "$lost" "$red by H$from" "$MV_DELAY")")
}

step_move()
{
	local red entry base drops backlog

	banner "A live migration: VM3 moves from H3 to H2 while VM1 streams to it"
	[ -x "$MV_TRAFFIC" ] || fail "selftests/nve_traffic not built (make -C selftests)"
	note "VM1 sends VM3 $MV_RATE numbered UDP datagrams a second" \
		"(selftests/nve_traffic); VM3 counts what arrives and what is" \
		"missing. The NVA (this script) moves VM3 as draft-ietf-nvo3-vmm" \
		"describes: the new NVE (H2) holds VM3's frames until VM3" \
		"announces itself there; the old one (H3) redirects to H2 what" \
		"still arrives for VM3; H1, the sender's NVE, is told only" \
		"${MV_DELAY_MS} ms later, as a real NVA takes time, so frames in" \
		"flight do reach the old NVE."
	# VM3's port gets a name of its own: H2's "vm" is VM2's.  Permanent
	# neighbours: no ARP runs during a move.
	mv_port_name 3
	check ip -n "$VM1" neigh replace "$(dp_vm4 3)" lladdr "$VM3_MAC" \
		dev eth0 nud permanent
	check ip -n "$VM3" neigh replace "$(dp_vm4 1)" lladdr "$(dp_mac 1)" \
		dev eth0 nud permanent
	dp_ping "$VM1" "$(dp_vm4 3)"

	printf '\n  -- the hot move, with redirect: H3 -> H2\n\n'
	red=$(nve_stat "$H3" nve0 redirected)
	base=$(nve_stat "$H1" nve0 tx_encap)
	drops=$(backlog_drops)
	stream_start 8
	wait_for stat_gt "$H1" tx_encap $((base + 100)) || fail "the stream does not flow"
	# The redirect must outlast the NVA's update of H1: under TCG on a
	# busy host that took seconds (see nve_move.sh), so 60 s.
	vm3_move 3 2 60000 2
	stream_wait
	entry=$(json_num "$(vm3_map "$H3")" redirects) || entry=-
	nve_show "$H3" map show dev nve0 mac "$VM3_MAC"
	nve_show "$H2" map show dev nve0 mac "$VM3_MAC"
	vm3_moved "hot move with redirect" 3 "$red" "$entry" "$drops" 2

	printf '\n  -- the same move back without redirect: H2 -> H3, redirect-time 0\n\n'
	note "The control: without redirect, what reaches H2 after VM3 left it" \
		"and before VM3 is back on H3 is lost."
	red=$(nve_stat "$H2" nve0 redirected)
	base=$(nve_stat "$H1" nve0 tx_encap)
	drops=$(backlog_drops)
	stream_start 6
	wait_for stat_gt "$H1" tx_encap $((base + 100)) || fail "the stream does not flow"
	vm3_move 2 3 0 3
	stream_wait
	nve_show "$H2" map show dev nve0 mac "$VM3_MAC"
	vm3_moved "hot move without redirect" 2 "$red" - "$drops" 3

	banner "The moves, from the counters"
	printf '  %-26s %6s %9s %5s %11s %8s\n' move sent received lost \
		redirected "H1 told"
	printf '  %s ms\n' "${MV_TABLE[@]}"
}

# ---- main ----

# Steps run in this shell, so that the topology outlives them; a failed
# check inside one exits the script, and this says where.
current=
demo_exit()
{
	local rc=$?

	echo
	if [ -n "$current" ]; then
		echo "=== the demo stopped at step \"$current\" (exit $rc)"
	else
		echo "=== the demo ran every step: ${steps[*]}"
	fi
	defer_run
}

dp_requirements
steps=("$@")
# shellcheck disable=SC2206 # DEMO_STEPS is a word list
[ ${#steps[@]} -gt 0 ] || steps=($DEMO_STEPS)
for s in "${steps[@]}"; do
	declare -F "step_$s" >/dev/null || fail "no demo step \"$s\""
done
trap demo_exit EXIT
for s in "${steps[@]}"; do
	current=$s
	"step_$s" || exit 1
done
current=
