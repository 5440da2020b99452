#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh: the kernel's checkpatch.pl over our kernel sources.  Any
# message fails.  kernel/*.[ch] and kernel/tests/*.c (KUnit) are held to
# --strict (NVE_CHECKPATCH_STRICT=0 relaxes that to the default level); the
# uapi header to the default level,
# because --strict's CHECKs there ("blank line after enum" before the
# __X_MAX define, "use BIT()") contradict uapi conventions.
set -euo pipefail
. "$(dirname "$0")/common.sh"

"$NVE_ROOT/scripts/kernel-files.sh"
cp=$NVE_BUILD/linux/scripts/checkpatch.pl
cd "$NVE_ROOT"
shopt -s nullglob
src=(kernel/*.[ch] kernel/tests/*.[ch])
[ ${#src[@]} -gt 0 ] || die "no kernel/*.[ch]"

rc=0
# --no-tree: no kernel tree here; spelling.txt and const_structs.checkpatch
# are found next to checkpatch.pl.
opts=(--no-tree --terse --show-types --no-summary -f)
# Under --strict, members of a struct_group_tagged() can't be laid out to
# please both PARENTHESIS_ALIGNMENT (a CHECK) and "statements should start
# on a tabstop" (a WARNING); the default level doesn't have the CHECK.
strict="--strict --ignore PARENTHESIS_ALIGNMENT"
[ "${NVE_CHECKPATCH_STRICT:-1}" != 0 ] || strict=
out=$("$cp" "${opts[@]}" $strict "${src[@]}" 2>&1) || rc=1
out2=$("$cp" "${opts[@]}" uapi/linux/nve.h 2>&1) || rc=1
out=$(printf '%s\n%s\n' "$out" "$out2" | sed '/^$/d')
if [ -n "$out" ]; then
	echo "$out" >&2
	rc=1
fi
echo "  CHECKPATCH ${#src[@]} kernel files (${strict:-default}), uapi/linux/nve.h: $([ $rc -eq 0 ] && echo clean || echo "$(echo "$out" | grep -c .) finding(s)")"
exit $rc
