// SPDX-License-Identifier: GPL-2.0
/*
 * The location table: (VNI, MAC) -> where the VM is.  The mappings, and the
 * remote NVEs they point to, are here with what the whole table shares: its
 * lifetime, generation and walks.  The (VNI, IP) -> MAC bindings are in
 * bind.c, the flood list in flood.c.
 *
 * Modelled on the 2025 vxlan FDB rework: rhashtables keyed by small explicit
 * key structs, RCU readers, one writer lock (nve_table.lock, taken with
 * spin_lock_bh), RCU freeing.  Helpers without a suffix assert the lock;
 * _rcu ones need rcu_read_lock.
 *
 * Remotes are deduplicated: the entries and flood list members that send to
 * one (address, port, VNI) share one refcounted struct nve_remote and its
 * dst cache, so that an entry is an 88-byte object of its own kmem_cache
 * plus its share of the bucket array (8 bytes a bucket, 0.75 to 0.30
 * entries a bucket, so 11 to 27 bytes).  nve_table_entry_size() reports
 * what it is for a given table.
 *
 * Walks (dumps, flush) keep a cursor: which bucket table, which bucket, how
 * far down its chain.  A dump of n entries thus costs O(n) however many
 * messages it takes.  A resize moves entries between bucket tables behind a
 * walk's back; the walk notices (the table's identity changed, or a
 * future_tbl is attached), starts over and counts the restart, and dumps
 * report that as NLM_F_DUMP_INTR, as they report any change of the table's
 * generation.
 */
#include <linux/etherdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "nve_private.h"

static struct kmem_cache *nve_entry_cache __read_mostly;

static const struct rhashtable_params nve_entry_params = {
	.head_offset		= offsetof(struct nve_entry, node),
	.key_offset		= offsetof(struct nve_entry, key),
	.key_len		= sizeof(struct nve_key),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params nve_remote_params = {
	.head_offset		= offsetof(struct nve_remote, node),
	.key_offset		= offsetof(struct nve_remote, key),
	.key_len		= sizeof(struct nve_remote_key),
	.automatic_shrinking	= true,
};

/* Flush: entries deleted, and objects visited, per RCU read-side section. */
#define FLUSH_BATCH		64
#define FLUSH_VISITS		1024
#define FLUSH_PASSES		8

static struct nve_dev *table_to_nve(struct nve_table *t)
{
	return container_of(t, struct nve_dev, table);
}

/**
 * nve_table_live_rcu() - may an RCU reader use the table?
 * @t: the table
 *
 * Yes while the device is listed: unregistering unlists it, then calls
 * synchronize_net(), then ndo_uninit frees the table (nve_table_uninit()).
 * The answer holds until rcu_read_unlock.
 */
bool nve_table_live_rcu(struct nve_table *t)
{
	struct net_device *dev = table_to_nve(t)->dev;

	return dev_get_by_index_rcu(dev_net(dev), dev->ifindex) == dev;
}

/* Every change moves the generation, which dumps compare. */
void nve_table_changed(struct nve_table *t)
{
	lockdep_assert_held(&t->lock);
	WRITE_ONCE(t->gen, t->gen + 1);
}

/* Writers: is the table still there?  Under the lock. */
int nve_table_check_live(struct nve_table *t, struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&t->lock);
	if (t->dead) {
		NL_SET_ERR_MSG_MOD(extack, "Device is being deleted");
		return -ENODEV;
	}
	return 0;
}

static bool addr_equal(const struct nve_addr *a, const struct nve_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->ip4 == b->ip4;
	return ipv6_addr_equal(&a->ip6, &b->ip6);
}

/* A remote's key with every padding byte zero, as the hash needs it. */
void nve_remote_key_make(struct nve_remote_key *k, const struct nve_addr *addr,
			 __be16 port, u32 vni)
{
	memset(k, 0, sizeof(*k));
	k->addr.family = addr->family;
	if (addr->family == AF_INET)
		k->addr.ip4 = addr->ip4;
	else
		k->addr.ip6 = addr->ip6;
	k->port = port;
	k->vni = vni;
}

static void key_make(struct nve_key *key, u32 vni, const u8 *mac)
{
	memset(key, 0, sizeof(*key));
	key->vni = vni;
	ether_addr_copy(key->mac, mac);
}

/* ---- remotes ---------------------------------------------------------- */

