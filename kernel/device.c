// SPDX-License-Identifier: GPL-2.0
/*
 * The nve net_device and its rtnetlink link kind "nve": configuration
 * (IFLA_NVE_*), validation, creation, change and deletion, and the per
 * network namespace list of devices.
 *
 * A device belongs to the underlay namespace it was created from (its
 * @net, like vxlan's): that is where its UDP socket lives.  The device
 * itself may sit in another namespace, but can't move once created.  When
 * the underlay namespace dies, its devices die with it.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>

#include "nve_private.h"

unsigned int nve_net_id __read_mostly;

static const struct nla_policy nve_policy[IFLA_NVE_MAX + 1] = {
	[IFLA_NVE_VNI]		= { .type = NLA_U32 },
	[IFLA_NVE_LOCAL]	= { .type = NLA_BE32 },
	[IFLA_NVE_LOCAL6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IFLA_NVE_PORT]		= { .type = NLA_BE16 },
	[IFLA_NVE_ENCAP]	= { .type = NLA_U8 },
	[IFLA_NVE_TTL]		= { .type = NLA_U8 },
	[IFLA_NVE_TOS]		= { .type = NLA_U8 },
	[IFLA_NVE_MAX_ENTRIES]	= { .type = NLA_U32 },
	[IFLA_NVE_PROXY]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_NVE_REDIRECT_MS]	= { .type = NLA_U32 },
	[IFLA_NVE_REDIRECT_MAX_MS] = { .type = NLA_U32 },
	[IFLA_NVE_HOLD_PKTS]	= { .type = NLA_U32 },
	[IFLA_NVE_HOLD_MS]	= { .type = NLA_U32 },
	[IFLA_NVE_DUP_MOVES]	= { .type = NLA_U32 },
	[IFLA_NVE_DUP_WINDOW]	= { .type = NLA_U32 },
	[IFLA_NVE_DUP_FREEZE]	= { .type = NLA_U32 },
	[IFLA_NVE_ANNOUNCE]	= { .type = NLA_U8 },
	[IFLA_NVE_SPOOF_CHECK]	= NLA_POLICY_MAX(NLA_U8, 1),
};

static struct rtnl_link_ops nve_link_ops;

bool nve_dev_is_nve(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &nve_link_ops;
}

static __be16 nve_default_port(u8 encap)
{
	return htons(encap == NVE_ENCAP_GENEVE ? NVE_GENEVE_PORT :
						 NVE_VXLAN_PORT);
}

static unsigned int nve_overhead(const struct nve_cfg *cfg)
{
	return cfg->local.family == AF_INET6 ? NVE_OVERHEAD6 : NVE_OVERHEAD4;
}

/*
 * Per-attribute checks the policy can't express, each with a message a
 * person can act on.  Runs before anything is changed.
 */
