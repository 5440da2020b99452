/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * nve: Network Virtualization Edge for VM mobility in VXLAN and Geneve
 * overlays (draft-ietf-nvo3-vmm).
 *
 * This header is the contract between the nve kernel module and userspace.
 * It has two parts:
 *
 *  1. rtnetlink: the "nve" link kind.  IFLA_INFO_DATA of
 *     "ip link add NAME type nve ..." carries the IFLA_NVE_* attributes below.
 *
 *  2. Generic netlink: the "nve" family (NVE_GENL_NAME, version
 *     NVE_GENL_VERSION), through which an NVA (the control plane) reads
 *     devices and installs the location table.  Every command is addressed to
 *     one nve device by NVE_A_IFINDEX or NVE_A_IFNAME, resolved in the network
 *     namespace of the requesting socket.  Commands that change state need
 *     CAP_NET_ADMIN in the user namespace that owns that network namespace
 *     (GENL_UNS_ADMIN_PERM).  Failures carry an extack message.
 *
 * Byte order: addresses (IPv4, IPv6) and UDP ports are in network byte order,
 * as in IFLA_VXLAN_*; every other integer is in host byte order.
 */
#ifndef _UAPI_LINUX_NVE_H
#define _UAPI_LINUX_NVE_H

#include <linux/types.h>

/* Encapsulation formats, IFLA_NVE_ENCAP and NVE_DEV_A_ENCAP. */
enum nve_encap {
	NVE_ENCAP_VXLAN = 1,	/* RFC 7348, default UDP port 4789 */
	NVE_ENCAP_GENEVE,	/* RFC 8926, default UDP port 6081 */
	__NVE_ENCAP_MAX,
};
#define NVE_ENCAP_MAX (__NVE_ENCAP_MAX - 1)

#define NVE_VXLAN_PORT		4789
#define NVE_GENEVE_PORT		6081
#define NVE_VNI_MAX		0xffffff	/* VNIs are 24 bits */

/*
 * rtnetlink link attributes, nested in IFLA_INFO_DATA for kind "nve".
 *
 * @IFLA_NVE_VNI: u32, the device's virtual network identifier, below 2^24.
 *	Frames sent through the device are encapsulated with this VNI, and
 *	received packets are handed to the device whose VNI (and UDP port and
 *	address family) they carry.  Default 0.
 * @IFLA_NVE_LOCAL: be32, local IPv4 underlay address: the source address of
 *	encapsulated packets.  Exclusive with @IFLA_NVE_LOCAL6.  Without either
 *	the device uses an IPv4 underlay and routing picks the source.  Must be
 *	unicast or 0.0.0.0.
 * @IFLA_NVE_LOCAL6: struct in6_addr, local IPv6 underlay address; selects an
 *	IPv6 underlay (:: lets routing pick the source).
 *
 * Receive: one UDP socket per (network namespace, port, address family),
 * bound to the wildcard address and shared by every nve device that uses
 * that port and family; packets are handed to the device by VNI.  Two
 * devices in one namespace can't share VNI, port and address family, and
 * devices sharing a port and family must share the encapsulation.
 * @IFLA_NVE_PORT: be16, UDP destination port, and the port received on.
 *	Default 4789 for VXLAN, 6081 for Geneve.  Must not be 0.
 * @IFLA_NVE_ENCAP: u8, &enum nve_encap.  Default %NVE_ENCAP_VXLAN.
 * @IFLA_NVE_TTL: u8, TTL / hop limit of encapsulated packets; 0 (default)
 *	means the route's default.
 * @IFLA_NVE_TOS: u8, TOS / traffic class of encapsulated packets; 1 means
 *	inherit from the inner packet.  Default 0.
 * @IFLA_NVE_MAX_ENTRIES: u32, the most (VNI, MAC) mappings the device's
 *	location table may hold; 0 means the default (NVE_DEFAULT_MAX_ENTRIES).
 *	May be changed on a running device, but not below the current count.
 * @IFLA_NVE_PROXY: u8, 1 to answer ARP requests and IPv6 neighbour
 *	solicitations for bound addresses locally, without flooding them.
 *	May be changed on a running device.
 *
 * VNI, local address, port and encapsulation define the device's receive
 * socket and can't change while the device is up: set the device down first.
 * The VNI and the underlay address family also can't change while the
 * device holds mappings, bindings or a flood list (EBUSY): flush them first.
 *
 * VM mobility (NVE_CMD_MOVE, NVE_CMD_PREPARE); all may be changed on a
 * running device, and apply to moves and frames from then on:
 * @IFLA_NVE_REDIRECT_MS: u32, how long a hot move redirects by default,
 *	in milliseconds (NVE_DEFAULT_REDIRECT_MS); 0: hot moves without
 *	NVE_MAP_A_REDIRECT_MS do not redirect.  At most
 *	@IFLA_NVE_REDIRECT_MAX_MS.
 * @IFLA_NVE_REDIRECT_MAX_MS: u32, the longest redirect a move may ask for
 *	(NVE_DEFAULT_REDIRECT_MAX_MS), at most NVE_REDIRECT_MS_LIMIT.
 * @IFLA_NVE_HOLD_PKTS: u32, the most frames held for one pending mapping
 *	(NVE_DEFAULT_HOLD_PKTS), at most NVE_HOLD_PKTS_LIMIT; 0 holds none.
 * @IFLA_NVE_HOLD_MS: u32, how long a frame is held for a pending mapping
 *	before it is dropped, in milliseconds (NVE_DEFAULT_HOLD_MS), at most
 *	NVE_HOLD_MS_LIMIT.
 *
 * Duplicate detection (RFC 7432 section 15.1), on the NVE that receives
 * the moves: NVE_CMD_MOVE, NVE_CMD_PREPARE of a remote mapping, and
 * NVE_CMD_MAP_NEW changing a mapping's location each count as a move of
 * its MAC (creating a mapping does not).  Moves are counted in a fixed
 * window that opens at the first one and lasts @IFLA_NVE_DUP_WINDOW; the
 * count starts again with the first move after it.  The move that would be
 * one more than @IFLA_NVE_DUP_MOVES in the window is refused instead and
 * freezes the mapping (see NVE_CMD_FROZEN).  Sequence number and sticky
 * checks come first: a move they refuse is not counted.
 * @IFLA_NVE_DUP_MOVES: u32, more than this many moves of one MAC within
 *	@IFLA_NVE_DUP_WINDOW freeze its mapping (NVE_DEFAULT_DUP_MOVES); 0
 *	turns duplicate detection off, and setting it to 0 thaws every
 *	frozen mapping and forgets every count.
 * @IFLA_NVE_DUP_WINDOW: u32, the window, in seconds (NVE_DEFAULT_DUP_WINDOW),
 *	1 to NVE_DUP_WINDOW_LIMIT (else ERANGE).
 * @IFLA_NVE_DUP_FREEZE: u32, how long a mapping stays frozen, in seconds,
 *	at most NVE_DUP_WINDOW_LIMIT (else ERANGE); 0 (the default): until
 *	NVE_CMD_UNFREEZE.  A change applies to freezes from then on.
 *
 * Announcements and anti-spoofing:
 * @IFLA_NVE_ANNOUNCE: u8, &enum nve_announce bits: what the NVE announces
 *	on a VM's behalf when its PENDING mapping activates (its first frame
 *	on the local side, or NVE_CMD_ACTIVATE), unless the prepare named its
 *	own (NVE_MAP_A_ANNOUNCE).  Default 0: none; other bits are refused.
 *	The frames go to every NVE of the flood list, and the GARPs and NAs
 *	also up the device (with the device's MAC as Ethernet source, so that
 *	the bridge does not learn the VM behind the overlay), at most 100
 *	frames a second per device (NVE_STATS_A_ANNOUNCEMENTS).
 * @IFLA_NVE_SPOOF_CHECK: u8, 0 (default) or 1: the spoof check (draft
 *	section 10) on frames from the local side (sent through the device by
 *	the local bridge).  An announcement claims an IP address: an ARP or
 *	RARP packet (any opcode, gratuitous ARP included) its sender IP, a
 *	neighbour advertisement its target, a neighbour solicitation its
 *	source address (not ::).  The claim is false when a binding
 *	(NVE_CMD_BIND_NEW) of the VN maps that address to a MAC other than
 *	the frame's Ethernet source or the link-layer address it gives for it
 *	(ARP sender; target or source link-layer address option).  With the
 *	check on, a frame with a false claim, or whose Ethernet source is a
 *	MAC the table maps to a remote NVE (a VM that lives elsewhere), is
 *	dropped, counted (NVE_STATS_A_SPOOF_DROPS) and reported
 *	(NVE_CMD_SPOOFED).  Frames from MACs the table doesn't know, or maps
 *	here, pass.  Whatever the setting, a false claim never activates a
 *	PENDING mapping (NVE_CMD_PREPARE), though it is sent on.  Off by
 *	default, as a VF's spoofchk is opt-in: it needs a binding for every
 *	address a VM may announce (a floating address would be dropped).
 */
