// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit: what nve does with a frame the bridge (or the stack) sends
 * through the device.
 *
 *  - Proxy ARP and ND (arp.c) answer requests for bound addresses first,
 *    when the device has the proxy flag.
 *  - A unicast destination MAC with a remote mapping is encapsulated and
 *    sent to that remote NVE, through the remote's dst cache.
 *  - A mapping to a local VM means the bridge sent the frame the wrong way
 *    (it had not learnt the VM's port yet): the frame is dropped.
 *  - Broadcast, multicast and unknown unicast are replicated to every NVE
 *    of the VN's flood list (head-end replication); unknown unicast also
 *    raises a rate-limited miss event, for the NVA to answer.
 *  - With the spoof check on, a frame that claims another VM's address or
 *    MAC is dropped first (spoof.c).
 *  - A frame from a VM whose mapping is PENDING here activates it (move.c),
 *    unless it announces an address bound to another MAC (spoof.c).
 *
 * VM mobility also sends from the receive path: a frame for a VM that
 * moved away (REDIRECT) is relayed to its new NVE with the redirect mark
 * (nve_tx_redirect_rcu()), which this NVE never answers with an ICMP "too
 * big" of its own: the sender is across the overlay.
 *
 * Outer headers: the device's local address as source (or what routing
 * picks), TTL and TOS per configuration (TOS 1 inherits the inner DSCP),
 * ECN per RFC 6040 (normal mode).  DF is set for inner IPv6 and copied
 * from inner IPv4 (vxlan's "df inherit"): path MTU discovery works end to
 * end (skb_tunnel_check_pmtu() answers the sender when the underlay is too
 * narrow), and what the sender lets fragment may still be fragmented.
 * The UDP source port hashes the inner flow, for ECMP entropy.  The UDP
 * checksum is left out over IPv4 and computed over IPv6, as Linux vxlan
 * does by default.  GSO and checksum offloads go through the UDP tunnel
 * helpers, as for vxlan.
 */
#include <linux/etherdevice.h>
#include <net/dst_cache.h>
#include <net/inet_dscp.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "nve_private.h"

/* Everything a copy of a frame needs to go to one remote. */
struct tx_params {
	struct nve_sock *vs;
	__be16 sport;
	__be16 dport;
	u8 tos;			/* routing TOS: the configured or inner DSCP */
	bool use_cache;
	bool xnet;
	bool mark;		/* the redirect mark (a relayed frame) */
};

/* Bytes the redirect mark adds to the encapsulation header. */
static unsigned int tx_mark_len(const struct nve_dev *nve,
				const struct tx_params *p)
{
	return p->mark && nve->cfg.encap == NVE_ENCAP_GENEVE ?
	       NVE_GENEVE_MARK_LEN : 0;
}

static struct rtable *tx_route4(struct nve_dev *nve, struct nve_remote *r,
				struct sk_buff *skb,
				const struct tx_params *p, __be32 *saddr)
{
	struct dst_cache *cache = p->use_cache ? &r->dst_cache : NULL;
	__be32 local = nve->cfg.local.ip4;
	struct flowi4 fl4 = {};
	struct rtable *rt;

	if (cache) {
		rt = dst_cache_get_ip4(cache, saddr);
		/* A route cached for another source (the device was
		 * reconfigured while down) is looked up again.
		 */
		if (rt && (!local || *saddr == local))
			return rt;
		if (rt)
			ip_rt_put(rt);
	}

	fl4.flowi4_mark = skb->mark;
	fl4.flowi4_proto = IPPROTO_UDP;
	fl4.flowi4_tos = p->tos & INET_DSCP_MASK;
	fl4.daddr = r->addr.ip4;
	fl4.saddr = local;
	fl4.fl4_sport = p->sport;
	fl4.fl4_dport = p->dport;

	rt = ip_route_output_key(nve->net, &fl4);
	if (IS_ERR(rt))
		return ERR_PTR(-ENETUNREACH);
	if (rt->dst.dev == nve->dev) {
		/* The route to the remote goes through the overlay itself. */
		ip_rt_put(rt);
		return ERR_PTR(-ELOOP);
	}
	if (cache)
		dst_cache_set_ip4(cache, &rt->dst, fl4.saddr);
	*saddr = fl4.saddr;
	return rt;
}

static struct dst_entry *tx_route6(struct nve_dev *nve, struct nve_remote *r,
				   struct sk_buff *skb,
				   const struct tx_params *p,
				   struct in6_addr *saddr)
{
	struct dst_cache *cache = p->use_cache ? &r->dst_cache : NULL;
	const struct in6_addr *local = &nve->cfg.local.ip6;
	struct flowi6 fl6 = {};
	struct dst_entry *dst;

	if (cache) {
		dst = dst_cache_get_ip6(cache, saddr);
		if (dst && (ipv6_addr_any(local) || ipv6_addr_equal(saddr, local)))
			return dst;
		dst_release(dst);
	}

	fl6.flowi6_mark = skb->mark;
	fl6.flowi6_proto = IPPROTO_UDP;
	fl6.flowlabel = ip6_make_flowinfo(p->tos, 0);
	fl6.daddr = r->addr.ip6;
	fl6.saddr = *local;
	fl6.fl6_sport = p->sport;
	fl6.fl6_dport = p->dport;

	dst = ipv6_stub->ipv6_dst_lookup_flow(nve->net, p->vs->sock->sk, &fl6,
					      NULL);
	if (IS_ERR(dst))
		return ERR_PTR(-ENETUNREACH);
	if (dst->dev == nve->dev) {
		dst_release(dst);
		return ERR_PTR(-ELOOP);
	}
	if (cache)
		dst_cache_set_ip6(cache, dst, &fl6.saddr);
	*saddr = fl6.saddr;
	return dst;
}

/*
 * Make room for the outer headers, set up the offloads and push the VXLAN
 * or Geneve header.  skb->data is the inner Ethernet header, the network
 * header the inner IP header (skb_vlan_inet_prepare()).
 */
static int tx_build(struct nve_dev *nve, struct sk_buff *skb,
		    const struct dst_entry *dst, unsigned int iphlen, u32 vni,
		    bool udp_sum, const struct tx_params *p)
{
	unsigned int headroom, hlen = NVE_HDR_LEN + tx_mark_len(nve, p);
	void *h;
	int err;

	skb_scrub_packet(skb, p->xnet);

	headroom = LL_RESERVED_SPACE(dst->dev) + dst->header_len + iphlen +
		   sizeof(struct udphdr) + hlen;
	err = skb_cow_head(skb, headroom);
	if (unlikely(err))
		return err;

	err = udp_tunnel_handle_offloads(skb, udp_sum);
	if (unlikely(err))
		return err;

	h = __skb_push(skb, hlen);
	if (nve->cfg.encap == NVE_ENCAP_GENEVE) {
		if (p->mark)
			nve_geneve_build_marked(h, vni);
		else
			nve_geneve_build(h, vni);
	} else {
		nve_vxlan_build(h, vni);
		if (p->mark)
			nve_vxlan_mark(h);
	}
	skb_set_inner_protocol(skb, htons(ETH_P_TEB));
	return 0;
}

/*
 * The underlay path is narrower than the frame: the skb was turned into an
 * ICMP "too big" for the sender (skb_tunnel_check_pmtu()); hand it back up
 * the device.
 */
static void tx_pmtu_reply(struct net_device *dev, struct sk_buff *skb)
{
	skb->protocol = eth_type_trans(skb, dev);
	__netif_rx(skb);
}

/* DF of the outer IPv4 header: see the top of the file. */
static __be16 tx_df(const struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IPV6))
		return htons(IP_DF);
	if (skb->protocol == htons(ETH_P_IP) &&
	    (ip_hdr(skb)->frag_off & htons(IP_DF)))
		return htons(IP_DF);
	return 0;
}

