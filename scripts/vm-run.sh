#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-run.sh: boot a kernel image in a throw-away virtme-ng VM (QEMU, TCG),
# run one command in it as root, and bring the results back.
#
# usage: vm-run.sh -k IMAGE -o OUTDIR [-K MODULE.ko]... [-d MODDIR]
#                  [-t TIMEOUT] [-c CPUS] [-M MEM] [-a PARAMS] [-u]
#                  -- COMMAND [ARGS...]
#
#   -k IMAGE    kernel image (bzImage), e.g. /boot/vmlinuz-6.1.0-50-amd64
#   -o OUTDIR   results directory, writable in the guest at the same path
#   -K KO       a module to make loadable in the guest (repeatable): installed
#               as /lib/modules/<release>/updates/KO, so "modprobe nve" and
#               request_module("rtnl-link-nve") both find it
#   -d MODDIR   where the image's own modules are when they are not in
#               /lib/modules/<release> on the host: an INSTALL_MOD_PATH of
#               "make modules_install", or the kernel build tree itself
#               (for its modules.builtin, when everything is built in)
#   -t TIMEOUT  seconds before the VM is killed (default 1200)
#   -a PARAMS   more kernel parameters (scripts/lane.sh picks them per kernel)
#   -u          no udev in the guest, for a kernel that needs no module at
#               boot (virtme's bash init with scripts/vm-init.sh)
#
# The guest sees the host's root read-only over 9p, with tmpfs overlays on
# /etc, /lib, /usr, /var and /tmp (virtme-ng's copy-on-write snapshot).
#
# Modules: the guest's modprobe reads /lib/modules/<release>/modules.dep.bin
# and modules.alias.bin, which must list nve.ko.  depmod takes 1-2 s here but
# ~35 s in a TCG guest, so it runs here, on a staged tree in
# OUTDIR/modstage/ whose kernel/ links to the image's real modules, and the
# guest copies the generated index files and updates/nve.ko over its own
# /lib/modules/<release> (writable: an overlay) before the command starts.
# The host's /lib/modules is never touched.
#
# Speed: under TCG, udev's coldplug loads drivers for every emulated q35
# device (ahci, sr_mod, iTCO_wdt, kvm_amd, crypto accelerators) and takes
# 25-35 s.  modprobe.blacklist= on the kernel command line stops udev (and
# alias-based loads) from loading those, while explicit "modprobe NAME"
# still works.
#
# A kernel with 9p built in boots without an initramfs, and the kernel then
# mounts the 9p root itself by the name in root=, which vng leaves out (an
# empty tag since 6.x: "9pnet_virtio: no channels available for device"):
# root=/dev/root names the tag vng exports.  The initramfs used for Debian's
# kernels ignores it.
#
# Results in OUTDIR: console.log (everything, kernel messages included),
# dmesg.txt, tainted, vm.rc (the command's exit status), boot.txt (seconds
# from launch to the command starting, host and guest clocks).  Exit status:
# the command's, or 125 if the VM did not come back (crash, panic, timeout).
set -euo pipefail
. "$(dirname "$0")/common.sh"

usage() { sed -n '5,23s/^# \{0,1\}//p' "$0" >&2; exit 2; }

IMAGE='' OUT='' MODDIR='' TIMEOUT=1200 CPUS=2 MEM=2G APPEND='' NOUDEV=0
KOS=()
while getopts "k:o:K:d:t:c:M:a:uh" o; do
	case $o in
	k) IMAGE=$OPTARG ;;
	o) OUT=$OPTARG ;;
	K) KOS+=("$(readlink -f "$OPTARG")") ;;
	d) MODDIR=$(readlink -f "$OPTARG") ;;
	t) TIMEOUT=$OPTARG ;;
	c) CPUS=$OPTARG ;;
	M) MEM=$OPTARG ;;
	a) APPEND="$APPEND $OPTARG" ;;
	u) NOUDEV=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
