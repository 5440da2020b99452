// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink commands for the location table's mappings
 * (NVE_CMD_MAP_*), the events of the "events" group, and what the table's
 * commands share: attribute checks and resumable dumps.  Bindings and flood
 * lists are in netlink_vn.c; the family and its ops table in netlink.c.
 *
 * Requests that change the table carry one or more nests (NVE_A_MAP,
 * NVE_A_BIND, NVE_A_FLOOD), so that an NVA can load many mappings with one
 * message.  Every nest is checked first (policy, then each attribute with
 * an extack message naming it, then the attributes together), and only then
 * are they applied, in order; a failure applying one (the table's state:
 * exists, missing, stale, sticky, full) stops there, with the extack's
 * attribute pointing at that nest, and what was applied before it stays.
 *
 * Events: NVE_CMD_MAP_NEW for a mapping added or changed, NVE_CMD_MAP_DEL
 * for one deleted (a flush sends one per deleted mapping), NVE_CMD_MISS when
 * the data path found no mapping, at most NVE_MISS_BURST a second per
 * device.  They are built only when someone listens.
 */
#include <linux/etherdevice.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "nve_private.h"

static const struct nla_policy nve_map_policy[NVE_MAP_A_MAX + 1] = {
	[NVE_MAP_A_VNI]		= { .type = NLA_U32 },
	[NVE_MAP_A_MAC]		= NLA_POLICY_ETH_ADDR,
	[NVE_MAP_A_REMOTE]	= { .type = NLA_BE32 },
	[NVE_MAP_A_REMOTE6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[NVE_MAP_A_LOCAL]	= { .type = NLA_FLAG },
	[NVE_MAP_A_PORT]	= { .type = NLA_BE16 },
	[NVE_MAP_A_REMOTE_VNI]	= { .type = NLA_U32 },
	[NVE_MAP_A_FLAGS]	= { .type = NLA_U32 },
	[NVE_MAP_A_SEQ]		= { .type = NLA_U32 },
	[NVE_MAP_A_CREATED]	= { .type = NLA_REJECT,
				    .reject_message = "Mapping times and hits are read-only" },
	[NVE_MAP_A_UPDATED]	= { .type = NLA_REJECT,
				    .reject_message = "Mapping times and hits are read-only" },
	[NVE_MAP_A_USED]	= { .type = NLA_REJECT,
				    .reject_message = "Mapping times and hits are read-only" },
	[NVE_MAP_A_HITS]	= { .type = NLA_REJECT,
				    .reject_message = "Mapping times and hits are read-only" },
	[NVE_MAP_A_STATE]	= { .type = NLA_REJECT,
				    .reject_message = "Mapping state and counters are read-only" },
	[NVE_MAP_A_MODE]	= NLA_POLICY_MAX(NLA_U8, NVE_MOVE_MAX),
	[NVE_MAP_A_REDIRECT_MS]	= { .type = NLA_U32 },
	[NVE_MAP_A_EXPIRES]	= { .type = NLA_REJECT,
				    .reject_message = "Mapping state and counters are read-only" },
	[NVE_MAP_A_REDIRECTS]	= { .type = NLA_REJECT,
				    .reject_message = "Mapping state and counters are read-only" },
	[NVE_MAP_A_HELD]	= { .type = NLA_REJECT,
				    .reject_message = "Mapping state and counters are read-only" },
	[NVE_MAP_A_SENDER]	= { .type = NLA_REJECT,
				    .reject_message = "The sender is for events only" },
	[NVE_MAP_A_SENDER6]	= { .type = NLA_REJECT,
				    .reject_message = "The sender is for events only" },
	[NVE_MAP_A_HOLD_PKTS]	= { .type = NLA_U32 },
	[NVE_MAP_A_HOLD_MS]	= { .type = NLA_U32 },
	[NVE_MAP_A_MOVES]	= { .type = NLA_REJECT,
				    .reject_message = "Mapping state and counters are read-only" },
	[NVE_MAP_A_FROZEN]	= { .type = NLA_REJECT,
				    .reject_message = "Use NVE_CMD_UNFREEZE to end a freeze" },
	[NVE_MAP_A_ANNOUNCE]	= { .type = NLA_U8 },
};

const struct nla_policy nve_map_req_policy[NVE_A_MAX + 1] = {
	[NVE_A_IFINDEX]	= { .type = NLA_U32 },
	[NVE_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[NVE_A_MAP]	= NLA_POLICY_NESTED(nve_map_policy),
};

/* ---- attribute checks ------------------------------------------------- */

static int check_vni_range(const struct nlattr *attr, u32 *vni,
			   struct netlink_ext_ack *extack)
{
	*vni = nla_get_u32(attr);
	if (*vni > NVE_VNI_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "VNI must be below 16777216");
		return -ERANGE;
	}
	return 0;
}

/* A VNI attribute: in range, and the device's (one VN per device). */
int nve_nl_check_vni(const struct nve_table *t, const struct nlattr *attr,
		     u32 *vni, struct netlink_ext_ack *extack)
{
	int err;

	if (!attr) {
		*vni = NVE_VNI_DEFAULT;
		return 0;
	}
	err = check_vni_range(attr, vni, extack);
	if (err)
		return err;
	if (*vni != READ_ONCE(t->vni)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "VNI must be the device's VNI");
		return -EINVAL;
	}
	return 0;
}

