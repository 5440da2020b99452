/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nve internals shared between the module's files.  Prototypes are grouped
 * under a comment naming the file that owns them.
 */
#ifndef _NVE_PRIVATE_H
#define _NVE_PRIVATE_H

#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/nve.h>
#include <net/genetlink.h>

#include "compat.h"

#define NVE_VERSION "0.1"

/*
 * Outer headers in front of the inner Ethernet frame: IP, UDP, and the
 * VXLAN or Geneve base header (both 8 bytes), plus the inner Ethernet header
 * which the device's MTU does not count.
 */
#define NVE_HDR_LEN		8
#define NVE_OVERHEAD4		(sizeof(struct iphdr) + sizeof(struct udphdr) + \
				 NVE_HDR_LEN + ETH_HLEN)
#define NVE_OVERHEAD6		(sizeof(struct ipv6hdr) + sizeof(struct udphdr) + \
				 NVE_HDR_LEN + ETH_HLEN)

/* An underlay address, IPv4 or IPv6. */
struct nve_addr {
	union {
		__be32 ip4;
		struct in6_addr ip6;
	};
	sa_family_t family;	/* AF_INET or AF_INET6 */
};

/*
 * struct nve_cfg - a device's configuration, as IFLA_NVE_* sets it.
 *
 * Written under RTNL only.  @vni, @local, @port and @encap define the receive
 * socket and change only while the device is down.
 */
struct nve_cfg {
	u32 vni;
	struct nve_addr local;	/* family set; address may be any */
	__be16 port;
	u8 encap;		/* enum nve_encap */
	u8 ttl;
	u8 tos;
	bool proxy;
	u32 max_entries;
};

/*
 * Per-CPU counters, indexed by enum nve_stats_attr (slot 0 and the pad slot
 * unused), so that netlink reports them without a translation table.
 */
struct nve_pcpu_stats {
	u64_stats_t cnt[__NVE_STATS_A_MAX];
	struct u64_stats_sync syncp;
};

/*
 * struct nve_dev - private data of an nve net_device.
 * @dev: the net_device this is the private part of.
 * @net: the underlay network namespace, where the device was created.
 * @list: in nve_net.dev_list, under RTNL.
 * @cfg: configuration, under RTNL.
 * @stats: per-reason counters (NVE_STATS_A_*), lockless per CPU.
 */
struct nve_dev {
	struct net_device *dev;
	struct net *net;
	struct list_head list;
	struct nve_cfg cfg;
	struct nve_pcpu_stats __percpu *stats;
};

/* Count one event of kind @attr (NVE_STATS_A_*); any context. */
static inline void nve_stat_inc(struct nve_dev *nve, unsigned int attr)
{
	struct nve_pcpu_stats *s = get_cpu_ptr(nve->stats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_inc(&s->cnt[attr]);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
	put_cpu_ptr(nve->stats);
}

/* Per network namespace state. */
struct nve_net {
	struct list_head dev_list;	/* nve_dev.list, under RTNL */
};

/* device.c */
extern unsigned int nve_net_id;
int nve_device_init(void);
void nve_device_uninit(void);
bool nve_dev_is_nve(const struct net_device *dev);
void nve_stats_sum(struct nve_dev *nve, u64 sum[__NVE_STATS_A_MAX]);

/* netlink.c */
extern struct genl_family nve_genl_family;
int nve_genl_init(void);
void nve_genl_uninit(void);

#endif /* _NVE_PRIVATE_H */
