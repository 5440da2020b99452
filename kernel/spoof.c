// SPDX-License-Identifier: GPL-2.0
/*
 * Anti-spoofing (draft-ietf-nvo3-vmm section 10): ARP and ND can't be
 * trusted, so frames from the local side (what the local bridge sends into
 * the overlay, nve_xmit()) are checked against what the NVA installed.
 *
 * An announcement claims an address: an ARP or RARP packet (any opcode,
 * GARP included) its sender IP with its sender MAC, a neighbour
 * advertisement its target with its target link-layer address option, a
 * neighbour solicitation its source IP with its source link-layer address
 * option; each with its Ethernet source too.  The claim is false when the
 * NVA bound that IP, in the VN, to a MAC other than the claimed link-layer
 * address or the Ethernet source.  Addresses without a binding, ARP probes
 * (sender IP 0) and duplicate address detection (source ::) claim nothing.
 *
 * Two uses:
 *  - Always, whatever the device's setting: a false claim never activates
 *    a PENDING mapping (nve_spoof_may_activate(), before nve_move_xmit()).
 *    It is still sent on: without the spoof check, nve does not judge it.
 *  - With IFLA_NVE_SPOOF_CHECK (nve_spoof_drop()): a frame with a false
 *    claim, or whose Ethernet source is a MAC the table maps to a remote NVE
 *    (a VM known to live elsewhere), is dropped, counted
 *    (NVE_STATS_A_SPOOF_DROPS) and reported (NVE_CMD_SPOOFED, rate-limited
 *    per device, built only while someone listens).  Frames from MACs the
 *    table doesn't know, or maps to this NVE, pass.
 *
 * Cost: with the check off, the data path reads the setting and nothing
 * else.  With it on, every frame costs one table lookup (its source MAC),
 * and only ARP, RARP and ICMPv6 frames are parsed, plus one binding lookup.
 * Frames are read with skb_header_pointer(), never past their end, and left
 * as they are.  VLAN tags in the frame (802.1Q, 802.1ad) are skipped: a
 * tagged announcement is judged like an untagged one.
 *
 * Context: ndo_start_xmit, BH disabled; RCU readers only, nothing sleeps.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "nve_private.h"

/* NVE_CMD_SPOOFED events: at most NVE_SPOOF_BURST per interval, per device. */
#define NVE_SPOOF_INTERVAL	HZ
#define NVE_SPOOF_BURST		10
/* VLAN tags skipped in front of the network header, as the stack's parsers. */
#define SPOOF_VLAN_DEPTH	VLAN_MAX_DEPTH

/*
 * What a frame claimed: an IP address (@family AF_INET or AF_INET6) with
 * the link-layer address it gave for it, and the MAC the NVA bound to it.
 */
struct spoof_claim {
	u8 family;
	bool has_lladdr;
	__be32 ip4;
	struct in6_addr ip6;
	u8 lladdr[ETH_ALEN] __aligned(2);
	u8 owner[ETH_ALEN] __aligned(2);
};

/* An ARP or RARP packet for IPv4 over Ethernet. */
struct spoof_arp {
	struct arphdr h;
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

/* The EtherType of @skb past its VLAN tags; @off: the network header. */
static __be16 spoof_proto(const struct sk_buff *skb, unsigned int *off)
{
	__be16 proto = eth_hdr(skb)->h_proto;
	int depth = SPOOF_VLAN_DEPTH;
	struct vlan_hdr buf;
	const struct vlan_hdr *vh;

	*off = ETH_HLEN;
	while (eth_type_vlan(proto)) {
		vh = skb_header_pointer(skb, *off, sizeof(buf), &buf);
		if (!vh || !depth--)
			return 0;
		proto = vh->h_vlan_encapsulated_proto;
		*off += VLAN_HLEN;
	}
	return proto;
}

/* The sender of an ARP or RARP packet at @off.  Return: false if none. */
static bool spoof_arp_claim(const struct sk_buff *skb, unsigned int off,
			    struct spoof_claim *c)
{
	const struct spoof_arp *a;
	struct spoof_arp buf;

	a = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!a || a->h.ar_hrd != htons(ARPHRD_ETHER) ||
	    a->h.ar_pro != htons(ETH_P_IP) || a->h.ar_hln != ETH_ALEN ||
	    a->h.ar_pln != sizeof(__be32) || !a->sip)
		return false;		/* not ours to judge, or a probe */
	c->family = AF_INET;
	c->ip4 = a->sip;
	ether_addr_copy(c->lladdr, a->sha);
	c->has_lladdr = true;
	return true;
}

/*
 * The link-layer address option of type @type among the ND options from
 * @off to @end, if there is one.  Return: false if the options are
 * malformed (receivers drop the message then).
 */
