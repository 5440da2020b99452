// SPDX-License-Identifier: GPL-2.0
/*
 * Receive: what the UDP encapsulation socket (socket.c) does with a packet.
 *
 * encap_rcv checks the VXLAN or Geneve header (encap.c), finds the device
 * by VNI, decapsulates, applies RFC 6040 ECN decapsulation and hands the
 * inner frame to the device through its GRO cells.  Every refused packet
 * leaves through one exit that frees it with a core drop reason and counts
 * it: on its device when the packet names one, else on the socket.  Out of
 * tree, nve can't add drop reasons of its own; the NVE_STATS_A_RX_*
 * counter tells the real cause where the reason is generic.
 *
 * VM mobility (move.c) looks at a frame just before delivery, while some
 * mapping moves or when the frame carries the redirect mark: it may relay
 * the frame to a VM's new NVE, hold it for a VM not running yet, or drop a
 * marked frame that is not for a local VM.
 *
 * GRO runs at the socket level too, as for vxlan and geneve: packets of one
 * flow with identical encapsulation headers are merged before encap_rcv.
 */
#include <linux/etherdevice.h>
#include <net/gro.h>
#include <net/inet_ecn.h>
#include <net/ip_tunnels.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>
#include <net/vxlan.h>

#include "nve_private.h"

#define UDP_HLEN	sizeof(struct udphdr)

/* Beyond any valid VNI (24 bits): the VNI of a header too short for one. */
#define NO_VNI		U32_MAX

static void *rx_hdr(struct sk_buff *skb)
{
	return udp_hdr(skb) + 1;
}

/*
 * Check the encapsulation header behind the UDP header at skb->data.  Sets
 * @vni when the header holds one, @hlen to the header's length and
 * @marked if it carries the redirect mark.
 * Return: 0 or the NVE_STATS_A_RX_* counter of the fault.
 */
static int rx_parse(const struct nve_sock *vs, struct sk_buff *skb,
		    u32 *vni, unsigned int *hlen, bool *marked)
{
	unsigned int avail;
	int err;

	if (!pskb_may_pull(skb, UDP_HLEN + NVE_HDR_LEN))
		return NVE_STATS_A_RX_TRUNCATED;

	if (vs->encap == NVE_ENCAP_VXLAN) {
		*hlen = sizeof(struct vxlanhdr);
		err = nve_vxlan_parse(rx_hdr(skb), vni);
		*marked = !err && nve_vxlan_marked(rx_hdr(skb));
		return err;
	}

	/* Geneve: options follow; make what the packet has of them linear. */
	*hlen = nve_geneve_hlen(rx_hdr(skb));
	avail = min(skb->len - UDP_HLEN, *hlen);
	if (!pskb_may_pull(skb, UDP_HLEN + avail))
		return NVE_STATS_A_RX_TRUNCATED;
	err = nve_geneve_parse(rx_hdr(skb), avail, vni);
	*marked = !err && nve_geneve_marked(rx_hdr(skb));
	return err;
}

/*
 * A frame from one of our own MACs: the device's, or a VM that the table
 * says sits behind this NVE.  It came back through the underlay: a loop.
 * Not so for a VM prepared here (PENDING): it still runs at its old NVE.
 */
static bool rx_is_loop(struct nve_dev *nve, u32 vni, const u8 *src)
{
	struct nve_entry *e;

	if (ether_addr_equal(src, nve->dev->dev_addr))
		return true;
	e = nve_table_lookup_rcu(&nve->table, vni, src);
	return e && !rcu_access_pointer(e->remote) &&
	       !(READ_ONCE(e->flags) & NVE_ENTRY_F_PENDING);
}

/*
 * RFC 6040 decapsulation: fold the outer ECN field into the inner header.
 * Return: false if the combination is invalid (outer CE, inner not-ECT)
 * and the packet must be dropped.
 */
static bool rx_ecn_decap(const struct nve_sock *vs, const void *oiph,
			 struct sk_buff *skb)
{
	int err;

	if (vs->family == AF_INET6)
		err = IP6_ECN_decapsulate(oiph, skb);
	else
		err = IP_ECN_decapsulate(oiph, skb);
	return err <= 1;
}

/*
 * Count a drop charged to @nve: its NVE_STATS_A_RX_* counter @stat (none if
 * 0) and the netdev counters that go with it.
 */
static void rx_count_dev(struct nve_dev *nve, unsigned int stat)
{
	struct net_device *dev = nve->dev;

	if (stat)
		nve_stat_inc(nve, stat);
	switch (stat) {
	case NVE_STATS_A_RX_TRUNCATED:
		DEV_STATS_INC(dev, rx_length_errors);
		DEV_STATS_INC(dev, rx_errors);
		break;
	case NVE_STATS_A_RX_BAD_FLAGS:
	case NVE_STATS_A_RX_BAD_OPTION:
		DEV_STATS_INC(dev, rx_frame_errors);
		DEV_STATS_INC(dev, rx_errors);
		break;
	default:
		dev_core_stats_rx_dropped_inc(dev);
		break;
	}
}

