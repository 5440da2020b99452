/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nve internals shared between the module's files.  Prototypes are grouped
 * under a comment naming the file that owns them.
 */
#ifndef _NVE_PRIVATE_H
#define _NVE_PRIVATE_H

#include <linux/in6.h>
#include <linux/kfifo.h>
#include <linux/netdevice.h>
#include <linux/nve.h>
#include <linux/ratelimit.h>
#include <linux/rhashtable-types.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
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
	u32 redirect_ms;	/* mobility: IFLA_NVE_REDIRECT_MS ... */
	u32 redirect_max_ms;
	u32 hold_pkts;
	u32 hold_ms;
	u32 dup_moves;		/* duplicate detection: IFLA_NVE_DUP_* */
	u32 dup_window;		/* seconds */
	u32 dup_freeze;		/* seconds, 0: until NVE_CMD_UNFREEZE */
	u8 announce;		/* enum nve_announce bits */
	bool spoof_check;	/* IFLA_NVE_SPOOF_CHECK; data path: READ_ONCE */
};

/*
 * The location table (table.c).  One per device, so one VN: every key's
 * VNI is the device's, but the key carries it so that lookups and dumps
 * stay right if a device ever serves several VNs.
 *
 * Locking: readers (the data path, netlink gets and dumps) hold
 * rcu_read_lock; every change takes nve_table.lock (spin_lock_bh: the data
 * path may change entries too, for mobility), and freeing goes through RCU.
 * Functions with an _rcu suffix need rcu_read_lock; their unsuffixed twins
 * in table.c assert the lock with lockdep.
 *
 * Lifetime: the table lives from ndo_init to ndo_uninit.  Unregistering
 * unlists the device and calls synchronize_net() before ndo_uninit, so an
 * RCU reader that found the device listed (dev_get_by_index_rcu() in the
 * same read-side section) or runs in its data path may use the table until
 * rcu_read_unlock.  Writers check @dead under the lock.
 */
struct nve_key {
	u32 vni;
	u8 mac[ETH_ALEN];
	u16 pad;		/* zero: part of the hashed key */
};

/*
 * struct nve_remote - a remote NVE as mappings and flood lists point to it.
 * Shared by every entry that sends to the same (address, port, VNI), so
 * that one dst cache serves them all and an entry stays small.  Refcounted
 * under the table lock; freed through RCU once the last entry or flood list
 * lets go.  @addr, @port and @vni never change: they are the hashed key
 * (struct nve_remote_key, padding zeroed).
 */
struct nve_remote {
	struct_group_tagged(nve_remote_key, key,
		struct nve_addr addr;
		__be16 port;	/* 0: the device's port */
		u16 pad;	/* zero */
		u32 vni;	/* VNI sent; the device's unless overridden */
	);
	refcount_t refcnt;	/* entries and flood lists; under lock */
	struct rhash_head node;	/* in nve_table.remotes, under lock */
	struct dst_cache dst_cache;
	struct rcu_head rcu;
};

/*
 * struct nve_entry - one (VNI, MAC) mapping, 88 bytes from a dedicated
 * kmem_cache (see nve_table_entry_size()).
 * @key: never changes once the entry is in the table.
 * @remote: where the VM is; NULL when it is local (behind our bridge).
 *	RCU; written under the table lock.  Holds a reference.
 * @seq, @flags, @created, @updated: under the table lock; readers see them
 *	through READ_ONCE in snapshots.  @flags holds NVE_MAP_F_* and the
 *	internal NVE_ENTRY_F_* bits, among them the mobility state.
 * @motion: while the entry moves (PENDING or REDIRECT), the id of its
 *	struct nve_motion in nve_table.motions, else 0; under the table lock,
 *	READ_ONCE on the data path.  An id, not a pointer, so that it fits
 *	the hole after @flags and the entry stays 88 bytes.
 * @used: jiffies of the last frame sent through the entry, 0 if none; data
 *	path, lockless (READ_ONCE/WRITE_ONCE).
 * @hits: frames sent through the entry; data path, lockless.
 */
struct nve_entry {
	struct rhash_head node;
	struct nve_key key;
	u32 seq;
	u32 flags;
	u32 motion;
	struct nve_remote __rcu *remote;
	unsigned long created;
	unsigned long updated;
	unsigned long used;
	atomic64_t hits;
	struct rcu_head rcu;
};

