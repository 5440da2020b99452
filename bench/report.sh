#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/report.sh BENCH.TXT: the table of "make bench" from the numbers
# bench/guest.sh and bench/bench.sh recorded ("key value" lines).  It can
# be run again on an old bench.txt.  Targets (issue 4):
#   nve >= 1.00x vxlan on TCP throughput and UDP packets per second
#   lookup flatness >= 0.95x from 1 to 1M other mappings
#   load rate >= 10x vxlan's (nve -batch against bridge -batch)
#   <= 128 B of memory per mapping
# and (issue 5) no datagram lost in a hot move at 10k datagrams a second.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -r "$1" ]; then
	echo "usage: $0 BENCH.TXT" >&2
	exit 2
fi

awk '
{ k = $1; $1 = ""; v[k] = substr($0, 2) }

function has(k) { return (k in v) && v[k] != "" && v[k] + 0 > 0 }
function num(k, fmt) { return has(k) ? sprintf(fmt, v[k]) : "n/a" }
function ratio(a, b) { return (has(a) && has(b)) ? v[a] / v[b] : -1 }
function rstr(r) { return r < 0 ? "n/a" : sprintf("%.2fx", r) }
function target(what, want, got, op, unit,   s, ok) {
	if (got < 0)
		s = "n/a"
	else {
		ok = (op == ">=") ? got >= want : got <= want
		s = ok ? "PASS" : "MISS"
	}
	printf "  %-40s %2s %7s %9s  %s\n", what, op, want (unit == "x" ? "x" : unit),
		got < 0 ? "n/a" : sprintf(unit == "x" ? "%.2fx" : "%.0f" unit, got), s
}