/* A remote for a spare; may sleep.  Return: it, or NULL. */
struct nve_remote *nve_remote_alloc(void)
{
	struct nve_remote *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return NULL;
	if (dst_cache_init(&r->dst_cache, GFP_KERNEL)) {
		kfree(r);
		return NULL;
	}
	return r;
}

/* Free a remote that no reader can see: never published, or at uninit. */
void nve_remote_free(struct nve_remote *r)
{
	if (!r)
		return;
	dst_cache_destroy(&r->dst_cache);
	kfree(r);
}

static void remote_free_rcu(struct rcu_head *head)
{
	nve_remote_free(container_of(head, struct nve_remote, rcu));
}

/*
 * The remote for @key, with a reference the caller must put with
 * nve_remote_put().  A new one is made from *@spare; without a spare,
 * returns ERR_PTR(-EAGAIN).
 */
static struct nve_remote *remote_find_or_add(struct nve_table *t,
					     const struct nve_remote_key *key,
					     struct nve_remote **spare)
{
	struct nve_remote *r;
	int err;

	lockdep_assert_held(&t->lock);
	r = rhashtable_lookup_fast(&t->remotes, key, nve_remote_params);
	if (r) {
		refcount_inc(&r->refcnt);
		return r;
	}
	if (!*spare)
		return ERR_PTR(-EAGAIN);

	r = *spare;
	memcpy(&r->key, key, sizeof(*key));
	refcount_set(&r->refcnt, 1);
	err = rhashtable_insert_fast(&t->remotes, &r->node, nve_remote_params);
	if (err)
		return ERR_PTR(err);
	*spare = NULL;
	t->nremotes++;
	return r;
}

/* Drop a reference; the last one frees the remote after a grace period. */
void nve_remote_put(struct nve_table *t, struct nve_remote *r)
{
	lockdep_assert_held(&t->lock);
	if (!r || !refcount_dec_and_test(&r->refcnt))
		return;
	rhashtable_remove_fast(&t->remotes, &r->node, nve_remote_params);
	t->nremotes--;
	call_rcu(&r->rcu, remote_free_rcu);
}

/**
 * nve_remote_get() - the remote for @key, shared or new
 * @t: the table, locked
 * @key: the remote's key (nve_remote_key_make())
 * @spare: a new remote is made from it; NULL after use
 * @out: the remote, with a reference the caller must put (nve_remote_put())
 * @extack: why it failed
 *
 * Return: 0; NVE_REMOTE_NEEDED if a new remote is needed and *@spare is
 * empty (the caller drops the lock, gets one from nve_remote_alloc() and
 * tries again: nothing has changed); or a negative error.
 */
int nve_remote_get(struct nve_table *t, const struct nve_remote_key *key,
		   struct nve_remote **spare, struct nve_remote **out,
		   struct netlink_ext_ack *extack)
{
	struct nve_remote *r = remote_find_or_add(t, key, spare);

	if (IS_ERR(r)) {
		if (PTR_ERR(r) == -EAGAIN)
			return NVE_REMOTE_NEEDED;
		NL_SET_ERR_MSG_MOD(extack, "Could not add the remote NVE, try again");
		return PTR_ERR(r);
	}
	*out = r;
	return 0;
}

/* ---- entries ---------------------------------------------------------- */

static void entry_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(nve_entry_cache,
			container_of(head, struct nve_entry, rcu));
}

/* A spare entry (move.c's prepare); may sleep.  Return: it, or NULL. */
struct nve_entry *nve_entry_alloc(void)
{
	return kmem_cache_alloc(nve_entry_cache, GFP_KERNEL);
}

void nve_entry_cache_free(struct nve_entry *e)
{
	kmem_cache_free(nve_entry_cache, e);
}

/* The entry for @key; valid while the lock is held. */
struct nve_entry *nve_entry_find(struct nve_table *t,
				 const struct nve_key *key)
{
	lockdep_assert_held(&t->lock);
	return rhashtable_lookup_fast(&t->entries, key, nve_entry_params);
}

struct nve_remote *nve_entry_remote(struct nve_table *t,
				    const struct nve_entry *e)
{
	return rcu_dereference_protected(e->remote, lockdep_is_held(&t->lock));
}

/*
 * Copy @e, sending to @r, into @m.  Under the lock, or under RCU where a
 * concurrent change may tear the copy (dumps notice it by the generation).
 * A moving entry's state comes from its motion (move.c).
 */