/* nve_entry.flags bits of the table's own, above the NVE_MAP_F_* ones. */
#define NVE_ENTRY_F_SEQ		BIT(31)	/* @seq was set by an update */
#define NVE_ENTRY_F_PENDING	BIT(30)	/* local, the VM not here yet */
#define NVE_ENTRY_F_REDIRECT	BIT(29)	/* remote, relaying for a while */
#define NVE_ENTRY_F_MOVING	(NVE_ENTRY_F_PENDING | NVE_ENTRY_F_REDIRECT)
#define NVE_MAP_F_ALL		(NVE_MAP_F_STATIC | NVE_MAP_F_STICKY)

/*
 * A (VNI, IP) -> MAC binding for proxy ARP and ND.  An IPv4 address sits in
 * the first four bytes of @ip, the rest zero.
 */
struct nve_bind_key {
	struct in6_addr ip;
	u32 vni;
	u16 family;		/* AF_INET or AF_INET6 */
	u16 pad;		/* zero */
};

struct nve_bind {
	struct rhash_head node;
	struct nve_bind_key key;
	u8 mac[ETH_ALEN];	/* written under the table lock; RCU readers */
	struct rcu_head rcu;
};

/*
 * A VN's flood list: copied and replaced whole under the table lock, freed
 * through RCU.  Each listed remote holds a reference.
 */
struct nve_flood {
	unsigned int n;
	struct rcu_head rcu;
	struct nve_remote *remotes[];
};

/*
 * struct nve_announcer - the announcements of activated VMs (announce.c).
 * @fifo: what to announce for whom; put under the table lock by the
 *	activations (one producer at a time), taken by @work alone, so the
 *	kfifo needs no lock of its own.  Full: the request is dropped.
 * @work: builds and sends them, in process context.
 * @rs: the rate limit of the frames sent, per device.
 */
#define NVE_ANNOUNCE_QUEUE	64	/* requests waiting, a power of 2 */
struct nve_announce_req {
	u8 mac[ETH_ALEN];
	u8 what;		/* enum nve_announce bits */
	u8 pad;
};

struct nve_announcer {
	DECLARE_KFIFO(fifo, struct nve_announce_req, NVE_ANNOUNCE_QUEUE);
	struct work_struct work;
	struct ratelimit_state rs;
};

/*
 * struct nve_table - a device's location table, bindings and flood list.
 * @entries, @remotes, @binds: rhashtables; changed under @lock.
 * @flood: the flood list, NULL when empty; RCU, replaced under @lock.
 * @lock: the writer lock, for every change of the table.
 * @dead: set under @lock by nve_table_uninit(); writers give up.
 * @count, @nbinds, @nremotes: object counts, under @lock (READ_ONCE to
 *	read without it).
 * @max_entries, @vni, @family: the device configuration the table
 *	enforces, copied from nve_cfg under @lock by nve_table_reconfig().
 * @gen: bumped by every change; dumps report NLM_F_DUMP_INTR when it moved.
 * @miss_rs: rate limit of NVE_CMD_MISS events (netlink_table.c).
 * @motions: the struct nve_motion of the moving entries, by id (move.c);
 *	changed under @lock, read under RCU.
 * @nmoving, @npending: entries PENDING or REDIRECT, and PENDING; under
 *	@lock, READ_ONCE on the data path, which skips mobility when 0.
 * @timer: fires at the next redirect deadline or held frame expiry.
 * @stale_rs: rate limit of NVE_CMD_STALE_SENDER events.
 * @redirect_ms, @redirect_max_ms, @hold_pkts, @hold_ms, @dup_moves,
 *	@dup_window, @dup_freeze, @announce: copies of nve_cfg's under @lock,
 *	by nve_table_reconfig().
 * @ann: the announcements waiting to be sent (announce.c).
 */
