#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nve_smoke.sh: an nve device can live in more than one network namespace,
# shows up as kind "nve", and goes away with its namespace.
#
#     +------------ $NS1 ------------+     +------------ $NS2 ------------+
#     |                              |     |                              |
#     |   nve0  (type nve)           |     |   nve0  (type nve)           |
#     |                              |     |                              |
#     +------------------------------+     +------------------------------+
#        two namespaces stand in for two hypervisors; no underlay link yet
#
# delete_netns_with_device then deletes $NS1 with its nve0 inside: $NS2's
# device must be untouched, and a new namespace must be able to create an
# nve0 again (no state of the deleted device left behind).  run.sh's checks
# after the suite (rmmod, kernel log, taint) catch a device that was never
# freed ("unregister_netdevice: waiting for nve0 to become free").

source "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034 # read by nve_main
TESTS="
	create_two_netns
	detail_shows_kind
	delete_netns_with_device
"

# has_nve NS DEV: DEV exists in NS and is of kind nve.
has_nve()
{
	ip -n "$1" -d link show dev "$2" 2>/dev/null | grep -qE '^ +nve( |$)'
}

netns_gone()
{
	! ip netns list | grep -qw -- "$1"
}

test_create_two_netns()
{
	nve_setup_ns NS1 NS2
	check ip -n "$NS1" link add nve0 type nve
	check ip -n "$NS2" link add nve0 type nve
	check has_nve "$NS1" nve0
	check has_nve "$NS2" nve0
	# Each namespace sees only its own device.
	check_output '^1$' sh -c "ip -n $NS1 -o link show type nve | wc -l"
	check ip -n "$NS1" link set nve0 up
	check_output 'state (UNKNOWN|UP)|<[^>]*\bUP\b' ip -n "$NS1" link show nve0
}

test_detail_shows_kind()
{
	nve_setup_ns NS1
	check ip -n "$NS1" link add nve0 type nve
	# ip prints the link kind at the start of the -d detail line.
	check_output '^ +nve( |$)' ip -n "$NS1" -d link show nve0
	check_output '"info_kind": ?"nve"' ip -n "$NS1" -d -j link show nve0
	check ip -n "$NS1" link del nve0
	check_fail ip -n "$NS1" link show nve0
}

test_delete_netns_with_device()
{
	local ns1

	nve_setup_ns NS1 NS2
	check ip -n "$NS1" link add nve0 type nve
	check ip -n "$NS2" link add nve0 type nve
	check ip -n "$NS1" link set nve0 up

	ns1=$NS1
	check ip netns del "$ns1"
	wait_for netns_gone "$ns1" || fail "$ns1 still listed"

	check has_nve "$NS2" nve0
	check ip -n "$NS2" link set nve0 up
	nve_setup_ns NS3
	check ip -n "$NS3" link add nve0 type nve
	check has_nve "$NS3" nve0
}

nve_main "$@"