/*
 * An underlay address: one of @a4 and @a6, unicast, of the device's
 * underlay family.  @nest names what lacks one when neither is there.
 */
int nve_nl_check_remote(const struct nve_table *t, const struct nlattr *nest,
			const struct nlattr *a4, const struct nlattr *a6,
			struct nve_addr *addr, struct netlink_ext_ack *extack)
{
	const struct nlattr *a = a4 ?: a6;

	memset(addr, 0, sizeof(*addr));
	if (a4 && a6) {
		NL_SET_ERR_MSG_ATTR(extack, a6,
				    "Remote address must be IPv4 or IPv6, not both");
		return -EINVAL;
	}
	if (!a) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "Remote NVE address missing");
		return -EINVAL;
	}

	if (a4) {
		addr->family = AF_INET;
		addr->ip4 = nla_get_in_addr(a4);
		if (ipv4_is_zeronet(addr->ip4) ||
		    ipv4_is_multicast(addr->ip4) ||
		    ipv4_is_lbcast(addr->ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, a4,
					    "Remote address must be unicast");
			return -EADDRNOTAVAIL;
		}
	} else {
		addr->family = AF_INET6;
		addr->ip6 = nla_get_in6_addr(a6);
		if (ipv6_addr_any(&addr->ip6) ||
		    ipv6_addr_is_multicast(&addr->ip6)) {
			NL_SET_ERR_MSG_ATTR(extack, a6,
					    "Remote address must be unicast");
			return -EADDRNOTAVAIL;
		}
	}

	if (addr->family != READ_ONCE(t->family)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "Remote address family must be the device's underlay family");
		return -EAFNOSUPPORT;
	}
	return 0;
}

/* A MAC address attribute of @nest: there, unicast and not zero. */
int nve_nl_check_mac(const struct nlattr *nest, const struct nlattr *attr,
		     u8 *mac, struct netlink_ext_ack *extack)
{
	if (!attr) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "MAC address missing");
		return -EINVAL;
	}
	if (!is_valid_ether_addr(nla_data(attr))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "MAC address must be unicast and not zero");
		return -EINVAL;
	}
	ether_addr_copy(mac, nla_data(attr));
	return 0;
}

/*
 * What a move's nest may carry beyond the key, the remote and the seq: the
 * mode, and a redirect time for a hot move.  Return: 0 or an error.
 */
static int map_parse_move(struct nlattr **tb, struct nve_map *m,
			  struct netlink_ext_ack *extack)
{
	if (tb[NVE_MAP_A_FLAGS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NVE_MAP_A_FLAGS],
				    "A move keeps the mapping's flags");
		return -EINVAL;
	}
	m->mode = NVE_MOVE_HOT;
	if (tb[NVE_MAP_A_MODE])
		m->mode = nla_get_u8(tb[NVE_MAP_A_MODE]);
	if (tb[NVE_MAP_A_REDIRECT_MS]) {
		m->has_redirect_ms = true;
		m->redirect_ms = nla_get_u32(tb[NVE_MAP_A_REDIRECT_MS]);
		if (m->redirect_ms && m->mode != NVE_MOVE_HOT) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NVE_MAP_A_REDIRECT_MS],
					    "Only hot moves redirect");
			return -EINVAL;
		}
	}
	return 0;
}

/* A prepare's hold limits, within the device limits' bounds. */
static int map_parse_hold(struct nlattr **tb, struct nve_map *m,
			  struct netlink_ext_ack *extack)
{
	if (tb[NVE_MAP_A_HOLD_PKTS]) {
		m->has_hold_pkts = true;
		m->hold_pkts = nla_get_u32(tb[NVE_MAP_A_HOLD_PKTS]);
		if (m->hold_pkts > NVE_HOLD_PKTS_LIMIT) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NVE_MAP_A_HOLD_PKTS],
					    "Hold queue must be at most 65536 packets");
			return -ERANGE;
		}
	}
	if (tb[NVE_MAP_A_HOLD_MS]) {
		m->has_hold_ms = true;
		m->hold_ms = nla_get_u32(tb[NVE_MAP_A_HOLD_MS]);
		if (m->hold_ms > NVE_HOLD_MS_LIMIT) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NVE_MAP_A_HOLD_MS],
					    "Hold time must be at most 60000 ms");
			return -ERANGE;
		}
	}
	return 0;
}

