// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink commands for a VN's bindings (NVE_CMD_BIND_*, the
 * (VNI, IP) -> MAC pairs proxy ARP and ND answer from) and its flood list
 * (NVE_CMD_FLOOD_*).  They follow the mappings' commands (netlink_table.c):
 * every nest is checked before any is applied, a failing nest is named by
 * the extack's offset, and dumps resume from a cursor and report changes
 * as NLM_F_DUMP_INTR.  They send no events.
 */
#include <linux/etherdevice.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "nve_private.h"

static const struct nla_policy nve_bind_policy[NVE_BIND_A_MAX + 1] = {
	[NVE_BIND_A_VNI]	= { .type = NLA_U32 },
	[NVE_BIND_A_IP]		= { .type = NLA_BE32 },
	[NVE_BIND_A_IP6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[NVE_BIND_A_MAC]	= NLA_POLICY_ETH_ADDR,
};

static const struct nla_policy nve_flood_policy[NVE_FLOOD_A_MAX + 1] = {
	[NVE_FLOOD_A_VNI]	= { .type = NLA_U32 },
	[NVE_FLOOD_A_REMOTE]	= { .type = NLA_BE32 },
	[NVE_FLOOD_A_REMOTE6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

const struct nla_policy nve_bind_req_policy[NVE_A_MAX + 1] = {
	[NVE_A_IFINDEX]	= { .type = NLA_U32 },
	[NVE_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[NVE_A_BIND]	= NLA_POLICY_NESTED(nve_bind_policy),
};

const struct nla_policy nve_flood_req_policy[NVE_A_MAX + 1] = {
	[NVE_A_IFINDEX]	= { .type = NLA_U32 },
	[NVE_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[NVE_A_FLOOD]	= NLA_POLICY_NESTED(nve_flood_policy),
};

/* ---- bindings --------------------------------------------------------- */

/* Parse and check one NVE_A_BIND nest into @key and, if @mac, @mac. */
static int bind_parse(const struct nve_table *t, const struct nlattr *nest,
		      struct nve_bind_key *key, u8 *mac,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NVE_BIND_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, NVE_BIND_A_MAX, nest, nve_bind_policy,
			       extack);
	if (err)
		return err;

	memset(key, 0, sizeof(*key));
	err = nve_nl_check_vni(t, tb[NVE_BIND_A_VNI], &key->vni, extack);
	if (err)
		return err;

	if (!!tb[NVE_BIND_A_IP] == !!tb[NVE_BIND_A_IP6]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "Give one address: ip or ip6");
		return -EINVAL;
	}
	if (tb[NVE_BIND_A_IP]) {
		__be32 ip = nla_get_in_addr(tb[NVE_BIND_A_IP]);

		if (ipv4_is_zeronet(ip) || ipv4_is_multicast(ip) ||
		    ipv4_is_lbcast(ip)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NVE_BIND_A_IP],
					    "IP address must be unicast");
			return -EADDRNOTAVAIL;
		}
		key->family = AF_INET;
		memcpy(&key->ip, &ip, sizeof(ip));
	} else {
		key->family = AF_INET6;
		key->ip = nla_get_in6_addr(tb[NVE_BIND_A_IP6]);
		if (ipv6_addr_any(&key->ip) ||
		    ipv6_addr_is_multicast(&key->ip)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NVE_BIND_A_IP6],
					    "IP address must be unicast");
			return -EADDRNOTAVAIL;
		}
	}

	if (!mac)
		return 0;
	return nve_nl_check_mac(nest, tb[NVE_BIND_A_MAC], mac, extack);
}

static int bind_check_all(const struct nve_table *t, struct genl_info *info,
			  bool with_mac)
{
	struct nve_bind_key key;
	struct nlattr *nla;
	u8 mac[ETH_ALEN];
	int rem, n = 0, err;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != NVE_A_BIND)
			continue;
		err = bind_parse(t, nla, &key, with_mac ? mac : NULL,
				 info->extack);
		if (err)
			return err;
		n++;
	}
	if (!n) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "Give at least one binding (NVE_A_BIND)");
		return -EINVAL;
	}
	return 0;
}