/* Count a failed send of @skb, already freed or handed on. */
static void tx_count_error(struct nve_dev *nve, int err)
{
	struct net_device *dev = nve->dev;

	if (err == -ENETUNREACH || err == -ELOOP) {
		nve_stat_inc(nve, NVE_STATS_A_TX_NO_ROUTE);
		if (err == -ELOOP)
			DEV_STATS_INC(dev, collisions);
		else
			DEV_STATS_INC(dev, tx_carrier_errors);
	}
	DEV_STATS_INC(dev, tx_errors);
}

static int tx_one4(struct nve_dev *nve, struct sk_buff *skb,
		   struct nve_remote *r, const struct tx_params *p, u32 vni)
{
	struct net_device *dev = nve->dev;
	struct rtable *rt;
	__be32 saddr;
	u8 tos, ttl;
	__be16 df;
	int err;

	rt = tx_route4(nve, r, skb, p, &saddr);
	if (IS_ERR(rt))
		return PTR_ERR(rt);

	err = skb_tunnel_check_pmtu(skb, &rt->dst,
				    NVE_OVERHEAD4 + tx_mark_len(nve, p),
				    !p->mark && netif_is_any_bridge_port(dev));
	if (err) {
		ip_rt_put(rt);
		if (err < 0)
			return err;
		tx_pmtu_reply(dev, skb);
		return 1;
	}