struct nve_table {
	struct rhashtable entries;
	struct rhashtable remotes;
	struct rhashtable binds;
	struct nve_flood __rcu *flood;
	spinlock_t lock;		/* the writer lock */
	bool dead;
	u32 count;
	u32 nbinds;
	u32 nremotes;
	u32 max_entries;
	u32 vni;
	sa_family_t family;
	u32 gen;
	struct ratelimit_state miss_rs;
	struct xarray motions;
	u32 motion_next;		/* xa_alloc_cyclic() */
	u32 nmoving;
	u32 npending;
	struct timer_list timer;
	struct ratelimit_state stale_rs;
	u32 redirect_ms;
	u32 redirect_max_ms;
	u32 hold_pkts;
	u32 hold_ms;
	u32 dup_moves;
	u32 dup_window;
	u32 dup_freeze;
	u8 announce;
	struct nve_announcer ann;
};

/*
 * struct nve_motion - the state of a moving entry (move.c, hold.c),
 * allocated on a move or prepare and freed through RCU when the entry
 * settles and duplicate detection has nothing left to remember of it (no
 * move in an open window, not frozen), so that entries at rest carry
 * nothing of it.
 * @entry: the entry; constant.  Readers that found the motion by the
 *	entry's id check it (ids are reused).
 * @deadline: REDIRECT: jiffies when it becomes a plain remote mapping.
 * @redirect_ms: REDIRECT: the redirect time the move asked for.
 * @hold_pkts, @hold_ms: PENDING: the hold limits; under the table lock.
 * @announce, @has_announce: PENDING: what to announce at activation, if
 *	the prepare said (else the device's); under the table lock.
 * @held: PENDING: frames held, oldest first, under the table lock (its own
 *	lock unused); each one's arrival jiffies in its cb.
 * @redirects: REDIRECT: frames relayed; lockless.
 * @stale_at, @stale_hash: the last NVE_CMD_STALE_SENDER event (jiffies)
 *	and its sender (hashed); lockless, a lost race costs an event more.
 * @moves, @window, @frozen, @thaws, @thaw: duplicate detection (move.c):
 *	the moves counted since @window (jiffies), and whether the entry is
 *	frozen, until @thaw if @thaws.  Under the table lock; snapshots read
 *	@moves and @frozen with READ_ONCE.
 */
struct nve_motion {
	struct nve_entry *entry;
	u32 id;
	u32 redirect_ms;
	u32 hold_pkts;
	u32 hold_ms;
	u8 announce;
	bool has_announce;
	unsigned long deadline;
	struct sk_buff_head held;
	atomic64_t redirects;
	unsigned long stale_at;
	u32 stale_hash;
	u32 moves;
	bool frozen;
	bool thaws;
	unsigned long window;
	unsigned long thaw;
	struct rcu_head rcu;
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
 * @hold_napi: hands up the frames a PENDING entry held, once it activates,
 *	a budget at a time (hold.c); enabled while the device is up.
 * @released: those frames, in order; its own lock.
 * @spoof_rs: rate limit of NVE_CMD_SPOOFED events (spoof.c).
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
	struct napi_struct hold_napi;
	struct sk_buff_head released;
	struct ratelimit_state spoof_rs;
};

static inline struct nve_dev *nve_table_dev(struct nve_table *t)
{
	return container_of(t, struct nve_dev, table);
}

static inline struct nve_table *nve_dev_table(struct net_device *dev)
{
	struct nve_dev *nve = netdev_priv(dev);

	return &nve->table;
}