void nve_entry_snapshot(const struct nve_entry *e,
			const struct nve_remote *r, struct nve_map *m)
{
	u32 flags = READ_ONCE(e->flags);

	memset(m, 0, sizeof(*m));
	m->key = e->key;
	m->local = !r;
	if (r)
		memcpy(&m->rkey, &r->key, sizeof(m->rkey));
	m->flags = flags & NVE_MAP_F_ALL;
	m->has_seq = flags & NVE_ENTRY_F_SEQ;
	m->seq = READ_ONCE(e->seq);
	m->created = e->created;
	m->updated = READ_ONCE(e->updated);
	m->used = READ_ONCE(e->used);
	m->hits = atomic64_read(&e->hits);
	if (flags & NVE_ENTRY_F_PENDING)
		m->state = NVE_MAP_STATE_PENDING;
	else if (flags & NVE_ENTRY_F_REDIRECT)
		m->state = NVE_MAP_STATE_REDIRECT;
}

/*
 * Take @e out of the table; it is freed after a grace period.  Fails with
 * -ENOENT if it is not there any more (a flush racing with a delete).
 */
int nve_entry_unlink(struct nve_table *t, struct nve_entry *e)
{
	int err;

	lockdep_assert_held(&t->lock);
	err = rhashtable_remove_fast(&t->entries, &e->node, nve_entry_params);
	if (err)
		return err;
	nve_motion_forget(t, e);
	nve_remote_put(t, nve_entry_remote(t, e));
	WRITE_ONCE(t->count, t->count - 1);
	nve_table_changed(t);
	call_rcu(&e->rcu, entry_free_rcu);
	return 0;
}

/* Does @e, sending to @r, match what @m locates it at (@rk if remote)? */
static bool entry_at(const struct nve_remote *r, const struct nve_map *m,
		     const struct nve_remote_key *rk)
{
	if (m->local)
		return !r;
	return r && !memcmp(&r->key, rk, sizeof(*rk));
}

/*
 * Resolve the defaults of request @m against the table (the device's VNI)
 * and build the key of its remote in @rk.  The netlink layer checked the
 * same with a message naming the attribute; this check holds the lock, so
 * that a concurrent reconfiguration can't slip a wrong entry in.
 */
int nve_map_resolve(struct nve_table *t, struct nve_map *m,
		    struct nve_remote_key *rk, struct netlink_ext_ack *extack)
{
	int err;

	err = nve_table_check_live(t, extack);
	if (err)
		return err;

	if (m->key.vni == NVE_VNI_DEFAULT) {
		m->key.vni = t->vni;
	} else if (m->key.vni != t->vni) {
		NL_SET_ERR_MSG_MOD(extack, "VNI must be the device's VNI");
		return -EINVAL;
	}

	if (m->local)
		return 0;
	if (m->rkey.addr.family != t->family) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Remote address family must be the device's underlay family");
		return -EAFNOSUPPORT;
	}
	nve_remote_key_make(rk, &m->rkey.addr, m->rkey.port,
			    m->rkey.vni == NVE_VNI_DEFAULT ? t->vni : m->rkey.vni);
	return 0;
}

static int entry_update(struct nve_table *t, struct nve_entry *e,
			struct nve_map *m, const struct nve_remote_key *rk,
			u16 nlflags, struct nve_map_spare *spare,
			struct netlink_ext_ack *extack)
{
	struct nve_remote *old = nve_entry_remote(t, e), *r = NULL;
	bool moved, need;
	u32 flags;
	int err;

	lockdep_assert_held(&t->lock);
	if (nlflags & NLM_F_EXCL) {
		NL_SET_ERR_MSG_MOD(extack, "Mapping already exists");
		return -EEXIST;
	}
	if (!(nlflags & NLM_F_REPLACE)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Mapping already exists (NLM_F_REPLACE replaces it)");
		return -EEXIST;
	}
	if (m->has_seq && (e->flags & NVE_ENTRY_F_SEQ)) {
		if (nve_seq_before(m->seq, e->seq)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Sequence number is older than the mapping's");
			return -ESTALE;
		}
		if (m->seq == e->seq)
			return NVE_MAP_UNCHANGED;
	}