	tos = ip_tunnel_ecn_encap(p->tos, ip_hdr(skb), skb);
	ttl = nve->cfg.ttl ?: ip4_dst_hoplimit(&rt->dst);
	df = tx_df(skb);
	err = tx_build(nve, skb, &rt->dst, sizeof(struct iphdr), vni, false,
		       p);
	if (unlikely(err)) {
		ip_rt_put(rt);
		return err;
	}

	udp_tunnel_xmit_skb(rt, p->vs->sock->sk, skb, saddr, r->addr.ip4, tos,
			    ttl, df, p->sport, p->dport, p->xnet,
			    true);
	return 0;
}

static int tx_one6(struct nve_dev *nve, struct sk_buff *skb,
		   struct nve_remote *r, const struct tx_params *p, u32 vni)
{
	struct net_device *dev = nve->dev;
	struct in6_addr saddr, daddr;
	struct dst_entry *dst;
	u8 tos, ttl;
	int err;

	dst = tx_route6(nve, r, skb, p, &saddr);
	if (IS_ERR(dst))
		return PTR_ERR(dst);

	err = skb_tunnel_check_pmtu(skb, dst,
				    NVE_OVERHEAD6 + tx_mark_len(nve, p),
				    !p->mark && netif_is_any_bridge_port(dev));
	if (err) {
		dst_release(dst);
		if (err < 0)
			return err;
		tx_pmtu_reply(dev, skb);
		return 1;
	}

	tos = ip_tunnel_ecn_encap(p->tos, ip_hdr(skb), skb);
	ttl = nve->cfg.ttl ?: ip6_dst_hoplimit(dst);
	err = tx_build(nve, skb, dst, sizeof(struct ipv6hdr), vni, true, p);
	if (unlikely(err)) {
		dst_release(dst);
		return err;
	}

	daddr = r->addr.ip6;
	udp_tunnel6_xmit_skb(dst, p->vs->sock->sk, skb, dev, &saddr, &daddr,
			     tos, ttl, 0, p->sport, p->dport, false);
	return 0;
}

/*
 * Encapsulate @skb and send it to @r.  Consumes @skb.
 * Return: true if it went out.
 */
static bool tx_one_rcu(struct nve_dev *nve, struct sk_buff *skb,
		       struct nve_remote *r, struct tx_params *p)
{
	int err;