static int nve_validate(struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "MAC address must be 6 bytes");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "MAC address must be unicast and not zero");
			return -EADDRNOTAVAIL;
		}
	}

	if (!data)
		return 0;

	if (data[IFLA_NVE_VNI] && nla_get_u32(data[IFLA_NVE_VNI]) > NVE_VNI_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_VNI],
				    "VNI must be below 16777216");
		return -ERANGE;
	}

	if (data[IFLA_NVE_LOCAL] && data[IFLA_NVE_LOCAL6]) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_LOCAL6],
				    "Local address must be IPv4 or IPv6, not both");
		return -EINVAL;
	}

	if (data[IFLA_NVE_LOCAL]) {
		__be32 ip = nla_get_in_addr(data[IFLA_NVE_LOCAL]);

		if (ipv4_is_multicast(ip) || ipv4_is_lbcast(ip)) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_LOCAL],
					    "Local address must be unicast");
			return -EADDRNOTAVAIL;
		}
	}

	if (data[IFLA_NVE_LOCAL6]) {
		struct in6_addr ip6 = nla_get_in6_addr(data[IFLA_NVE_LOCAL6]);

		if (!IS_ENABLED(CONFIG_IPV6)) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_LOCAL6],
					    "IPv6 underlay needs a kernel with IPv6");
			return -EPFNOSUPPORT;
		}
		if (ipv6_addr_is_multicast(&ip6)) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_LOCAL6],
					    "Local address must be unicast");
			return -EADDRNOTAVAIL;
		}
	}

	if (data[IFLA_NVE_PORT] && !nla_get_be16(data[IFLA_NVE_PORT])) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_PORT],
				    "UDP port must not be 0");
		return -EINVAL;
	}

	if (data[IFLA_NVE_ENCAP]) {
		u8 encap = nla_get_u8(data[IFLA_NVE_ENCAP]);

		if (encap != NVE_ENCAP_VXLAN && encap != NVE_ENCAP_GENEVE) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_ENCAP],
					    "Encapsulation must be vxlan (1) or geneve (2)");
			return -EINVAL;
		}
	}

	/* The mobility limits (NVE_*_LIMIT). */
	if (data[IFLA_NVE_REDIRECT_MS] &&
	    nla_get_u32(data[IFLA_NVE_REDIRECT_MS]) > NVE_REDIRECT_MS_LIMIT) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_REDIRECT_MS],
				    "Redirect time must be at most 3600000 ms");
		return -ERANGE;
	}
	if (data[IFLA_NVE_REDIRECT_MAX_MS] &&
	    nla_get_u32(data[IFLA_NVE_REDIRECT_MAX_MS]) > NVE_REDIRECT_MS_LIMIT) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_REDIRECT_MAX_MS],
				    "Redirect time limit must be at most 3600000 ms");
		return -ERANGE;
	}
	if (data[IFLA_NVE_HOLD_PKTS] &&
	    nla_get_u32(data[IFLA_NVE_HOLD_PKTS]) > NVE_HOLD_PKTS_LIMIT) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_HOLD_PKTS],
				    "Hold queue must be at most 65536 packets");
		return -ERANGE;
	}
	if (data[IFLA_NVE_HOLD_MS] &&
	    nla_get_u32(data[IFLA_NVE_HOLD_MS]) > NVE_HOLD_MS_LIMIT) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_HOLD_MS],
				    "Hold time must be at most 60000 ms");
		return -ERANGE;
	}
	if (data[IFLA_NVE_ANNOUNCE] &&
	    (nla_get_u8(data[IFLA_NVE_ANNOUNCE]) & ~NVE_ANNOUNCE_ALL)) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_ANNOUNCE],
				    "Announcements must be bits of garp (1), na (2) and rarp (4)");
		return -EINVAL;
	}

	/* Duplicate detection: both times within a day. */
	if (data[IFLA_NVE_DUP_WINDOW]) {
		u32 secs = nla_get_u32(data[IFLA_NVE_DUP_WINDOW]);

		if (!secs || secs > NVE_DUP_WINDOW_LIMIT) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_DUP_WINDOW],
					    "Duplicate detection window must be 1 to 86400 s");
			return -ERANGE;
		}
	}
	if (data[IFLA_NVE_DUP_FREEZE] &&
	    nla_get_u32(data[IFLA_NVE_DUP_FREEZE]) > NVE_DUP_WINDOW_LIMIT) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_NVE_DUP_FREEZE],
				    "Freeze time must be at most 86400 s (0: until unfrozen)");
		return -ERANGE;
	}

	return 0;
}

/* The configuration as a whole, once @data is applied to it. */
static int nve_cfg_check(const struct nve_cfg *cfg, struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	if (cfg->redirect_ms > cfg->redirect_max_ms) {
		NL_SET_ERR_MSG_ATTR(extack,
				    data[IFLA_NVE_REDIRECT_MS] ?:
				    data[IFLA_NVE_REDIRECT_MAX_MS],
				    "Redirect time is above redirect-max-ms");
		return -ERANGE;
	}
	return 0;
}

