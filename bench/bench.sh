#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/bench.sh [LANE]: "make bench".  Builds nve.ko for LANE's kernel
# (6.12 by default; 6.1 works too), the nve CLI and bench/udpblast, writes
# the batch files, boots the kernel once in a VM (scripts/vm-run.sh) and
# runs bench/guest.sh there, then prints the table (bench/report.sh).
#
# A benchmark, not a test: it exits 0 when it measured, whatever the
# numbers; non-zero only when it could not build or boot.
#
# Results in build/results/bench/: bench.txt (every number, "key value"),
# report.txt (the table), console.log and dmesg.txt of the VM.
#
# NVE_BENCH_ENTRIES (default 1000000): nve mappings to load and to hold
#	for the lookup cost (the last step of 1, 1k, 100k, ...).
# NVE_BENCH_VXLAN_ENTRIES (default 100000): vxlan fdb entries to load with
#	"bridge -batch" (a rate; vxlan's fdb before Linux 6.15 is a 256-bucket
#	hash table, and loading 1M entries into it would take hours).
# NVE_BENCH_SECS (default 3): seconds per traffic measurement, and
# NVE_BENCH_REPS (default 2): runs of each, the best of which counts.
# NVE_BENCH_PHASES (default all: "veth vxlan nve load_nve load_vxlan
#	move"): the parts of bench/guest.sh to run, for a quicker partial run.
#
# The machine's load during the VM run is sampled every 10 s (the 1-minute
# load average and the number of QEMU processes, this one's included) into
# build/results/bench/load.log, and summarised in the table.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/../scripts/common.sh"

lane=${1:-6.12}
N=${NVE_BENCH_ENTRIES:-1000000}
NV=${NVE_BENCH_VXLAN_ENTRIES:-100000}
[ "$NV" -le "$N" ] || die "NVE_BENCH_VXLAN_ENTRIES must not exceed NVE_BENCH_ENTRIES"

t0=$(now)
res=$NVE_BUILD/results/bench
data=$res/data
mkdir -p "$data"
rm -f "$res/bench.txt" "$res/report.txt"

lane_build "$lane"
make -s -C "$NVE_ROOT/bench" || die "bench/udpblast did not build"
make -s -C "$NVE_ROOT/selftests" || die "selftests/nve_traffic did not build"

# The mappings: MACs 02:10:00:00:00:01 on, spread over 1000 remote NVEs
# that exist nowhere (only the VMs' own mappings carry traffic).
gen() # KIND COUNT
{
	awk -v kind="$1" -v n="$2" 'BEGIN {
		for (i = 1; i <= n; i++) {
			mac = sprintf("02:10:%02x:%02x:%02x:%02x",
				int(i / 16777216) % 256, int(i / 65536) % 256,
				int(i / 256) % 256, i % 256)
			r = sprintf("10.200.%d.%d", int((i % 1000) / 250), i % 250 + 1)
			if (kind == "nve")
				print "map add dev nve0 mac " mac " remote " r
			else
				print "fdb add " mac " dev vxlan0 dst " r " self permanent"
		}
	}'
}
for kind in nve vxlan; do
	n=$N
	[ "$kind" = nve ] || n=$NV
	f=$data/$kind.batch
	if [ ! -f "$f" ] || [ "$(wc -l < "$f")" -ne "$n" ]; then
		echo "  GEN     ${f#"$NVE_ROOT"/}: $n lines"
		gen "$kind" "$n" > "$f"
	fi
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
while :; do
	echo "$(cut -d' ' -f1 /proc/loadavg) $(pgrep -c qemu-system)"
	sleep 10
done > "$res/load.log" &
sampler=$!
set +e
NVE_VM_VERBOSE=0 "$NVE_ROOT/scripts/vm-run.sh" -k "$LANE_IMAGE" -o "$res" \
	-K "$LANE_KO" -t "${NVE_BENCH_TIMEOUT:-1800}" -- \
	env NVE_BENCH_SECS="${NVE_BENCH_SECS:-3}" NVE_BENCH_REPS="${NVE_BENCH_REPS:-2}" \
	${NVE_BENCH_PHASES:+NVE_BENCH_PHASES="$NVE_BENCH_PHASES"} \
	"$NVE_ROOT/bench/guest.sh" "$res" "$data"
rc=$?
set -e
kill "$sampler"
wait "$sampler" 2>/dev/null || true
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
	echo "host.cpu $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo | tr ' ' _)"
	echo "host.cores $(nproc)"
	echo "host.load_before ${load_before// //}"
	echo "host.load_after ${load_after// //}"
	awk '{ l += $1; q += $2; n++; if ($1 > lmax) lmax = $1; if ($2 > qmax) qmax = $2 }
	     END { if (n) printf "host.load_run %.1f/%.1f\nhost.qemu_run %.1f/%d\n", l / n, lmax, q / n, qmax }' \
		"$res/load.log"
	echo "wall $(elapsed "$t0")"
} >> "$res/bench.txt"

if [ ! -s "$res/bench.txt" ] || ! grep -q '^kernel ' "$res/bench.txt"; then
	echo "bench: the VM measured nothing (exit $rc): see $res/console.log" >&2
	exit 1
fi
"$NVE_ROOT/bench/report.sh" "$res/bench.txt" | tee "$res/report.txt"
echo "  BENCH   wall $(elapsed "$t0") s; numbers in ${res#"$NVE_ROOT"/}/bench.txt"