	p->dport = r->port ?: nve->cfg.port;
	if (unlikely(r->addr.family != p->vs->family))
		err = -ENETUNREACH;	/* the table refuses these */
	else if (r->addr.family == AF_INET6)
		err = tx_one6(nve, skb, r, p, r->vni);
	else
		err = tx_one4(nve, skb, r, p, r->vni);

	if (likely(!err)) {
		nve_stat_inc(nve, NVE_STATS_A_TX_ENCAP);
		return true;
	}
	if (err > 0)		/* answered with an ICMP "too big" */
		return false;

	tx_count_error(nve, err);
	kfree_skb_reason(skb, err == -ENETUNREACH || err == -ELOOP ?
			 SKB_DROP_REASON_IP_OUTNOROUTES :
			 SKB_DROP_REASON_NOT_SPECIFIED);
	return false;
}

/*
 * Head-end replication of @skb to the flood list.  Consumes @skb.
 * Return: the copies sent.
 */
static unsigned int tx_flood_rcu(struct nve_dev *nve, struct sk_buff *skb,
				 struct tx_params *p)
{
	struct nve_flood *fl = rcu_dereference(nve->table.flood);
	unsigned int i, n = fl ? fl->n : 0, sent = 0;
	struct sk_buff *copy;

	if (!n) {
		dev_core_stats_tx_dropped_inc(nve->dev);
		kfree_skb_reason(skb, NVE_DROP_NO_TARGET);
		return 0;
	}

	/* Each copy gets its own headers (skb_cow_head in tx_build). */
	for (i = 0; i < n; i++) {
		if (i + 1 < n) {
			copy = skb_clone(skb, GFP_ATOMIC);
			if (unlikely(!copy)) {
				dev_core_stats_tx_dropped_inc(nve->dev);
				continue;
			}
		} else {
			copy = skb;
		}
		if (tx_one_rcu(nve, copy, fl->remotes[i], p)) {
			nve_stat_inc(nve, NVE_STATS_A_TX_FLOOD);
			sent++;
		}
	}
	return sent;
}

/*
 * What every copy of @skb shares: socket, UDP source port, TOS.  Under RCU.
 * Return: false if the device is stopping (no socket).
 */
static bool tx_params_init_rcu(struct nve_dev *nve, struct sk_buff *skb,
			       struct tx_params *p)
{
	struct net_device *dev = nve->dev;

	p->vs = rcu_dereference(nve->sock);
	if (unlikely(!p->vs))
		return false;
	p->xnet = !net_eq(nve->net, dev_net(dev));
	p->sport = udp_flow_src_port(dev_net(dev), skb, 0, 0, true);
	p->tos = nve->cfg.tos;
	/* Routes are cached per remote, for one TOS: not an inherited one. */
	p->use_cache = p->tos != NVE_TOS_INHERIT;
	if (!p->use_cache)
		p->tos = ip_tunnel_get_dsfield(ip_hdr(skb), skb);
	return true;
}

/**
 * nve_tx_redirect_rcu() - relay a received frame to a VM's new NVE
 * @nve: the device (the VM's old NVE)
 * @skb: the decapsulated frame, skb->data past its Ethernet header
 * @r: the new NVE
 *
 * From encap_rcv (move.c), under RCU.  The frame goes out with the
 * redirect mark, so that it is relayed once at most.  Consumes @skb.
 */
void nve_tx_redirect_rcu(struct nve_dev *nve, struct sk_buff *skb,
			 struct nve_remote *r)
{
	struct tx_params p = {};

	skb_push_rcsum(skb, ETH_HLEN);
	if (unlikely(skb_vlan_inet_prepare(skb, false)) ||
	    unlikely(!tx_params_init_rcu(nve, skb, &p))) {
		dev_core_stats_tx_dropped_inc(nve->dev);
		kfree_skb(skb);
		return;
	}
	skb_reset_mac_header(skb);
	p.mark = true;
	tx_one_rcu(nve, skb, r, &p);
}