	moved = !entry_at(old, m, rk);
	if (moved && (e->flags & NVE_MAP_F_STICKY)) {
		NL_SET_ERR_MSG_MOD(extack, "Mapping is sticky");
		return -EPERM;
	}
	if (moved) {
		/* Duplicate detection (move.c): it may refuse the move. */
		err = nve_dup_check(t, e, m, extack);
		if (err)
			return err;
		need = nve_dup_needs_motion(t, e);
		if (need && !spare->motion)
			return NVE_MOTION_NEEDED;
		if (!m->local) {
			err = nve_remote_get(t, rk, &spare->remote, &r, extack);
			if (err)
				return err;
		}
		if (need) {
			err = nve_motion_reserve(t, e, spare->motion, extack);
			if (err) {
				nve_remote_put(t, r);
				return err;
			}
		}
		/* A new location ends a move (redirect, held frames). */
		nve_motion_move(t, e, need ? &spare->motion : NULL, 0);
		rcu_assign_pointer(e->remote, r);
		nve_remote_put(t, old);
	}

	flags = m->flags | (e->flags & (NVE_ENTRY_F_SEQ | NVE_ENTRY_F_MOVING));
	if (m->has_seq) {
		WRITE_ONCE(e->seq, m->seq);
		flags |= NVE_ENTRY_F_SEQ;
	}
	WRITE_ONCE(e->flags, flags);
	WRITE_ONCE(e->updated, jiffies);
	nve_table_changed(t);
	return 0;
}

int nve_entry_create(struct nve_table *t, const struct nve_map *m,
		     const struct nve_remote_key *rk, u16 nlflags,
		     struct nve_map_spare *spare,
		     struct netlink_ext_ack *extack)
{
	struct nve_remote *r = NULL;
	struct nve_entry *e;
	int err;

	lockdep_assert_held(&t->lock);
	if (!(nlflags & NLM_F_CREATE)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Mapping does not exist (NLM_F_CREATE creates it)");
		return -ENOENT;
	}
	if (t->count >= t->max_entries) {
		nve_stat_inc(table_to_nve(t), NVE_STATS_A_TABLE_FULL);
		NL_SET_ERR_MSG_MOD(extack,
				   "Location table is full (max-entries reached)");
		return -ENOSPC;
	}
	if (!m->local) {
		err = nve_remote_get(t, rk, &spare->remote, &r, extack);
		if (err)
			return err;
	}

	e = spare->entry;
	memcpy(&e->key, &m->key, sizeof(e->key));
	e->seq = m->has_seq ? m->seq : 0;
	e->flags = m->flags | (m->has_seq ? NVE_ENTRY_F_SEQ : 0);
	e->motion = 0;
	RCU_INIT_POINTER(e->remote, r);
	e->created = jiffies;
	e->updated = e->created;
	e->used = 0;
	atomic64_set(&e->hits, 0);

	err = rhashtable_insert_fast(&t->entries, &e->node, nve_entry_params);
	if (err) {
		nve_remote_put(t, r);
		NL_SET_ERR_MSG_MOD(extack,
				   "Could not grow the location table, try again");
		return err;
	}
	spare->entry = NULL;
	WRITE_ONCE(t->count, t->count + 1);
	nve_table_changed(t);
	return 0;
}

/**
 * nve_map_set() - create or update one mapping
 * @t: the table
 * @m: the request (defaults NVE_VNI_DEFAULT allowed); on success, a
 *	snapshot of the resulting entry for the event
 * @nlflags: NLM_F_CREATE, NLM_F_EXCL and NLM_F_REPLACE as for neighbours
 * @spare: objects allocated outside the lock; what is left over serves the
 *	next call, nve_map_spare_free() frees it at the end
 * @extack: why it failed
 *
 * Takes the lock; may sleep.
 * Return: 0 if the table changed, NVE_MAP_UNCHANGED if the update carried
 * the entry's own sequence number (idempotent), or a negative error.
 */
int nve_map_set(struct nve_table *t, struct nve_map *m, u16 nlflags,
		struct nve_map_spare *spare, struct netlink_ext_ack *extack)
{
	struct nve_remote_key rk;
	struct nve_entry *e;
	int err;

	for (;;) {
		if ((nlflags & NLM_F_CREATE) && !spare->entry) {
			spare->entry = kmem_cache_alloc(nve_entry_cache,
							GFP_KERNEL);
			if (!spare->entry)
				return -ENOMEM;
		}

		spin_lock_bh(&t->lock);
		err = nve_map_resolve(t, m, &rk, extack);
		if (err)
			break;
		e = nve_entry_find(t, &m->key);
		if (e)
			err = entry_update(t, e, m, &rk, nlflags, spare, extack);
		else
			err = nve_entry_create(t, m, &rk, nlflags, spare, extack);
		if (err != NVE_REMOTE_NEEDED && err != NVE_MOTION_NEEDED)
			break;

		/* Nothing changed yet: allocate where we may sleep. */
		spin_unlock_bh(&t->lock);
		if (err == NVE_MOTION_NEEDED) {
			spare->motion = nve_motion_alloc();
			if (!spare->motion)
				return -ENOMEM;
			continue;
		}
		spare->remote = nve_remote_alloc();
		if (!spare->remote)
			return -ENOMEM;
	}