enum {
	IFLA_NVE_UNSPEC,
	IFLA_NVE_VNI,
	IFLA_NVE_LOCAL,
	IFLA_NVE_LOCAL6,
	IFLA_NVE_PORT,
	IFLA_NVE_ENCAP,
	IFLA_NVE_TTL,
	IFLA_NVE_TOS,
	IFLA_NVE_MAX_ENTRIES,
	IFLA_NVE_PROXY,
	IFLA_NVE_REDIRECT_MS,
	IFLA_NVE_REDIRECT_MAX_MS,
	IFLA_NVE_HOLD_PKTS,
	IFLA_NVE_HOLD_MS,
	IFLA_NVE_DUP_MOVES,
	IFLA_NVE_DUP_WINDOW,
	IFLA_NVE_DUP_FREEZE,
	IFLA_NVE_ANNOUNCE,
	IFLA_NVE_SPOOF_CHECK,
	__IFLA_NVE_MAX
};
#define IFLA_NVE_MAX (__IFLA_NVE_MAX - 1)

#define NVE_TOS_INHERIT		1
#define NVE_DEFAULT_MAX_ENTRIES	(1U << 21)	/* 2097152 */

#define NVE_DEFAULT_REDIRECT_MS		3000
#define NVE_DEFAULT_REDIRECT_MAX_MS	60000
#define NVE_REDIRECT_MS_LIMIT		3600000	/* one hour */
#define NVE_DEFAULT_HOLD_PKTS		256
#define NVE_HOLD_PKTS_LIMIT		65536
/* Activation can take seconds (a VM resuming on a loaded host). */
#define NVE_DEFAULT_HOLD_MS		5000
#define NVE_HOLD_MS_LIMIT		60000
#define NVE_DEFAULT_DUP_MOVES		5	/* RFC 7432 section 15.1: M */
#define NVE_DEFAULT_DUP_WINDOW		180	/* seconds, N */
#define NVE_DUP_WINDOW_LIMIT		86400	/* one day */

/**
 * enum nve_announce - what an NVE announces for a VM that activates
 * @NVE_ANNOUNCE_GARP: a gratuitous ARP (a request from the VM's MAC to
 *	broadcast, sender and target protocol address the bound address) for
 *	each of its IPv4 bindings (NVE_CMD_BIND_NEW with the VM's MAC; at
 *	most 16).
 * @NVE_ANNOUNCE_NA: an unsolicited neighbour advertisement (override set,
 *	solicited clear, the VM's MAC as target link-layer address, from the
 *	bound address to ff02::1) for each of its IPv6 bindings (at most 16).
 * @NVE_ANNOUNCE_RARP: a RARP for its MAC, as QEMU's announce-self sends
 *	(ethertype 0x8035, opcode 3, sender and target hardware address the
 *	VM's MAC, to broadcast); to the flood list only.
 */