/* encap_rcv: skb->data is the UDP header, whose checksum was verified. */
static int rx_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	enum skb_drop_reason reason;
	struct nve_dev *nve = NULL;
	unsigned int hlen = 0, len;
	struct nve_sock *vs;
	struct net_device *dev;
	u32 vni = NO_VNI;
	bool marked = false;
	unsigned int stat;
	void *oiph;
	int nh;

	vs = rcu_dereference_sk_user_data(sk);
	if (unlikely(!vs)) {
		/* The socket is closing (socket.c): nobody to count it. */
		stat = 0;
		reason = SKB_DROP_REASON_NO_SOCKET;
		goto drop;
	}

	stat = rx_parse(vs, skb, &vni, &hlen, &marked);
	nve = nve_sock_find_rcu(vs, vni);
	if (unlikely(stat)) {
		reason = stat == NVE_STATS_A_RX_TRUNCATED ?
			 SKB_DROP_REASON_PKT_TOO_SMALL : NVE_DROP_BAD_HDR;
		goto drop;
	}
	if (unlikely(!nve)) {
		stat = NVE_STATS_A_RX_UNKNOWN_VNI;
		reason = NVE_DROP_UNKNOWN_VNI;
		goto drop;
	}
	dev = nve->dev;

	if (unlikely(!(dev->flags & IFF_UP))) {
		/* Going down (socket.c unhashes it after IFF_UP is clear). */
		stat = NVE_STATS_A_UNSPEC;
		reason = SKB_DROP_REASON_DEV_READY;
		goto drop;
	}

	/* The inner Ethernet header must be there before it is pulled. */
	if (unlikely(skb->len < UDP_HLEN + hlen + ETH_HLEN)) {
		stat = NVE_STATS_A_RX_TRUNCATED;
		reason = SKB_DROP_REASON_PKT_TOO_SMALL;
		goto drop;
	}
	if (unlikely(iptunnel_pull_header(skb, UDP_HLEN + hlen,
					  htons(ETH_P_TEB),
					  !net_eq(nve->net, dev_net(dev))))) {
		stat = NVE_STATS_A_UNSPEC;
		reason = SKB_DROP_REASON_NOMEM;
		goto drop;
	}

	skb_reset_mac_header(skb);
	skb->protocol = eth_type_trans(skb, dev);
	skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);

	if (unlikely(rx_is_loop(nve, vni, eth_hdr(skb)->h_source))) {
		stat = NVE_STATS_A_RX_LOOP;
		reason = NVE_DROP_LOOP;
		goto drop;
	}

	/* The outer IP header, as an offset: the pull below may move head. */
	nh = skb_network_header(skb) - skb->head;
	skb_reset_network_header(skb);

	if (unlikely(!pskb_inet_may_pull(skb))) {
		stat = NVE_STATS_A_RX_TRUNCATED;
		reason = SKB_DROP_REASON_HDR_TRUNC;
		goto drop;
	}

	oiph = skb->head + nh;
	if (unlikely(!rx_ecn_decap(vs, oiph, skb))) {
		/* No counter of ours: rx_frame_errors tells. */
		DEV_STATS_INC(dev, rx_frame_errors);
		DEV_STATS_INC(dev, rx_errors);
		reason = NVE_DROP_ECN;
		goto drop_counted;
	}

	switch (nve_move_rx_rcu(nve, skb, vni, marked, oiph, vs->family)) {
	case NVE_RX_PASS:
		break;
	case NVE_RX_TAKEN:
		return 0;
	case NVE_RX_LOOP:
		/* Relayed once already: never again. */
		stat = NVE_STATS_A_RX_REDIRECT_LOOP;
		reason = NVE_DROP_LOOP;
		goto drop;
	}

	len = skb->len;
	if (likely(gro_cells_receive(&nve->gro_cells, skb) == NET_RX_SUCCESS)) {
		dev_sw_netstats_rx_add(dev, len);
		nve_stat_inc(nve, NVE_STATS_A_RX_DECAP);
	}
	return 0;

drop:
	if (nve)
		rx_count_dev(nve, stat);
	else if (stat)
		nve_pcpu_stat_inc(vs->stats, stat);
drop_counted:
	kfree_skb_reason(skb, reason);
	return 0;
}

/*
 * encap_err_lookup: is an ICMP error about a packet we sent ours to take?
 * skb's transport header is the UDP header quoted in the ICMP message.
 */