/* Apply the attributes present in @data to @cfg.  Validated already. */
static void nve_cfg_apply(struct nve_cfg *cfg, struct nlattr *data[])
{
	if (data[IFLA_NVE_VNI])
		cfg->vni = nla_get_u32(data[IFLA_NVE_VNI]);
	if (data[IFLA_NVE_LOCAL]) {
		cfg->local.family = AF_INET;
		cfg->local.ip6 = (struct in6_addr){};
		cfg->local.ip4 = nla_get_in_addr(data[IFLA_NVE_LOCAL]);
	}
	if (data[IFLA_NVE_LOCAL6]) {
		cfg->local.family = AF_INET6;
		cfg->local.ip6 = nla_get_in6_addr(data[IFLA_NVE_LOCAL6]);
	}
	if (data[IFLA_NVE_ENCAP]) {
		u8 encap = nla_get_u8(data[IFLA_NVE_ENCAP]);

		/* A port left at the old default follows the encapsulation. */
		if (!data[IFLA_NVE_PORT] &&
		    cfg->port == nve_default_port(cfg->encap))
			cfg->port = nve_default_port(encap);
		cfg->encap = encap;
	}
	if (data[IFLA_NVE_PORT])
		cfg->port = nla_get_be16(data[IFLA_NVE_PORT]);
	if (data[IFLA_NVE_TTL])
		cfg->ttl = nla_get_u8(data[IFLA_NVE_TTL]);
	if (data[IFLA_NVE_TOS])
		cfg->tos = nla_get_u8(data[IFLA_NVE_TOS]);
	if (data[IFLA_NVE_MAX_ENTRIES]) {
		cfg->max_entries = nla_get_u32(data[IFLA_NVE_MAX_ENTRIES]);
		if (!cfg->max_entries)
			cfg->max_entries = NVE_DEFAULT_MAX_ENTRIES;
	}
	if (data[IFLA_NVE_PROXY])
		cfg->proxy = nla_get_u8(data[IFLA_NVE_PROXY]);
	if (data[IFLA_NVE_REDIRECT_MS])
		cfg->redirect_ms = nla_get_u32(data[IFLA_NVE_REDIRECT_MS]);
	if (data[IFLA_NVE_REDIRECT_MAX_MS])
		cfg->redirect_max_ms = nla_get_u32(data[IFLA_NVE_REDIRECT_MAX_MS]);
	if (data[IFLA_NVE_HOLD_PKTS])
		cfg->hold_pkts = nla_get_u32(data[IFLA_NVE_HOLD_PKTS]);
	if (data[IFLA_NVE_HOLD_MS])
		cfg->hold_ms = nla_get_u32(data[IFLA_NVE_HOLD_MS]);
	if (data[IFLA_NVE_DUP_MOVES])
		cfg->dup_moves = nla_get_u32(data[IFLA_NVE_DUP_MOVES]);
	if (data[IFLA_NVE_DUP_WINDOW])
		cfg->dup_window = nla_get_u32(data[IFLA_NVE_DUP_WINDOW]);
	if (data[IFLA_NVE_DUP_FREEZE])
		cfg->dup_freeze = nla_get_u32(data[IFLA_NVE_DUP_FREEZE]);
	if (data[IFLA_NVE_ANNOUNCE])
		cfg->announce = nla_get_u8(data[IFLA_NVE_ANNOUNCE]);
	if (data[IFLA_NVE_SPOOF_CHECK])
		cfg->spoof_check = nla_get_u8(data[IFLA_NVE_SPOOF_CHECK]);
}

/*
 * Cross-device checks: devices of one underlay namespace that share a UDP
 * port and address family share a socket, so they must agree on the
 * encapsulation and differ in VNI.
 */
static int nve_cfg_check_peers(struct net *net, const struct nve_dev *self,
			       const struct nve_cfg *cfg,
			       struct netlink_ext_ack *extack)
{
	struct nve_net *nn = net_generic(net, nve_net_id);
	struct nve_dev *nve;

	ASSERT_RTNL();
	list_for_each_entry(nve, &nn->dev_list, list) {
		if (nve == self || nve->cfg.port != cfg->port ||
		    nve->cfg.local.family != cfg->local.family)
			continue;
		if (nve->cfg.encap != cfg->encap) {
			NL_SET_ERR_MSG_MOD(extack,
					   "UDP port is used by another nve device with another encapsulation");
			return -EADDRINUSE;
		}
		if (nve->cfg.vni == cfg->vni) {
			NL_SET_ERR_MSG_MOD(extack,
					   "VNI is already used by another nve device on this UDP port");
			return -EEXIST;
		}
	}
	return 0;
}

static int nve_open(struct net_device *dev)
{
	struct nve_dev *nve = netdev_priv(dev);
	int err;

	err = nve_sock_attach(nve);
	if (err)
		return err;
	/* Released while the device was down: too late now. */
	nve_hold_flush(nve);
	napi_enable(&nve->hold_napi);
	netif_start_queue(dev);
	return 0;
}

static int nve_stop(struct net_device *dev)
{
	struct nve_dev *nve = netdev_priv(dev);

	netif_stop_queue(dev);
	/* Before the stack flushes what was received for the device. */
	nve_announce_stop(&nve->table);
	nve_sock_detach(nve);
	napi_disable(&nve->hold_napi);
	nve_hold_flush(nve);
	return 0;
}

