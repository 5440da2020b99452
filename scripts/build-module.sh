#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh KDIR OUTDIR [make args, e.g. C=2]
#
# Build nve.ko against the kernel tree or headers in KDIR, in OUTDIR.
#
# Out-of-tree builds put objects next to their sources, and 6.1 has no MO=,
# so each kernel gets its own copy of kernel/, uapi/ and Kbuild in OUTDIR
# (build/<release>/ from the Makefile) and the module lands in OUTDIR/nve.ko.
#
# Always built with W=1.  Any compiler or sparse (C=2) message about one of
# our files fails the build: that is how "warnings are errors" is enforced
# for our code only, without -Werror tripping over kernel headers.
#
# Exit: 0 clean; 1 the build failed; 3 nve.ko was built but there are
# findings (callers that only need a module to test may go on with it).
set -euo pipefail
. "$(dirname "$0")/common.sh"

[ $# -ge 2 ] || die "usage: $0 KDIR OUTDIR [make args]"
KDIR=$(readlink -f "$1")
OUT=$2
shift 2
[ -d "$KDIR" ] || die "$KDIR: no such kernel tree"
rel=$(kdir_release "$KDIR") || exit 1

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
# Mirror the sources; keep build products so rebuilds stay incremental.
rsync -a --delete --filter='P *.o' --filter='P .*.cmd' --filter='P *.mod*' \
	--filter='P *.ko' --filter='P *.symvers' --filter='P modules.order' \
	--filter='P build.log' --filter='P .tmp*' \
	"$NVE_ROOT/kernel" "$NVE_ROOT/uapi" "$NVE_ROOT/Kbuild" "$OUT/"

log=$OUT/build.log
echo "  MODULE  $rel ($KDIR) -> ${OUT#"$NVE_ROOT"/}/nve.ko${*:+ [$*]}"
set +e
make -C "$KDIR" M="$OUT" W=1 -j"${NVE_JOBS:-2}" "$@" modules >"$log" 2>&1
rc=$?
set -e
# Findings about our files are lines naming a path under OUT (gcc, sparse);
# show them with repository-relative paths.
findings=$(grep -E "^$OUT/" "$log" | sed "s|^$OUT/||" || true)
if [ "$rc" -ne 0 ]; then
	grep -vE '^  [A-Z]+ |^make(\[[0-9]+\])?: (Entering|Leaving)' "$log" | sed "s|$OUT/||g" >&2
	die "build against $rel failed (log: $log)"
fi
if [ -n "$findings" ]; then
	grep -vE '^  [A-Z]+ |^make(\[[0-9]+\])?: (Entering|Leaving)' "$log" | sed "s|$OUT/||g" >&2
	echo "${0##*/}: $(echo "$findings" | grep -c .) compiler/sparse message line(s) about our files against $rel" >&2
	exit 3
fi
[ -f "$OUT/nve.ko" ] || die "no nve.ko produced (log: $log)"