enum nve_announce {
	NVE_ANNOUNCE_GARP = 1 << 0,
	NVE_ANNOUNCE_NA = 1 << 1,
	NVE_ANNOUNCE_RARP = 1 << 2,
};

/*
 * The redirect mark (VM mobility).  An old NVE that relays a packet to a
 * VM's new NVE marks it, so that a packet is relayed at most once: an nve
 * that receives a marked packet delivers it only to a VM it holds (a local
 * mapping, active or pending) and otherwise drops and counts it
 * (NVE_STATS_A_RX_REDIRECT_LOOP), never relaying it again.
 *
 * Geneve: an option of the experimental class range of RFC 8926 (section
 * 7.1): class NVE_GENEVE_OPT_CLASS, type NVE_GENEVE_OPT_REDIRECT (critical
 * bit clear, so that peers that don't know it skip it), no data (length 0).
 *
 * VXLAN: bit NVE_VXLAN_F_REDIRECT of the flags byte, one of the "R" bits RFC
 * 7348 reserves.  This is a policy between nve peers, not a standard: nve
 * accepts that bit (other reserved bits still count as bad flags), and other
 * implementations may refuse the packet.  Redirect only to nve peers.
 */
#define NVE_GENEVE_OPT_CLASS		0xff4e	/* "N" */
#define NVE_GENEVE_OPT_REDIRECT		0x01
#define NVE_VXLAN_F_REDIRECT		0x01	/* in the flags byte (byte 0) */

/* ------------------------------------------------------------------------ */
/* Generic netlink family "nve" */

#define NVE_GENL_NAME		"nve"
#define NVE_GENL_VERSION	1
#define NVE_GENL_MCGRP_EVENTS	"events"