static bool spoof_nd_lladdr(const struct sk_buff *skb, unsigned int off,
			    unsigned int end, u8 type, struct spoof_claim *c)
{
	u8 buf[sizeof(struct nd_opt_hdr) + ETH_ALEN];
	const u8 *o;
	unsigned int l;

	while (off + sizeof(struct nd_opt_hdr) <= end) {
		o = skb_header_pointer(skb, off, sizeof(struct nd_opt_hdr), buf);
		if (!o)
			return false;
		l = o[1] << 3;
		if (!l || l > end - off)
			return false;
		if (o[0] == type && l >= sizeof(buf)) {
			o = skb_header_pointer(skb, off, sizeof(buf), buf);
			if (!o)
				return false;
			ether_addr_copy(c->lladdr, o + sizeof(struct nd_opt_hdr));
			c->has_lladdr = true;
		}
		off += l;
	}
	return off == end;
}

/*
 * The address a neighbour advertisement (its target) or solicitation (its
 * source) at @off claims.  Return: false if none, or not a message an IPv6
 * node would accept (hop limit below 255, fragmented, malformed).
 */
static bool spoof_nd_claim(const struct sk_buff *skb, unsigned int off,
			   struct spoof_claim *c)
{
	unsigned int end, start = off + sizeof(struct ipv6hdr);
	struct ipv6hdr ip6buf;
	struct nd_msg ndbuf;
	const struct ipv6hdr *ip6;
	const struct nd_msg *nd;
	__be16 frag_off;
	u8 nexthdr, type;
	int o;

	ip6 = skb_header_pointer(skb, off, sizeof(ip6buf), &ip6buf);
	if (!ip6 || ip6->version != 6 || ip6->hop_limit != 255)
		return false;
	end = start + ntohs(ip6->payload_len);
	if (end > skb->len)
		return false;
	nexthdr = ip6->nexthdr;
	o = ipv6_skip_exthdr(skb, start, &nexthdr, &frag_off);
	if (o < 0 || nexthdr != IPPROTO_ICMPV6 || frag_off ||
	    o + sizeof(*nd) > end)
		return false;
	nd = skb_header_pointer(skb, o, sizeof(ndbuf), &ndbuf);
	if (!nd || nd->icmph.icmp6_code)
		return false;

	switch (nd->icmph.icmp6_type) {
	case NDISC_NEIGHBOUR_ADVERTISEMENT:
		c->ip6 = nd->target;
		type = ND_OPT_TARGET_LL_ADDR;
		break;
	case NDISC_NEIGHBOUR_SOLICITATION:
		if (ipv6_addr_any(&ip6->saddr))
			return false;	/* duplicate address detection */
		c->ip6 = ip6->saddr;
		type = ND_OPT_SOURCE_LL_ADDR;
		break;
	default:
		return false;
	}
	c->family = AF_INET6;
	return spoof_nd_lladdr(skb, o + sizeof(*nd), end, type, c);
}

/*
 * Does @skb announce an address bound to another MAC in the VN?  Fills @c
 * with the claim.  Under RCU.
 */
static bool spoof_false_claim_rcu(struct nve_dev *nve, const struct sk_buff *skb,
				  struct spoof_claim *c)
{
	const u8 *src = eth_hdr(skb)->h_source;
	struct nve_table *t = &nve->table;
	u32 vni = nve->cfg.vni;
	unsigned int off;
	__be16 proto;
	bool bound;

	memset(c, 0, sizeof(*c));
	proto = spoof_proto(skb, &off);
	if (proto == htons(ETH_P_ARP) || proto == htons(ETH_P_RARP)) {
		if (!spoof_arp_claim(skb, off, c))
			return false;
		bound = nve_bind_lookup4_rcu(t, vni, c->ip4, c->owner);
	} else if (IS_ENABLED(CONFIG_IPV6) && proto == htons(ETH_P_IPV6)) {
		if (!spoof_nd_claim(skb, off, c))
			return false;
		bound = nve_bind_lookup6_rcu(t, vni, &c->ip6, c->owner);
	} else {
		return false;
	}
	if (!bound)
		return false;
	return !ether_addr_equal(c->owner, src) ||
	       (c->has_lladdr && !ether_addr_equal(c->owner, c->lladdr));
}

/**
 * nve_spoof_may_activate() - may a frame from the local side activate?
 * @nve: the device
 * @skb: the frame, skb->data at its Ethernet header
 *
 * From nve_xmit(), when a mapping is PENDING: an announcement that claims
 * an address the NVA bound to another MAC must not make its sender's
 * mapping ACTIVE (draft section 10), whatever IFLA_NVE_SPOOF_CHECK says.
 * The frame itself is not judged here.
 *
 * Return: false for such an announcement.
 */