	if (err >= 0) {
		e = nve_entry_find(t, &m->key);
		nve_entry_snapshot(e, nve_entry_remote(t, e), m);
		nve_motion_snapshot_rcu(t, e, m);
	}
	spin_unlock_bh(&t->lock);
	return err;
}

void nve_map_spare_free(struct nve_map_spare *spare)
{
	if (spare->entry)
		kmem_cache_free(nve_entry_cache, spare->entry);
	nve_remote_free(spare->remote);
	kfree(spare->motion);
	spare->entry = NULL;
	spare->remote = NULL;
	spare->motion = NULL;
}

/**
 * nve_map_del() - delete one mapping
 * @t: the table
 * @m: its key (VNI may be NVE_VNI_DEFAULT), and optionally a sequence
 *	number (an older one is refused) and a location it must have; on
 *	success, a snapshot of the deleted entry
 * @match_location: refuse unless the entry is where @m says
 * @extack: why it failed
 *
 * Takes the lock.  Return: 0 or a negative error.
 */
int nve_map_del(struct nve_table *t, struct nve_map *m, bool match_location,
		struct netlink_ext_ack *extack)
{
	struct nve_remote_key rk;
	struct nve_remote *r;
	struct nve_entry *e;
	int err;

	spin_lock_bh(&t->lock);
	if (!match_location)
		m->local = true;	/* no remote to resolve */
	err = nve_map_resolve(t, m, &rk, extack);
	if (err)
		goto out;

	e = nve_entry_find(t, &m->key);
	if (!e) {
		NL_SET_ERR_MSG_MOD(extack, "Mapping does not exist");
		err = -ENOENT;
		goto out;
	}
	r = nve_entry_remote(t, e);
	if (m->has_seq && (e->flags & NVE_ENTRY_F_SEQ) &&
	    nve_seq_before(m->seq, e->seq)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Sequence number is older than the mapping's");
		err = -ESTALE;
		goto out;
	}
	if (match_location && !entry_at(r, m, &rk)) {
		NL_SET_ERR_MSG_MOD(extack, "Mapping is at another location");
		err = -ENOENT;
		goto out;
	}

	nve_entry_snapshot(e, r, m);
	err = nve_entry_unlink(t, e);
out:
	spin_unlock_bh(&t->lock);
	return err;
}

/**
 * nve_map_get_rcu() - a snapshot of one mapping
 * @t: the table, live (see the lifetime rule in nve_private.h)
 * @m: in: the key (VNI may be NVE_VNI_DEFAULT); out: the snapshot
 *
 * Return: 0, or -ENOENT.
 */
int nve_map_get_rcu(struct nve_table *t, struct nve_map *m)
{
	struct nve_entry *e;
	u32 vni = m->key.vni;

	if (vni == NVE_VNI_DEFAULT)
		vni = READ_ONCE(t->vni);
	e = nve_table_lookup_rcu(t, vni, m->key.mac);
	if (!e)
		return -ENOENT;
	nve_entry_snapshot(e, rcu_dereference(e->remote), m);
	nve_motion_snapshot_rcu(t, e, m);
	return 0;
}

/**
 * nve_table_lookup_rcu() - where the VM with @mac in VN @vni is
 * @t: the table
 * @vni: the VN
 * @mac: the VM's MAC address (2-byte aligned)
 *
 * Return: the entry, valid until rcu_read_unlock, or NULL.  A NULL
 * entry->remote means the VM is local.
 */
struct nve_entry *nve_table_lookup_rcu(struct nve_table *t, u32 vni,
				       const u8 *mac)
{
	struct nve_key key;

	key_make(&key, vni, mac);
	return rhashtable_lookup(&t->entries, &key, nve_entry_params);
}

/* ---- walks ------------------------------------------------------------ */

/**
 * nve_table_walk_rcu() - walk one of the table's rhashtables from a cursor
 * @ht: the rhashtable, live
 * @c: where to start; zeroed for the first walk
 * @fn: called on each object; see NVE_WALK_NEXT
 * @arg: for @fn
 *
 * Return: 0 at the end of the table, or @fn's error; @c then names the
 * object @fn refused, which the next walk starts with.
 */