/* A prepare's announcements at activation, instead of the device's. */
static int map_parse_announce(struct nlattr **tb, struct nve_map *m,
			      struct netlink_ext_ack *extack)
{
	if (!tb[NVE_MAP_A_ANNOUNCE])
		return 0;
	m->has_announce = true;
	m->announce = nla_get_u8(tb[NVE_MAP_A_ANNOUNCE]);
	if (m->announce & ~NVE_ANNOUNCE_ALL) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NVE_MAP_A_ANNOUNCE],
				    "Announcements must be bits of garp (1), na (2) and rarp (4)");
		return -EINVAL;
	}
	return 0;
}

/**
 * nve_nl_map_parse() - parse and check one NVE_A_MAP nest of a request
 * @t: the device's table
 * @nest: the nest
 * @op: what the request does, hence what it may carry
 * @m: the result
 * @extack: why it was refused
 *
 * Return: 0 or a negative error; for NVE_MAP_OP_DEL, 1 if the nest names
 * a location the mapping must have.
 */
int nve_nl_map_parse(const struct nve_table *t, const struct nlattr *nest,
		     enum nve_map_op op, struct nve_map *m,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NVE_MAP_A_MAX + 1];
	unsigned int nloc;
	int err;

	err = nla_parse_nested(tb, NVE_MAP_A_MAX, nest, nve_map_policy, extack);
	if (err)
		return err;

	memset(m, 0, sizeof(*m));
	err = nve_nl_check_vni(t, tb[NVE_MAP_A_VNI], &m->key.vni, extack);
	if (err)
		return err;
	err = nve_nl_check_mac(nest, tb[NVE_MAP_A_MAC], m->key.mac, extack);
	if (err)
		return err;
	if (op != NVE_MAP_OP_MOVE &&
	    (tb[NVE_MAP_A_MODE] || tb[NVE_MAP_A_REDIRECT_MS])) {
		NL_SET_ERR_MSG_ATTR(extack,
				    tb[NVE_MAP_A_MODE] ?: tb[NVE_MAP_A_REDIRECT_MS],
				    "Mode and redirect time are for moves only");
		return -EINVAL;
	}
	if (op != NVE_MAP_OP_PREPARE &&
	    (tb[NVE_MAP_A_HOLD_PKTS] || tb[NVE_MAP_A_HOLD_MS])) {
		NL_SET_ERR_MSG_ATTR(extack,
				    tb[NVE_MAP_A_HOLD_PKTS] ?: tb[NVE_MAP_A_HOLD_MS],
				    "Hold limits are for prepare only");
		return -EINVAL;
	}
	if (op != NVE_MAP_OP_PREPARE && tb[NVE_MAP_A_ANNOUNCE]) {
		/* A VM activates on its new NVE, which a move is not sent to. */
		NL_SET_ERR_MSG_ATTR(extack, tb[NVE_MAP_A_ANNOUNCE],
				    "Announcements are for prepare only: the new NVE announces");
		return -EINVAL;
	}
	if (op == NVE_MAP_OP_GET)
		return 0;

	if (tb[NVE_MAP_A_SEQ]) {
		m->has_seq = true;
		m->seq = nla_get_u32(tb[NVE_MAP_A_SEQ]);
	}
	if (op == NVE_MAP_OP_PREPARE) {
		err = map_parse_hold(tb, m, extack);
		if (err)
			return err;
		err = map_parse_announce(tb, m, extack);
		if (err)
			return err;
	}
	if (op == NVE_MAP_OP_KEY_SEQ || op == NVE_MAP_OP_PREPARE) {
		const struct nlattr *a = tb[NVE_MAP_A_REMOTE] ?:
					 tb[NVE_MAP_A_REMOTE6] ?:
					 tb[NVE_MAP_A_LOCAL] ?:
					 tb[NVE_MAP_A_PORT] ?:
					 tb[NVE_MAP_A_REMOTE_VNI] ?:
					 tb[NVE_MAP_A_FLAGS];

		if (a) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "Give only the mapping's VNI, MAC and sequence number");
			return -EINVAL;
		}
		return 0;
	}

	nloc = !!tb[NVE_MAP_A_REMOTE] + !!tb[NVE_MAP_A_REMOTE6] +
	       !!tb[NVE_MAP_A_LOCAL];
	if (nloc > 1) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "Give one location: remote, remote6 or local");
		return -EINVAL;
	}
	if (!nloc && op == NVE_MAP_OP_NEW) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "Mapping needs a location: remote, remote6 or local");
		return -EINVAL;
	}
	if (op == NVE_MAP_OP_MOVE && (!nloc || tb[NVE_MAP_A_LOCAL])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NVE_MAP_A_LOCAL] ?: nest,
				    "A move needs the new NVE's address (remote or remote6)");
		return -EINVAL;
	}
	m->local = !!tb[NVE_MAP_A_LOCAL];
	if ((tb[NVE_MAP_A_PORT] || tb[NVE_MAP_A_REMOTE_VNI]) &&
	    (m->local || !nloc)) {
		NL_SET_ERR_MSG_ATTR(extack,
				    tb[NVE_MAP_A_PORT] ?: tb[NVE_MAP_A_REMOTE_VNI],
				    "Port and VNI overrides need a remote address");
		return -EINVAL;
	}

	m->rkey.vni = NVE_VNI_DEFAULT;
	if (nloc && !m->local) {
		err = nve_nl_check_remote(t, nest, tb[NVE_MAP_A_REMOTE],
					  tb[NVE_MAP_A_REMOTE6], &m->rkey.addr,
					  extack);
		if (err)
			return err;
	}
	if (tb[NVE_MAP_A_PORT])
		m->rkey.port = nla_get_be16(tb[NVE_MAP_A_PORT]);
	if (tb[NVE_MAP_A_REMOTE_VNI]) {
		m->rkey.vni = nla_get_u32(tb[NVE_MAP_A_REMOTE_VNI]);
		if (m->rkey.vni > NVE_VNI_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NVE_MAP_A_REMOTE_VNI],
					    "Remote VNI must be below 16777216");
			return -ERANGE;
		}
	}

	if (op == NVE_MAP_OP_MOVE)
		return map_parse_move(tb, m, extack);
	if (op == NVE_MAP_OP_DEL) {
		/* Nothing to take: a location given must match. */
		m->local = m->local || !nloc;
		return nloc;
	}

	if (tb[NVE_MAP_A_FLAGS]) {
		m->flags = nla_get_u32(tb[NVE_MAP_A_FLAGS]);
		if (m->flags & ~NVE_MAP_F_ALL) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NVE_MAP_A_FLAGS],
					    "Unknown mapping flags");
			return -EINVAL;
		}
	}
	return 0;
}