static int bind_change(struct genl_info *info, bool add)
{
	u16 nlflags = info->nlhdr->nlmsg_flags;
	struct nve_bind_key key;
	struct net_device *dev;
	struct nve_table *t;
	struct nlattr *nla;
	u8 mac[ETH_ALEN];
	int rem, err;

	dev = nve_genl_get_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	t = nve_dev_table(dev);

	err = bind_check_all(t, info, add);
	if (err)
		goto out;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != NVE_A_BIND)
			continue;
		err = bind_parse(t, nla, &key, add ? mac : NULL, info->extack);
		if (!err)
			err = add ? nve_bind_set(t, &key, mac, nlflags,
						 info->extack) :
				    nve_bind_del(t, &key, info->extack);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, nla);
			break;
		}
		cond_resched();
	}
out:
	dev_put(dev);
	return err;
}

int nve_nl_bind_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return bind_change(info, true);
}

int nve_nl_bind_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return bind_change(info, false);
}

static size_t bind_msg_size(void)
{
	return nla_total_size(sizeof(u32)) +			/* IFINDEX */
	       nla_total_size(0) +				/* nest */
	       nla_total_size(sizeof(u32)) +			/* VNI */
	       nla_total_size(sizeof(struct in6_addr)) +	/* IP{,6} */
	       nla_total_size(ETH_ALEN);			/* MAC */
}

static int bind_fill(struct sk_buff *skb, const struct nve_bind_key *key,
		     const u8 *mac)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, NVE_A_BIND);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, NVE_BIND_A_VNI, key->vni) ||
	    (key->family == AF_INET6 ?
	     nla_put_in6_addr(skb, NVE_BIND_A_IP6, &key->ip) :
	     nla_put(skb, NVE_BIND_A_IP, sizeof(__be32), &key->ip)) ||
	    nla_put(skb, NVE_BIND_A_MAC, ETH_ALEN, mac)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int nve_nl_bind_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nve_bind_key key;
	struct net_device *dev;
	struct nve_table *t;
	struct sk_buff *msg;
	u8 mac[ETH_ALEN];
	bool found;
	void *hdr;
	int err;

	dev = nve_genl_get_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	t = nve_dev_table(dev);

	if (!info->attrs[NVE_A_BIND]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "Name the binding (NVE_A_BIND with VNI and IP)");
		err = -EINVAL;
		goto out;
	}
	err = bind_parse(t, info->attrs[NVE_A_BIND], &key, NULL, info->extack);
	if (err)
		goto out;
	if (key.vni == NVE_VNI_DEFAULT)
		key.vni = READ_ONCE(t->vni);

	rcu_read_lock();
	found = nve_table_live_rcu(t) &&
		(key.family == AF_INET ?
		 nve_bind_lookup4_rcu(t, key.vni, key.ip.s6_addr32[0], mac) :
		 nve_bind_lookup6_rcu(t, key.vni, &key.ip, mac));
	rcu_read_unlock();
	if (!found) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NVE_A_BIND],
				    "Binding does not exist");
		err = -ENOENT;
		goto out;
	}

	msg = genlmsg_new(bind_msg_size(), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &nve_genl_family, 0,
				NVE_CMD_BIND_GET);
	if (!hdr || nla_put_u32(msg, NVE_A_IFINDEX, dev->ifindex) ||
	    bind_fill(msg, &key, mac)) {
		nlmsg_free(msg);
		err = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
out:
	dev_put(dev);
	return err;
}

static int bind_dump_one(const struct nve_bind_key *key, const u8 *mac,
			 void *arg)
{
	struct nve_nl_dump *d = arg;
	void *hdr;

	hdr = nve_nl_dump_put(d, NVE_CMD_BIND_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (bind_fill(d->skb, key, mac)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return NVE_WALK_NEXT;
}

int nve_nl_bind_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nve_nl_dump d;
	int err;

	rcu_read_lock();
	err = nve_nl_dump_begin_rcu(skb, cb, &d);
	if (!err)
		err = nve_nl_dump_end(&d, nve_bind_walk_rcu(d.t, d.c,
							    bind_dump_one, &d));
	else if (err > 0)
		err = 0;
	rcu_read_unlock();
	return err;
}

/* ---- flood lists ------------------------------------------------------ */

static int flood_parse(const struct nve_table *t, const struct nlattr *nest,
		       struct nve_addr *addr, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NVE_FLOOD_A_MAX + 1];
	u32 vni;
	int err;

	err = nla_parse_nested(tb, NVE_FLOOD_A_MAX, nest, nve_flood_policy,
			       extack);
	if (err)
		return err;
	err = nve_nl_check_vni(t, tb[NVE_FLOOD_A_VNI], &vni, extack);
	if (err)
		return err;
	return nve_nl_check_remote(t, nest, tb[NVE_FLOOD_A_REMOTE],
			    tb[NVE_FLOOD_A_REMOTE6], addr, extack);
}