/**
 * nve_tx_flood() - send a frame nve built itself to the flood list
 * @nve: the device
 * @skb: an Ethernet frame, skb->data its Ethernet header, skb->protocol
 *	its Ethernet type
 *
 * For the announcements (announce.c), from process context: the frame
 * goes out as a broadcast the bridge sent would.  Consumes @skb.
 * Return: the copies sent.
 */
unsigned int nve_tx_flood(struct nve_dev *nve, struct sk_buff *skb)
{
	struct tx_params p = {};
	unsigned int sent = 0;

	skb_reset_mac_header(skb);
	/* The dst caches are per CPU, and the data path runs in BH. */
	local_bh_disable();
	rcu_read_lock();
	if (unlikely(skb_vlan_inet_prepare(skb, false)) ||
	    unlikely(!tx_params_init_rcu(nve, skb, &p))) {
		dev_core_stats_tx_dropped_inc(nve->dev);
		kfree_skb(skb);
	} else {
		sent = tx_flood_rcu(nve, skb, &p);
	}
	rcu_read_unlock();
	local_bh_enable();
	return sent;
}

/**
 * nve_xmit() - ndo_start_xmit of an nve device
 * @skb: an Ethernet frame
 * @dev: the nve device
 *
 * Return: NETDEV_TX_OK always; the frame is sent, replicated or dropped
 * and counted.
 */
netdev_tx_t nve_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct nve_dev *nve = netdev_priv(dev);
	u32 vni = nve->cfg.vni;
	enum skb_drop_reason reason;
	struct tx_params p = {};
	const struct ethhdr *eth;
	struct nve_remote *r;
	struct nve_entry *e;
	unsigned long now;

	/* The Ethernet header and the inner IP header, if any, linear. */
	reason = skb_vlan_inet_prepare(skb, false);
	if (unlikely(reason))
		goto drop;
	skb_reset_mac_header(skb);

	/* Anti-spoofing (spoof.c), before anything trusts the frame. */
	if (unlikely(READ_ONCE(nve->cfg.spoof_check)) &&
	    nve_spoof_drop(nve, skb))
		return NETDEV_TX_OK;

	/* A VM prepared here speaks: it runs here now (before proxy ARP,
	 * which would take its GARP), unless it announces an address the
	 * NVA bound to another VM (spoof.c).
	 */
	if (unlikely(READ_ONCE(nve->table.npending)) &&
	    nve_spoof_may_activate(nve, skb))
		nve_move_xmit(nve, eth_hdr(skb)->h_source);

	if (nve->cfg.proxy && nve_proxy_reduce(nve, skb))
		return NETDEV_TX_OK;

	rcu_read_lock();
	if (unlikely(!tx_params_init_rcu(nve, skb, &p))) {
		/* Stopping (socket.c): nothing to send on. */
		rcu_read_unlock();
		reason = SKB_DROP_REASON_DEV_READY;
		goto drop;
	}

	eth = eth_hdr(skb);
	if (is_multicast_ether_addr(eth->h_dest)) {
		tx_flood_rcu(nve, skb, &p);
		goto out;
	}

	e = nve_table_lookup_rcu(&nve->table, vni, eth->h_dest);
	if (!e) {
		nve_stat_inc(nve, NVE_STATS_A_TX_MISS);
		nve_nl_notify_miss(nve, vni, eth->h_dest);
		tx_flood_rcu(nve, skb, &p);
		goto out;
	}

	r = rcu_dereference(e->remote);
	if (!r) {
		/* A local VM: the bridge delivers to it, not us. */
		rcu_read_unlock();
		reason = NVE_DROP_NO_TARGET;
		goto drop;
	}

	now = jiffies;
	if (READ_ONCE(e->used) != now)
		WRITE_ONCE(e->used, now);
	atomic64_inc(&e->hits);
	tx_one_rcu(nve, skb, r, &p);
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;

drop:
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb_reason(skb, reason);
	return NETDEV_TX_OK;
}