/**
 * enum nve_cmd - generic netlink commands
 *
 * @NVE_CMD_DEV_GET: read an nve device.  Do: needs NVE_A_IFINDEX or
 *	NVE_A_IFNAME, replies with one NVE_CMD_DEV_GET message.  Dump: one
 *	message per nve device in the caller's network namespace.  Each reply
 *	carries NVE_A_IFINDEX, NVE_A_IFNAME, NVE_A_DEV and NVE_A_STATS.
 *	Unprivileged.
 *
 * Commands that take nests (NVE_A_MAP, NVE_A_BIND, NVE_A_FLOOD) take any
 * number of them in one message, so that an NVA can load many mappings at
 * once.  Every nest is checked first (attribute types, then each attribute
 * and the attributes together), so that bad input changes nothing; then
 * the nests are applied in order, and the first one that fails on the
 * table's state (exists, missing, stale, sticky, full) stops the command.
 * Nests applied before it stay.  Either way the extack's NLMSGERR_ATTR_OFFS
 * points into the failing nest: at the attribute at fault, or at the nest.
 *
 * @NVE_CMD_MAP_NEW: install mappings.  Needs the device and one or more
 *	NVE_A_MAP nests, each with at least NVE_MAP_A_MAC and one of
 *	NVE_MAP_A_REMOTE, NVE_MAP_A_REMOTE6 or NVE_MAP_A_LOCAL.  NLM_F_CREATE
 *	allows creating, NLM_F_REPLACE allows replacing an existing entry, and
 *	NLM_F_EXCL refuses an existing one (EEXIST), as for rtnetlink neighbours;
 *	an existing entry without NLM_F_REPLACE is EEXIST too, and a missing
 *	one without NLM_F_CREATE is ENOENT.  A replace sets the location, the
 *	overrides and NVE_MAP_A_FLAGS (absent: 0) anew.
 *	An update whose NVE_MAP_A_SEQ is older than the entry's (RFC 1982
 *	serial arithmetic) is refused with ESTALE; an equal number is a no-op
 *	(success, no event).  An update without NVE_MAP_A_SEQ, or of an entry
 *	that never had one, is not checked, and keeps the entry's number.  A
 *	sticky entry refuses a change of location (EPERM).  A full table
 *	(IFLA_NVE_MAX_ENTRIES) refuses new entries with ENOSPC and counts
 *	NVE_STATS_A_TABLE_FULL.  Emits an NVE_CMD_MAP_NEW event per mapping
 *	added or changed.
 * @NVE_CMD_MAP_DEL: delete the mappings named by the NVE_A_MAP nests
 *	(NVE_MAP_A_VNI and NVE_MAP_A_MAC).  ENOENT if one is absent.  A nest
 *	may also carry NVE_MAP_A_SEQ (an older one is refused with ESTALE) and
 *	a location (NVE_MAP_A_REMOTE with its overrides, NVE_MAP_A_REMOTE6 or
 *	NVE_MAP_A_LOCAL) that the mapping must have (else ENOENT).
 *	Emits an NVE_CMD_MAP_DEL event per mapping, with its last state.
 * @NVE_CMD_MAP_GET: do: one mapping (NVE_A_MAP with VNI and MAC); dump: every
 *	mapping of the device, optionally only those of NVE_A_MAP's
 *	NVE_MAP_A_VNI, one per message with NVE_A_IFINDEX and NVE_A_MAP.
 *	Dumps are consistent-checked: NLM_F_DUMP_INTR is set if the table
 *	changed during the dump (or a resize moved entries under it); dump
 *	again then.  A dump costs O(n) in total, however many messages it
 *	takes.  Unprivileged.
 * @NVE_CMD_MAP_FLUSH: delete many mappings at once: all of them, or with an
 *	NVE_A_MAP nest, those matching its NVE_MAP_A_VNI and/or its
 *	NVE_MAP_A_REMOTE / NVE_MAP_A_REMOTE6 (the address; any port or VNI
 *	override) or NVE_MAP_A_LOCAL (the local ones); other attributes are
 *	refused.  Static entries are flushed too.  Replies with NVE_A_COUNT,
 *	the number deleted.  Emits one NVE_CMD_MAP_DEL event per deleted
 *	mapping.
 *
 * @NVE_CMD_BIND_NEW: install (VNI, IP) -> MAC bindings, one per NVE_A_BIND
 *	nest, used to answer ARP and ND (IFLA_NVE_PROXY).  NLM_F flags as for
 *	NVE_CMD_MAP_NEW.  A device holds at most IFLA_NVE_MAX_ENTRIES
 *	bindings (ENOSPC).
 * @NVE_CMD_BIND_DEL: delete the bindings named by NVE_A_BIND nests (VNI, IP).
 * @NVE_CMD_BIND_GET: do: one binding (VNI and IP); dump: all bindings of
 *	the device, one per message.  Unprivileged.
 *
 * @NVE_CMD_FLOOD_NEW: add remote NVEs (NVE_A_FLOOD nests) to a VN's flood
 *	list: broadcast, unknown unicast and multicast frames are replicated to
 *	each of them (head-end replication), at the device's UDP port.  EEXIST
 *	if already listed and NLM_F_EXCL is set; without it, adding a listed
 *	remote changes nothing.  At most NVE_FLOOD_MAX_REMOTES (ENOSPC).
 * @NVE_CMD_FLOOD_DEL: remove remote NVEs from a VN's flood list (ENOENT if
 *	one is not listed).
 * @NVE_CMD_FLOOD_GET: do: the whole flood list in one message, one
 *	NVE_A_FLOOD nest per member; dump: one member per message.
 *	Unprivileged.
 *
 * @NVE_CMD_MISS: event only.  A frame's destination MAC had no mapping
 *	(like vxlan's L2MISS).  Carries the device and NVE_A_MAP with
 *	NVE_MAP_A_VNI and NVE_MAP_A_MAC.  Rate-limited per device: at most 100
 *	events a second (a burst of 100 per 1 s interval); the rest are dropped.
 *
 * VM mobility (draft-ietf-nvo3-vmm).  These commands take one or more
 * NVE_A_MAP nests, each naming a mapping by NVE_MAP_A_VNI and NVE_MAP_A_MAC,
 * checked and applied as described above; they take no NLM_F flags.  Each
 * may carry NVE_MAP_A_SEQ (RFC 1982 serial arithmetic): MOVE and PREPARE
 * refuse one that is not newer than the mapping's, ACTIVATE and WITHDRAW
 * one that is older, with ESTALE; without it, or for a mapping that never
 * had one, the number is not checked.  A sticky mapping refuses MOVE, and
 * PREPARE of a remote one (EPERM).  Mapping states are &enum
 * nve_map_state.
 *
 * @NVE_CMD_MOVE: on the old NVE: the VM moves to the NVE at NVE_MAP_A_REMOTE
 *	or NVE_MAP_A_REMOTE6 (with the overrides NVE_MAP_A_PORT and
 *	NVE_MAP_A_REMOTE_VNI, as for NVE_CMD_MAP_NEW).  The mapping must exist
 *	(ENOENT), local or remote.  NVE_MAP_A_MODE (&enum nve_move_mode,
 *	default hot) and NVE_MAP_A_REDIRECT_MS (hot only; default the
 *	device's IFLA_NVE_REDIRECT_MS, at most its IFLA_NVE_REDIRECT_MAX_MS,
 *	else ERANGE) choose what follows.  A hot move with a redirect time
 *	above 0 makes the mapping REDIRECT: frames for the VM are sent to the
 *	new NVE, those sent by local VMs as usual, and those that arrive from
 *	the overlay unmarked (from stale senders) re-encapsulated with the
 *	redirect mark (NVE_STATS_A_REDIRECTED), each sender reported by a
 *	rate-limited NVE_CMD_STALE_SENDER event.  When the time is up the
 *	mapping becomes an ACTIVE remote one (NVE_CMD_EXPIRED event).  Any
 *	other move makes it an ACTIVE remote mapping at once.  Frames held
 *	for a PENDING mapping that moves away are dropped
 *	(NVE_STATS_A_HOLD_EXPIRED).  Emits NVE_CMD_MOVED.
 * @NVE_CMD_PREPARE: on the new NVE, before the VM resumes: the mapping
 *	becomes (or is created, as NVE_CMD_MAP_NEW with NLM_F_CREATE would)
 *	local and PENDING; EEXIST if it is local and ACTIVE already; for a
 *	PENDING one, only the sequence number and hold limits are taken.
 *	Frames for the VM from the overlay, marked or not, are held, in order,
 *	up to NVE_MAP_A_HOLD_PKTS frames (the rest are dropped:
 *	NVE_STATS_A_HOLD_OVERFLOW) and NVE_MAP_A_HOLD_MS each (then dropped:
 *	NVE_STATS_A_HOLD_EXPIRED); without them, the device's
 *	IFLA_NVE_HOLD_PKTS and IFLA_NVE_HOLD_MS at the time of the prepare.
 *	The mapping activates when the device transmits a frame whose source
 *	MAC is the VM's (its RARP, GARP, unsolicited NA or any other frame
 *	coming up the local side), or on
 *	NVE_CMD_ACTIVATE: it becomes ACTIVE, the held frames are delivered in
 *	order, and NVE_CMD_ACTIVATED is emitted.  Emits NVE_CMD_MAP_NEW.
 * @NVE_CMD_ACTIVATE: activate PENDING mappings now (EINVAL if one is not
 *	pending), as the VM's first frame would.
 * @NVE_CMD_WITHDRAW: delete local mappings (EINVAL if one is remote),
 *	without redirect: the VM is gone from this NVE.  Held frames are
 *	dropped (NVE_STATS_A_HOLD_EXPIRED).  Emits NVE_CMD_MAP_DEL.
 *
 * @NVE_CMD_MOVED: event: a mapping was moved (NVE_CMD_MOVE); NVE_A_MAP as
 *	for NVE_CMD_MAP_GET, plus NVE_MAP_A_MODE.
 * @NVE_CMD_ACTIVATED: event: a PENDING mapping became ACTIVE; its
 *	NVE_MAP_A_HELD is the number of held frames delivered.
 * @NVE_CMD_STALE_SENDER: event: the NVE at NVE_MAP_A_SENDER or
 *	NVE_MAP_A_SENDER6 (the outer source address) sent a frame for a
 *	REDIRECT mapping, which was relayed; NVE_A_MAP carries NVE_MAP_A_VNI,
 *	NVE_MAP_A_MAC and the new NVE (NVE_MAP_A_REMOTE or _REMOTE6, with its
 *	overrides).  The NVA should update that sender.  Rate-limited: one
 *	event per mapping and sender a second, at most 100 a second per device
 *	(NVE_STATS_A_STALE_EVENTS counts them).
 * @NVE_CMD_EXPIRED: event: a REDIRECT mapping's time is up; it is now an
 *	ACTIVE remote mapping.  NVE_MAP_A_REDIRECTS: frames it relayed.
 * @NVE_CMD_FROZEN: event: duplicate detection refused a move: the one
 *	that froze the mapping (one more than IFLA_NVE_DUP_MOVES within
 *	IFLA_NVE_DUP_WINDOW; NVE_STATS_A_FROZEN counts these), or any move of
 *	a frozen mapping.  The mapping as it stays, with NVE_MAP_A_MOVES (the
 *	refused moves included) and NVE_MAP_A_FROZEN.  One event per refused
 *	move, not rate-limited: each answers a privileged request, which
 *	fails with EBUSY and the extack "Mapping is frozen: more than M moves
 *	in N s (duplicate MAC?)" (on kernels before 6.2, which can't format
 *	an extack, the message names dup-moves and dup-window instead).
 *	EBUSY, not EPERM (sticky): the refusal is temporary; it ends with
 *	NVE_CMD_UNFREEZE, after IFLA_NVE_DUP_FREEZE if set, when
 *	IFLA_NVE_DUP_MOVES is set to 0, or when the mapping is deleted.
 * @NVE_CMD_UNFREEZE: end the freeze of the mappings named by NVE_A_MAP
 *	nests (by NVE_MAP_A_VNI and NVE_MAP_A_MAC; other attributes are
 *	ignored, as for NVE_CMD_MAP_GET), and forget their move counts;
 *	ENOENT if one does not exist; a mapping that is not frozen just
 *	loses its count.  No event.
 * @NVE_CMD_SPOOFED: event: a frame from the local side was dropped by the
 *	spoof check (IFLA_NVE_SPOOF_CHECK).  NVE_A_MAP carries NVE_MAP_A_VNI,
 *	the frame's source MAC (NVE_MAP_A_MAC) and, if the table maps that MAC
 *	to a remote NVE, its NVE_MAP_A_REMOTE or NVE_MAP_A_REMOTE6.  A frame
 *	that claimed an address bound to another MAC also carries NVE_A_BIND:
 *	NVE_BIND_A_VNI, the address (NVE_BIND_A_IP or NVE_BIND_A_IP6) and the
 *	MAC the frame gave for it (NVE_BIND_A_MAC: its ARP sender or ND
 *	link-layer address, or its Ethernet source where that is the lie).
 *	Rate-limited per device: at most 10 events a second; the drops are
 *	all counted.
 *
 * Events go to the NVE_GENL_MCGRP_EVENTS multicast group of the network
 * namespace of the device, with the command they describe as genl command,
 * NVE_A_IFINDEX, NVE_A_IFNAME and the NVE_A_MAP of the mapping.  They are
 * built only while someone listens.  An event lost for want of memory sets
 * ENOBUFS on the listeners' sockets: resynchronise with a dump.  Bindings
 * and flood lists send no events.
 */