/* ---- messages --------------------------------------------------------- */

/* Room for one NVE_A_MAP nest as map_fill() writes it. */
static size_t map_nest_size(void)
{
	return nla_total_size(0) +				/* nest */
	       nla_total_size(sizeof(u32)) +			/* VNI */
	       nla_total_size(ETH_ALEN) +			/* MAC */
	       nla_total_size(sizeof(struct in6_addr)) +	/* REMOTE{,6} */
	       nla_total_size(sizeof(__be16)) +			/* PORT */
	       nla_total_size(sizeof(u32)) * 3 +	/* REMOTE_VNI FLAGS SEQ */
	       nla_total_size_64bit(sizeof(u64)) * 4 +	/* times, HITS */
	       nla_total_size(sizeof(u8)) * 3 +	/* STATE MODE ANNOUNCE */
	       nla_total_size(sizeof(u32)) * 7 +	/* REDIRECT_MS EXPIRES HELD
							 * HOLD_PKTS HOLD_MS
							 * MOVES FROZEN
							 */
	       nla_total_size_64bit(sizeof(u64)) +	/* REDIRECTS */
	       nla_total_size(sizeof(struct in6_addr));	/* SENDER{,6} */
}

static size_t map_msg_size(void)
{
	return nla_total_size(sizeof(u32)) +			/* IFINDEX */
	       nla_total_size(IFNAMSIZ) +			/* IFNAME */
	       map_nest_size();
}

static int put_msecs(struct sk_buff *skb, int type, unsigned long since)
{
	return nla_put_u64_64bit(skb, type, jiffies_to_msecs(jiffies - since),
				 NVE_MAP_A_PAD);
}

/* Milliseconds from now to @deadline (jiffies), 0 if it passed. */
static u32 msecs_left(unsigned long deadline)
{
	unsigned long now = jiffies;

	return time_after(deadline, now) ? jiffies_to_msecs(deadline - now) : 0;
}