int nve_table_walk_rcu(struct rhashtable *ht, struct nve_cursor *c,
		       int (*fn)(void *obj, void *arg), void *arg)
{
	struct bucket_table *tbl = rht_dereference_rcu(ht->tbl, ht);
	struct rhash_head *he;
	int ret = 0;

	if (c->tbl != (unsigned long)tbl || c->hash_rnd != tbl->hash_rnd) {
		if (c->tbl)
			c->restarts++;
		c->tbl = (unsigned long)tbl;
		c->hash_rnd = tbl->hash_rnd;
		c->bucket = 0;
		c->skip = 0;
	}

	for (; c->bucket < tbl->size; c->bucket++, c->skip = 0) {
		unsigned int pos = 0;

		rht_for_each_rcu(he, tbl, c->bucket) {
			if (pos++ < c->skip)
				continue;
			ret = fn(rht_obj(ht, he), arg);
			if (ret < 0)
				goto out;
			if (ret == NVE_WALK_NEXT)
				c->skip++;
		}
	}
	ret = 0;
out:
	/*
	 * A rehash that overlapped this walk may have moved objects past it:
	 * count a restart (the next walk starts over if the table changed).
	 * The barrier orders this check after the walk's reads.
	 */
	smp_rmb();
	if (rht_dereference_rcu(tbl->future_tbl, ht) ||
	    rht_dereference_rcu(ht->tbl, ht) != tbl)
		c->restarts++;
	return ret;
}

struct map_walk {
	struct nve_table *t;
	nve_map_walk_fn fn;
	void *arg;
};

static int map_walk_one(void *obj, void *arg)
{
	const struct nve_entry *e = obj;
	struct map_walk *w = arg;
	struct nve_map m;

	nve_entry_snapshot(e, rcu_dereference(e->remote), &m);
	nve_motion_snapshot_rcu(w->t, e, &m);
	return w->fn(&m, w->arg);
}

/**
 * nve_map_walk_rcu() - snapshots of the mappings from cursor @c on
 * @t: the table, live
 * @c: where to start; zeroed for the first call
 * @fn: called on each snapshot; see NVE_WALK_NEXT
 * @arg: for @fn
 *
 * Return: 0 when the walk reached the end, or @fn's error.
 */
int nve_map_walk_rcu(struct nve_table *t, struct nve_cursor *c,
		     nve_map_walk_fn fn, void *arg)
{
	struct map_walk w = { .t = t, .fn = fn, .arg = arg };

	return nve_table_walk_rcu(&t->entries, c, map_walk_one, &w);
}

struct flush_walk {
	struct nve_table *t;
	const struct nve_map_filter *f;
	struct nve_map *batch;	/* snapshots of the deleted, for events */
	unsigned int n;		/* in @batch */
	unsigned int visits;	/* left in this read-side section */
	u32 gen;		/* the generation last seen or made */
	bool foreign;		/* someone else changed the table */
	u32 count;		/* deleted */
};

static bool map_matches(const struct nve_entry *e, const struct nve_remote *r,
			const struct nve_map_filter *f)
{
	if (f->has_vni && e->key.vni != f->vni)
		return false;
	if (f->local && r)
		return false;
	if (f->has_addr && (!r || !addr_equal(&r->addr, &f->addr)))
		return false;
	return true;
}

static int flush_one(void *obj, void *arg)
{
	struct nve_entry *e = obj;
	struct flush_walk *w = arg;
	struct nve_table *t = w->t;
	struct nve_remote *r;
	int ret = NVE_WALK_NEXT;

	if (!w->visits || w->n == FLUSH_BATCH)
		return -EAGAIN;
	w->visits--;
	if (!map_matches(e, rcu_dereference(e->remote), w->f))
		return NVE_WALK_NEXT;

	spin_lock_bh(&t->lock);
	if (t->gen != w->gen)
		w->foreign = true;
	r = nve_entry_remote(t, e);
	if (!t->dead && map_matches(e, r, w->f)) {
		nve_entry_snapshot(e, r, &w->batch[w->n]);
		if (!nve_entry_unlink(t, e)) {
			w->n++;
			w->count++;
		}
		/* Deleted by us or by someone else: gone from the chain. */
		ret = NVE_WALK_GONE;
	}
	w->gen = t->gen;
	spin_unlock_bh(&t->lock);
	return ret;
}

