// SPDX-License-Identifier: GPL-2.0
/*
 * Announcements (IFLA_NVE_ANNOUNCE, NVE_MAP_A_ANNOUNCE): when a VM's
 * mapping activates here (move.c: its first frame on the local side, or
 * NVE_CMD_ACTIVATE), nve tells the VN where the VM now is, on its behalf,
 * as the VM itself would after a migration:
 *
 *  - a gratuitous ARP (a request, sender and target the address, to
 *    broadcast) for each IPv4 binding of the VM's MAC (bind.c);
 *  - an unsolicited neighbour advertisement (override set, solicited
 *    clear, the target link-layer address option, to ff02::1) for each
 *    IPv6 binding;
 *  - a RARP for its MAC, as QEMU's announce-self sends it (ethertype
 *    0x8035, opcode 3, sender and target hardware address the MAC).
 *
 * Each goes to every NVE of the VN's flood list (head-end replication,
 * tx.c), where the bridges learn the VM's MAC behind their overlay port and
 * the other VMs refresh their neighbour caches.  The GARPs and NAs also go
 * up this device into the local bridge and stack, as a frame from the
 * overlay would, but with the device's own MAC as Ethernet source: the VM
 * is behind another port of this bridge, which must not learn it behind the
 * overlay, and nve's receive path drops a frame from the overlay with a
 * local VM's source MAC as a loop.  The RARP, whose only use is that
 * learning, does not go up.  Every copy sent counts once in
 * NVE_STATS_A_ANNOUNCEMENTS.
 *
 * Activation runs under the table lock, often in BH (nve_xmit), so it only
 * queues a request (MAC, what) in a small FIFO; a work item builds and
 * sends the frames in process context.  Bounds: NVE_ANNOUNCE_QUEUE requests
 * waiting (more are dropped), NVE_ANNOUNCE_ADDRS addresses of each family
 * per VM, and NVE_ANNOUNCE_BURST frames a second per device (the rest are
 * not sent).  One round: a VM that announces itself does so too.
 *
 * Lifetime: the work sends only while the device runs.  Closing it clears
 * that before ndo_stop, where nve_announce_stop() waits for the work: a
 * run that saw the device running is over before the stack flushes what
 * was received for the device, and later runs drop their requests unsent.
 * Requests are queued under the table lock while the table is live;
 * nve_table_uninit() marks it dead under that lock, then
 * nve_announce_uninit() cancels the work and waits for it, before the
 * bindings and the flood list are freed.  Unloading the module deletes
 * every device first.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <net/arp.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "nve_private.h"

/* Frames sent per device: at most NVE_ANNOUNCE_BURST per interval. */
#define NVE_ANNOUNCE_INTERVAL	HZ
#define NVE_ANNOUNCE_BURST	100
/* Addresses of each family announced per VM. */
#define NVE_ANNOUNCE_ADDRS	16

/* The target link-layer address option: 8 bytes. */
#define NA_OPT_LEN	(sizeof(struct nd_opt_hdr) + ETH_ALEN)

/* The VM's bindings, gathered under RCU. */
struct announce_addrs {
	const u8 *mac;
	u32 vni;
	unsigned int n4;
	unsigned int n6;
	__be32 ip4[NVE_ANNOUNCE_ADDRS];
	struct in6_addr ip6[NVE_ANNOUNCE_ADDRS];
};

static int announce_gather(const struct nve_bind_key *key, const u8 *mac,
			   void *arg)
{
	struct announce_addrs *a = arg;

	if (key->vni != a->vni || !ether_addr_equal(mac, a->mac))
		return NVE_WALK_NEXT;
	if (key->family == AF_INET && a->n4 < NVE_ANNOUNCE_ADDRS)
		memcpy(&a->ip4[a->n4++], &key->ip, sizeof(__be32));
	else if (key->family == AF_INET6 && a->n6 < NVE_ANNOUNCE_ADDRS)
		a->ip6[a->n6++] = key->ip;
	return NVE_WALK_NEXT;
}

/* An unsolicited neighbour advertisement of @ip at @mac, to all nodes. */
static struct sk_buff *announce_na(struct net_device *dev, const u8 *mac,
				   const struct in6_addr *ip)
{
	unsigned int len = sizeof(struct nd_msg) + NA_OPT_LEN;
	struct sk_buff *skb;
	struct ipv6hdr *ip6;
	struct ethhdr *eth;
	struct nd_msg *na;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + sizeof(*ip6) + len +
			dev->needed_tailroom, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb->dev = dev;
	skb->protocol = htons(ETH_P_IPV6);

	skb_reset_network_header(skb);
	ip6 = skb_put_zero(skb, sizeof(*ip6));
	ip6->version = 6;
	ip6->payload_len = htons(len);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 255;
	ip6->saddr = *ip;
	ipv6_addr_set(&ip6->daddr, htonl(0xff020000), 0, 0, htonl(1));

	skb_set_transport_header(skb, sizeof(*ip6));
	na = skb_put_zero(skb, len);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_override = 1;
	na->target = *ip;
	na->opt[0] = ND_OPT_TARGET_LL_ADDR;
	na->opt[1] = NA_OPT_LEN >> 3;
	ether_addr_copy(&na->opt[2], mac);
	na->icmph.icmp6_cksum = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len,
						IPPROTO_ICMPV6,
						csum_partial(na, len, 0));

	eth = skb_push(skb, ETH_HLEN);
	ipv6_eth_mc_map(&ip6->daddr, eth->h_dest);
	ether_addr_copy(eth->h_source, mac);
	eth->h_proto = htons(ETH_P_IPV6);
	return skb;
}