/* The mobility part of a mapping: state, timers and counters. */
static int map_fill_motion(struct sk_buff *skb, const struct nve_map *m)
{
	bool redirect = m->state == NVE_MAP_STATE_REDIRECT;

	if (m->created && nla_put_u8(skb, NVE_MAP_A_STATE, m->state))
		return -EMSGSIZE;
	if (m->has_mode && nla_put_u8(skb, NVE_MAP_A_MODE, m->mode))
		return -EMSGSIZE;
	if (redirect &&
	    (nla_put_u32(skb, NVE_MAP_A_REDIRECT_MS, m->redirect_ms) ||
	     nla_put_u32(skb, NVE_MAP_A_EXPIRES, msecs_left(m->deadline))))
		return -EMSGSIZE;
	if ((redirect || m->show_redirects) &&
	    nla_put_u64_64bit(skb, NVE_MAP_A_REDIRECTS, m->redirects,
			      NVE_MAP_A_PAD))
		return -EMSGSIZE;
	if ((m->state == NVE_MAP_STATE_PENDING || m->show_held) &&
	    nla_put_u32(skb, NVE_MAP_A_HELD, m->held))
		return -EMSGSIZE;
	if (m->state == NVE_MAP_STATE_PENDING && m->has_hold_pkts &&
	    (nla_put_u32(skb, NVE_MAP_A_HOLD_PKTS, m->hold_pkts) ||
	     nla_put_u32(skb, NVE_MAP_A_HOLD_MS, m->hold_ms)))
		return -EMSGSIZE;
	if ((m->moves || m->frozen) &&
	    nla_put_u32(skb, NVE_MAP_A_MOVES, m->moves))
		return -EMSGSIZE;
	if (m->frozen && nla_put_u32(skb, NVE_MAP_A_FROZEN, m->frozen_secs))
		return -EMSGSIZE;
	if (m->state == NVE_MAP_STATE_PENDING && m->has_announce &&
	    nla_put_u8(skb, NVE_MAP_A_ANNOUNCE, m->announce))
		return -EMSGSIZE;
	if (m->has_sender &&
	    (m->sender.family == AF_INET6 ?
	     nla_put_in6_addr(skb, NVE_MAP_A_SENDER6, &m->sender.ip6) :
	     nla_put_in_addr(skb, NVE_MAP_A_SENDER, m->sender.ip4)))
		return -EMSGSIZE;
	return 0;
}

static int map_fill(struct sk_buff *skb, const struct nve_map *m)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, NVE_A_MAP);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u32(skb, NVE_MAP_A_VNI, m->key.vni) ||
	    nla_put(skb, NVE_MAP_A_MAC, ETH_ALEN, m->key.mac) ||
	    nla_put_u32(skb, NVE_MAP_A_FLAGS, m->flags))
		goto err_cancel;

	if (m->local) {
		if (nla_put_flag(skb, NVE_MAP_A_LOCAL))
			goto err_cancel;
	} else {
		const struct nve_remote_key *rk = &m->rkey;

		if (rk->addr.family == AF_INET6 ?
		    nla_put_in6_addr(skb, NVE_MAP_A_REMOTE6, &rk->addr.ip6) :
		    nla_put_in_addr(skb, NVE_MAP_A_REMOTE, rk->addr.ip4))
			goto err_cancel;
		if (rk->port && nla_put_be16(skb, NVE_MAP_A_PORT, rk->port))
			goto err_cancel;
		if (rk->vni != m->key.vni &&
		    nla_put_u32(skb, NVE_MAP_A_REMOTE_VNI, rk->vni))
			goto err_cancel;
	}

	if (m->has_seq && nla_put_u32(skb, NVE_MAP_A_SEQ, m->seq))
		goto err_cancel;
	if (m->created) {	/* a snapshot, not a bare key */
		if (put_msecs(skb, NVE_MAP_A_CREATED, m->created) ||
		    put_msecs(skb, NVE_MAP_A_UPDATED, m->updated) ||
		    (m->used && put_msecs(skb, NVE_MAP_A_USED, m->used)) ||
		    nla_put_u64_64bit(skb, NVE_MAP_A_HITS, m->hits,
				      NVE_MAP_A_PAD))
			goto err_cancel;
	}
	if (map_fill_motion(skb, m))
		goto err_cancel;

	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

int nve_nl_put_dev(struct sk_buff *skb, const struct net_device *dev)
{
	if (nla_put_u32(skb, NVE_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, NVE_A_IFNAME, dev->name))
		return -EMSGSIZE;
	return 0;
}

/*
 * Events lost for want of memory: tell the listeners (ENOBUFS on their
 * sockets), so that a monitor knows it must resynchronise with a dump.
 */
void nve_nl_notify_lost(struct net *net)
{
	netlink_set_err(net->genl_sock, 0,
			nve_genl_family.mcgrp_offset + NVE_MCGRP_EVENTS,
			-ENOBUFS);
}

/* Send @m to the events group as a @cmd event; @gfp as the caller can. */
void nve_nl_map_notify(struct net_device *dev, u8 cmd,
		       const struct nve_map *m, gfp_t gfp)
{
	struct net *net = dev_net(dev);
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&nve_genl_family, net, NVE_MCGRP_EVENTS))
		return;

	skb = genlmsg_new(map_msg_size(), gfp);
	if (!skb)
		goto err_lost;
	hdr = genlmsg_put(skb, 0, 0, &nve_genl_family, 0, cmd);
	if (!hdr || nve_nl_put_dev(skb, dev) || map_fill(skb, m)) {
		nlmsg_free(skb);
		goto err_lost;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&nve_genl_family, net, skb, 0,
				NVE_MCGRP_EVENTS, gfp);
	return;