bool nve_spoof_may_activate(struct nve_dev *nve, const struct sk_buff *skb)
{
	struct spoof_claim c;
	bool bad;

	rcu_read_lock();
	bad = spoof_false_claim_rcu(nve, skb, &c);
	rcu_read_unlock();
	return !bad;
}

/* NVE_A_MAP (VNI, source MAC, where the table has that MAC) and NVE_A_BIND. */
static int spoof_fill(struct sk_buff *msg, struct nve_dev *nve, const u8 *src,
		      const struct nve_addr *remote,
		      const struct spoof_claim *c)
{
	u32 vni = nve->cfg.vni;
	struct nlattr *nest;

	nest = nla_nest_start(msg, NVE_A_MAP);
	if (!nest || nla_put_u32(msg, NVE_MAP_A_VNI, vni) ||
	    nla_put(msg, NVE_MAP_A_MAC, ETH_ALEN, src))
		return -EMSGSIZE;
	if (remote && remote->family == AF_INET6 &&
	    nla_put_in6_addr(msg, NVE_MAP_A_REMOTE6, &remote->ip6))
		return -EMSGSIZE;
	if (remote && remote->family == AF_INET &&
	    nla_put_in_addr(msg, NVE_MAP_A_REMOTE, remote->ip4))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	if (!c->family)
		return 0;

	nest = nla_nest_start(msg, NVE_A_BIND);
	if (!nest || nla_put_u32(msg, NVE_BIND_A_VNI, vni) ||
	    (c->family == AF_INET6 ?
	     nla_put_in6_addr(msg, NVE_BIND_A_IP6, &c->ip6) :
	     nla_put_in_addr(msg, NVE_BIND_A_IP, c->ip4)) ||
	    nla_put(msg, NVE_BIND_A_MAC, ETH_ALEN,
		    c->has_lladdr && !ether_addr_equal(c->lladdr, c->owner) ?
		    c->lladdr : src))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* Tell the NVA (NVE_CMD_SPOOFED), if someone listens and not too often. */
static void spoof_notify(struct nve_dev *nve, const u8 *src,
			 const struct nve_addr *remote,
			 const struct spoof_claim *c)
{
	struct net *net = dev_net(nve->dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&nve_genl_family, net, NVE_MCGRP_EVENTS) ||
	    !__ratelimit(&nve->spoof_rs))
		return;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		goto err_lost;
	hdr = genlmsg_put(msg, 0, 0, &nve_genl_family, 0, NVE_CMD_SPOOFED);
	if (!hdr || nve_nl_put_dev(msg, nve->dev) ||
	    spoof_fill(msg, nve, src, remote, c)) {
		nlmsg_free(msg);
		goto err_lost;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&nve_genl_family, net, msg, 0,
				NVE_MCGRP_EVENTS, GFP_ATOMIC);
	return;

err_lost:
	nve_nl_notify_lost(net);
}

/**
 * nve_spoof_drop() - the spoof check (IFLA_NVE_SPOOF_CHECK)
 * @nve: the device, with the spoof check on
 * @skb: a frame from the local side, skb->data at its Ethernet header
 *
 * From nve_xmit(), BH disabled.  A frame whose source MAC the table maps to
 * a remote NVE, or that claims an address bound to another MAC, is dropped,
 * counted and reported.
 *
 * Return: true if @skb was dropped (consumed).
 */
bool nve_spoof_drop(struct nve_dev *nve, struct sk_buff *skb)
{
	const u8 *src = eth_hdr(skb)->h_source;
	struct nve_addr remote, *rp = NULL;
	const struct nve_remote *r;
	struct spoof_claim c;
	struct nve_entry *e;
	bool bad;

	rcu_read_lock();
	e = nve_table_lookup_rcu(&nve->table, nve->cfg.vni, src);
	r = e ? rcu_dereference(e->remote) : NULL;
	if (r) {
		/* A VM that lives at another NVE does not send from here. */
		memset(&c, 0, sizeof(c));
		remote = r->addr;
		rp = &remote;
		bad = true;
	} else {
		bad = spoof_false_claim_rcu(nve, skb, &c);
	}
	rcu_read_unlock();
	if (likely(!bad))
		return false;

	nve_stat_inc(nve, NVE_STATS_A_SPOOF_DROPS);
	spoof_notify(nve, src, rp, &c);
	dev_core_stats_tx_dropped_inc(nve->dev);
	/* No core reason says "spoofed": NVE_STATS_A_SPOOF_DROPS does. */
	kfree_skb_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
	return true;
}

/* From the device's setup: the events' rate limit. */
void nve_spoof_init(struct nve_dev *nve)
{
	ratelimit_state_init(&nve->spoof_rs, NVE_SPOOF_INTERVAL,
			     NVE_SPOOF_BURST);
	ratelimit_set_flags(&nve->spoof_rs, RATELIMIT_MSG_ON_RELEASE);
}
