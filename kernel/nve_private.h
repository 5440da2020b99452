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
#include <linux/rhashtable-types.h>
#include <net/dst_cache.h>
#include <net/genetlink.h>
#include <net/gro_cells.h>

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
 * The location table (table.c).  One per device, so one VN: every key's
 * VNI is the device's, but the key carries it so that lookups and dumps
 * stay right if a device ever serves several VNs.
 *
 * Locking: readers (the data path) hold rcu_read_lock; every change takes
 * nve_table.lock (spin_lock_bh: the data path may change entries too, for
 * mobility), and freeing goes through RCU.
 */
struct nve_key {
	u32 vni;
	u8 mac[ETH_ALEN];
	u16 pad;		/* zero: part of the hashed key */
};

/*
 * struct nve_remote - a remote NVE as mappings and flood lists point to it.
 * Shared by every entry that sends to the same (address, port, VNI), so
 * that one dst cache serves them all and an entry stays small.  Refcounted;
 * freed through RCU once the last entry or flood list lets go.
 */
struct nve_remote {
	struct nve_addr addr;
	__be16 port;		/* 0: the device's port */
	u32 vni;		/* VNI sent; the device's unless overridden */
	refcount_t refcnt;
	struct dst_cache dst_cache;
	struct rhash_head node;	/* in nve_table.remotes, under lock */
	struct rcu_head rcu;
};

/*
 * struct nve_entry - one (VNI, MAC) mapping.
 * @remote: where the VM is; NULL when it is local (behind our bridge).
 *	RCU; written under the table lock.
 * @seq, @flags, @created, @updated: under the table lock.
 * @used: jiffies of the last frame sent through the entry; data path,
 *	lockless (READ_ONCE/WRITE_ONCE).
 * @hits: frames sent through the entry; data path, lockless.
 */
struct nve_entry {
	struct rhash_head node;
	struct nve_key key;
	u32 seq;
	u32 flags;		/* NVE_MAP_F_* */
	struct nve_remote __rcu *remote;
	unsigned long created;
	unsigned long updated;
	unsigned long used;
	atomic64_t hits;
	struct rcu_head rcu;
};

/* A VN's flood list: copied and replaced whole under the table lock. */
struct nve_flood {
	unsigned int n;
	struct rcu_head rcu;
	struct nve_remote *remotes[];
};

struct nve_table {
	struct rhashtable entries;	/* nve_entry by nve_key */
	struct rhashtable remotes;	/* nve_remote, deduplicated */
	struct rhashtable binds;	/* (VNI, IP) -> MAC bindings */
	struct nve_flood __rcu *flood;
	spinlock_t lock;		/* the writer lock: every change */
	u32 count;			/* entries; under lock */
	u32 gen;			/* bumped by every change; dumps */
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
 * @table: the location table, bindings and flood list (table.c).
 * @sock: the shared UDP socket while the device is up (socket.c); RCU.
 * @vni_node: in the socket's VNI hash, under RTNL; RCU readers.
 * @gro_cells: receive hand-off (rx.c).
 */
struct nve_dev {
	struct net_device *dev;
	struct net *net;
	struct list_head list;
	struct nve_cfg cfg;
	struct nve_pcpu_stats __percpu *stats;
	struct nve_table table;
	struct nve_sock __rcu *sock;
	struct hlist_node vni_node;
	struct gro_cells gro_cells;
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

/* table.c: see the comment above struct nve_key for the locking rules */
int nve_table_init(struct nve_table *t);
void nve_table_uninit(struct nve_table *t);	/* after synchronize_net() */
struct nve_entry *nve_table_lookup_rcu(struct nve_table *t, u32 vni,
				       const u8 *mac);
bool nve_bind_lookup4_rcu(struct nve_table *t, u32 vni, __be32 ip, u8 *mac);
bool nve_bind_lookup6_rcu(struct nve_table *t, u32 vni,
			  const struct in6_addr *ip, u8 *mac);
/* Serial number arithmetic (RFC 1982): is @a older than @b? */
static inline bool nve_seq_before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

/* socket.c */
struct nve_sock;
int nve_sock_attach(struct nve_dev *nve);	/* ndo_open, RTNL */
void nve_sock_detach(struct nve_dev *nve);	/* ndo_stop, RTNL */

/* tx.c */
netdev_tx_t nve_xmit(struct sk_buff *skb, struct net_device *dev);

/* netlink.c */
extern struct genl_family nve_genl_family;
int nve_genl_init(void);
void nve_genl_uninit(void);
void nve_nl_notify_miss(struct nve_dev *nve, u32 vni, const u8 *mac);

#endif /* _NVE_PRIVATE_H */