/* A copy of @skb up the device, from the device's own MAC.  Return: 1 if
 * it was taken.
 */
static unsigned int announce_up(struct nve_dev *nve, const struct sk_buff *skb)
{
	struct net_device *dev = nve->dev;
	struct sk_buff *up;

	up = skb_copy(skb, GFP_KERNEL);
	if (!up) {
		dev_core_stats_rx_dropped_inc(dev);
		return 0;
	}
	ether_addr_copy(eth_hdr(up)->h_source, dev->dev_addr);
	up->protocol = eth_type_trans(up, dev);
	up->ip_summed = CHECKSUM_UNNECESSARY;
	if (netif_rx(up) == NET_RX_DROP) {
		dev_core_stats_rx_dropped_inc(dev);
		return 0;
	}
	return 1;
}

/*
 * Send @skb (NULL: it could not be built) to the flood list and, if @up,
 * up the device.  Consumes it.  Return: the copies sent.
 */
static unsigned int announce_send(struct nve_dev *nve, struct sk_buff *skb,
				  bool up)
{
	unsigned int sent = 0;

	if (!skb) {
		dev_core_stats_tx_dropped_inc(nve->dev);
		return 0;
	}
	if (!__ratelimit(&nve->table.ann.rs)) {
		consume_skb(skb);
		return 0;
	}
	skb_reset_mac_header(skb);
	if (up)
		sent += announce_up(nve, skb);
	return sent + nve_tx_flood(nve, skb);
}

/* Announce what @req asks for the VM of its MAC. */
static void announce_one(struct nve_dev *nve,
			 const struct nve_announce_req *req,
			 struct announce_addrs *a)
{
	struct net_device *dev = nve->dev;
	struct nve_cursor c = {};
	struct sk_buff *skb;
	unsigned int i, sent = 0;

	memset(a, 0, sizeof(*a));
	a->mac = req->mac;
	a->vni = READ_ONCE(nve->table.vni);
	if (req->what & (NVE_ANNOUNCE_GARP | NVE_ANNOUNCE_NA)) {
		rcu_read_lock();
		nve_bind_walk_rcu(&nve->table, &c, announce_gather, a);
		rcu_read_unlock();
	}

	for (i = 0; (req->what & NVE_ANNOUNCE_GARP) && i < a->n4; i++) {
		skb = arp_create(ARPOP_REQUEST, ETH_P_ARP, a->ip4[i], dev,
				 a->ip4[i], NULL, req->mac, NULL);
		sent += announce_send(nve, skb, true);
	}
	for (i = 0; IS_ENABLED(CONFIG_IPV6) && (req->what & NVE_ANNOUNCE_NA) &&
		    i < a->n6; i++) {
		skb = announce_na(dev, req->mac, &a->ip6[i]);
		sent += announce_send(nve, skb, true);
	}
	if (req->what & NVE_ANNOUNCE_RARP) {
		/* QEMU's: both hardware addresses the MAC, no IP addresses. */
		skb = arp_create(ARPOP_RREQUEST, ETH_P_RARP, 0, dev, 0, NULL,
				 req->mac, req->mac);
		if (skb)
			skb->protocol = htons(ETH_P_RARP);
		sent += announce_send(nve, skb, false);
	}
	for (i = 0; i < sent; i++)
		nve_stat_inc(nve, NVE_STATS_A_ANNOUNCEMENTS);
}

static void announce_work(struct work_struct *work)
{
	struct nve_table *t = container_of(work, struct nve_table, ann.work);
	struct nve_dev *nve = nve_table_dev(t);
	struct nve_announce_req req;
	struct announce_addrs a;

	while (kfifo_get(&t->ann.fifo, &req)) {
		/* Down: dropped unsent (see nve_announce_stop()). */
		if (netif_running(nve->dev))
			announce_one(nve, &req, &a);
		cond_resched();
	}
}

/**
 * nve_announce_queue() - announce a VM whose mapping activated
 * @t: the table, locked, live
 * @mac: the VM's MAC address
 * @what: &enum nve_announce bits; 0 for nothing
 *
 * Any context.  The frames go out from a work item.
 */
void nve_announce_queue(struct nve_table *t, const u8 *mac, u8 what)
{
	struct nve_announce_req req = { .what = what };

	lockdep_assert_held(&t->lock);
	if (!what || t->dead)
		return;
	ether_addr_copy(req.mac, mac);
	if (kfifo_put(&t->ann.fifo, req))
		schedule_work(&t->ann.work);
}

/* From nve_move_init(). */
void nve_announce_init(struct nve_table *t)
{
	INIT_KFIFO(t->ann.fifo);
	INIT_WORK(&t->ann.work, announce_work);
	ratelimit_state_init(&t->ann.rs, NVE_ANNOUNCE_INTERVAL,
			     NVE_ANNOUNCE_BURST);
	ratelimit_set_flags(&t->ann.rs, RATELIMIT_MSG_ON_RELEASE);
}

/* From ndo_stop, after netif_running() turned false.  May sleep. */
void nve_announce_stop(struct nve_table *t)
{
	flush_work(&t->ann.work);
}

/*
 * From nve_move_uninit(), once the table is dead (nothing is queued any
 * more), before the bindings and the flood list are freed.  May sleep.
 */
void nve_announce_uninit(struct nve_table *t)
{
	cancel_work_sync(&t->ann.work);
}
