#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/guest.sh OUTDIR DATADIR: the measurements of "make bench", run as
# root inside the VM that bench/bench.sh boots.  Not a test: it records
# numbers and fails only when it cannot measure at all.
#
# Three hypervisors on the selftests' routed underlay (datapath_lib.sh),
# one VM each, IPv4 everywhere (H3 and VM3 serve the mobility part only):
#
#                    +---------- RT ----------+
#                    |  ul1  10.0.i.1    ul2  |      routes between
#                    +---|--------------|-----+
#            +---------- | H1 --+  +--- | H2 ---------+
#            |          ul      |  |    ul             |  10.0.i.2
#            | OVL -- br0       |  |   br0 -- OVL      |  OVL: nve0 or vxlan0
#            |        vm        |  |   vm              |  (VNI 4242, port 4789)
#            +---------|--------+  +---|---------------+
#              +-- VM1 eth0 --+    +-- VM2 eth0 --+      192.168.100.i/24
#
# Paths measured, in this order, each with TCP throughput (iperf3) and UDP
# packets per second with 64 and 1400 byte payloads (bench/udpblast), VM1 to
# VM2 (H1 to H2 for veth):
#   veth   H1 -> RT -> H2 on the underlay itself: no bridge, no encapsulation
#   vxlan  a Linux vxlan device on each host, static fdb entries
#   nve    nve0 on each host, static mappings (dp_mesh)
# Then, on the nve path, the lookup cost: UDP 64 B pps and TCP with 1, 1k,
# 100k and 1M other mappings in H1's table.  Then, in namespaces of their
# own (devices down), the load rate and memory of 1M mappings with
# "nve -batch" against "bridge -batch" fdb entries into a vxlan device.
# Last, VM mobility (issue 5), on nve0 at H1, H2 and H3:
#   the redirect path: VM1 -> VM3 (at H3) directly, then through H2 as
#     VM3's old NVE, in redirect: H1 still sends to H2, which relays to
#     H3 with the mark; the same three numbers for each;
#   a hot move at MOVE_RATE (10000) datagrams a second: VM3 moves from H3
#     to H2 while VM1 streams to it (selftests/move_lib.sh), and the NVA
#     tells H1 MV_DELAY_MS (500) after the move.  Recorded: the stream's
#     own loss without a move at that rate, then the move's loss,
#     reordering and longest stall, what H3 redirected and H2 held, the
#     kernel's input backlog drops, and the time from the move command to
#     H3's first stale-sender event, which its first redirected frame
#     raises.  Twice: with the default net.core.netdev_max_backlog, and
#     with it raised to MOVE_BACKLOG, which shows whether the default
#     input backlog still costs frames (held ones go up a NAPI budget at a
#     time; see Documentation/networking/nve.rst).  The new NVE may hold
#     MV_HOLD_PKTS frames.
#
# DATADIR holds the batch files bench.sh generated: nve.batch (1M
# "map add dev nve0 mac M remote R" lines, 1000 distinct remotes) and
# vxlan.batch ("fdb add M dev vxlan0 dst R self permanent").
#
# Results: OUTDIR/bench.txt, one "key value" line per number (bench/report.sh
# prints the table); progress on stdout.  Each traffic number is the best of
# NVE_BENCH_REPS (default 2) runs of NVE_BENCH_SECS (default 3) seconds:
# on a shared machine, other load only ever slows a run down.  All runs are
# recorded too (KEY.runs).

OUT=$1
DATA=$2
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../selftests/lib.sh"
# shellcheck source=selftests/datapath_lib.sh
source "$(dirname "$0")/../selftests/datapath_lib.sh"
# shellcheck source=selftests/move_lib.sh
source "$(dirname "$0")/../selftests/move_lib.sh"

SECS=${NVE_BENCH_SECS:-3}
REPS=${NVE_BENCH_REPS:-2}
# The parts to run, in order (all by default).
PHASES=${NVE_BENCH_PHASES:-veth vxlan nve load_nve load_vxlan move}
MOVE_RATE=${NVE_BENCH_MOVE_RATE:-10000}
MOVE_SECS=6
# The new NVE holds what arrives before the VM resumes: under TCG that
# takes seconds, which at MOVE_RATE is more than mv_move's default 8192
# frames.  The most a prepare may ask for (NVE_HOLD_PKTS_LIMIT).
MV_HOLD_PKTS=65536
MOVE_BACKLOG=65536
BLAST=$NVE_ROOT/bench/udpblast
RES=$OUT/bench.txt
PORT_UDP=9000
PORT_TCP=5201
# 1400 B of UDP payload fit in one frame of a 1450 B MTU (nve's and vxlan's
# default over a 1500 B IPv4 underlay).
# shellcheck disable=SC2034 # read by dp_vm
DP_VM_MTU=1450
T0=$EPOCHREALTIME