/**
 * nve_map_flush() - delete the mappings that match @f
 * @t: the table
 * @f: the filter
 * @fn: called for each deleted mapping, where it may sleep; or NULL
 * @arg: for @fn
 * @count: how many were deleted
 *
 * Walks in read-side sections of at most FLUSH_VISITS entries, deleting
 * under the lock.  Walks again if someone else changed the table or a
 * resize moved entries meanwhile (after waiting for the resize), up to
 * FLUSH_PASSES times.  May sleep.
 * Return: 0, or -ENOMEM, or -ENODEV if the device went away meanwhile.
 */
int nve_map_flush(struct nve_table *t, const struct nve_map_filter *f,
		  nve_map_flushed_fn fn, void *arg, u32 *count)
{
	struct flush_walk w = { .t = t, .f = f };
	unsigned int pass, i;
	int err = 0;

	w.batch = kmalloc_array(FLUSH_BATCH, sizeof(*w.batch), GFP_KERNEL);
	if (!w.batch)
		return -ENOMEM;

	for (pass = 0; pass < FLUSH_PASSES; pass++) {
		struct nve_cursor c = {};
		bool done = false;

		w.gen = READ_ONCE(t->gen);
		w.foreign = false;
		while (!done) {
			w.visits = FLUSH_VISITS;
			w.n = 0;
			rcu_read_lock();
			if (!nve_table_live_rcu(t)) {
				rcu_read_unlock();
				err = -ENODEV;
				goto out;
			}
			done = !nve_table_walk_rcu(&t->entries, &c, flush_one, &w);
			if (READ_ONCE(t->gen) != w.gen)
				w.foreign = true;
			rcu_read_unlock();

			for (i = 0; fn && i < w.n; i++)
				fn(t, &w.batch[i], arg);
			cond_resched();
		}
		if (!c.restarts && !w.foreign)
			break;
		/*
		 * A rehash in progress (the shrink our deletes set off) holds
		 * entries in the future table, which this walk does not see:
		 * let it finish, or the passes run out before it does.
		 */
		if (c.restarts)
			nve_table_settle(t);
	}
out:
	*count = w.count;
	kfree(w.batch);
	return err;
}

/* ---- the table as a whole --------------------------------------------- */

/* The generation: moves on every change of entries, bindings, flood list. */
u32 nve_table_gen(const struct nve_table *t)
{
	return READ_ONCE(t->gen);
}

u32 nve_table_count(const struct nve_table *t)
{
	return READ_ONCE(t->count);
}

/**
 * nve_table_entry_size() - what one mapping costs, in bytes
 * @t: the table
 *
 * The entry's slab object plus its share of the bucket array (one bucket
 * pointer when the table is empty).  Remotes are shared and not counted.
 */
u32 nve_table_entry_size(struct nve_table *t)
{
	size_t buckets = 0, count = 0;

	spin_lock_bh(&t->lock);
	if (!t->dead) {
		rcu_read_lock();
		buckets = rht_dereference_rcu(t->entries.tbl, &t->entries)->size;
		rcu_read_unlock();
		count = t->count;
	}
	spin_unlock_bh(&t->lock);

	if (!count)
		return kmem_cache_size(nve_entry_cache) + sizeof(void *);
	return kmem_cache_size(nve_entry_cache) +
	       DIV_ROUND_UP(buckets * sizeof(void *), count);
}

/*
 * Wait for a pending resize of the entries' bucket table to finish, so that
 * a dump right after a large load does not end as NLM_F_DUMP_INTR just
 * because the table was still growing.  Bounded: a table that keeps
 * changing is the dump's to report.  May sleep; the caller holds a
 * reference on the device.
 */
void nve_table_settle(struct nve_table *t)
{
	struct rhashtable *ht = &t->entries;
	unsigned int i;
	bool busy;

	for (i = 0; i < 16; i++) {
		rcu_read_lock();
		busy = nve_table_live_rcu(t) &&
		       (work_pending(&ht->run_work) ||
			rht_dereference_rcu(rht_dereference_rcu(ht->tbl, ht)->future_tbl, ht));
		rcu_read_unlock();
		if (!busy)
			return;
		flush_work(&ht->run_work);
	}
}

/**
 * nve_table_reconfig() - take on a device's new configuration
 * @t: the table
 * @cfg: the configuration about to be applied
 * @extack: why it was refused
 *
 * Entries, bindings and the flood list are keyed by the VNI and point at
 * addresses of the underlay family, so both stay while any exist; and the
 * limit can't go below what is held.  Called from changelink as its last
 * check, under RTNL.  Return: 0, -EBUSY or -ERANGE.
 */