/* Count one event of kind @attr (NVE_STATS_A_*) in @stats; any context. */
static inline void nve_pcpu_stat_inc(struct nve_pcpu_stats __percpu *stats,
				     unsigned int attr)
{
	struct nve_pcpu_stats *s = get_cpu_ptr(stats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_inc(&s->cnt[attr]);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
	put_cpu_ptr(stats);
}

/* Count one event of kind @attr (NVE_STATS_A_*) on @nve; any context. */
static inline void nve_stat_inc(struct nve_dev *nve, unsigned int attr)
{
	nve_pcpu_stat_inc(nve->stats, attr);
}

/* Per network namespace state. */
struct nve_net {
	struct list_head dev_list;	/* nve_dev.list, under RTNL */
	struct list_head sock_list;	/* nve_sock.list, under RTNL */
};

/* device.c */
extern unsigned int nve_net_id;
int nve_device_init(void);
void nve_device_uninit(void);
bool nve_dev_is_nve(const struct net_device *dev);
void nve_stats_sum(struct nve_dev *nve, u64 sum[__NVE_STATS_A_MAX]);
void nve_pcpu_stats_add(struct nve_pcpu_stats __percpu *stats,
			u64 sum[__NVE_STATS_A_MAX]);

/*
 * table.c: see the comment above struct nve_key for the locking rules.
 * The nve_map_*, nve_bind_* and nve_flood_* changers take the table lock
 * themselves and may sleep (allocations outside the lock).
 */
#define NVE_VNI_DEFAULT		U32_MAX	/* request: the device's VNI */
#define NVE_FLOOD_MAX		NVE_FLOOD_MAX_REMOTES
#define NVE_MAP_UNCHANGED	1	/* nve_map_set(): equal seq, no-op */
#define NVE_MOTION_NEEDED	3	/* no spare motion (move.c) */
/* NVE_CMD_MISS events: at most NVE_MISS_BURST per NVE_MISS_INTERVAL. */
#define NVE_MISS_INTERVAL	HZ
#define NVE_MISS_BURST		100

/* A mapping as netlink carries it: a request, or a snapshot of an entry. */
struct nve_map {
	struct nve_key key;		/* vni may be NVE_VNI_DEFAULT */
	bool local;			/* else at @rkey */
	bool has_seq;
	struct nve_remote_key rkey;	/* vni may be NVE_VNI_DEFAULT */
	u32 flags;			/* NVE_MAP_F_* */
	u32 seq;
	/* snapshots only: jiffies (0: never used) and the hit count */
	unsigned long created;
	unsigned long updated;
	unsigned long used;
	u64 hits;
	/* mobility: requests (MOVE) and snapshots */
	u8 state;			/* enum nve_map_state */
	u8 mode;			/* enum nve_move_mode, if @has_mode */
	bool has_mode;
	bool has_redirect_ms;
	u32 redirect_ms;
	unsigned long deadline;		/* REDIRECT: jiffies */
	u64 redirects;
	u32 held;
	bool show_redirects;		/* events: carry @redirects, @held */
	bool show_held;
	bool has_sender;		/* NVE_CMD_STALE_SENDER */
	bool dup_refused;		/* a refused move: send NVE_CMD_FROZEN */
	struct nve_addr sender;
	bool has_hold_pkts;		/* PREPARE; PENDING snapshots */
	bool has_hold_ms;
	bool frozen;			/* duplicate detection: snapshots */
	u32 hold_pkts;
	u32 hold_ms;
	u32 moves;			/* in the window */
	u32 frozen_secs;		/* left, rounded up; 0: until unfrozen */
	bool has_announce;		/* PREPARE; PENDING snapshots */
	u8 announce;			/* enum nve_announce */
};

/* Which mappings nve_map_flush() deletes: all, or those matching. */
struct nve_map_filter {
	bool has_vni;
	bool has_addr;			/* remote underlay address */
	bool local;			/* local mappings only */
	u32 vni;
	struct nve_addr addr;
};

/* Objects allocated outside the lock, carried across a request's nests. */
struct nve_map_spare {
	struct nve_entry *entry;
	struct nve_remote *remote;
	struct nve_motion *motion;
};

/*
 * A resumable walk of an rhashtable (dumps, flush): a position in one
 * bucket table, whose identity is kept only to notice a resize (never
 * dereferenced), and how often the walk had to restart.
 */
struct nve_cursor {
	unsigned long tbl;
	u32 hash_rnd;
	u32 bucket;
	u32 skip;
	u32 restarts;
};

/*
 * A walk callback returns NVE_WALK_NEXT to move on, NVE_WALK_GONE when it
 * removed the object (the position stays), or a negative error to stop
 * before the object, which the next walk revisits.
 */
#define NVE_WALK_NEXT		0
#define NVE_WALK_GONE		1
typedef int (*nve_map_walk_fn)(const struct nve_map *m, void *arg);
typedef int (*nve_bind_walk_fn)(const struct nve_bind_key *key,
				const u8 *mac, void *arg);
typedef void (*nve_map_flushed_fn)(struct nve_table *t,
				   const struct nve_map *m, void *arg);

int nve_entry_cache_init(void);
void nve_entry_cache_uninit(void);
int nve_table_init(struct nve_table *t, const struct nve_cfg *cfg);
void nve_table_uninit(struct nve_table *t);	/* after synchronize_net() */
int nve_table_reconfig(struct nve_table *t, const struct nve_cfg *cfg,
		       struct netlink_ext_ack *extack);
bool nve_table_live_rcu(struct nve_table *t);
int nve_table_check_live(struct nve_table *t, struct netlink_ext_ack *extack);
void nve_table_changed(struct nve_table *t);
u32 nve_table_gen(const struct nve_table *t);
u32 nve_table_count(const struct nve_table *t);
u32 nve_table_entry_size(struct nve_table *t);
void nve_table_settle(struct nve_table *t);
int nve_table_walk_rcu(struct rhashtable *ht, struct nve_cursor *c,
		       int (*fn)(void *obj, void *arg), void *arg);

#define NVE_REMOTE_NEEDED	2	/* nve_remote_get(): no spare */
void nve_remote_key_make(struct nve_remote_key *k, const struct nve_addr *addr,
			 __be16 port, u32 vni);
struct nve_remote *nve_remote_alloc(void);
void nve_remote_free(struct nve_remote *r);
int nve_remote_get(struct nve_table *t, const struct nve_remote_key *key,
		   struct nve_remote **spare, struct nve_remote **out,
		   struct netlink_ext_ack *extack);
void nve_remote_put(struct nve_table *t, struct nve_remote *r);

struct nve_entry *nve_table_lookup_rcu(struct nve_table *t, u32 vni,
				       const u8 *mac);
int nve_map_set(struct nve_table *t, struct nve_map *m, u16 nlflags,
		struct nve_map_spare *spare, struct netlink_ext_ack *extack);
void nve_map_spare_free(struct nve_map_spare *spare);
int nve_map_del(struct nve_table *t, struct nve_map *m, bool match_location,
		struct netlink_ext_ack *extack);
int nve_map_get_rcu(struct nve_table *t, struct nve_map *m);
int nve_map_walk_rcu(struct nve_table *t, struct nve_cursor *c,
		     nve_map_walk_fn fn, void *arg);
int nve_map_flush(struct nve_table *t, const struct nve_map_filter *f,
		  nve_map_flushed_fn fn, void *arg, u32 *count);

/* table.c, for move.c: under the lock */
int nve_map_resolve(struct nve_table *t, struct nve_map *m,
		    struct nve_remote_key *rk, struct netlink_ext_ack *extack);
struct nve_entry *nve_entry_find(struct nve_table *t,
				 const struct nve_key *key);
struct nve_remote *nve_entry_remote(struct nve_table *t,
				    const struct nve_entry *e);
int nve_entry_create(struct nve_table *t, const struct nve_map *m,
		     const struct nve_remote_key *rk, u16 nlflags,
		     struct nve_map_spare *spare,
		     struct netlink_ext_ack *extack);
void nve_entry_snapshot(const struct nve_entry *e,
			const struct nve_remote *r, struct nve_map *m);
int nve_entry_unlink(struct nve_table *t, struct nve_entry *e);
struct nve_entry *nve_entry_alloc(void);
void nve_entry_cache_free(struct nve_entry *e);

/*
 * move.c: mobility (NVE_CMD_MOVE, PREPARE, ACTIVATE), the motions' timer,
 * and the data path's part of it.
 */
enum nve_rx_verdict {
	NVE_RX_PASS,		/* deliver as usual */
	NVE_RX_TAKEN,		/* relayed, held or dropped and counted */
	NVE_RX_LOOP,		/* marked, not ours: drop, RX_REDIRECT_LOOP */
};

void nve_move_init(struct nve_table *t, const struct nve_cfg *cfg);
void nve_move_reconfig(struct nve_table *t, const struct nve_cfg *cfg);
void nve_move_uninit(struct nve_table *t);
void nve_motion_end(struct nve_table *t, struct nve_entry *e);
void nve_motion_forget(struct nve_table *t, struct nve_entry *e);
void nve_motion_destroy(struct nve_table *t, struct nve_entry *e);
struct nve_motion *nve_motion_alloc(void);
void nve_motion_snapshot_rcu(struct nve_table *t, const struct nve_entry *e,
			     struct nve_map *m);
struct nve_motion *nve_motion_get_rcu(struct nve_table *t,
				      const struct nve_entry *e);
void nve_motion_arm(struct nve_table *t, unsigned long when);
int nve_move(struct nve_table *t, struct nve_map *m,
	     struct nve_map_spare *spare, struct netlink_ext_ack *extack);
int nve_prepare(struct nve_table *t, struct nve_map *m,
		struct nve_map_spare *spare, struct netlink_ext_ack *extack);
int nve_activate(struct nve_table *t, struct nve_map *m,
		 struct netlink_ext_ack *extack);
int nve_withdraw(struct nve_table *t, struct nve_map *m,
		 struct netlink_ext_ack *extack);
int nve_dup_check(struct nve_table *t, struct nve_entry *e,
		  struct nve_map *m, struct netlink_ext_ack *extack);
bool nve_dup_needs_motion(struct nve_table *t, const struct nve_entry *e);
int nve_motion_reserve(struct nve_table *t, struct nve_entry *e,
		       struct nve_motion *mo, struct netlink_ext_ack *extack);
void nve_motion_move(struct nve_table *t, struct nve_entry *e,
		     struct nve_motion **next, u32 state);
int nve_unfreeze(struct nve_table *t, struct nve_map *m,
		 struct netlink_ext_ack *extack);
enum nve_rx_verdict nve_move_rx_rcu(struct nve_dev *nve, struct sk_buff *skb,
				    u32 vni, bool marked, const void *oiph,
				    sa_family_t family);
void nve_move_xmit(struct nve_dev *nve, const u8 *src);

/* hold.c: the frames held for a PENDING entry, under the table lock */
enum nve_rx_verdict nve_hold_rx(struct nve_dev *nve, struct nve_entry *e,
				struct sk_buff *skb);
bool nve_hold_expire(struct nve_table *t, struct nve_motion *mo,
		     unsigned long now, unsigned long *when);
void nve_hold_purge(struct nve_table *t, struct nve_motion *mo);
void nve_hold_deliver(struct nve_dev *nve, struct sk_buff_head *q);
int nve_hold_poll(struct napi_struct *napi, int budget);
void nve_hold_flush(struct nve_dev *nve);

/*
 * announce.c: announcements on a VM's behalf when its mapping activates.
 * nve_announce_queue() under the table lock, any context.
 */
#define NVE_ANNOUNCE_ALL	(NVE_ANNOUNCE_GARP | NVE_ANNOUNCE_NA | \
				 NVE_ANNOUNCE_RARP)