err_lost:
	nve_nl_notify_lost(net);
}

/**
 * nve_nl_notify_miss() - tell the NVA that a frame's destination is unknown
 * @nve: the device
 * @vni: the frame's VN
 * @mac: its destination MAC address
 *
 * Any context (the data path calls it in softirq).  At most NVE_MISS_BURST
 * events per NVE_MISS_INTERVAL per device; the rest are dropped quietly.
 */
void nve_nl_notify_miss(struct nve_dev *nve, u32 vni, const u8 *mac)
{
	struct net *net = dev_net(nve->dev);
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&nve_genl_family, net, NVE_MCGRP_EVENTS) ||
	    !__ratelimit(&nve->table.miss_rs))
		return;

	skb = genlmsg_new(map_msg_size(), GFP_ATOMIC);
	if (!skb)
		goto err_lost;
	hdr = genlmsg_put(skb, 0, 0, &nve_genl_family, 0, NVE_CMD_MISS);
	if (!hdr || nve_nl_put_dev(skb, nve->dev))
		goto err_free;
	nest = nla_nest_start(skb, NVE_A_MAP);
	if (!nest || nla_put_u32(skb, NVE_MAP_A_VNI, vni) ||
	    nla_put(skb, NVE_MAP_A_MAC, ETH_ALEN, mac))
		goto err_free;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&nve_genl_family, net, skb, 0,
				NVE_MCGRP_EVENTS, GFP_ATOMIC);
	return;

err_free:
	nlmsg_free(skb);
err_lost:
	nve_nl_notify_lost(net);
}

/* ---- mappings --------------------------------------------------------- */

/* Check every nest before anything changes; count them. */
int nve_nl_map_check_all(const struct nve_table *t, struct genl_info *info,
			 enum nve_map_op op)
{
	struct nve_map m;
	struct nlattr *nla;
	int rem, n = 0, err;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != NVE_A_MAP)
			continue;
		err = nve_nl_map_parse(t, nla, op, &m, info->extack);
		if (err < 0)
			return err;
		n++;
	}
	if (!n) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "Give at least one mapping (NVE_A_MAP)");
		return -EINVAL;
	}
	return 0;
}

int nve_nl_map_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	u16 nlflags = info->nlhdr->nlmsg_flags;
	struct nve_map_spare spare = {};
	struct net_device *dev;
	struct nve_table *t;
	struct nlattr *nla;
	struct nve_map m;
	int rem, err;

	dev = nve_genl_get_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	t = nve_dev_table(dev);

	err = nve_nl_map_check_all(t, info, NVE_MAP_OP_NEW);
	if (err)
		goto out;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != NVE_A_MAP)
			continue;
		err = nve_nl_map_parse(t, nla, NVE_MAP_OP_NEW, &m, info->extack);
		if (!err)
			err = nve_map_set(t, &m, nlflags, &spare, info->extack);
		if (err < 0) {
			/* Only nve_map_set() says -EBUSY: m was parsed. */
			if (err == -EBUSY && m.dup_refused)
				nve_nl_map_notify(dev, NVE_CMD_FROZEN, &m,
						  GFP_KERNEL);
			NL_SET_BAD_ATTR(info->extack, nla);
			break;
		}
		if (err != NVE_MAP_UNCHANGED)
			nve_nl_map_notify(dev, NVE_CMD_MAP_NEW, &m, GFP_KERNEL);
		err = 0;
		cond_resched();
	}
	nve_map_spare_free(&spare);
out:
	dev_put(dev);
	return err;
}

int nve_nl_map_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct nve_table *t;
	struct nlattr *nla;
	struct nve_map m;
	int rem, err;

	dev = nve_genl_get_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	t = nve_dev_table(dev);

	err = nve_nl_map_check_all(t, info, NVE_MAP_OP_DEL);
	if (err)
		goto out;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != NVE_A_MAP)
			continue;
		err = nve_nl_map_parse(t, nla, NVE_MAP_OP_DEL, &m, info->extack);
		if (err >= 0)
			err = nve_map_del(t, &m, err > 0, info->extack);
		if (err < 0) {
			NL_SET_BAD_ATTR(info->extack, nla);
			break;
		}
		nve_nl_map_notify(dev, NVE_CMD_MAP_DEL, &m, GFP_KERNEL);
		cond_resched();
	}
out:
	dev_put(dev);
	return err;
}