: > "$RES"
record() { echo "$1 $2" >> "$RES"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }'; }
say() { printf '  [%4ss] %s\n' "$(since "$T0")" "$*"; }

# phase FUNC: run one part of the bench in a subshell, so that a failed
# check ends only that part, and what it deferred is cleaned up after it.
phase()
{
	(
		__nve_defer=()
		trap defer_run EXIT
		"$1"
	) || say "$1 stopped early (exit $?)"
}

# ---- traffic ----

udp_bound() { ip netns exec "$1" ss -Hlun "sport = :$2" | grep -q .; }

# tcp_mbps FROM TO ADDR: iperf3's receiver-side throughput, Mbit/s.
tcp_mbps()
{
	local from=$1 to=$2 addr=$3 pid out

	ip netns exec "$to" timeout $((SECS + 30)) \
		iperf3 -s -1 -p "$PORT_TCP" >/dev/null 2>&1 &
	pid=$!
	if ! wait_for dp_listening "$to" "$PORT_TCP" >/dev/null; then
		kill "$pid" 2>/dev/null
		echo 0
		return 1
	fi
	out=$(ip netns exec "$from" timeout $((SECS + 20)) iperf3 -c "$addr" \
		-p "$PORT_TCP" -t "$SECS" -f m 2>&1)
	wait "$pid"
	awk '/receiver$/ { print $(NF - 2); found = 1 }
	     END { if (!found) print 0 }' <<<"$out"
}

# udp_pps FROM TO ADDR LEN: "RX_PPS TX_PPS": datagrams the sink in TO
# received per second (first to last) and the sender's rate.
udp_pps()
{
	local from=$1 to=$2 addr=$3 len=$4 pid f tx rx

	f=$(mktemp)
	ip netns exec "$to" timeout $((SECS + 30)) \
		"$BLAST" sink "$addr" "$PORT_UDP" 1 > "$f" &
	pid=$!
	if ! wait_for udp_bound "$to" "$PORT_UDP" >/dev/null; then
		kill "$pid" 2>/dev/null
		rm -f "$f"
		echo "0 0"
		return 1
	fi
	tx=$(ip netns exec "$from" "$BLAST" send "$addr" "$PORT_UDP" "$len" "$SECS")
	wait "$pid"
	rx=$(cat "$f")
	rm -f "$f"
	[[ $rx =~ pps=([0-9]+) ]] && rx=${BASH_REMATCH[1]} || rx=0
	[[ $tx =~ pps=([0-9]+) ]] && tx=${BASH_REMATCH[1]} || tx=0
	echo "$rx $tx"
}

# best KEY CMD...: run CMD (which prints "VALUE [SENT]") REPS times; record
# the highest VALUE as KEY, its SENT as KEY_tx, and every VALUE as KEY.runs
# (comma-separated); print "VALUE SENT" of the best run.
best()
{
	local key=$1 i out runs='' top='0 0'

	shift
	for ((i = 0; i < REPS; i++)); do
		out=$("$@")
		runs+=${runs:+,}${out%% *}
		top=$(awk -v a="$out" -v b="$top" 'BEGIN {
			split(a, x, " "); split(b, y, " ")
			print (x[1] + 0 > y[1] + 0) ? a : b }')
	done
	record "$key" "${top%% *}"
	[[ $top != *' '* ]] || record "${key}_tx" "${top#* }"
	record "$key.runs" "$runs"
	echo "$top"
}

# measure NAME FROM TO ADDR: the three numbers of one path, recorded as
# NAME.tcp (Mbit/s), NAME.pps64 and NAME.pps1400 (received), and the
# senders' rates as NAME.pps64_tx and NAME.pps1400_tx.
measure()
{
	local name=$1 from=$2 to=$3 addr=$4 v len rx tx

	v=$(best "$name.tcp" tcp_mbps "$from" "$to" "$addr")
	say "$name: TCP $v Mbit/s"
	for len in 64 1400; do
		read -r rx tx < <(best "$name.pps$len" udp_pps "$from" "$to" "$addr" "$len")
		say "$name: UDP $len B: $rx pps received ($tx sent)"
	done
}