int nve_table_reconfig(struct nve_table *t, const struct nve_cfg *cfg,
		       struct netlink_ext_ack *extack)
{
	int err = 0;

	spin_lock_bh(&t->lock);
	if ((cfg->vni != t->vni || cfg->local.family != t->family) &&
	    (t->count || t->nbinds || rcu_access_pointer(t->flood))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Flush the mappings, bindings and flood list before changing the VNI or the underlay address family");
		err = -EBUSY;
	} else if (cfg->max_entries < max(t->count, t->nbinds)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "max-entries is below the current number of entries");
		err = -ERANGE;
	} else {
		t->max_entries = cfg->max_entries;
		WRITE_ONCE(t->vni, cfg->vni);
		WRITE_ONCE(t->family, cfg->local.family);
		nve_move_reconfig(t, cfg);
	}
	spin_unlock_bh(&t->lock);
	return err;
}

/**
 * nve_table_init() - set up a device's table, from ndo_init
 * @t: the table, zeroed with the device's private area
 * @cfg: the device's configuration
 *
 * Return: 0 or -ENOMEM.
 */
int nve_table_init(struct nve_table *t, const struct nve_cfg *cfg)
{
	int err;

	spin_lock_init(&t->lock);
	err = rhashtable_init(&t->entries, &nve_entry_params);
	if (err)
		goto err_entries;
	err = rhashtable_init(&t->remotes, &nve_remote_params);
	if (err)
		goto err_remotes;
	err = nve_bind_table_init(t);
	if (err)
		goto err_binds;

	RCU_INIT_POINTER(t->flood, NULL);
	t->dead = false;
	t->count = 0;
	t->nbinds = 0;
	t->nremotes = 0;
	t->max_entries = cfg->max_entries;
	t->vni = cfg->vni;
	t->family = cfg->local.family;
	t->gen = 1;
	ratelimit_state_init(&t->miss_rs, NVE_MISS_INTERVAL, NVE_MISS_BURST);
	/* Suppressed events are not worth a line in the kernel log. */
	ratelimit_set_flags(&t->miss_rs, RATELIMIT_MSG_ON_RELEASE);
	nve_move_init(t, cfg);
	return 0;

err_binds:
	rhashtable_destroy(&t->remotes);
err_remotes:
	rhashtable_destroy(&t->entries);
err_entries:
	return err;
}

static void entry_destroy(void *ptr, void *arg)
{
	nve_motion_destroy(arg, ptr);
	kmem_cache_free(nve_entry_cache, ptr);
}

static void remote_destroy(void *ptr, void *arg)
{
	nve_remote_free(ptr);
}

/**
 * nve_table_uninit() - free a device's table, from ndo_uninit
 * @t: the table
 *
 * Unregistering unlisted the device, closed it (its socket is gone, no
 * frame is sent) and called synchronize_net() before ndo_uninit: no RCU
 * reader still sees the table, and none can find it any more.  @dead keeps
 * out writers that hold a reference on the device, so everything is freed
 * at once, without waiting for grace periods.
 */
void nve_table_uninit(struct nve_table *t)
{
	struct nve_flood *fl;

	spin_lock_bh(&t->lock);
	t->dead = true;
	fl = rcu_dereference_protected(t->flood, lockdep_is_held(&t->lock));
	RCU_INIT_POINTER(t->flood, NULL);
	t->count = 0;
	t->nbinds = 0;
	t->nremotes = 0;
	spin_unlock_bh(&t->lock);

	/* No timer runs past this; the motions go with their entries. */
	nve_move_uninit(t);
	/* Writers peek at its length under RCU only; its remotes go below. */
	if (fl)
		kfree_rcu(fl, rcu);
	rhashtable_free_and_destroy(&t->entries, entry_destroy, t);
	nve_bind_table_destroy(t);
	rhashtable_free_and_destroy(&t->remotes, remote_destroy, NULL);
}

/* The entries' cache, for the module's life. */
int __init nve_entry_cache_init(void)
{
	nve_entry_cache = KMEM_CACHE(nve_entry, 0);
	return nve_entry_cache ? 0 : -ENOMEM;
}

void nve_entry_cache_uninit(void)
{
	/* The call_rcu() callbacks are this module's code, on its cache. */
	rcu_barrier();
	kmem_cache_destroy(nve_entry_cache);
}
