# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# vm-init.sh: sourced, never run, by virtme's bash init (PID 1 in the guest)
# when scripts/vm-run.sh -u boots a kernel with everything built in (the
# debug kernel): vm-run.sh starts vng with --no-virtme-ng-init and puts
# BASH_ENV=<this file> on the kernel command line, which the kernel hands
# to init as an environment variable, and bash reads $BASH_ENV before the
# init script.
#
# Such a kernel needs no module at boot, so udev would only replay every
# device's coldplug event.  On the KASAN/lockdep kernel under TCG that took
# 12 min for 705 devices and, with the 512 legacy ptys gone
# (pty.legacy_count=0), still ran past the 300 s virtme's init waits for it
# to settle.  So here the init script's find_udevd() finds no udevd (this
# definition is made read-only: the init script's own one is refused, with
# a "readonly function" line on the console), and does instead the one
# thing of udev's the VM needs: the /dev/virtio-ports/NAME links to the
# virtio-serial ports over which vng passes the command's stdin, stdout,
# stderr and exit status.  Without them the command would get the console.

unset BASH_ENV		# for PID 1 only, not for every bash started later

if [ "$$" = 1 ]; then
	# Link each named port, once the five the script needs are named (the
	# host names a port right after the guest finds it; bounded wait).
	nve_link_virtio_ports() {
		local p name i n

		mkdir -p /dev/virtio-ports
		for ((i = 0; i < 300; i++)); do
			n=0
			for p in /sys/class/virtio-ports/vport*; do
				name=$(cat "$p/name" 2>/dev/null)
				case $name in
				virtme.stdin | virtme.stdout | virtme.stderr | \
				virtme.dev_stdout | virtme.dev_stderr)
					n=$((n + 1)) ;;
				esac
			done
			[ "$n" -ge 5 ] && break
			sleep 0.2
		done
		for p in /sys/class/virtio-ports/vport*; do
			name=$(cat "$p/name" 2>/dev/null)
			[ -n "$name" ] && ln -sf "../${p##*/}" "/dev/virtio-ports/$name"
		done
		echo "vm-init: no udev; $n of 5 script ports linked" > /dev/kmsg
	}

	# find_udevd NAMEREF: virtme-init's hook, called once /sys is mounted.
	# shellcheck disable=SC2034 # udevd_ref names the caller's variable
	find_udevd() {
		local -n udevd_ref=$1

		udevd_ref=
		nve_link_virtio_ports
	}
	readonly -f find_udevd
fi