# ---- the paths ----

vm_reach() # VM ADDR: the path works (one ping within 15 s)
{
	wait_for -t 15 ip netns exec "$1" ping -c 1 -W 1 "$2" >/dev/null
}

bench_veth()
{
	if ! vm_reach "$H1" "$(dp_ip4 2)"; then
		say "veth: H1 cannot reach H2: not measured"
		return
	fi
	measure veth "$H1" "$H2" "$(dp_ip4 2)"
}

vxlan_up() # I J: vxlan0 on host I, with VM J's MAC at host J
{
	local h

	h=$(dp_ns "H$1")
	check ip -n "$h" link add vxlan0 type vxlan id "$DP_VNI" \
		local "$(dp_ip4 "$1")" dstport "$NVE_VXLAN_PORT" nolearning \
		noudpcsum
	check ip -n "$h" link set vxlan0 master br0 up
	check bridge -n "$h" fdb add "$(dp_mac "$2")" dev vxlan0 \
		dst "$(dp_ip4 "$2")" self permanent
	check bridge -n "$h" fdb append 00:00:00:00:00:00 dev vxlan0 \
		dst "$(dp_ip4 "$2")" self permanent
}

bench_vxlan()
{
	vxlan_up 1 2
	vxlan_up 2 1
	record vxlan.config "$(ip -n "$H1" -d link show vxlan0 | sed -n 's/^ *vxlan /vxlan /p' | tr ' ' _)"
	if vm_reach "$VM1" "$(dp_vm4 2)"; then
		measure vxlan "$VM1" "$VM2" "$(dp_vm4 2)"
	else
		say "vxlan: VM1 cannot reach VM2: not measured"
	fi
	ip -n "$H1" link del vxlan0
	ip -n "$H2" link del vxlan0
}

# fill FROM TO: add mappings FROM..TO of nve.batch to H1's nve0.
fill()
{
	sed -n "$1,$2p;$2q" /tmp/nve.batch | nve_in "$H1" -batch - >/dev/null
}

bench_nve()
{
	local n prev=0 v rx

	dp_nve 1 vxlan 4
	dp_nve 2 vxlan 4
	dp_mesh 4 2
	record nve.config "$(nve_in "$H1" link show dev nve0 | head -1 | tr ' ' _)"
	if ! vm_reach "$VM1" "$(dp_vm4 2)"; then
		say "nve: VM1 cannot reach VM2: not measured"
		return
	fi
	measure nve "$VM1" "$VM2" "$(dp_vm4 2)"

	# The lookup cost: the same flow, with N other mappings around it.
	for n in 1 1000 100000 1000000; do
		if ! fill $((prev + 1)) "$n"; then
			say "nve: loading mappings $((prev + 1))-$n failed"
			return
		fi
		prev=$n
		record "flat.$n.entries" \
			"$(json_num "$(nve_in "$H1" -j link show dev nve0)" entries)"
		read -r rx _ < <(best "flat.$n.pps64" udp_pps "$VM1" "$VM2" "$(dp_vm4 2)" 64)
		v=$(best "flat.$n.tcp" tcp_mbps "$VM1" "$VM2" "$(dp_vm4 2)")
		say "nve with $n other mappings: UDP 64 B $rx pps, TCP $v Mbit/s"
	done
	ip -n "$H1" link del nve0
	ip -n "$H2" link del nve0
}

# ---- loading and memory ----

# meminfo KEY: the /proc/meminfo value of KEY in bytes.
meminfo() { awk -v k="$1:" '$1 == k { print $2 * 1024 }' /proc/meminfo; }

mem_snapshot() # PREFIX: MemFree, Slab and VmallocUsed into PREFIX_*
{
	sync
	sleep 1	# let RCU-deferred frees of earlier phases settle
	eval "$1_free=$(meminfo MemFree) $1_slab=$(meminfo Slab) $1_vmalloc=$(meminfo VmallocUsed)"
}

# load KIND N SECONDS: record load.KIND.* and mem.KIND.* from snapshots
# "before" and "after".
load_record()
{
	local kind=$1 n=$2 secs=$3

	record "load.$kind.n" "$n"
	record "load.$kind.secs" "$secs"
	record "load.$kind.rate" "$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')"
	# shellcheck disable=SC2154 # set by mem_snapshot
	record "mem.$kind.free" $(((before_free - after_free) / n))
	# shellcheck disable=SC2154
	record "mem.$kind.slab" $(((after_slab - before_slab) / n))
	# shellcheck disable=SC2154
	record "mem.$kind.vmalloc" $(((after_vmalloc - before_vmalloc) / n))
}

