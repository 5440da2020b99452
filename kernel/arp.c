// SPDX-License-Identifier: GPL-2.0
/*
 * Proxy ARP and ND (IFLA_NVE_PROXY): an ARP request or an IPv6 neighbour
 * solicitation that a local VM sends into the device, for an address with a
 * (VNI, IP) -> MAC binding, is answered here, from the binding, and never
 * reaches the underlay.  The answer comes up the device as if the VM that
 * owns the address had sent it, so the bridge learns that MAC behind the
 * device, where it is.
 *
 * Not answered, and left to the normal path (flooding):
 *  - requests for addresses without a binding;
 *  - requests from the address's owner itself (ARP probes and
 *    announcements, RFC 5227) and duplicate address detection (source ::),
 *    which must reach the others to do their job;
 *  - anything malformed.
 * A request for a VM behind this NVE's own bridge (its MAC maps to
 * "local") is neither answered nor flooded: the bridge has delivered it to
 * that VM already, which answers itself.
 *
 * Models: vxlan's arp_reduce() and neigh_reduce(), which answer from the
 * neighbour table; nve answers from the NVA's bindings instead.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <net/arp.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "nve_private.h"

/* The target link-layer address option of our advertisements: 8 bytes. */
#define NA_OPT_LEN	(sizeof(struct nd_opt_hdr) + ETH_ALEN)

/* Is the VM with @mac behind this NVE's bridge? */
static bool proxy_is_local_rcu(struct nve_dev *nve, const u8 *mac)
{
	struct nve_entry *e;

	e = nve_table_lookup_rcu(&nve->table, nve->cfg.vni, mac);
	return e && !rcu_access_pointer(e->remote);
}

/* Send @reply up the device, as received.  Consumes it. */
static void proxy_inject(struct nve_dev *nve, struct sk_buff *reply)
{
	struct net_device *dev = nve->dev;

	reply->protocol = eth_type_trans(reply, dev);
	reply->ip_summed = CHECKSUM_UNNECESSARY;
	if (netif_rx(reply) == NET_RX_DROP) {
		dev_core_stats_rx_dropped_inc(dev);
		return;
	}
	nve_stat_inc(nve, NVE_STATS_A_PROXY_REPLIES);
}

/*
 * Return: true if @skb was consumed (answered, or for a local VM); false
 * to send it on.
 */
static bool proxy_arp_rcu(struct nve_dev *nve, struct sk_buff *skb)
{
	struct net_device *dev = nve->dev;
	const struct arphdr *arp;
	struct sk_buff *reply;
	const u8 *sha, *p;
	u8 mac[ETH_ALEN] __aligned(2);
	__be32 sip, tip;

	if (dev->flags & IFF_NOARP)
		return false;
	if (!pskb_may_pull(skb, ETH_HLEN + arp_hdr_len(dev)))
		return false;

	arp = (const struct arphdr *)(skb->data + ETH_HLEN);
	if (arp->ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->ar_pro != htons(ETH_P_IP) ||
	    arp->ar_op != htons(ARPOP_REQUEST) ||
	    arp->ar_hln != ETH_ALEN || arp->ar_pln != sizeof(__be32))
		return false;

	p = (const u8 *)(arp + 1);
	sha = p;
	memcpy(&sip, p + ETH_ALEN, sizeof(sip));
	memcpy(&tip, p + 2 * ETH_ALEN + sizeof(sip), sizeof(tip));

	if (ipv4_is_multicast(tip) || ipv4_is_loopback(tip) ||
	    ipv4_is_zeronet(tip) || ipv4_is_lbcast(tip))
		return false;
	if (!nve_bind_lookup4_rcu(&nve->table, nve->cfg.vni, tip, mac))
		return false;
	if (ether_addr_equal(mac, sha))
		return false;		/* the owner's probe or announcement */

	if (!proxy_is_local_rcu(nve, mac)) {
		/* From the owner of @tip, to the asker. */
		reply = arp_create(ARPOP_REPLY, ETH_P_ARP, sip, dev, tip, sha,
				   mac, sha);
		if (reply)
			proxy_inject(nve, reply);
		else
			dev_core_stats_rx_dropped_inc(dev);
	}
	consume_skb(skb);
	return true;
}

/*
 * A neighbour advertisement from @mac, owner of @ns's target, to the
 * soliciting node (IPv6 @saddr at link-layer @dst).
 */
