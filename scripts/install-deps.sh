#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything nve needs to build, check and test, from Debian's
# packages and PyPI.  Idempotent: a second run does nothing but verify.
#
# The test kernels are Debian's 6.1 (bookworm) and 6.12 (bookworm-backports).
# Their versioned image and headers packages coexist; the linux-image-amd64
# metapackage can name only one, so we resolve each suite's metapackage to its
# versioned package and install that.
set -euo pipefail

[ "$(id -u)" -eq 0 ] || { echo "install-deps: must run as root" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
STAMP=/var/cache/nve/deps.stamp
SRC=/etc/apt/sources.list.d/debian.sources
BPO=/etc/apt/sources.list.d/nve-backports.sources

PKGS="build-essential bc bison flex libelf-dev libssl-dev dwarves kmod cpio
	sparse iproute2 tcpdump iputils-ping libmnl-dev pkg-config
	qemu-system-x86 busybox-static python3-pip ethtool socat netcat-openbsd
	valgrind xz-utils zstd rsync iperf3 procps"

have_all() {
	[ -f "$STAMP" ] || return 1
	for k in $(cat "$STAMP"); do
		[ -e "/boot/vmlinuz-$k" ] && [ -d "/usr/src/linux-headers-$k" ] || return 1
	done
	command -v vng >/dev/null && command -v sparse >/dev/null &&
		command -v qemu-system-x86_64 >/dev/null && command -v ping >/dev/null &&
		[ -f /usr/include/libmnl/libmnl.h ] && ls /usr/src/linux-source-6.12.tar.* >/dev/null 2>&1
}

if have_all; then
	exit 0
fi

# bookworm-backports, reusing the URIs and key of the existing Debian source.
if [ ! -f "$BPO" ]; then
	uris=$(awk '/^URIs:/ { print $2; exit }' "$SRC")
	key=$(awk '/^Signed-By:/ { print $2; exit }' "$SRC")
	[ -n "$uris" ] || { echo "install-deps: no URIs in $SRC" >&2; exit 1; }
	cat > "$BPO" <<SRCS
Types: deb
URIs: $uris
Suites: bookworm-backports
Components: main
Signed-By: $key
SRCS
fi

apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $PKGS >/dev/null

# Resolve each suite's metapackage to its versioned kernel package.
resolve() { # suite -> e.g. 6.1.0-37-amd64
	apt-cache depends "linux-image-amd64/$1" 2>/dev/null |
		sed -n 's/.*Depends: linux-image-\(.*-amd64\)$/\1/p' | head -1
}
k61=$(resolve bookworm)
k612=$(resolve bookworm-backports)
[ -n "$k61" ] && [ -n "$k612" ] || { echo "install-deps: cannot resolve kernel versions" >&2; exit 1; }

apt-get install -y -qq --no-install-recommends \
	"linux-image-$k61" "linux-headers-$k61" \
	"linux-image-$k612/bookworm-backports" "linux-headers-$k612/bookworm-backports" \
	linux-source-6.12/bookworm-backports >/dev/null

command -v vng >/dev/null || pip install -q virtme-ng

mkdir -p "$(dirname "$STAMP")"
printf '%s\n' "$k61" "$k612" > "$STAMP"
echo "install-deps: kernels $k61 $k612 ready"