# seconds CMD...: run CMD, print its wall time (it must succeed).
seconds()
{
	local t=$EPOCHREALTIME

	"$@" >/dev/null || return 1
	awk -v a="$t" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'
}

bench_load_nve()
{
	local n secs ld

	nve_setup_ns LDN
	ld=$LDN
	check nve_in "$ld" link add nve0 vni "$DP_VNI" local 10.0.9.2
	n=$(wc -l < /tmp/nve.batch)
	mem_snapshot before
	if ! secs=$(seconds nve_in "$ld" -batch /tmp/nve.batch); then
		say "nve -batch failed"
		return
	fi
	mem_snapshot after
	load_record nve "$n" "$secs"
	record mem.nve.entries "$(json_num "$(nve_in "$ld" -j link show dev nve0)" entries)"
	record mem.nve.entry_size "$(json_num "$(nve_in "$ld" -j link show dev nve0)" entry_size)"
	say "nve: $n mappings loaded in $secs s; $(grep '^mem.nve' "$RES" | tr '\n' ' ')"
	secs=$(seconds ip -n "$ld" link del nve0)
	record unload.nve.secs "$secs"
}

bench_load_vxlan()
{
	local n secs ld

	nve_setup_ns LDV
	ld=$LDV
	check ip -n "$ld" link add vxlan0 type vxlan id "$DP_VNI" \
		local 10.0.9.2 dstport "$NVE_VXLAN_PORT" nolearning
	cp "$DATA/vxlan.batch" /tmp/vxlan.batch
	n=$(wc -l < /tmp/vxlan.batch)
	mem_snapshot before
	if ! secs=$(seconds ip netns exec "$ld" bridge -batch /tmp/vxlan.batch); then
		say "bridge -batch failed"
		return
	fi
	mem_snapshot after
	load_record vxlan "$n" "$secs"
	say "vxlan: $n fdb entries loaded in $secs s; $(grep '^mem.vxlan' "$RES" | tr '\n' ' ')"
	secs=$(seconds ip -n "$ld" link del vxlan0)
	record unload.vxlan.secs "$secs"
	rm -f /tmp/vxlan.batch
}

# ---- VM mobility ----

vm3_mac() { dp_mac 3; }

# move_redirect_path: VM1 -> VM3 directly, then through H2 in redirect.
move_redirect_path()
{
	local red

	measure move.direct "$VM1" "$VM3" "$(dp_vm4 3)"
	# H2 held VM3 and moved it to H3; the redirect outlasts the
	# measurement.  H1 has not been told: it is the stale sender.
	check nve_in "$H2" link set nve0 redirect-max 600000
	check nve_in "$H2" map replace dev nve0 mac "$(vm3_mac)" local seq 1
	check nve_in "$H2" move dev nve0 mac "$(vm3_mac)" to "$(dp_ip4 3)" \
		mode hot redirect-time 600000 seq 2
	check nve_in "$H1" map replace dev nve0 mac "$(vm3_mac)" \
		remote "$(dp_ip4 2)" seq 2
	red=$(nve_stat "$H2" nve0 redirected)
	measure move.redirect "$VM1" "$VM3" "$(dp_vm4 3)"
	record move.redirect.relayed $(($(nve_stat "$H2" nve0 redirected) - red))
	say "move: H2 relayed $(($(nve_stat "$H2" nve0 redirected) - red)) frames to H3"
	# A new location ends the redirect.
	check nve_in "$H2" map replace dev nve0 mac "$(vm3_mac)" \
		remote "$(dp_ip4 3)" seq 3
	check nve_in "$H1" map replace dev nve0 mac "$(vm3_mac)" \
		remote "$(dp_ip4 3)" seq 3
}

# stale_seen FILE: the stale-sender monitor wrote an event.
stale_seen() { grep -q stale_sender "$1"; }