int nve_nl_map_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct nve_table *t;
	struct sk_buff *msg;
	struct nve_map m;
	void *hdr;
	int err;

	dev = nve_genl_get_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	t = nve_dev_table(dev);

	if (!info->attrs[NVE_A_MAP]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "Name the mapping (NVE_A_MAP with VNI and MAC)");
		err = -EINVAL;
		goto out;
	}
	err = nve_nl_map_parse(t, info->attrs[NVE_A_MAP], NVE_MAP_OP_GET, &m,
			info->extack);
	if (err)
		goto out;

	rcu_read_lock();
	err = nve_table_live_rcu(t) ? nve_map_get_rcu(t, &m) : -ENODEV;
	rcu_read_unlock();
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NVE_A_MAP],
				    "Mapping does not exist");
		goto out;
	}

	msg = genlmsg_new(map_msg_size(), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &nve_genl_family, 0,
				NVE_CMD_MAP_GET);
	if (!hdr || nve_nl_put_dev(msg, dev) || map_fill(msg, &m)) {
		nlmsg_free(msg);
		err = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
out:
	dev_put(dev);
	return err;
}

/* ---- dumps ------------------------------------------------------------ */

/*
 * A dump's state, in cb->ctx: the device (by ifindex, looked up again under
 * RCU for each round, so that a dump never holds it), the filter, and where
 * the walk is.
 */
struct dump_ctx {
	struct nve_cursor c;
	int ifindex;
	u32 vni;
	bool has_vni;
	bool done;
	unsigned int pos;	/* flood lists: index of the next member */
};

static struct dump_ctx *dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct dump_ctx) > sizeof(cb->ctx));
	return (struct dump_ctx *)cb->ctx;
}

/*
 * The dump's sequence for NLM_F_DUMP_INTR: the table's generation, moved
 * on by every restart of the walk; never 0, which would disable the check.
 */
static void dump_set_seq(struct netlink_callback *cb, struct nve_table *t)
{
	u32 seq = nve_table_gen(t) + dump_ctx(cb)->c.restarts;

	cb->seq = seq ?: 1;
}

/* Resolve the dump's device in .start; returns it with a reference. */
static struct net_device *dump_start_dev(struct netlink_callback *cb)
{
	struct nlattr **attrs = nve_compat_dump_attrs(cb);
	struct net_device *dev;

	dev = nve_genl_get_dev(sock_net(cb->skb->sk), attrs, cb->extack);
	if (!IS_ERR(dev))
		dump_ctx(cb)->ifindex = dev->ifindex;
	return dev;
}

/* .start of the dumps that take only the device. */
int nve_nl_dev_dump_start(struct netlink_callback *cb)
{
	struct net_device *dev = dump_start_dev(cb);

	if (IS_ERR(dev))
		return PTR_ERR(dev);
	dev_put(dev);
	return 0;
}

/**
 * nve_nl_dump_begin_rcu() - start a round of a dump
 * @skb: the round's message buffer
 * @cb: the dump
 * @d: filled in for the round
 *
 * Under rcu_read_lock, which keeps the table alive for the round.
 * Return: 0 to go on, 1 if the dump is complete, -ENODEV if the device
 * went away.
 */
int nve_nl_dump_begin_rcu(struct sk_buff *skb, struct netlink_callback *cb,
			  struct nve_nl_dump *d)
{
	struct dump_ctx *ctx = dump_ctx(cb);
	struct net_device *dev;

	if (ctx->done)
		return 1;
	dev = dev_get_by_index_rcu(sock_net(cb->skb->sk), ctx->ifindex);
	if (!dev || !nve_dev_is_nve(dev)) {
		NL_SET_ERR_MSG_MOD(cb->extack, "Device went away");
		return -ENODEV;
	}
	d->skb = skb;
	d->cb = cb;
	d->dev = dev;
	d->t = nve_dev_table(dev);
	d->c = &ctx->c;
	d->pos = &ctx->pos;
	dump_set_seq(cb, d->t);
	return 0;
}

/* Start one message of a dump, with NVE_A_IFINDEX; NULL when it is full. */
void *nve_nl_dump_put(struct nve_nl_dump *d, u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			  d->cb->nlh->nlmsg_seq, &nve_genl_family, NLM_F_MULTI,
			  cmd);
	if (!hdr)
		return NULL;
	genl_dump_check_consistent(d->cb, hdr);
	if (nla_put_u32(d->skb, NVE_A_IFINDEX, d->dev->ifindex)) {
		genlmsg_cancel(d->skb, hdr);
		return NULL;
	}
	return hdr;
}

/* What a dumpit returns after its round ended with @err (0: all done). */
int nve_nl_dump_end(struct nve_nl_dump *d, int err)
{
	if (!err) {
		dump_ctx(d->cb)->done = true;
		/* Changes during this last round flag the NLMSG_DONE. */
		dump_set_seq(d->cb, d->t);
		return d->skb->len;
	}
	if (err == -EMSGSIZE && d->skb->len)
		return d->skb->len;
	return err;
}