enum nve_cmd {
	NVE_CMD_UNSPEC,
	NVE_CMD_DEV_GET,
	NVE_CMD_MAP_NEW,
	NVE_CMD_MAP_DEL,
	NVE_CMD_MAP_GET,
	NVE_CMD_MAP_FLUSH,
	NVE_CMD_BIND_NEW,
	NVE_CMD_BIND_DEL,
	NVE_CMD_BIND_GET,
	NVE_CMD_FLOOD_NEW,
	NVE_CMD_FLOOD_DEL,
	NVE_CMD_FLOOD_GET,
	NVE_CMD_MISS,
	NVE_CMD_MOVE,
	NVE_CMD_PREPARE,
	NVE_CMD_ACTIVATE,
	NVE_CMD_WITHDRAW,
	NVE_CMD_MOVED,
	NVE_CMD_ACTIVATED,
	NVE_CMD_STALE_SENDER,
	NVE_CMD_EXPIRED,
	NVE_CMD_FROZEN,
	NVE_CMD_UNFREEZE,
	NVE_CMD_SPOOFED,
	__NVE_CMD_MAX
};
#define NVE_CMD_MAX (__NVE_CMD_MAX - 1)

/**
 * enum nve_attr - top-level attributes of every nve genl message
 *
 * @NVE_A_IFINDEX: u32, the nve device's ifindex.
 * @NVE_A_IFNAME: string, the nve device's name (when NVE_A_IFINDEX is absent).
 * @NVE_A_DEV: nest of &enum nve_dev_attr: the device's configuration.
 * @NVE_A_STATS: nest of &enum nve_stats_attr: the device's counters.
 * @NVE_A_MAP: nest of &enum nve_map_attr: one mapping; may repeat.
 * @NVE_A_BIND: nest of &enum nve_bind_attr: one binding; may repeat.
 * @NVE_A_FLOOD: nest of &enum nve_flood_attr: one flood list member; may
 *	repeat.
 * @NVE_A_COUNT: u32, number of entries affected (NVE_CMD_MAP_FLUSH reply).
 */