static struct sk_buff *proxy_na_create(struct net_device *dev,
				       const struct nd_msg *ns,
				       const struct in6_addr *saddr,
				       const u8 *dst, const u8 *mac)
{
	unsigned int len = sizeof(struct nd_msg) + NA_OPT_LEN;
	struct sk_buff *reply;
	struct ipv6hdr *ip6;
	struct ethhdr *eth;
	struct nd_msg *na;

	reply = alloc_skb(LL_RESERVED_SPACE(dev) + sizeof(*ip6) + len +
			  dev->needed_tailroom, GFP_ATOMIC);
	if (!reply)
		return NULL;
	skb_reserve(reply, LL_RESERVED_SPACE(dev));
	reply->dev = dev;

	skb_reset_network_header(reply);
	ip6 = skb_put_zero(reply, sizeof(*ip6));
	ip6->version = 6;
	ip6->payload_len = htons(len);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 255;
	ip6->saddr = ns->target;
	ip6->daddr = *saddr;

	skb_set_transport_header(reply, sizeof(*ip6));
	na = skb_put_zero(reply, len);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_solicited = 1;
	na->icmph.icmp6_override = 1;
	na->target = ns->target;
	na->opt[0] = ND_OPT_TARGET_LL_ADDR;
	na->opt[1] = NA_OPT_LEN >> 3;
	ether_addr_copy(&na->opt[2], mac);
	na->icmph.icmp6_cksum = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len,
						IPPROTO_ICMPV6,
						csum_partial(na, len, 0));

	eth = skb_push(reply, ETH_HLEN);
	skb_reset_mac_header(reply);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, mac);
	eth->h_proto = htons(ETH_P_IPV6);
	return reply;
}

/*
 * The solicitation's source link-layer address option, if there is a
 * well-formed one.  Return: false if the options are malformed.
 */
static bool proxy_ns_source_ll(const struct nd_msg *ns, unsigned int olen,
			       const u8 **lladdr)
{
	unsigned int i, l;

	for (i = 0; i + sizeof(struct nd_opt_hdr) <= olen; i += l) {
		l = ns->opt[i + 1] << 3;
		if (!l || l > olen - i)
			return false;
		if (ns->opt[i] == ND_OPT_SOURCE_LL_ADDR &&
		    l >= sizeof(struct nd_opt_hdr) + ETH_ALEN)
			*lladdr = &ns->opt[i + sizeof(struct nd_opt_hdr)];
	}
	return i == olen;
}

/* As proxy_arp_rcu(), for an IPv6 frame. */
static bool proxy_nd_rcu(struct nve_dev *nve, struct sk_buff *skb)
{
	const unsigned int off = ETH_HLEN + sizeof(struct ipv6hdr);
	const struct ipv6hdr *ip6;
	const struct nd_msg *ns;
	struct sk_buff *reply;
	const u8 *dst;
	u8 mac[ETH_ALEN] __aligned(2);
	unsigned int plen;

	if (!pskb_may_pull(skb, off + sizeof(*ns)))
		return false;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	ns = (const struct nd_msg *)(skb->data + off);
	if (ip6->nexthdr != IPPROTO_ICMPV6 || ip6->hop_limit != 255 ||
	    ns->icmph.icmp6_type != NDISC_NEIGHBOUR_SOLICITATION ||
	    ns->icmph.icmp6_code != 0)
		return false;

	plen = ntohs(ip6->payload_len);
	if (plen < sizeof(*ns) || plen > skb->len - off)
		return false;
	if (ipv6_addr_any(&ip6->saddr) ||
	    ipv6_addr_is_multicast(&ns->target) ||
	    ipv6_addr_loopback(&ns->target))
		return false;		/* DAD, or not a neighbour */

	if (!pskb_may_pull(skb, off + plen))
		return false;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	ns = (const struct nd_msg *)(skb->data + off);
	dst = eth_hdr(skb)->h_source;
	if (!proxy_ns_source_ll(ns, plen - sizeof(*ns), &dst))
		return false;

	if (!nve_bind_lookup6_rcu(&nve->table, nve->cfg.vni, &ns->target, mac))
		return false;
	if (ether_addr_equal(mac, eth_hdr(skb)->h_source))
		return false;

	if (!proxy_is_local_rcu(nve, mac)) {
		reply = proxy_na_create(nve->dev, ns, &ip6->saddr, dst, mac);
		if (reply)
			proxy_inject(nve, reply);
		else
			dev_core_stats_rx_dropped_inc(nve->dev);
	}
	consume_skb(skb);
	return true;
}

/**
 * nve_proxy_reduce() - answer an ARP request or neighbour solicitation
 * @nve: the device, with the proxy flag
 * @skb: a frame being sent through it; skb->data is its Ethernet header
 *
 * Return: true if @skb was consumed (answered locally); false to send it
 * on as any other frame.
 */
bool nve_proxy_reduce(struct nve_dev *nve, struct sk_buff *skb)
{
	__be16 proto = eth_hdr(skb)->h_proto;
	bool done = false;

	rcu_read_lock();
	if (proto == htons(ETH_P_ARP))
		done = proxy_arp_rcu(nve, skb);
	else if (IS_ENABLED(CONFIG_IPV6) && proto == htons(ETH_P_IPV6))
		done = proxy_nd_rcu(nve, skb);
	rcu_read_unlock();
	return done;
}