int nve_nl_map_get_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = nve_compat_dump_attrs(cb);
	struct dump_ctx *ctx = dump_ctx(cb);
	struct net_device *dev;
	int err = 0;

	dev = dump_start_dev(cb);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	if (attrs[NVE_A_MAP]) {
		struct nlattr *tb[NVE_MAP_A_MAX + 1];

		err = nla_parse_nested(tb, NVE_MAP_A_MAX, attrs[NVE_A_MAP],
				       nve_map_policy, cb->extack);
		if (!err && tb[NVE_MAP_A_VNI]) {
			err = check_vni_range(tb[NVE_MAP_A_VNI], &ctx->vni,
					      cb->extack);
			ctx->has_vni = true;
		}
	}
	if (!err)
		nve_table_settle(nve_dev_table(dev));
	dev_put(dev);
	return err;
}

static int map_dump_one(const struct nve_map *m, void *arg)
{
	struct nve_nl_dump *d = arg;
	struct dump_ctx *ctx = dump_ctx(d->cb);
	void *hdr;

	if (ctx->has_vni && m->key.vni != ctx->vni)
		return NVE_WALK_NEXT;

	hdr = nve_nl_dump_put(d, NVE_CMD_MAP_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (map_fill(d->skb, m)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return NVE_WALK_NEXT;
}

int nve_nl_map_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nve_nl_dump d;
	int err;

	rcu_read_lock();
	err = nve_nl_dump_begin_rcu(skb, cb, &d);
	if (!err)
		err = nve_nl_dump_end(&d, nve_map_walk_rcu(d.t, d.c,
							   map_dump_one, &d));
	else if (err > 0)
		err = 0;
	rcu_read_unlock();
	return err;
}

/* Reply to a flush: how many were deleted. */
static int flush_reply(struct genl_info *info, struct net_device *dev,
		       u32 count)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(nla_total_size(sizeof(u32)) * 2, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nve_genl_family, 0,
				NVE_CMD_MAP_FLUSH);
	if (!hdr || nla_put_u32(msg, NVE_A_IFINDEX, dev->ifindex) ||
	    nla_put_u32(msg, NVE_A_COUNT, count)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static void map_flushed(struct nve_table *t, const struct nve_map *m,
			void *arg)
{
	nve_nl_map_notify(arg, NVE_CMD_MAP_DEL, m, GFP_KERNEL);
}

static int flush_filter(const struct nve_table *t, const struct nlattr *nest,
			struct nve_map_filter *f, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NVE_MAP_A_MAX + 1];
	int i, err;

	memset(f, 0, sizeof(*f));
	if (!nest)
		return 0;
	err = nla_parse_nested(tb, NVE_MAP_A_MAX, nest, nve_map_policy, extack);
	if (err)
		return err;

	for (i = 1; i <= NVE_MAP_A_MAX; i++) {
		if (!tb[i] || i == NVE_MAP_A_VNI || i == NVE_MAP_A_REMOTE ||
		    i == NVE_MAP_A_REMOTE6 || i == NVE_MAP_A_LOCAL)
			continue;
		NL_SET_ERR_MSG_ATTR(extack, tb[i],
				    "A flush selects by VNI, remote or local only");
		return -EINVAL;
	}
	if (tb[NVE_MAP_A_VNI]) {
		err = check_vni_range(tb[NVE_MAP_A_VNI], &f->vni, extack);
		if (err)
			return err;
		f->has_vni = true;
	}
	if (tb[NVE_MAP_A_LOCAL]) {
		if (tb[NVE_MAP_A_REMOTE] || tb[NVE_MAP_A_REMOTE6]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "Give one location: remote, remote6 or local");
			return -EINVAL;
		}
		f->local = true;
	} else if (tb[NVE_MAP_A_REMOTE] || tb[NVE_MAP_A_REMOTE6]) {
		err = nve_nl_check_remote(t, nest, tb[NVE_MAP_A_REMOTE],
					  tb[NVE_MAP_A_REMOTE6], &f->addr,
					  extack);
		if (err)
			return err;
		f->has_addr = true;
	}
	return 0;
}

int nve_nl_map_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nve_map_filter f;
	struct net_device *dev;
	struct nve_table *t;
	u32 count = 0;
	int err;

	dev = nve_genl_get_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	t = nve_dev_table(dev);

	err = flush_filter(t, info->attrs[NVE_A_MAP], &f, info->extack);
	if (!err)
		err = nve_map_flush(t, &f, map_flushed, dev, &count);
	if (!err)
		err = flush_reply(info, dev, count);
	dev_put(dev);
	return err;
}
