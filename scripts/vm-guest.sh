#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-guest.sh OUTDIR PAYLOAD COMMAND [ARGS...]: runs inside the VM started by
# vm-run.sh, as root.  Installs the staged module files (PAYLOAD, or "-" for
# none) into /lib/modules/<release>, runs COMMAND, then leaves the exit
# status, the kernel log and the taint flags in OUTDIR.
OUT=$1
PAYLOAD=$2
shift 2

echo "NVE_VM_START uptime=$(cut -d' ' -f1 /proc/uptime) release=$(uname -r)"

if [ "$PAYLOAD" != - ]; then
	d=/lib/modules/$(uname -r)
	# virtme-ng may have made it a symlink to a module tree of its own.
	[ -L "$d" ] && rm -f "$d"
	mkdir -p "$d" && cp -a "$PAYLOAD/." "$d/" ||
		echo "vm-guest: installing modules from $PAYLOAD failed" >&2
fi

"$@"
rc=$?

cat /proc/sys/kernel/tainted > "$OUT/tainted"
dmesg > "$OUT/dmesg.txt"
echo "$rc" > "$OUT/vm.rc"
echo "NVE_VM_END uptime=$(cut -d' ' -f1 /proc/uptime) rc=$rc tainted=$(cat "$OUT/tainted")"
sync
exit "$rc"