enum nve_attr {
	NVE_A_UNSPEC,
	NVE_A_IFINDEX,
	NVE_A_IFNAME,
	NVE_A_DEV,
	NVE_A_STATS,
	NVE_A_MAP,
	NVE_A_BIND,
	NVE_A_FLOOD,
	NVE_A_COUNT,
	NVE_A_PAD,
	__NVE_A_MAX
};
#define NVE_A_MAX (__NVE_A_MAX - 1)

/**
 * enum nve_dev_attr - an nve device's configuration (NVE_A_DEV)
 *
 * The same meanings and types as the IFLA_NVE_* attribute of the same name.
 * @NVE_DEV_A_ENTRIES: u32, the number of (VNI, MAC) mappings now held.
 * @NVE_DEV_A_ENTRY_SIZE: u32, the memory one mapping costs in bytes: its
 *	object in the module's entry cache plus its share of the table's
 *	bucket array (one bucket when the table is empty).  Remote NVEs are
 *	shared by the mappings that point to them and are not counted, nor is
 *	the state a moving (REDIRECT or PENDING) mapping holds while it moves,
 *	or keeps for duplicate detection (while its window is open or it is
 *	frozen).
 */
enum nve_dev_attr {
	NVE_DEV_A_UNSPEC,
	NVE_DEV_A_VNI,
	NVE_DEV_A_LOCAL,
	NVE_DEV_A_LOCAL6,
	NVE_DEV_A_PORT,
	NVE_DEV_A_ENCAP,
	NVE_DEV_A_TTL,
	NVE_DEV_A_TOS,
	NVE_DEV_A_MAX_ENTRIES,
	NVE_DEV_A_PROXY,
	NVE_DEV_A_ENTRIES,
	NVE_DEV_A_ENTRY_SIZE,
	NVE_DEV_A_REDIRECT_MS,
	NVE_DEV_A_REDIRECT_MAX_MS,
	NVE_DEV_A_HOLD_PKTS,
	NVE_DEV_A_HOLD_MS,
	NVE_DEV_A_DUP_MOVES,
	NVE_DEV_A_DUP_WINDOW,
	NVE_DEV_A_DUP_FREEZE,
	NVE_DEV_A_ANNOUNCE,
	NVE_DEV_A_SPOOF_CHECK,
	__NVE_DEV_A_MAX
};
#define NVE_DEV_A_MAX (__NVE_DEV_A_MAX - 1)

/**
 * enum nve_map_attr - one (VNI, MAC) mapping (NVE_A_MAP)
 *
 * @NVE_MAP_A_VNI: u32, the VN; default the device's VNI.  Must equal the
 *	device's VNI (one VN per device, as for a vxlan device), except as a
 *	dump or flush filter.
 * @NVE_MAP_A_MAC: 6 bytes, the VM's MAC address; unicast only.
 * @NVE_MAP_A_REMOTE: be32, the IPv4 underlay address of the remote NVE that
 *	holds the VM.
 * @NVE_MAP_A_REMOTE6: struct in6_addr, the same for an IPv6 underlay.
 * @NVE_MAP_A_LOCAL: flag: the VM sits behind this NVE (its local bridge);
 *	frames for it are not encapsulated.
 * @NVE_MAP_A_PORT: be16, UDP destination port override for this remote;
 *	0 or absent: the device's port.  Replies carry it only when set.
 * @NVE_MAP_A_REMOTE_VNI: u32, VNI override: the VNI sent to this remote.
 *	Replies carry it only when it differs from NVE_MAP_A_VNI.
 * @NVE_MAP_A_FLAGS: u32, &enum nve_map_flags; unknown bits are refused.
 * @NVE_MAP_A_SEQ: u32, the mapping's sequence number (RFC 1982 serial).
 *	Replies carry it only if an update ever set it.
 * @NVE_MAP_A_CREATED: u64, milliseconds since the entry was created (replies).
 * @NVE_MAP_A_UPDATED: u64, milliseconds since it last changed (replies).
 * @NVE_MAP_A_USED: u64, milliseconds since a frame last used it (replies;
 *	absent if none has).
 * @NVE_MAP_A_HITS: u64, frames sent through the entry (replies).
 * @NVE_MAP_A_STATE: u8, &enum nve_map_state (replies and events).
 * @NVE_MAP_A_MODE: u8, &enum nve_move_mode: NVE_CMD_MOVE's mode (default
 *	hot); NVE_CMD_MOVED events carry it.
 * @NVE_MAP_A_REDIRECT_MS: u32, NVE_CMD_MOVE: how long to redirect, in
 *	milliseconds, 0 for no redirect.  Replies carry the redirect time of a
 *	REDIRECT mapping.
 * @NVE_MAP_A_EXPIRES: u32, milliseconds until a REDIRECT mapping becomes a
 *	plain remote one (replies, REDIRECT only).
 * @NVE_MAP_A_REDIRECTS: u64, frames relayed to the new NVE since the move
 *	(replies of REDIRECT mappings, NVE_CMD_EXPIRED events).
 * @NVE_MAP_A_HELD: u32, frames held now (replies of PENDING mappings), or
 *	delivered at activation (NVE_CMD_ACTIVATED events).
 * @NVE_MAP_A_SENDER: be32, NVE_CMD_STALE_SENDER: the IPv4 outer source of
 *	the relayed packet.
 * @NVE_MAP_A_SENDER6: struct in6_addr, the same for an IPv6 underlay.
 * @NVE_MAP_A_HOLD_PKTS: u32, NVE_CMD_PREPARE: the most frames held for this
 *	mapping, at most NVE_HOLD_PKTS_LIMIT (else ERANGE); replies of PENDING
 *	mappings carry the limit in force.
 * @NVE_MAP_A_HOLD_MS: u32, NVE_CMD_PREPARE: how long a frame is held for
 *	this mapping, at most NVE_HOLD_MS_LIMIT (else ERANGE); replies as for
 *	NVE_MAP_A_HOLD_PKTS.
 * @NVE_MAP_A_MOVES: u32, moves of the mapping counted in the current
 *	duplicate detection window, and the moves refused while frozen
 *	(replies and events, present when not 0 or while frozen).
 * @NVE_MAP_A_FROZEN: u32, present while the mapping is frozen: seconds until
 *	the freeze ends (at least 1), 0 for until NVE_CMD_UNFREEZE (replies,
 *	events).
 * @NVE_MAP_A_ANNOUNCE: u8, &enum nve_announce, NVE_CMD_PREPARE (and its
 *	PENDING replies): what to announce when this mapping activates,
 *	instead of IFLA_NVE_ANNOUNCE; 0 for nothing.  Refused elsewhere, and
 *	by NVE_CMD_MOVE: the old NVE, where the VM does not activate.
 * Requests carrying the reply-only attributes (CREATED, UPDATED, USED,
 * HITS, STATE, EXPIRES, REDIRECTS, HELD, SENDER, SENDER6, MOVES, FROZEN)
 * are refused, as are MODE and REDIRECT_MS outside NVE_CMD_MOVE, and
 * HOLD_PKTS, HOLD_MS and ANNOUNCE outside NVE_CMD_PREPARE.
 */