/* Add the per-CPU counters @stats to @sum. */
void nve_pcpu_stats_add(struct nve_pcpu_stats __percpu *stats,
			u64 sum[__NVE_STATS_A_MAX])
{
	unsigned int cpu, i, start;

	for_each_possible_cpu(cpu) {
		const struct nve_pcpu_stats *s = per_cpu_ptr(stats, cpu);
		u64 v[__NVE_STATS_A_MAX];

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < __NVE_STATS_A_MAX; i++)
				v[i] = u64_stats_read(&s->cnt[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		for (i = 0; i < __NVE_STATS_A_MAX; i++)
			sum[i] += v[i];
	}
}

/*
 * The device's counters, with those its socket keeps for packets no device
 * could be charged with (socket.c).
 */
void nve_stats_sum(struct nve_dev *nve, u64 sum[__NVE_STATS_A_MAX])
{
	memset(sum, 0, sizeof(u64) * __NVE_STATS_A_MAX);
	nve_pcpu_stats_add(nve->stats, sum);
	nve_sock_stats_add(nve, sum);
}

static int nve_dev_init(struct net_device *dev)
{
	struct nve_dev *nve = netdev_priv(dev);
	int err;

	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;

	nve->stats = netdev_alloc_pcpu_stats(struct nve_pcpu_stats);
	if (!nve->stats) {
		free_percpu(dev->tstats);
		return -ENOMEM;
	}

	err = gro_cells_init(&nve->gro_cells, dev);
	if (err) {
		free_percpu(nve->stats);
		free_percpu(dev->tstats);
		return err;
	}

	err = nve_table_init(&nve->table, &nve->cfg);
	if (err) {
		gro_cells_destroy(&nve->gro_cells);
		free_percpu(nve->stats);
		free_percpu(dev->tstats);
		return err;
	}
	skb_queue_head_init(&nve->released);
	netif_napi_add(dev, &nve->hold_napi, nve_hold_poll);
	return 0;
}

/* Called once per device on unregister, under RTNL. */
static void nve_dev_uninit(struct net_device *dev)
{
	struct nve_dev *nve = netdev_priv(dev);

	list_del(&nve->list);
	/*
	 * Unregistering unlisted and closed the device, then called
	 * synchronize_net() before ndo_uninit: no reader sees the table now.
	 */
	nve_table_uninit(&nve->table);
	netif_napi_del(&nve->hold_napi);
	nve_hold_flush(nve);
	gro_cells_destroy(&nve->gro_cells);
	free_percpu(nve->stats);
	free_percpu(dev->tstats);
}

static const struct net_device_ops nve_netdev_ops = {
	.ndo_init		= nve_dev_init,
	.ndo_uninit		= nve_dev_uninit,
	.ndo_open		= nve_open,
	.ndo_stop		= nve_stop,
	.ndo_start_xmit		= nve_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static const struct device_type nve_type = {
	.name = "nve",
};

static void nve_setup(struct net_device *dev)
{
	struct nve_dev *nve = netdev_priv(dev);

	ether_setup(dev);
	eth_hw_addr_random(dev);
	dev->netdev_ops = &nve_netdev_ops;
	dev->needs_free_netdev = true;
	SET_NETDEV_DEVTYPE(dev, &nve_type);
	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	/* Offloads as vxlan's: the UDP tunnel helpers segment and checksum. */
	dev->features |= NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_FRAGLIST |
			 NETIF_F_RXCSUM | NETIF_F_GSO_SOFTWARE;
	dev->hw_features |= NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_FRAGLIST |
			    NETIF_F_RXCSUM | NETIF_F_GSO_SOFTWARE;
	dev->vlan_features = dev->features;
	netif_keep_dst(dev);
	nve_compat_set_lltx(dev);
	nve_compat_set_netns_local(dev);
	dev->min_mtu = ETH_MIN_MTU;

	nve->dev = dev;
	INIT_LIST_HEAD(&nve->list);
	nve->cfg = (struct nve_cfg) {
		.local.family = AF_INET,
		.encap = NVE_ENCAP_VXLAN,
		.port = htons(NVE_VXLAN_PORT),
		.max_entries = NVE_DEFAULT_MAX_ENTRIES,
		.redirect_ms = NVE_DEFAULT_REDIRECT_MS,
		.redirect_max_ms = NVE_DEFAULT_REDIRECT_MAX_MS,
		.hold_pkts = NVE_DEFAULT_HOLD_PKTS,
		.hold_ms = NVE_DEFAULT_HOLD_MS,
		.dup_moves = NVE_DEFAULT_DUP_MOVES,
		.dup_window = NVE_DEFAULT_DUP_WINDOW,
	};
	nve_spoof_init(nve);
}

static int nve_newlink(struct net *src_net, struct net_device *dev,
		       struct nlattr *tb[], struct nlattr *data[],
		       struct netlink_ext_ack *extack)
{
	struct nve_net *nn = net_generic(src_net, nve_net_id);
	struct nve_dev *nve = netdev_priv(dev);
	struct nve_cfg cfg = nve->cfg;
	unsigned int max_mtu;
	int err;

	if (data) {
		nve_cfg_apply(&cfg, data);
		err = nve_cfg_check(&cfg, data, extack);
		if (err)
			return err;
	}

	err = nve_cfg_check_peers(src_net, NULL, &cfg, extack);
	if (err)
		return err;

	max_mtu = IP_MAX_MTU - nve_overhead(&cfg);
	if (tb[IFLA_MTU]) {
		if (nla_get_u32(tb[IFLA_MTU]) > max_mtu) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_MTU],
					    "MTU too large for the encapsulation");
			return -EINVAL;
		}
	} else {
		dev->mtu = ETH_DATA_LEN - nve_overhead(&cfg);
	}
	dev->max_mtu = max_mtu;
	dev->needed_headroom = nve_overhead(&cfg) + LL_MAX_HEADER;

	nve->net = src_net;
	nve->cfg = cfg;

	err = register_netdevice(dev);
	if (err)
		return err;

	list_add_tail(&nve->list, &nn->dev_list);
	return 0;
}