static int flood_change(struct genl_info *info, bool add)
{
	u16 nlflags = info->nlhdr->nlmsg_flags;
	struct net_device *dev;
	struct nve_addr addr;
	struct nve_table *t;
	struct nlattr *nla;
	int rem, n = 0, err;

	dev = nve_genl_get_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	t = nve_dev_table(dev);

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != NVE_A_FLOOD)
			continue;
		err = flood_parse(t, nla, &addr, info->extack);
		if (err)
			goto out;
		n++;
	}
	if (!n) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "Give at least one remote NVE (NVE_A_FLOOD)");
		err = -EINVAL;
		goto out;
	}

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != NVE_A_FLOOD)
			continue;
		err = flood_parse(t, nla, &addr, info->extack);
		if (!err)
			err = add ? nve_flood_add(t, &addr, nlflags,
						  info->extack) :
				    nve_flood_del(t, &addr, info->extack);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, nla);
			break;
		}
	}
out:
	dev_put(dev);
	return err;
}

int nve_nl_flood_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return flood_change(info, true);
}

int nve_nl_flood_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return flood_change(info, false);
}

static size_t flood_nest_size(void)
{
	return nla_total_size(0) + nla_total_size(sizeof(u32)) +
	       nla_total_size(sizeof(struct in6_addr));
}

static int flood_fill(struct sk_buff *skb, const struct nve_remote *r)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, NVE_A_FLOOD);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, NVE_FLOOD_A_VNI, r->vni) ||
	    (r->addr.family == AF_INET6 ?
	     nla_put_in6_addr(skb, NVE_FLOOD_A_REMOTE6, &r->addr.ip6) :
	     nla_put_in_addr(skb, NVE_FLOOD_A_REMOTE, r->addr.ip4))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Do: the whole flood list, one NVE_A_FLOOD nest per member. */
int nve_nl_flood_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nve_flood *fl;
	struct net_device *dev;
	struct nve_table *t;
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;
	int err;

	dev = nve_genl_get_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	t = nve_dev_table(dev);

	msg = genlmsg_new(nla_total_size(sizeof(u32)) +
			  NVE_FLOOD_MAX * flood_nest_size(), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &nve_genl_family, 0,
				NVE_CMD_FLOOD_GET);
	err = -EMSGSIZE;
	if (!hdr || nla_put_u32(msg, NVE_A_IFINDEX, dev->ifindex))
		goto err_free;

	rcu_read_lock();
	if (!nve_table_live_rcu(t)) {
		rcu_read_unlock();
		err = -ENODEV;
		goto err_free;
	}
	fl = rcu_dereference(t->flood);
	for (i = 0; fl && i < fl->n; i++) {
		if (flood_fill(msg, fl->remotes[i])) {
			rcu_read_unlock();
			goto err_free;
		}
	}
	rcu_read_unlock();

	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	goto out;

err_free:
	nlmsg_free(msg);
out:
	dev_put(dev);
	return err;
}

/* Dump: one message per member. */
static int flood_dump_rcu(struct nve_nl_dump *d)
{
	const struct nve_flood *fl = rcu_dereference(d->t->flood);
	void *hdr;

	for (; fl && *d->pos < fl->n; (*d->pos)++) {
		hdr = nve_nl_dump_put(d, NVE_CMD_FLOOD_GET);
		if (!hdr)
			return -EMSGSIZE;
		if (flood_fill(d->skb, fl->remotes[*d->pos])) {
			genlmsg_cancel(d->skb, hdr);
			return -EMSGSIZE;
		}
		genlmsg_end(d->skb, hdr);
	}
	return 0;
}

int nve_nl_flood_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nve_nl_dump d;
	int err;

	rcu_read_lock();
	err = nve_nl_dump_begin_rcu(skb, cb, &d);
	if (!err)
		err = nve_nl_dump_end(&d, flood_dump_rcu(&d));
	else if (err > 0)
		err = 0;
	rcu_read_unlock();
	return err;
}