enum nve_map_attr {
	NVE_MAP_A_UNSPEC,
	NVE_MAP_A_VNI,
	NVE_MAP_A_MAC,
	NVE_MAP_A_REMOTE,
	NVE_MAP_A_REMOTE6,
	NVE_MAP_A_LOCAL,
	NVE_MAP_A_PORT,
	NVE_MAP_A_REMOTE_VNI,
	NVE_MAP_A_FLAGS,
	NVE_MAP_A_SEQ,
	NVE_MAP_A_CREATED,
	NVE_MAP_A_UPDATED,
	NVE_MAP_A_USED,
	NVE_MAP_A_HITS,
	NVE_MAP_A_PAD,
	NVE_MAP_A_STATE,
	NVE_MAP_A_MODE,
	NVE_MAP_A_REDIRECT_MS,
	NVE_MAP_A_EXPIRES,
	NVE_MAP_A_REDIRECTS,
	NVE_MAP_A_HELD,
	NVE_MAP_A_SENDER,
	NVE_MAP_A_SENDER6,
	NVE_MAP_A_HOLD_PKTS,
	NVE_MAP_A_HOLD_MS,
	NVE_MAP_A_MOVES,
	NVE_MAP_A_FROZEN,
	NVE_MAP_A_ANNOUNCE,
	__NVE_MAP_A_MAX
};
#define NVE_MAP_A_MAX (__NVE_MAP_A_MAX - 1)

/**
 * enum nve_map_flags - NVE_MAP_A_FLAGS
 * @NVE_MAP_F_STATIC: installed by the NVA, never aged or learnt over.
 * @NVE_MAP_F_STICKY: the VM never moves: updates that change the location
 *	are refused (EPERM).
 */
enum nve_map_flags {
	NVE_MAP_F_STATIC = 1 << 0,
	NVE_MAP_F_STICKY = 1 << 1,
};

/**
 * enum nve_map_state - NVE_MAP_A_STATE
 * @NVE_MAP_STATE_ACTIVE: a plain mapping: the VM is behind this NVE (local)
 *	or at the remote NVE.
 * @NVE_MAP_STATE_PENDING: local, prepared on the new NVE (NVE_CMD_PREPARE):
 *	frames for the VM are held until it activates.
 * @NVE_MAP_STATE_REDIRECT: remote, on the old NVE after a hot move
 *	(NVE_CMD_MOVE): frames for the VM that arrive from the overlay are
 *	relayed to the new NVE, until NVE_MAP_A_EXPIRES.
 */
enum nve_map_state {
	NVE_MAP_STATE_ACTIVE,
	NVE_MAP_STATE_PENDING,
	NVE_MAP_STATE_REDIRECT,
};

/**
 * enum nve_move_mode - NVE_MAP_A_MODE, the kind of migration
 * @NVE_MOVE_HOT: live migration: redirect for a while (the default).
 * @NVE_MOVE_WARM: the VM was suspended: no redirect.
 * @NVE_MOVE_COLD: the VM was shut down: no redirect.
 */
enum nve_move_mode {
	NVE_MOVE_HOT,
	NVE_MOVE_WARM,
	NVE_MOVE_COLD,
	__NVE_MOVE_MAX
};
#define NVE_MOVE_MAX (__NVE_MOVE_MAX - 1)

/**
 * enum nve_bind_attr - one (VNI, IP) -> MAC binding (NVE_A_BIND)
 * @NVE_BIND_A_VNI: u32, the VN; default and rules as NVE_MAP_A_VNI.
 * @NVE_BIND_A_IP: be32, an IPv4 address of the VM.
 * @NVE_BIND_A_IP6: struct in6_addr, an IPv6 address of the VM.
 * @NVE_BIND_A_MAC: 6 bytes, the VM's MAC address.
 */
enum nve_bind_attr {
	NVE_BIND_A_UNSPEC,
	NVE_BIND_A_VNI,
	NVE_BIND_A_IP,
	NVE_BIND_A_IP6,
	NVE_BIND_A_MAC,
	__NVE_BIND_A_MAX
};
#define NVE_BIND_A_MAX (__NVE_BIND_A_MAX - 1)

/**
 * enum nve_flood_attr - one member of a VN's flood list (NVE_A_FLOOD)
 * @NVE_FLOOD_A_VNI: u32, the VN; default and rules as NVE_MAP_A_VNI.
 * @NVE_FLOOD_A_REMOTE: be32, IPv4 underlay address of a remote NVE.
 * @NVE_FLOOD_A_REMOTE6: struct in6_addr, the same for an IPv6 underlay.
 */
