# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# selftests/move_lib.sh: a live migration of one VM between the hosts of
# datapath_lib.sh, as an NVA drives it, and the numbered UDP streams
# (nve_traffic) that show what it loses.  Sourced after lib.sh and
# datapath_lib.sh by make demo (demo/guest.sh) and make bench
# (bench/guest.sh).  nve_move.sh still has its own copy of these steps,
# with its checks in between.
#
# A moving VM I has the host port "vmI" (mv_port_name renames dp_vm's
# "vm"), so that it can join a bridge that has a "vm" of its own.

MV_TRAFFIC=$NVE_SELFTESTS_DIR/nve_traffic
MV_PORT=${MV_PORT:-6000}
# How long after the move the NVA tells the stale senders: a real NVA
# takes time, and that gap is what a redirect covers.
MV_DELAY_MS=${MV_DELAY_MS:-500}
# The command that runs the NVA's nve commands: "MV_NVA NS ARGS...".  The
# demo prints them (nve_show); the default runs them quietly.
MV_NVA=${MV_NVA:-nve_in}

# kv KEY LINE: the value of KEY=VALUE in nve_traffic's summary line.
kv()
{
	[[ " $2 " =~ \ $1=([0-9.]+)\  ]] || return 1
	echo "${BASH_REMATCH[1]}"
}

# json_str JSON KEY: the string under KEY in nve's flat -j output.
json_str()
{
	[[ $1 =~ \"$2\":\"([^\"]*)\" ]] || return 1
	echo "${BASH_REMATCH[1]}"
}

ms_now() { date +%s%3N; }
ms_since_ge() { [ $(($(ms_now) - $1)) -ge "$2" ]; }
stat_gt() { [ "$(nve_stat "$1" nve0 "$2")" -gt "$3" ]; }

# mv_map NS I: VM I's mapping on host namespace NS, as JSON.
mv_map() { nve_in "$1" -j map show dev nve0 mac "$(dp_mac "$2")"; }
mv_state_is() { [ "$(json_str "$(mv_map "$1" "$2")" state)" = "$3" ]; }

# backlog_drops: frames the kernel dropped because a CPU's input backlog
# was full (/proc/net/softnet_stat's second column, all CPUs).
backlog_drops()
{
	local n=0 d

	while read -r _ d _; do
		n=$((n + 16#$d))
	done < /proc/net/softnet_stat
	echo "$n"
}

# mv_port_name I: VM I's port on host I, "vm", becomes "vmI".
mv_port_name()
{
	local h

	h=$(dp_ns "H$1")
	check ip -n "$h" link set vm down
	check ip -n "$h" link set vm name "vm$1"
	check ip -n "$h" link set "vm$1" up
}

# mv_port_to I FROM TO: VM I's port from host FROM's bridge to host TO's.
# The VM itself (its namespace, addresses, sockets) stays as it is, as a
# VM keeps its memory in a live migration.
mv_port_to()
{
	local from to

	from=$(dp_ns "H$2")
	to=$(dp_ns "H$3")
	check ip -n "$from" link set "vm$1" netns "$to"
	check ip -n "$to" link set "vm$1" master br0 up
}

# mv_stream_start FROM TO RATE SECONDS: VM TO receives, VM FROM sends RATE
# numbered datagrams a second for SECONDS; mv_stream_wait then reads both
# summaries into SEND and RECV (for the caller).
mv_stream_start()
{
	local dir vf vt

	vf=$(dp_ns "VM$1")
	vt=$(dp_ns "VM$2")
	dir=$(mktemp -d) || fail "mktemp"
	defer rm -rf "$dir"
	ST_DIR=$dir
	ip netns exec "$vt" "$MV_TRAFFIC" recv "$MV_PORT" --ready "$dir/ready" \
		--until-idle "$(nve_secs 3)000" --timeout "$(nve_secs 60)" \
		> "$dir/recv" 2>&1 &
	ST_RECV=$!
	defer kill "$ST_RECV"
	wait_for test -e "$dir/ready" || fail "the receiver did not start"
	ip netns exec "$vf" "$MV_TRAFFIC" send "$(dp_vm4 "$2")" "$MV_PORT" \
		"$3" "$4" > "$dir/send" 2>&1 &
	ST_SEND=$!
	defer kill "$ST_SEND"
}

mv_stream_wait()
{
	wait "$ST_SEND" || fail "sender failed: $(cat "$ST_DIR/send")"
	wait "$ST_RECV" || fail "receiver failed: $(cat "$ST_DIR/recv")"
	# shellcheck disable=SC2034 # for the caller
	SEND=$(cat "$ST_DIR/send")
	# shellcheck disable=SC2034
	RECV=$(cat "$ST_DIR/recv")
}

# mv_move I FROM TO REDIRECT_MS SEQ STALE: the NVA's steps for a live
# migration of VM I from host FROM to host TO, while host STALE's VM sends
# to it:
#   1. prepare on TO: frames for VM I arriving there are held;
#   2. a hot move on FROM (VM I stops there): what still arrives there is
#      redirected to TO for REDIRECT_MS (0: not at all);
#   3. VM I's port moves, and VM I announces itself as QEMU does (RARP and
#      GARP): TO activates it and delivers what it held;
#   4. only MV_DELAY_MS after step 2 (and, with a redirect, once FROM has
#      relayed something), tell STALE, which until then sends to FROM.
# The prepare holds MV_HOLD_PKTS frames (default 8192: 8 s of a 1000/s
# stream; a faster stream needs more).  Sets MV_T0 (ms, just before the
# move command) and MV_DELAY (ms from then to STALE's update).
mv_move()
{
	local i=$1 from=$2 to=$3 rms=$4 seq=$5 hf ht mac

	hf=$(dp_ns "H$from")
	ht=$(dp_ns "H$to")
	mac=$(dp_mac "$i")
	# Room for what arrives between the move and the VM's RARP under TCG.
	"$MV_NVA" "$ht" prepare dev nve0 mac "$mac" seq "$seq" \
		hold-packets "${MV_HOLD_PKTS:-8192}" hold-time "$(nve_secs 10)000" ||
		fail "prepare on H$to"
	mv_state_is "$ht" "$i" pending ||
		fail "VM$i not pending on H$to: $(mv_map "$ht" "$i")"
	MV_T0=$(ms_now)
	"$MV_NVA" "$hf" move dev nve0 mac "$mac" to "$(dp_ip4 "$to")" \
		mode hot redirect-time "$rms" seq "$seq" || fail "move on H$from"
	mv_port_to "$i" "$from" "$to"
	check ip netns exec "$(dp_ns "VM$i")" "$MV_TRAFFIC" announce eth0 \
		"$(dp_vm4 "$i")"
	wait_for mv_state_is "$ht" "$i" active ||
		fail "VM$i not activated on H$to: $(mv_map "$ht" "$i")"
	if [ "$rms" -gt 0 ]; then
		wait_for stat_gt "$hf" redirected 0 ||
			fail "H$from relayed nothing to H$to"
	fi
	wait_for ms_since_ge "$MV_T0" "$MV_DELAY_MS" || fail "clock"
	"$MV_NVA" "$(dp_ns "H$6")" map replace dev nve0 mac "$mac" \
		remote "$(dp_ip4 "$to")" seq "$seq" || fail "update of H$6"
	# shellcheck disable=SC2034 # for the caller
	MV_DELAY=$(($(ms_now) - MV_T0))
}