static int rx_err_lookup(struct sock *sk, struct sk_buff *skb)
{
	struct nve_sock *vs = rcu_dereference_sk_user_data(sk);
	const struct nve_geneve_hdr *gh;
	u32 vni;

	if (!vs)
		return -ENOENT;
	if (!pskb_may_pull(skb, skb_transport_offset(skb) + UDP_HLEN +
			   NVE_HDR_LEN))
		return -EINVAL;

	if (vs->encap == NVE_ENCAP_VXLAN) {
		if (nve_vxlan_parse(rx_hdr(skb), &vni))
			return -EINVAL;
	} else {
		gh = rx_hdr(skb);
		if (gh->ver_opt_len >> NVE_GENEVE_VER_SHIFT)
			return -EINVAL;
		vni = nve_geneve_vni(gh);
	}
	return nve_sock_find_rcu(vs, vni) ? 0 : -ENOENT;
}

/*
 * GRO.  A header GRO can merge over gives its length; 0 sends the packet
 * the slow way, to encap_rcv, which counts and drops what is wrong.
 */
static unsigned int vxlan_gro_hlen(const void *h)
{
	u32 vni;

	return nve_vxlan_parse(h, &vni) ? 0 : sizeof(struct vxlanhdr);
}

static unsigned int geneve_gro_hlen(const void *h)
{
	const struct nve_geneve_hdr *gh = h;

	if ((gh->ver_opt_len >> NVE_GENEVE_VER_SHIFT) ||
	    (gh->flags & (NVE_GENEVE_F_OAM | NVE_GENEVE_F_CRITICAL)) ||
	    gh->proto_type != htons(ETH_P_TEB))
		return 0;
	return nve_geneve_hlen(gh);
}

static struct sk_buff *rx_gro_receive(struct list_head *head,
				      struct sk_buff *skb,
				      unsigned int (*hlen_of)(const void *h))
{
	unsigned int off = skb_gro_offset(skb), hlen;
	struct sk_buff *pp = NULL, *p;
	const u8 *h;
	int flush = 1;

	h = skb_gro_header(skb, off + NVE_HDR_LEN, off);
	if (unlikely(!h))
		goto out;
	hlen = hlen_of(h);
	if (!hlen)
		goto out;
	if (hlen > NVE_HDR_LEN) {
		h = skb_gro_header(skb, off + hlen, off);
		if (unlikely(!h))
			goto out;
	}

	/* Only packets with the same header (VNI, options) are one flow.
	 * The fixed part holds the options' length: compare it first.
	 */
	list_for_each_entry(p, head, list) {
		const u8 *h2 = p->data + off;

		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		if (memcmp(h, h2, NVE_HDR_LEN) ||
		    memcmp(h + NVE_HDR_LEN, h2 + NVE_HDR_LEN,
			   hlen - NVE_HDR_LEN))
			NAPI_GRO_CB(p)->same_flow = 0;
	}

	skb_gro_pull(skb, hlen);
	skb_gro_postpull_rcsum(skb, h, hlen);
	pp = call_gro_receive(eth_gro_receive, head, skb);
	flush = 0;
out:
	skb_gro_flush_final(skb, pp, flush);
	return pp;
}

static struct sk_buff *vxlan_gro_receive(struct sock *sk,
					 struct list_head *head,
					 struct sk_buff *skb)
{
	return rx_gro_receive(head, skb, vxlan_gro_hlen);
}

static struct sk_buff *geneve_gro_receive(struct sock *sk,
					  struct list_head *head,
					  struct sk_buff *skb)
{
	return rx_gro_receive(head, skb, geneve_gro_hlen);
}

/* skb->encapsulation is set: eth_gro_complete sets the inner MAC header. */
static int vxlan_gro_complete(struct sock *sk, struct sk_buff *skb, int nhoff)
{
	return eth_gro_complete(skb, nhoff + sizeof(struct vxlanhdr));
}

static int geneve_gro_complete(struct sock *sk, struct sk_buff *skb,
			       int nhoff)
{
	const struct nve_geneve_hdr *gh = (void *)(skb->data + nhoff);

	return eth_gro_complete(skb, nhoff + nve_geneve_hlen(gh));
}

/**
 * nve_rx_sock_cfg() - the receive callbacks of a socket
 * @encap: the socket's format, &enum nve_encap
 * @cfg: where to set them
 */
void nve_rx_sock_cfg(u8 encap, struct udp_tunnel_sock_cfg *cfg)
{
	cfg->encap_rcv = rx_encap_rcv;
	cfg->encap_err_lookup = rx_err_lookup;
	if (encap == NVE_ENCAP_GENEVE) {
		cfg->gro_receive = geneve_gro_receive;
		cfg->gro_complete = geneve_gro_complete;
	} else {
		cfg->gro_receive = vxlan_gro_receive;
		cfg->gro_complete = vxlan_gro_complete;
	}
}