void nve_announce_init(struct nve_table *t);
void nve_announce_stop(struct nve_table *t);
void nve_announce_uninit(struct nve_table *t);
void nve_announce_queue(struct nve_table *t, const u8 *mac, u8 what);

/* bind.c: (VNI, IP) -> MAC bindings, under the table's lock */
int nve_bind_table_init(struct nve_table *t);
void nve_bind_table_destroy(struct nve_table *t);
bool nve_bind_lookup4_rcu(struct nve_table *t, u32 vni, __be32 ip, u8 *mac);
bool nve_bind_lookup6_rcu(struct nve_table *t, u32 vni,
			  const struct in6_addr *ip, u8 *mac);
int nve_bind_set(struct nve_table *t, const struct nve_bind_key *key,
		 const u8 *mac, u16 nlflags, struct netlink_ext_ack *extack);
int nve_bind_del(struct nve_table *t, const struct nve_bind_key *key,
		 struct netlink_ext_ack *extack);
int nve_bind_walk_rcu(struct nve_table *t, struct nve_cursor *c,
		      nve_bind_walk_fn fn, void *arg);

/* flood.c: the flood list, under the table's lock */
int nve_flood_add(struct nve_table *t, const struct nve_addr *addr,
		  u16 nlflags, struct netlink_ext_ack *extack);