static int nve_changelink(struct net_device *dev, struct nlattr *tb[],
			  struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	struct nve_dev *nve = netdev_priv(dev);
	struct nve_cfg cfg = nve->cfg;
	int err;

	if (!data)
		return 0;

	nve_cfg_apply(&cfg, data);
	err = nve_cfg_check(&cfg, data, extack);
	if (err)
		return err;

	if (netif_running(dev) &&
	    (cfg.vni != nve->cfg.vni || cfg.port != nve->cfg.port ||
	     cfg.encap != nve->cfg.encap ||
	     cfg.local.family != nve->cfg.local.family ||
	     !ipv6_addr_equal(&cfg.local.ip6, &nve->cfg.local.ip6))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Set the device down to change its VNI, local address, port or encapsulation");
		return -EBUSY;
	}

	if (cfg.local.family != nve->cfg.local.family && !tb[IFLA_MTU]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Changing the underlay address family needs an explicit MTU");
		return -EINVAL;
	}

	err = nve_cfg_check_peers(nve->net, nve, &cfg, extack);
	if (err)
		return err;

	/* Last check: max-entries, and VNI and family against the table. */
	err = nve_table_reconfig(&nve->table, &cfg, extack);
	if (err)
		return err;

	nve->cfg = cfg;
	dev->max_mtu = IP_MAX_MTU - nve_overhead(&cfg);
	dev->needed_headroom = nve_overhead(&cfg) + LL_MAX_HEADER;
	return 0;
}

static size_t nve_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u32)) +		/* IFLA_NVE_VNI */
	       nla_total_size(sizeof(struct in6_addr)) + /* IFLA_NVE_LOCAL{,6} */
	       nla_total_size(sizeof(__be16)) +		/* IFLA_NVE_PORT */
	       /* ENCAP, TTL, TOS, PROXY, ANNOUNCE, SPOOF_CHECK */
	       nla_total_size(sizeof(u8)) * 6 +
	       nla_total_size(sizeof(u32)) +		/* IFLA_NVE_MAX_ENTRIES */
	       nla_total_size(sizeof(u32)) * 4 +	/* REDIRECT_*, HOLD_* */
	       nla_total_size(sizeof(u32)) * 3;	/* DUP_* */
}

