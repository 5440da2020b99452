// SPDX-License-Identifier: GPL-2.0
/*
 * The (VNI, IP) -> MAC bindings that proxy ARP and ND answer from
 * (IFLA_NVE_PROXY): an rhashtable of the location table, keyed by struct
 * nve_bind_key, under the table's lock and generation (table.c), read
 * under RCU.  A changed binding is a new object swapped in, so that a
 * reader never sees half a MAC address.
 */
#include <linux/etherdevice.h>
#include <linux/rhashtable.h>
#include <net/ipv6.h>

#include "nve_private.h"

static const struct rhashtable_params nve_bind_params = {
	.head_offset		= offsetof(struct nve_bind, node),
	.key_offset		= offsetof(struct nve_bind, key),
	.key_len		= sizeof(struct nve_bind_key),
	.automatic_shrinking	= true,
};

static void bind_key_make(struct nve_bind_key *k, u32 vni, u16 family,
			  const void *ip)
{
	memset(k, 0, sizeof(*k));
	k->vni = vni;
	k->family = family;
	memcpy(&k->ip, ip, family == AF_INET ? sizeof(__be32) :
					       sizeof(struct in6_addr));
}

static struct nve_bind *bind_lookup_rcu(struct nve_table *t,
					const struct nve_bind_key *k, u8 *mac)
{
	struct nve_bind *b = rhashtable_lookup(&t->binds, k, nve_bind_params);

	if (b && mac)
		ether_addr_copy(mac, b->mac);
	return b;
}

/**
 * nve_bind_lookup4_rcu() - the MAC address bound to an IPv4 address
 * @t: the table
 * @vni: the VN
 * @ip: the address
 * @mac: where to write the MAC address (2-byte aligned)
 *
 * Return: true if bound.
 */
bool nve_bind_lookup4_rcu(struct nve_table *t, u32 vni, __be32 ip, u8 *mac)
{
	struct nve_bind_key k;

	bind_key_make(&k, vni, AF_INET, &ip);
	return bind_lookup_rcu(t, &k, mac);
}

/* nve_bind_lookup4_rcu() for an IPv6 address. */
bool nve_bind_lookup6_rcu(struct nve_table *t, u32 vni,
			  const struct in6_addr *ip, u8 *mac)
{
	struct nve_bind_key k;

	bind_key_make(&k, vni, AF_INET6, ip);
	return bind_lookup_rcu(t, &k, mac);
}

/* Resolve the VNI of @in into the canonical key @k, under the lock. */
static int bind_resolve(struct nve_table *t, const struct nve_bind_key *in,
			struct nve_bind_key *k, struct netlink_ext_ack *extack)
{
	u32 vni = in->vni;
	int err;

	err = nve_table_check_live(t, extack);
	if (err)
		return err;
	if (vni == NVE_VNI_DEFAULT) {
		vni = t->vni;
	} else if (vni != t->vni) {
		NL_SET_ERR_MSG_MOD(extack, "VNI must be the device's VNI");
		return -EINVAL;
	}
	bind_key_make(k, vni, in->family, &in->ip);
	return 0;
}

/**
 * nve_bind_set() - bind an IP address to a MAC address
 * @t: the table
 * @key: VN (may be NVE_VNI_DEFAULT) and address
 * @mac: the MAC address
 * @nlflags: NLM_F_CREATE, NLM_F_EXCL and NLM_F_REPLACE as for mappings
 * @extack: why it failed
 *
 * A changed binding is a new object swapped in, so that readers never see
 * half a MAC address.  Takes the lock; may sleep.
 * Return: 0 or a negative error.
 */
int nve_bind_set(struct nve_table *t, const struct nve_bind_key *key,
		 const u8 *mac, u16 nlflags, struct netlink_ext_ack *extack)
{
	struct nve_bind *b, *old;
	int err;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	ether_addr_copy(b->mac, mac);

	spin_lock_bh(&t->lock);
	err = bind_resolve(t, key, &b->key, extack);
	if (err)
		goto out;

	old = rhashtable_lookup_fast(&t->binds, &b->key, nve_bind_params);
	if (old) {
		if (nlflags & NLM_F_EXCL) {
			NL_SET_ERR_MSG_MOD(extack, "Binding already exists");
			err = -EEXIST;
		} else if (!(nlflags & NLM_F_REPLACE)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Binding already exists (NLM_F_REPLACE replaces it)");
			err = -EEXIST;
		} else {
			err = rhashtable_replace_fast(&t->binds, &old->node,
						      &b->node, nve_bind_params);
		}
		if (err)
			goto out;
		kfree_rcu(old, rcu);
	} else {
		if (!(nlflags & NLM_F_CREATE)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Binding does not exist (NLM_F_CREATE creates it)");
			err = -ENOENT;
			goto out;
		}
		if (t->nbinds >= t->max_entries) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Binding table is full (max-entries reached)");
			err = -ENOSPC;
			goto out;
		}
		err = rhashtable_insert_fast(&t->binds, &b->node,
					     nve_bind_params);
		if (err) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Could not grow the binding table, try again");
			goto out;
		}
		t->nbinds++;
	}
	b = NULL;
	nve_table_changed(t);
out:
	spin_unlock_bh(&t->lock);
	kfree(b);
	return err;
}

/**
 * nve_bind_del() - delete a binding
 * @t: the table
 * @key: VN (may be NVE_VNI_DEFAULT) and address
 * @extack: why it failed
 *
 * Takes the lock.  Return: 0, or -ENOENT.
 */
int nve_bind_del(struct nve_table *t, const struct nve_bind_key *key,
		 struct netlink_ext_ack *extack)
{
	struct nve_bind_key k;
	struct nve_bind *b;
	int err;

	spin_lock_bh(&t->lock);
	err = bind_resolve(t, key, &k, extack);
	if (err)
		goto out;
	b = rhashtable_lookup_fast(&t->binds, &k, nve_bind_params);
	if (!b) {
		NL_SET_ERR_MSG_MOD(extack, "Binding does not exist");
		err = -ENOENT;
		goto out;
	}
	rhashtable_remove_fast(&t->binds, &b->node, nve_bind_params);
	t->nbinds--;
	nve_table_changed(t);
	kfree_rcu(b, rcu);
out:
	spin_unlock_bh(&t->lock);
	return err;
}

struct bind_walk {
	nve_bind_walk_fn fn;
	void *arg;
};

static int bind_walk_one(void *obj, void *arg)
{
	const struct nve_bind *b = obj;
	struct bind_walk *w = arg;

	return w->fn(&b->key, b->mac, w->arg);
}

/* nve_map_walk_rcu() for the bindings. */
int nve_bind_walk_rcu(struct nve_table *t, struct nve_cursor *c,
		      nve_bind_walk_fn fn, void *arg)
{
	struct bind_walk w = { .fn = fn, .arg = arg };

	return nve_table_walk_rcu(&t->binds, c, bind_walk_one, &w);
}

/* From nve_table_init(). */
int nve_bind_table_init(struct nve_table *t)
{
	return rhashtable_init(&t->binds, &nve_bind_params);
}

static void bind_destroy(void *ptr, void *arg)
{
	kfree(ptr);
}

/* From nve_table_uninit(): no reader is left (see there). */
void nve_bind_table_destroy(struct nve_table *t)
{
	rhashtable_free_and_destroy(&t->binds, bind_destroy, NULL);
}
