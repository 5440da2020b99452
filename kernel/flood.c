// SPDX-License-Identifier: GPL-2.0
/*
 * The VN's flood list: the remote NVEs that get a copy of every broadcast,
 * unknown unicast and multicast frame (head-end replication).  An array,
 * copied and replaced whole under the table's lock, read under RCU, and
 * freed after a grace period; each member holds a reference on a shared
 * struct nve_remote (table.c), so that the list and the mappings that send
 * to the same NVE share its dst cache.
 */
#include <linux/slab.h>

#include "nve_private.h"

static struct nve_flood *flood_get(struct nve_table *t)
{
	return rcu_dereference_protected(t->flood, lockdep_is_held(&t->lock));
}

/* How long the list is now; takes rcu_read_lock itself. */
static unsigned int flood_len(struct nve_table *t)
{
	struct nve_flood *fl;
	unsigned int n;

	rcu_read_lock();
	fl = rcu_dereference(t->flood);
	n = fl ? fl->n : 0;
	rcu_read_unlock();
	return n;
}

static int flood_find(const struct nve_flood *fl,
		      const struct nve_remote_key *k)
{
	unsigned int i;

	for (i = 0; fl && i < fl->n; i++)
		if (!memcmp(&fl->remotes[i]->key, k, sizeof(*k)))
			return i;
	return -1;
}

static void flood_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct nve_flood, rcu));
}

/* Publish @new in place of the current list, which goes after a grace period. */
static void flood_replace(struct nve_table *t, struct nve_flood *new)
{
	struct nve_flood *old = flood_get(t);

	rcu_assign_pointer(t->flood, new);
	nve_table_changed(t);
	if (old)
		call_rcu(&old->rcu, flood_free_rcu);
}

static int flood_check(struct nve_table *t, const struct nve_addr *addr,
		       struct nve_remote_key *k, struct netlink_ext_ack *extack)
{
	int err;

	err = nve_table_check_live(t, extack);
	if (err)
		return err;
	if (addr->family != t->family) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Remote address family must be the device's underlay family");
		return -EAFNOSUPPORT;
	}
	nve_remote_key_make(k, addr, 0, t->vni);
	return 0;
}

/**
 * nve_flood_add() - add a remote NVE to the flood list
 * @t: the table
 * @addr: its underlay address; the device's port and VNI are used
 * @nlflags: NLM_F_EXCL refuses a listed remote; without it, adding a
 *	listed remote changes nothing
 * @extack: why it failed
 *
 * The list is copied, extended and swapped in.  Takes the lock; may sleep.
 * Return: 0 or a negative error.
 */
int nve_flood_add(struct nve_table *t, const struct nve_addr *addr,
		  u16 nlflags, struct netlink_ext_ack *extack)
{
	struct nve_remote *spare = NULL, *r = NULL;
	struct nve_flood *old, *new = NULL;
	struct nve_remote_key k;
	unsigned int n;
	int err;

	for (;;) {
		n = flood_len(t) + 1;
		kfree(new);
		new = kmalloc(struct_size(new, remotes, n), GFP_KERNEL);
		if (!new) {
			err = -ENOMEM;
			goto out_free;
		}

		spin_lock_bh(&t->lock);
		err = flood_check(t, addr, &k, extack);
		if (err)
			goto out_unlock;
		old = flood_get(t);
		if (flood_find(old, &k) >= 0) {
			if (nlflags & NLM_F_EXCL) {
				NL_SET_ERR_MSG_MOD(extack,
						   "Remote is already in the flood list");
				err = -EEXIST;
			}
			goto out_unlock;
		}
		if (old && old->n >= NVE_FLOOD_MAX) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Flood list is full (1024 remote NVEs)");
			err = -ENOSPC;
			goto out_unlock;
		}
		if ((old ? old->n : 0) + 1 != n) {
			/* Changed since we sized the copy: size it again. */
			spin_unlock_bh(&t->lock);
			continue;
		}
		err = nve_remote_get(t, &k, &spare, &r, extack);
		if (err != NVE_REMOTE_NEEDED)
			break;
		spin_unlock_bh(&t->lock);
		spare = nve_remote_alloc();
		if (!spare) {
			err = -ENOMEM;
			goto out_free;
		}
	}
	if (err)
		goto out_unlock;

	new->n = n;
	if (old)
		memcpy(new->remotes, old->remotes,
		       old->n * sizeof(new->remotes[0]));
	new->remotes[n - 1] = r;
	flood_replace(t, new);
	new = NULL;
out_unlock:
	spin_unlock_bh(&t->lock);
out_free:
	kfree(new);
	nve_remote_free(spare);
	return err;
}

/**
 * nve_flood_del() - remove a remote NVE from the flood list
 * @t: the table
 * @addr: its underlay address
 * @extack: why it failed
 *
 * Takes the lock; may sleep.  Return: 0, or -ENOENT if not listed.
 */
int nve_flood_del(struct nve_table *t, const struct nve_addr *addr,
		  struct netlink_ext_ack *extack)
{
	struct nve_flood *old, *new = NULL;
	struct nve_remote_key k;
	unsigned int n;
	int err, i;

	for (;;) {
		n = flood_len(t);
		kfree(new);
		new = NULL;
		if (n > 1) {
			new = kmalloc(struct_size(new, remotes, n - 1),
				      GFP_KERNEL);
			if (!new)
				return -ENOMEM;
		}

		spin_lock_bh(&t->lock);
		err = flood_check(t, addr, &k, extack);
		if (err)
			goto out;
		old = flood_get(t);
		i = flood_find(old, &k);
		if (i < 0) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Remote is not in the flood list");
			err = -ENOENT;
			goto out;
		}
		if (old->n == n)
			break;
		spin_unlock_bh(&t->lock);
	}

	if (new) {
		new->n = n - 1;
		memcpy(new->remotes, old->remotes, i * sizeof(new->remotes[0]));
		memcpy(new->remotes + i, old->remotes + i + 1,
		       (n - 1 - i) * sizeof(new->remotes[0]));
	}
	nve_remote_put(t, old->remotes[i]);
	flood_replace(t, new);
	new = NULL;
out:
	spin_unlock_bh(&t->lock);
	kfree(new);
	return err;
}