int nve_flood_del(struct nve_table *t, const struct nve_addr *addr,
		  struct netlink_ext_ack *extack);

/* Serial number arithmetic (RFC 1982): is @a older than @b? */
static inline bool nve_seq_before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

/*
 * socket.c: struct nve_sock - a UDP encapsulation socket, one per (underlay
 * namespace, port, address family), shared by the devices that are up and
 * use it.
 * @list: in nve_net.sock_list, under RTNL.
 * @sock: the kernel UDP socket, bound to the wildcard address.
 * @stats: drops no device can be charged with (NVE_STATS_A_RX_*).
 * @refcnt: devices attached, under RTNL.
 * @family, @port, @encap: what it receives; constant.
 * @vni_hash: the attached devices by VNI (nve_dev.vni_node); changed under
 *	RTNL, read under RCU.
 */
#define NVE_VNI_HASH_BITS	8
struct nve_sock {
	struct list_head list;
	struct socket *sock;
	struct nve_pcpu_stats __percpu *stats;
	unsigned int refcnt;
	sa_family_t family;
	__be16 port;
	u8 encap;
	struct hlist_head vni_hash[1 << NVE_VNI_HASH_BITS];
};

int nve_sock_attach(struct nve_dev *nve);	/* ndo_open, RTNL */
void nve_sock_detach(struct nve_dev *nve);	/* ndo_stop, RTNL */
struct nve_dev *nve_sock_find_rcu(struct nve_sock *vs, u32 vni);
void nve_sock_stats_add(struct nve_dev *nve, u64 sum[__NVE_STATS_A_MAX]);