# move_hot NAME FROM TO SEQ: VM3 moves from FROM to TO while VM1 streams
# to it at MOVE_RATE; record move.NAME.*.
move_hot()
{
	local name=$1 from=$2 to=$3 seq=$4 hf ht f mon red held drops t base

	hf=$(dp_ns "H$from")
	ht=$(dp_ns "H$to")
	f=$(mktemp) || fail "mktemp"
	defer rm -f "$f"
	# Each event line, stamped when it arrives (ms).
	ip netns exec "$hf" "$NVE" -j monitor | while read -r l; do
		echo "${EPOCHREALTIME/./} $l"
	done > "$f" &
	mon=$!
	defer kill "$mon"
	red=$(nve_stat "$hf" nve0 redirected)
	held=$(nve_stat "$ht" nve0 hold_overflow)
	drops=$(backlog_drops)
	base=$(nve_stat "$H1" nve0 tx_encap)
	mv_stream_start 1 3 "$MOVE_RATE" "$MOVE_SECS"
	wait_for stat_gt "$H1" tx_encap $((base + 1000)) ||
		fail "the stream does not flow"
	mv_move 3 "$from" "$to" 60000 "$seq" 1
	mv_stream_wait
	wait_for stale_seen "$f" || true
	t=$(awk -v t0="$MV_T0" '/stale_sender/ { printf "%d", substr($1, 1, length($1) - 3) - t0; exit }' "$f")
	record "move.$name.sent" "$(kv sent "$SEND")"
	record "move.$name.rate" "$(kv rate "$SEND")"
	record "move.$name.lost" "$(kv missing "$RECV")"
	record "move.$name.reordered" "$(kv reordered "$RECV")"
	record "move.$name.stall_ms" "$(kv max_stall_ms "$RECV")"
	record "move.$name.latency_ms" "$(kv max_latency_ms "$RECV")"
	record "move.$name.redirected" $(($(nve_stat "$hf" nve0 redirected) - red))
	record "move.$name.hold_overflow" $(($(nve_stat "$ht" nve0 hold_overflow) - held))
	record "move.$name.backlog_drops" $(($(backlog_drops) - drops))
	record "move.$name.first_redirect_ms" "${t:-n/a}"
	record "move.$name.nva_delay_ms" "$MV_DELAY"
	say "move ($name): $SEND"
	say "move ($name): $RECV"
	say "move ($name): first stale-sender event ${t:-never} ms after the move command"
}

bench_move()
{
	local i backlog

	for i in 1 2 3; do
		dp_nve "$i" vxlan 4
	done
	dp_mesh 4 3
	if ! vm_reach "$VM1" "$(dp_vm4 3)"; then
		say "move: VM1 cannot reach VM3: not measured"
		return
	fi
	move_redirect_path

	# Permanent neighbours: no ARP runs during a move.
	check ip -n "$VM1" neigh replace "$(dp_vm4 3)" lladdr "$(vm3_mac)" \
		dev eth0 nud permanent
	check ip -n "$VM3" neigh replace "$(dp_vm4 1)" lladdr "$(dp_mac 1)" \
		dev eth0 nud permanent
	mv_port_name 3
	record move.target_rate "$MOVE_RATE"
	mv_stream_start 1 3 "$MOVE_RATE" "$MOVE_SECS"
	mv_stream_wait
	record move.still.rate "$(kv rate "$SEND")"
	record move.still.lost "$(kv missing "$RECV")"
	record move.still.stall_ms "$(kv max_stall_ms "$RECV")"
	record move.still.latency_ms "$(kv max_latency_ms "$RECV")"
	say "move: no move, $MOVE_RATE a second: $RECV"

	backlog=$(sysctl -n net.core.netdev_max_backlog)
	record move.backlog "$backlog"
	move_hot hot 3 2 4
	sysctl -qw net.core.netdev_max_backlog="$MOVE_BACKLOG"
	defer sysctl -qw net.core.netdev_max_backlog="$backlog"
	record move.backlog_raised "$MOVE_BACKLOG"
	move_hot hot_backlog 2 3 5
}

NVE_VXLAN_PORT=4789

record kernel "$(uname -r)"
record vcpus "$(nproc)"
record guest_mem_mb $(($(meminfo MemTotal) / 1048576))
record secs_per_measurement "$SECS"
record reps "$REPS"
say "kernel $(uname -r), $(nproc) vCPUs, best of $REPS runs of ${SECS} s per number"

[ -x "$BLAST" ] || fail "$BLAST not built (make -C bench)"
require_cmd iperf3 bridge ss
dp_requirements
modprobe vxlan || fail "no vxlan module"
dp_underlay 3
dp_vm 1
dp_vm 2
dp_vm 3

cp "$DATA/nve.batch" /tmp/nve.batch || fail "no $DATA/nve.batch"

for p in $PHASES; do
	phase "bench_$p"
done
record guest_secs "$(since "$T0")"
say "done"
