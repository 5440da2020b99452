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
# the STEPs named on the command line).  A later demo extends the list:
# the mobility work adds a step that moves VM3 to another hypervisor while
# traffic flows, and shows that nothing was lost.  Hosts and VMs are the
# namespaces of selftests/datapath_lib.sh; the topology stays up until the
# script ends.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../selftests/lib.sh"
# shellcheck source=selftests/datapath_lib.sh
source "$(dirname "$0")/../selftests/datapath_lib.sh"

DEMO_STEPS="underlay vms overlay ping transfer table counters"
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