END {
	for (kk in v)
		if (kk ~ /^load\.[a-z]+\.secs$/ && v[kk] + 0 > 0) {
			kind = kk; sub(/^load\./, "", kind); sub(/\.secs$/, "", kind)
			v["load." kind ".rate"] = v["load." kind ".n"] / v[kk]
		}
	printf "make bench: nve against Linux vxlan and plain routed veth\n"
	printf "  guest: kernel %s, QEMU TCG (no KVM), %s vCPUs, %s MB\n",
		v["kernel"], v["vcpus"], v["guest_mem_mb"]
	reps = ("reps" in v) ? v["reps"] : 1
	printf "  each traffic number: %s %s s\n",
		reps == 1 ? "one run of" : "the best of " reps " runs of", v["secs_per_measurement"]
	cpu = v["host.cpu"]; gsub("_", " ", cpu)
	printf "  host: %s cores (%s), load average %s before, %s after\n",
		v["host.cores"], cpu, v["host.load_before"], v["host.load_after"]
	if ("host.load_run" in v)
		printf "  during the run: 1-min load average %s (mean/max), QEMU processes %s (mean/max, this one included)\n",
			v["host.load_run"], v["host.qemu_run"]
	printf "  wall: %s s (in the guest: %s s)\n\n", v["wall"], v["guest_secs"]

	printf "Forwarding, VM1 -> VM2 across the overlay (veth: H1 -> H2 on the underlay)\n"
	printf "  %-22s %10s %10s %10s %10s %9s\n", "", "veth", "vxlan", "nve", "nve/vxlan", "nve/veth"
	split("tcp pps64 pps1400", m, " ")
	split("TCP (Mbit/s)|UDP 64 B (pps)|UDP 1400 B (pps)", label, "|")
	for (i = 1; i <= 3; i++) {
		printf "  %-22s %10s %10s %10s %10s %9s\n", label[i],
			num("veth." m[i], "%.0f"), num("vxlan." m[i], "%.0f"),
			num("nve." m[i], "%.0f"),
			rstr(ratio("nve." m[i], "vxlan." m[i])),
			rstr(ratio("nve." m[i], "veth." m[i]))
	}
	printf "  (UDP: datagrams received per second; sent: veth %s/%s, vxlan %s/%s, nve %s/%s pps for 64/1400 B)\n\n",
		num("veth.pps64_tx", "%.0f"), num("veth.pps1400_tx", "%.0f"),
		num("vxlan.pps64_tx", "%.0f"), num("vxlan.pps1400_tx", "%.0f"),
		num("nve.pps64_tx", "%.0f"), num("nve.pps1400_tx", "%.0f")

	printf "Lookup cost: nve, the same flow with N other mappings in the table\n"
	printf "  %-16s %10s %12s %8s %12s %8s\n", "N", "entries", "UDP 64 B pps", "vs N=1", "TCP Mbit/s", "vs N=1"
	split("1 1000 100000 1000000", ns, " ")
	for (i = 1; i <= 4; i++) {
		n = ns[i]
		if (!(("flat." n ".pps64") in v))
			continue
		last = n
		printf "  %-16s %10s %12s %8s %12s %8s\n", n, v["flat." n ".entries"],
			num("flat." n ".pps64", "%.0f"),
			rstr(ratio("flat." n ".pps64", "flat.1.pps64")),
			num("flat." n ".tcp", "%.0f"),
			rstr(ratio("flat." n ".tcp", "flat.1.tcp"))
	}
	printf "\n"

	printf "Loading mappings over netlink (into a device that is down, in a namespace of its own)\n"
	printf "  %-34s %10s %9s %12s\n", "", "entries", "seconds", "entries/s"
	printf "  %-34s %10s %9s %12s\n", "nve -batch (map add, nve genl)",
		v["load.nve.n"], v["load.nve.secs"], num("load.nve.rate", "%.0f")
	printf "  %-34s %10s %9s %12s\n", "bridge -batch (fdb add, vxlan)",
		v["load.vxlan.n"], v["load.vxlan.secs"], num("load.vxlan.rate", "%.0f")
	printf "  deleting the device afterwards: nve %s s, vxlan %s s\n\n",
		v["unload.nve.secs"], v["unload.vxlan.secs"]

	printf "Memory per entry (deltas over the load above, divided by its entries)\n"
	printf "  %-10s %14s %12s %15s %20s\n", "", "MemFree drop", "Slab", "VmallocUsed", "nve entry_size"
	printf "  %-10s %12s B %10s B %13s B %18s B\n", "nve", v["mem.nve.free"], v["mem.nve.slab"],
		v["mem.nve.vmalloc"], v["mem.nve.entry_size"]
	printf "  %-10s %12s B %10s B %13s B %20s\n\n", "vxlan", v["mem.vxlan.free"], v["mem.vxlan.slab"],
		v["mem.vxlan.vmalloc"], ""

	if ("move.target_rate" in v) {
		printf "VM mobility: VM1 -> VM3 across three NVEs\n"
		printf "  %-22s %10s %10s %10s\n", "", "direct", "redirect", "ratio"
		for (i = 1; i <= 3; i++)
			printf "  %-22s %10s %10s %10s\n", label[i],
				num("move.direct." m[i], "%.0f"), num("move.redirect." m[i], "%.0f"),
				rstr(ratio("move.redirect." m[i], "move.direct." m[i]))
		printf "  (redirect: H1 sends to H2, VM3'"'"'s old NVE, which relays to H3 with the mark: %s frames relayed)\n",
			v["move.redirect.relayed"]
		printf "  VM3 moves H3 -> H2 (then back) while VM1 streams %s datagrams/s:\n", v["move.target_rate"]
		printf "  %-24s %7s %6s %8s %6s %9s %8s %6s %7s %9s\n", "", "sent/s", "lost",
			"reorder", "stall", "latency", "redirect", "held>", "backlog", "1st redir"
		printf "  %-24s %7s %6s %8s %6s %9s %8s %6s %7s %9s\n", "no move",
			num("move.still.rate", "%.0f"), v["move.still.lost"], "", v["move.still.stall_ms"] + 0,
			v["move.still.latency_ms"] + 0, "", "", "", ""
		split("hot hot_backlog", mv, " ")
		for (i = 1; i <= 2; i++) {
			k = "move." mv[i]
			if (!((k ".sent") in v))
				continue
			printf "  %-24s %7s %6s %8s %6s %9s %8s %6s %7s %9s\n",
				"hot move, backlog " (i == 1 ? v["move.backlog"] : v["move.backlog_raised"]),
				num(k ".rate", "%.0f"), v[k ".lost"], v[k ".reordered"], v[k ".stall_ms"] + 0,
				v[k ".latency_ms"] + 0, v[k ".redirected"], v[k ".hold_overflow"],
				v[k ".backlog_drops"], v[k ".first_redirect_ms"]
		}
		printf "  (stall, latency: the longest, ms; held>: hold-queue overflow at the new NVE; backlog: the kernel'"'"'s\n"
		printf "   input backlog drops; 1st redir: ms from the move command to the old NVE'"'"'s first stale-sender event)\n\n"
	}

	printf "Targets\n"
	target("TCP throughput, nve/vxlan", "1.00", ratio("nve.tcp", "vxlan.tcp"), ">=", "x")
	target("UDP 64 B pps, nve/vxlan", "1.00", ratio("nve.pps64", "vxlan.pps64"), ">=", "x")
	target("UDP 1400 B pps, nve/vxlan", "1.00", ratio("nve.pps1400", "vxlan.pps1400"), ">=", "x")
	if (last != "") {
		target("flatness 1 -> " last ", UDP 64 B pps", "0.95", ratio("flat." last ".pps64", "flat.1.pps64"), ">=", "x")
		target("flatness 1 -> " last ", TCP", "0.95", ratio("flat." last ".tcp", "flat.1.tcp"), ">=", "x")
	}
	target("load rate, nve/vxlan", "10", ratio("load.nve.rate", "load.vxlan.rate"), ">=", "x")
	target("memory per mapping (MemFree drop)", "128", has("mem.nve.free") ? v["mem.nve.free"] : -1, "<=", " B")
	if ("move.hot.lost" in v)
		target("hot move at " v["move.target_rate"] "/s: datagrams lost", "0",
			v["move.hot.lost"] == "" ? -1 : v["move.hot.lost"] + 0, "<=", "")
}
' "$1"
