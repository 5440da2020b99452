#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-files.sh: extract the few kernel-tree files the project uses from
# Debian's linux-source-6.12 tarball into build/linux/ (same relative paths):
# checkpatch.pl with its data files, and the selftest shell libraries.  They
# are never committed.  Decompressing the tarball takes ~15 s, so the result
# is kept until the tarball changes.
set -euo pipefail
. "$(dirname "$0")/common.sh"

FILES="scripts/checkpatch.pl
scripts/spelling.txt
scripts/const_structs.checkpatch
tools/testing/selftests/net/lib.sh
tools/testing/selftests/kselftest/ktap_helpers.sh"

DEST=$NVE_BUILD/linux
tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-6.12.tar.*' | head -1)
[ -n "$tarball" ] || die "no /usr/src/linux-source-6.12.tar.*: run scripts/install-deps.sh"

key="$tarball $(stat -c '%s %Y' "$tarball") $(echo "$FILES" | md5sum | cut -c1-8)"
if [ -f "$DEST/.stamp" ] && [ "$(cat "$DEST/.stamp")" = "$key" ]; then
	exit 0
fi

echo "  EXTRACT ${DEST#"$NVE_ROOT"/} from $tarball"
mkdir -p "$NVE_BUILD"
tmp=$(mktemp -d "$NVE_BUILD/.linux.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
top=$(tar -tf "$tarball" 2>/dev/null | head -1 | cut -d/ -f1) || true
[ -n "$top" ] || die "$tarball: cannot list"
# shellcheck disable=SC2046
tar -xf "$tarball" -C "$tmp" $(for f in $FILES; do echo "$top/$f"; done)
chmod +x "$tmp/$top/scripts/checkpatch.pl"
echo "$key" > "$tmp/$top/.stamp"
rm -rf "$DEST"
mv "$tmp/$top" "$DEST"