if [ -z "$IMAGE" ] || [ -z "$OUT" ] || [ $# -lt 1 ]; then
	usage
fi
[ -f "$IMAGE" ] || die "$IMAGE: no such kernel image"
command -v vng >/dev/null || die "vng not found: run scripts/install-deps.sh"
rel=$(image_release "$IMAGE") || die "$IMAGE: cannot read its release"

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT"/{console.log,dmesg.txt,tainted,vm.rc,boot.txt}

# ---- module staging (host side) ----
payload=-
if [ ${#KOS[@]} -gt 0 ]; then
	src=/lib/modules/$rel
	if [ -n "$MODDIR" ]; then
		src=$MODDIR
		[ -d "$MODDIR/lib/modules/$rel" ] && src=$MODDIR/lib/modules/$rel
	fi
	stage=$OUT/modstage
	tree=$stage/tree/lib/modules/$rel
	payload=$stage/payload
	rm -rf "$stage/tree" "$payload"
	mkdir -p "$tree/updates" "$payload/updates"
	for f in kernel modules.order modules.builtin modules.builtin.modinfo; do
		if [ -e "$src/$f" ]; then ln -s "$src/$f" "$tree/$f"; fi
	done
	cp "${KOS[@]}" "$tree/updates/"
	depmod -b "$stage/tree" "$rel" || die "depmod failed for $rel"
	find "$tree" -maxdepth 1 -type f -name 'modules.*' -exec cp {} "$payload/" \;
	cp "${KOS[@]}" "$payload/updates/"
	# A kernel not installed on the host: the guest links its module tree.
	if [ "$src" != "/lib/modules/$rel" ]; then
		for f in kernel modules.order modules.builtin modules.builtin.modinfo; do
			if [ -e "$src/$f" ]; then ln -s "$src/$f" "$payload/$f"; fi
		done
	fi
fi

# ---- the VM ----
BLACKLIST=ahci,sr_mod,sg,ata_piix,pata_acpi,iTCO_wdt,lpc_ich,i2c_i801,i6300esb
BLACKLIST+=,kvm_amd,kvm_intel,ccp,powernow_k8,acpi_cpufreq,pcspkr,serio_raw
BLACKLIST+=,psmouse,evdev,joydev,mousedev,button,qemu_fw_cfg,bochs,drm
BLACKLIST+=,aesni_intel,ghash_clmulni_intel,sha1_ssse3,sha256_ssse3
BLACKLIST+=,sha512_ssse3,crc32_pclmul,crc32c_intel,crct10dif_pclmul
BLACKLIST+=,polyval_clmulni,sm4_aesni_avx_x86_64,aria_aesni_avx_x86_64

# No udev: virtme's bash init, which reads $BASH_ENV first (vm-init.sh).
VNGARGS=()
if [ "$NOUDEV" = 1 ]; then
	VNGARGS+=(--no-virtme-ng-init)
	APPEND="$APPEND BASH_ENV=$NVE_ROOT/scripts/vm-init.sh"
fi

guest=$NVE_ROOT/scripts/vm-guest.sh
cmd=$(printf '%q ' "$guest" "$OUT" "$payload" "$@")

t0=$(now)
echo "  VM      $rel: $*"
set +e
# QEMU truncates its output when stdout is a regular file: vng's output
# always goes into a pipe (perl here stands where "| cat" would).
# Boot output and kernel console lines go to console.log only, unless
# NVE_VM_VERBOSE=1.
timeout -k 10 "$TIMEOUT" \
	vng --run "$IMAGE" --disable-kvm --force-9p --verbose "${VNGARGS[@]}" \
		--cpus "$CPUS" --memory "$MEM" --rwdir "$OUT" \
		--append "root=/dev/root modprobe.blacklist=$BLACKLIST$APPEND" \
		-- "$cmd" </dev/null 2>&1 |
	T0=$t0 OUT=$OUT VERBOSE=${NVE_VM_VERBOSE:-0} perl -MTime::HiRes=time -ne '
		BEGIN { $| = 1; open(LOG, ">", "$ENV{OUT}/console.log") or die; LOG->autoflush(1) }
		print LOG $_;
		if (!$seen && /NVE_VM_START uptime=([0-9.]+)/) {
			$seen = 1;
			open(B, ">", "$ENV{OUT}/boot.txt");
			printf B "host %.1f guest %.1f\n", time - $ENV{T0}, $1;
			close(B);
		}
		# Before the command starts: boot noise; after: kernel lines.
		print if $ENV{VERBOSE} || ($seen && !/^\s*\[\s*[0-9]+\.[0-9]+\]/);
	'
st=("${PIPESTATUS[@]}")
set -e

wall=$(elapsed "$t0")
boot=$(cat "$OUT/boot.txt" 2>/dev/null || echo "host ? guest ?")
if [ ! -s "$OUT/vm.rc" ]; then
	reason="no exit status"
	[ "${st[0]}" = 124 ] || [ "${st[0]}" = 137 ] && reason="timeout after ${TIMEOUT}s"
	# Show the first report after the command started, else the end.
	first=$(awk '/NVE_VM_START/ { s = 1 } s && /Kernel panic|BUG:|Oops|WARNING:|general protection/ { print NR; exit }' \
		"$OUT/console.log" 2>/dev/null)
	if [ -n "$first" ]; then
		echo "vm-run: VM did not come back ($reason; vng rc ${st[0]}); the first kernel report:" >&2
		sed -n "${first},$((first + 45))p" "$OUT/console.log" >&2
	else
		echo "vm-run: VM did not come back ($reason; vng rc ${st[0]}); last console lines:" >&2
		tail -n 40 "$OUT/console.log" >&2 || true
	fi
	echo "  VM      $rel: wall ${wall}s, boot-to-script ${boot}, DID NOT COME BACK"
	exit 125
fi
rc=$(cat "$OUT/vm.rc")
taint=$(cat "$OUT/tainted" 2>/dev/null || echo "?")
echo "  VM      $rel: wall ${wall}s, boot-to-script (s) ${boot}, rc $rc, tainted $taint"
exit "$rc"