static int nve_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct nve_dev *nve = netdev_priv(dev);
	const struct nve_cfg *cfg = &nve->cfg;

	if (nla_put_u32(skb, IFLA_NVE_VNI, cfg->vni) ||
	    nla_put_be16(skb, IFLA_NVE_PORT, cfg->port) ||
	    nla_put_u8(skb, IFLA_NVE_ENCAP, cfg->encap) ||
	    nla_put_u8(skb, IFLA_NVE_TTL, cfg->ttl) ||
	    nla_put_u8(skb, IFLA_NVE_TOS, cfg->tos) ||
	    nla_put_u32(skb, IFLA_NVE_MAX_ENTRIES, cfg->max_entries) ||
	    nla_put_u8(skb, IFLA_NVE_PROXY, cfg->proxy) ||
	    nla_put_u32(skb, IFLA_NVE_REDIRECT_MS, cfg->redirect_ms) ||
	    nla_put_u32(skb, IFLA_NVE_REDIRECT_MAX_MS, cfg->redirect_max_ms) ||
	    nla_put_u32(skb, IFLA_NVE_HOLD_PKTS, cfg->hold_pkts) ||
	    nla_put_u32(skb, IFLA_NVE_HOLD_MS, cfg->hold_ms) ||
	    nla_put_u32(skb, IFLA_NVE_DUP_MOVES, cfg->dup_moves) ||
	    nla_put_u32(skb, IFLA_NVE_DUP_WINDOW, cfg->dup_window) ||
	    nla_put_u32(skb, IFLA_NVE_DUP_FREEZE, cfg->dup_freeze) ||
	    nla_put_u8(skb, IFLA_NVE_ANNOUNCE, cfg->announce) ||
	    nla_put_u8(skb, IFLA_NVE_SPOOF_CHECK, cfg->spoof_check))
		return -EMSGSIZE;

	if (cfg->local.family == AF_INET6) {
		if (nla_put_in6_addr(skb, IFLA_NVE_LOCAL6, &cfg->local.ip6))
			return -EMSGSIZE;
	} else if (nla_put_in_addr(skb, IFLA_NVE_LOCAL, cfg->local.ip4)) {
		return -EMSGSIZE;
	}
	return 0;
}

static struct net *nve_get_link_net(const struct net_device *dev)
{
	const struct nve_dev *nve = netdev_priv(dev);

	return nve->net;
}

static struct rtnl_link_ops nve_link_ops __read_mostly = {
	.kind		= "nve",
	.maxtype	= IFLA_NVE_MAX,
	.policy		= nve_policy,
	.priv_size	= sizeof(struct nve_dev),
	.setup		= nve_setup,
	.validate	= nve_validate,
	.newlink	= nve_newlink,
	.changelink	= nve_changelink,
	.get_size	= nve_get_size,
	.fill_info	= nve_fill_info,
	.get_link_net	= nve_get_link_net,
};

static int __net_init nve_net_init(struct net *net)
{
	struct nve_net *nn = net_generic(net, nve_net_id);

	INIT_LIST_HEAD(&nn->dev_list);
	INIT_LIST_HEAD(&nn->sock_list);
	return 0;
}

/*
 * The underlay namespaces are going away: so do the devices whose sockets
 * live there, wherever the devices themselves sit.  The core then also
 * deletes devices that sit in a dying namespace; queueing one twice is
 * harmless (list_move), and nve_dev_uninit() runs once.
 */
static void __net_exit nve_net_exit_batch_rtnl(struct list_head *net_list,
					       struct list_head *dev_kill_list)
{
	struct nve_dev *nve;
	struct net *net;

	list_for_each_entry(net, net_list, exit_list) {
		struct nve_net *nn = net_generic(net, nve_net_id);

		list_for_each_entry(nve, &nn->dev_list, list)
			unregister_netdevice_queue(nve->dev, dev_kill_list);
	}
}

static struct pernet_operations nve_net_ops = {
	.init		 = nve_net_init,
	.exit_batch_rtnl = nve_net_exit_batch_rtnl,
	.id		 = &nve_net_id,
	.size		 = sizeof(struct nve_net),
};

int __init nve_device_init(void)
{
	int err;

	err = register_pernet_device(&nve_net_ops);
	if (err)
		return err;

	err = rtnl_link_register(&nve_link_ops);
	if (err)
		goto err_link;

	return 0;

err_link:
	unregister_pernet_device(&nve_net_ops);
	return err;
}

void nve_device_uninit(void)
{
	/* Deletes every nve device in every namespace. */
	rtnl_link_unregister(&nve_link_ops);
	unregister_pernet_device(&nve_net_ops);
}