/*
 * encap.c: the wire formats, pure functions of the header bytes.  The
 * parsers return 0 or the NVE_STATS_A_RX_* counter naming the fault.
 */
struct vxlanhdr;

/*
 * The fixed part of a Geneve header (RFC 8926, 3.4), byte by byte: the
 * kernel's struct genevehdr uses bitfields and changed between 6.1 and 6.12.
 */
struct nve_geneve_hdr {
	u8 ver_opt_len;		/* Ver (2 high bits), Opt Len (4-byte words) */
	u8 flags;		/* NVE_GENEVE_F_*, the rest reserved */
	__be16 proto_type;
	u8 vni[3];
	u8 rsvd;
};

#define NVE_GENEVE_VER_SHIFT	6
#define NVE_GENEVE_OPT_LEN	0x3f
#define NVE_GENEVE_F_OAM	0x80	/* O: control packet */
#define NVE_GENEVE_F_CRITICAL	0x40	/* C: critical options present */
#define NVE_GENEVE_MAX_HLEN	(NVE_HDR_LEN + NVE_GENEVE_OPT_LEN * 4)

/* The redirect mark (uapi/linux/nve.h): a VXLAN flag, a Geneve option. */
#define NVE_VXLAN_HF_REDIRECT	cpu_to_be32((u32)NVE_VXLAN_F_REDIRECT << 24)
#define NVE_GENEVE_MARK_LEN	4	/* option header, no data */

int nve_vxlan_parse(const struct vxlanhdr *h, u32 *vni);
bool nve_vxlan_marked(const struct vxlanhdr *h);
void nve_vxlan_build(struct vxlanhdr *h, u32 vni);
void nve_vxlan_mark(struct vxlanhdr *h);
unsigned int nve_geneve_hlen(const struct nve_geneve_hdr *h);
u32 nve_geneve_vni(const struct nve_geneve_hdr *h);
int nve_geneve_parse(const struct nve_geneve_hdr *h, unsigned int len,
		     u32 *vni);
void nve_geneve_build(struct nve_geneve_hdr *h, u32 vni);
bool nve_geneve_marked(const struct nve_geneve_hdr *h);
void nve_geneve_build_marked(struct nve_geneve_hdr *h, u32 vni);

/* rx.c */
struct udp_tunnel_sock_cfg;
void nve_rx_sock_cfg(u8 encap, struct udp_tunnel_sock_cfg *cfg);

/* tx.c: from ndo_start_xmit, BH disabled */
netdev_tx_t nve_xmit(struct sk_buff *skb, struct net_device *dev);
void nve_tx_redirect_rcu(struct nve_dev *nve, struct sk_buff *skb,
			 struct nve_remote *r);
unsigned int nve_tx_flood(struct nve_dev *nve, struct sk_buff *skb);

/* arp.c: from nve_xmit, when cfg.proxy is set */
bool nve_proxy_reduce(struct nve_dev *nve, struct sk_buff *skb);