enum nve_flood_attr {
	NVE_FLOOD_A_UNSPEC,
	NVE_FLOOD_A_VNI,
	NVE_FLOOD_A_REMOTE,
	NVE_FLOOD_A_REMOTE6,
	__NVE_FLOOD_A_MAX
};
#define NVE_FLOOD_A_MAX (__NVE_FLOOD_A_MAX - 1)

#define NVE_FLOOD_MAX_REMOTES	1024	/* members of one flood list */

/**
 * enum nve_stats_attr - a device's counters (NVE_A_STATS), all u64
 * @NVE_STATS_A_TX_ENCAP: packets encapsulated and sent to a remote NVE,
 *	flood copies included (a GSO packet counts once).
 * @NVE_STATS_A_TX_FLOOD: copies sent by head-end replication.
 * @NVE_STATS_A_TX_MISS: frames whose destination MAC had no mapping.
 * @NVE_STATS_A_TX_NO_ROUTE: dropped: no underlay route to the remote NVE
 *	(or the route goes through the device itself).
 * @NVE_STATS_A_RX_DECAP: packets decapsulated and delivered.
 * @NVE_STATS_A_RX_BAD_FLAGS: dropped: reserved or missing header flags:
 *	VXLAN without the I flag or with a reserved bit set; Geneve with a
 *	version other than 0, the O bit (a control packet, not to be
 *	forwarded) or a protocol type other than Ethernet (0x6558).
 * @NVE_STATS_A_RX_TRUNCATED: dropped: shorter than the headers claim (UDP
 *	payload shorter than the header and the Geneve options it announces,
 *	or an inner Ethernet or IP header cut short).
 * @NVE_STATS_A_RX_BAD_OPTION: dropped: a Geneve option longer than the
 *	options area, or a critical option (type bit 0x80, or the C bit): nve
 *	implements no Geneve option, so it can honour no critical one.
 *	Non-critical options are skipped.
 * @NVE_STATS_A_RX_UNKNOWN_VNI: dropped: no device for the packet's VNI.
 * @NVE_STATS_A_RX_LOOP: dropped: the inner source MAC is one of this
 *	device's own or a local VM's (a loop).
 * @NVE_STATS_A_PROXY_REPLIES: ARP replies and neighbour advertisements
 *	answered locally from bindings.
 * @NVE_STATS_A_TABLE_FULL: mappings refused because the table was full.
 * @NVE_STATS_A_REDIRECTED: packets from the overlay for a REDIRECT mapping,
 *	relayed to the new NVE with the redirect mark (also counted in
 *	TX_ENCAP when sent).
 * @NVE_STATS_A_RX_REDIRECT_LOOP: dropped: a marked packet for a VM that is
 *	not local here (relayed once already: never relayed again).
 * @NVE_STATS_A_HOLD_OVERFLOW: dropped: a pending mapping's hold queue was
 *	full.
 * @NVE_STATS_A_HOLD_EXPIRED: dropped: held longer than the mapping's hold
 *	time, or held for a mapping that moved away or was deleted.
 * @NVE_STATS_A_ACTIVATIONS: pending mappings activated.
 * @NVE_STATS_A_STALE_EVENTS: NVE_CMD_STALE_SENDER events raised (past the
 *	rate limit; sent if someone listens).
 * @NVE_STATS_A_FROZEN: mappings frozen by duplicate detection (freezes,
 *	not the moves refused while frozen).
 * @NVE_STATS_A_ANNOUNCEMENTS: announcements (GARP, NA, RARP) sent on a VM's
 *	behalf, each copy counted once: one per flood list member it went
 *	to, and one for the copy up the device.
 * @NVE_STATS_A_SPOOF_DROPS: dropped: frames from the local side that failed
 *	the spoof check (IFLA_NVE_SPOOF_CHECK): a false address claim, or
 *	the source MAC of a VM at a remote NVE.  Also counted in tx_dropped.
 *
 * Receive drops are counted on the device the packet's VNI names.  A packet
 * that names none (too short to hold a VNI, or a VNI no device on the UDP
 * socket serves) is counted on the socket, which the devices sharing the
 * UDP port and address family share: each of them reports the socket's
 * count, since the socket was opened, on top of its own, while it is up.
 * Drops without a counter here show in the standard link counters only:
 * rx_frame_errors for an outer CE mark over a not-ECT inner packet (RFC
 * 6040), rx_dropped for memory or a device going down, tx_dropped for a
 * frame to a local VM (the bridge delivers those) or with an empty flood
 * list.
 */
enum nve_stats_attr {
	NVE_STATS_A_UNSPEC,
	NVE_STATS_A_TX_ENCAP,
	NVE_STATS_A_TX_FLOOD,
	NVE_STATS_A_TX_MISS,
	NVE_STATS_A_TX_NO_ROUTE,
	NVE_STATS_A_RX_DECAP,
	NVE_STATS_A_RX_BAD_FLAGS,
	NVE_STATS_A_RX_TRUNCATED,
	NVE_STATS_A_RX_BAD_OPTION,
	NVE_STATS_A_RX_UNKNOWN_VNI,
	NVE_STATS_A_RX_LOOP,
	NVE_STATS_A_PROXY_REPLIES,
	NVE_STATS_A_TABLE_FULL,
	NVE_STATS_A_PAD,
	NVE_STATS_A_REDIRECTED,
	NVE_STATS_A_RX_REDIRECT_LOOP,
	NVE_STATS_A_HOLD_OVERFLOW,
	NVE_STATS_A_HOLD_EXPIRED,
	NVE_STATS_A_ACTIVATIONS,
	NVE_STATS_A_STALE_EVENTS,
	NVE_STATS_A_FROZEN,
	NVE_STATS_A_ANNOUNCEMENTS,
	NVE_STATS_A_SPOOF_DROPS,
	__NVE_STATS_A_MAX
};
#define NVE_STATS_A_MAX (__NVE_STATS_A_MAX - 1)

#endif /* _UAPI_LINUX_NVE_H */
