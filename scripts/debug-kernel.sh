#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh - make sure nve's debug test kernel exists; build it if not.
#
# For the Makefile: the debug lane is
#	scripts/lane.sh debug $$(scripts/debug-kernel.sh) [TEST...]
# and `make check-debug` runs just that.  stdout carries one line,
# "IMAGE KDIR" (the bzImage and the build tree to build nve.ko against);
# progress goes to stderr.  A cache hit answers at once; a miss builds for
# 15-30 minutes on two cores, so a fresh CI machine pays once.  In the guest,
# selftests/run.sh calls selftests/debug-checks.sh (kmemleak, splats, taint).
#
# The kernel is Debian's linux-source-6.12 configured as `make tinyconfig`
# plus scripts/debug.config (KASAN, lockdep, kmemleak, UBSAN, KUnit, ...),
# everything built in.  It is cached under $NVE_DEBUG_CACHE/<key>/, where
# <key> hashes the linux-source package version, the fragment and the code of
# this script (comments excluded, so editing them does not cost a rebuild).
# A changed input builds a new entry beside the old ones; the newest
# $NVE_DEBUG_KEEP are kept.  The build runs in a temporary directory renamed
# into place when complete: an interrupted build never leaves an entry that
# looks finished, and the next run starts over.
#
# Environment: NVE_DEBUG_CACHE (default /var/cache/nve/debug-kernel),
# NVE_DEBUG_JOBS (default 2), NVE_DEBUG_KEEP (default 2 entries kept).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fragment=$here/debug.config
tarball=/usr/src/linux-source-6.12.tar.xz
cache=${NVE_DEBUG_CACHE:-/var/cache/nve/debug-kernel}
jobs=${NVE_DEBUG_JOBS:-2}
keep=${NVE_DEBUG_KEEP:-2}

log() { echo "debug-kernel: $*" >&2; }
die() { log "$*"; exit 1; }

[ -r "$tarball" ] || die "$tarball missing: run scripts/install-deps.sh"
[ -r "$fragment" ] || die "$fragment missing"

srcver=$(dpkg-query -W -f '${Version}' linux-source-6.12 2>/dev/null) ||
	die "linux-source-6.12 is not installed: run scripts/install-deps.sh"
key=$({
	echo "linux-source-6.12 $srcver"
	cat "$fragment"
	grep -v '^[[:space:]]*#' "${BASH_SOURCE[0]}"
} | sha256sum | cut -c1-16)
dest=$cache/$key

# A finished entry has .nve-complete, written last before the rename.
if [ -f "$dest/.nve-complete" ]; then
	echo "$dest/bzImage $dest/build"
	exit 0
fi

mkdir -p "$cache"
# One builder at a time; a second caller waits, then finds the cache.
exec 9>"$cache/.lock"
if ! flock -n 9; then
	log "another build holds $cache/.lock; waiting"
	flock 9
fi
if [ -f "$dest/.nve-complete" ]; then
	echo "$dest/bzImage $dest/build"
	exit 0
fi

# Holding the lock, any .build-* left is from a builder that was killed.
rm -rf "$cache"/.build-*
tmp=$(mktemp -d "$cache/.build-$key.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
t0=$(date +%s)
log "cache miss ($key): building linux-source-6.12 $srcver in $tmp"

log "extracting $tarball"
tar -xJf "$tarball" -C "$tmp"
mv "$tmp/linux-source-6.12" "$tmp/build"
src=$tmp/build

# Kbuild needs no .git; keep it from picking up the enclosing repository.
kmake() { make -C "$src" -s "$@"; }

kmake tinyconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$src" "$src/.config" "$fragment" >&2
kmake olddefconfig >&2

# Every line of the fragment must have survived olddefconfig: an option that
# silently fell out (a missing dependency, a renamed symbol) is a checker or a
# feature the tests think they have and don't.
lost=
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qxF "$line" "$src/.config" || lost="$lost
  want: $line  got: $(grep -E "^${line%%=*}=|^# ${line%%=*} is not set" "$src/.config" || echo unset)"
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		if grep -q "^$opt=" "$src/.config"; then
			lost="$lost
  want: $line  got: $(grep "^$opt=" "$src/.config")"
		fi
		;;
	esac
done < "$fragment"
[ -z "$lost" ] || die "fragment options lost in olddefconfig:$lost"

nopts=$(grep -c '^CONFIG_.*=' "$src/.config")
log "config: $nopts options set; building with -j$jobs"

# all = bzImage + modules; modules writes Module.symvers, which out-of-tree
# builds against this tree need even when nothing is =m.
kmake -j"$jobs" all >&2

# Keep what `make -C KDIR M=... modules` needs; drop the objects of the
# kernel itself (about 90% of the tree).  vmlinux stays for symbolizing.
cp "$src/arch/x86/boot/bzImage" "$tmp/bzImage"
find "$src" \( -name '*.o' -o -name '*.cmd' -o -name '*.a' \) \
	! -path "$src/scripts/*" ! -path "$src/tools/objtool/*" -delete
find "$src" -name '.*.cmd' ! -path "$src/scripts/*" -delete 2>/dev/null || true
rm -rf "$src/Documentation" "$src/debian" 2>/dev/null || true

t1=$(date +%s)
{
	echo "key=$key"
	echo "source=linux-source-6.12 $srcver"
	echo "release=$(cat "$src/include/config/kernel.release")"
	echo "options=$nopts"
	echo "build_seconds=$((t1 - t0))"
	echo "built=$(date -u +%FT%TZ)"
} > "$tmp/info"
touch "$tmp/.nve-complete"

rm -rf "$dest"
mv "$tmp" "$dest"
trap - EXIT
chmod 755 "$dest"
log "built in $((t1 - t0)) s: $dest"

# Drop all but the newest $keep entries (other keys are stale fragments).
# shellcheck disable=SC2012
ls -1dt "$cache"/*/ 2>/dev/null | tail -n +"$((keep + 1))" | while read -r old; do
	[ "${old%/}" = "$dest" ] || { log "pruning ${old%/}"; rm -rf "${old%/}"; }
done

echo "$dest/bzImage $dest/build"