/* spoof.c: anti-spoofing, from nve_xmit */
void nve_spoof_init(struct nve_dev *nve);
bool nve_spoof_may_activate(struct nve_dev *nve, const struct sk_buff *skb);
bool nve_spoof_drop(struct nve_dev *nve, struct sk_buff *skb);

/* netlink.c */
extern struct genl_family nve_genl_family;
int nve_genl_init(void);
void nve_genl_uninit(void);
struct net_device *nve_genl_get_dev(struct net *net, struct nlattr **attrs,
				    struct netlink_ext_ack *extack);

/* netlink_table.c: the mappings' genl commands, events, shared helpers */
#define NVE_MCGRP_EVENTS	0	/* index in nve_genl_mcgrps */
int nve_nl_put_dev(struct sk_buff *skb, const struct net_device *dev);
void nve_nl_notify_lost(struct net *net);
extern const struct nla_policy nve_map_req_policy[NVE_A_MAX + 1];
int nve_nl_map_new_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_map_del_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_map_get_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_map_get_start(struct netlink_callback *cb);
int nve_nl_map_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int nve_nl_map_flush_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_dev_dump_start(struct netlink_callback *cb);
void nve_nl_notify_miss(struct nve_dev *nve, u32 vni, const u8 *mac);
void nve_nl_map_notify(struct net_device *dev, u8 cmd,
		       const struct nve_map *m, gfp_t gfp);

enum nve_map_op {
	NVE_MAP_OP_NEW,		/* key, location, flags, seq */
	NVE_MAP_OP_DEL,		/* key, optional seq and location */
	NVE_MAP_OP_GET,		/* key */
	NVE_MAP_OP_MOVE,	/* key, remote, seq, mode, redirect time */
	NVE_MAP_OP_KEY_SEQ,	/* key, optional seq */
	NVE_MAP_OP_PREPARE,	/* key, optional seq and hold limits */
};

int nve_nl_map_parse(const struct nve_table *t, const struct nlattr *nest,
		     enum nve_map_op op, struct nve_map *m,
		     struct netlink_ext_ack *extack);
int nve_nl_map_check_all(const struct nve_table *t, struct genl_info *info,
			 enum nve_map_op op);

int nve_nl_check_vni(const struct nve_table *t, const struct nlattr *attr,
		     u32 *vni, struct netlink_ext_ack *extack);
int nve_nl_check_remote(const struct nve_table *t, const struct nlattr *nest,
			const struct nlattr *a4, const struct nlattr *a6,
			struct nve_addr *addr, struct netlink_ext_ack *extack);
int nve_nl_check_mac(const struct nlattr *nest, const struct nlattr *attr,
		     u8 *mac, struct netlink_ext_ack *extack);

/* One round of a dump of the table, between rcu_read_lock and unlock. */
struct nve_nl_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct net_device *dev;
	struct nve_table *t;
	struct nve_cursor *c;		/* rhashtable walks */
	unsigned int *pos;		/* flood lists: the next member */
};

int nve_nl_dump_begin_rcu(struct sk_buff *skb, struct netlink_callback *cb,
			  struct nve_nl_dump *d);
void *nve_nl_dump_put(struct nve_nl_dump *d, u8 cmd);
int nve_nl_dump_end(struct nve_nl_dump *d, int err);

/* netlink_move.c: genl commands and events of mobility */
int nve_nl_move_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_prepare_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_activate_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_withdraw_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_unfreeze_doit(struct sk_buff *skb, struct genl_info *info);
void nve_nl_notify_stale(struct nve_dev *nve, const struct nve_entry *e,
			 const struct nve_remote *r,
			 const struct nve_addr *sender);

/* netlink_vn.c: genl commands for bindings and flood lists */
extern const struct nla_policy nve_bind_req_policy[NVE_A_MAX + 1];
extern const struct nla_policy nve_flood_req_policy[NVE_A_MAX + 1];
int nve_nl_bind_new_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_bind_del_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_bind_get_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_bind_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int nve_nl_flood_new_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_flood_del_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_flood_get_doit(struct sk_buff *skb, struct genl_info *info);
int nve_nl_flood_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _NVE_PRIVATE_H */
