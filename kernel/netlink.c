// SPDX-License-Identifier: GPL-2.0
/*
 * The "nve" generic netlink family: how an NVA reads nve devices.  The
 * location table's commands are in netlink_table.c; their ops are here.
 *
 * Validation runs in three layers: the per-op nla_policy checks types and
 * lengths, per-attribute checks set NL_SET_ERR_MSG_ATTR, and cross-attribute
 * checks run before anything changes.  Classic genl_ops with per-op
 * policies, so that the family builds on 6.1 (split ops came with 6.2).
 */
#include <linux/etherdevice.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>
#include <net/rtnetlink.h>

#include "nve_private.h"

static const struct nla_policy nve_dev_get_policy[NVE_A_MAX + 1] = {
	[NVE_A_IFINDEX]	= { .type = NLA_U32 },
	[NVE_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
};

/**
 * nve_genl_get_dev() - the nve device a request names
 * @net: the requester's network namespace
 * @attrs: the request's parsed attributes
 * @extack: for the reason of a failure
 *
 * Return: the device with a reference the caller must dev_put(), or an
 * ERR_PTR with @extack set.
 */
struct net_device *nve_genl_get_dev(struct net *net, struct nlattr **attrs,
				    struct netlink_ext_ack *extack)
{
	struct net_device *dev;

	if (attrs[NVE_A_IFINDEX]) {
		dev = dev_get_by_index(net, nla_get_u32(attrs[NVE_A_IFINDEX]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[NVE_A_IFINDEX],
					    "No device with this ifindex");
			return ERR_PTR(-ENODEV);
		}
	} else if (attrs[NVE_A_IFNAME]) {
		dev = dev_get_by_name(net, nla_data(attrs[NVE_A_IFNAME]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[NVE_A_IFNAME],
					    "No device with this name");
			return ERR_PTR(-ENODEV);
		}
	} else {
		NL_SET_ERR_MSG_MOD(extack, "Name the nve device (ifindex or name)");
		return ERR_PTR(-EINVAL);
	}

	if (!nve_dev_is_nve(dev)) {
		NL_SET_ERR_MSG_MOD(extack, "Device is not an nve device");
		dev_put(dev);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

static int nve_fill_dev_cfg(struct sk_buff *skb, struct nve_dev *nve)
{
	const struct nve_cfg *cfg = &nve->cfg;
	struct nlattr *nest;

	nest = nla_nest_start(skb, NVE_A_DEV);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u32(skb, NVE_DEV_A_VNI, cfg->vni) ||
	    nla_put_be16(skb, NVE_DEV_A_PORT, cfg->port) ||
	    nla_put_u8(skb, NVE_DEV_A_ENCAP, cfg->encap) ||
	    nla_put_u8(skb, NVE_DEV_A_TTL, cfg->ttl) ||
	    nla_put_u8(skb, NVE_DEV_A_TOS, cfg->tos) ||
	    nla_put_u32(skb, NVE_DEV_A_MAX_ENTRIES, cfg->max_entries) ||
	    nla_put_u8(skb, NVE_DEV_A_PROXY, cfg->proxy) ||
	    nla_put_u32(skb, NVE_DEV_A_ENTRIES, nve_table_count(&nve->table)) ||
	    nla_put_u32(skb, NVE_DEV_A_ENTRY_SIZE,
			nve_table_entry_size(&nve->table)) ||
	    nla_put_u32(skb, NVE_DEV_A_REDIRECT_MS, cfg->redirect_ms) ||
	    nla_put_u32(skb, NVE_DEV_A_REDIRECT_MAX_MS, cfg->redirect_max_ms) ||
	    nla_put_u32(skb, NVE_DEV_A_HOLD_PKTS, cfg->hold_pkts) ||
	    nla_put_u32(skb, NVE_DEV_A_HOLD_MS, cfg->hold_ms) ||
	    nla_put_u32(skb, NVE_DEV_A_DUP_MOVES, cfg->dup_moves) ||
	    nla_put_u32(skb, NVE_DEV_A_DUP_WINDOW, cfg->dup_window) ||
	    nla_put_u32(skb, NVE_DEV_A_DUP_FREEZE, cfg->dup_freeze) ||
	    nla_put_u8(skb, NVE_DEV_A_ANNOUNCE, cfg->announce) ||
	    nla_put_u8(skb, NVE_DEV_A_SPOOF_CHECK, cfg->spoof_check))
		goto err_cancel;

	if (cfg->local.family == AF_INET6) {
		if (nla_put_in6_addr(skb, NVE_DEV_A_LOCAL6, &cfg->local.ip6))
			goto err_cancel;
	} else if (nla_put_in_addr(skb, NVE_DEV_A_LOCAL, cfg->local.ip4)) {
		goto err_cancel;
	}

	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int nve_fill_dev_stats(struct sk_buff *skb, struct nve_dev *nve)
{
	u64 sum[__NVE_STATS_A_MAX];
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, NVE_A_STATS);
	if (!nest)
		return -EMSGSIZE;

	nve_stats_sum(nve, sum);
	for (i = NVE_STATS_A_UNSPEC + 1; i < __NVE_STATS_A_MAX; i++) {
		if (i == NVE_STATS_A_PAD)
			continue;
		if (nla_put_u64_64bit(skb, i, sum[i], NVE_STATS_A_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}

	nla_nest_end(skb, nest);
	return 0;
}

static int nve_fill_dev(struct sk_buff *skb, struct net_device *dev,
			u32 portid, u32 seq, int flags)
{
	struct nve_dev *nve = netdev_priv(dev);
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &nve_genl_family, flags,
			  NVE_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;

	if (nla_put_u32(skb, NVE_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, NVE_A_IFNAME, dev->name) ||
	    nve_fill_dev_cfg(skb, nve) ||
	    nve_fill_dev_stats(skb, nve)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}

	genlmsg_end(skb, hdr);
	return 0;
}

static int nve_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	dev = nve_genl_get_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}

	/* RTNL keeps the configuration still while it is copied out. */
	rtnl_lock();
	err = nve_fill_dev(msg, dev, info->snd_portid, info->snd_seq, 0);
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		goto out;
	}

	err = genlmsg_reply(msg, info);
out:
	dev_put(dev);
	return err;
}

/* cb->args[0]: ifindex of the last device dumped. */
static int nve_nl_dev_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	int err = 0;

	rtnl_lock();
	for_each_netdev(net, dev) {
		if (!nve_dev_is_nve(dev) || dev->ifindex <= cb->args[0])
			continue;
		err = nve_fill_dev(skb, dev, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		cb->args[0] = dev->ifindex;
	}
	rtnl_unlock();

	/* A full skb ends this round; the next resumes after args[0]. */
	if (err == -EMSGSIZE && skb->len)
		err = 0;
	return err ?: skb->len;
}

static const struct genl_ops nve_genl_ops[] = {
	{
		.cmd	= NVE_CMD_DEV_GET,
		.doit	= nve_nl_dev_get_doit,
		.dumpit	= nve_nl_dev_get_dumpit,
		.policy	= nve_dev_get_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_MAP_NEW,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_map_new_doit,
		.policy	= nve_map_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_MAP_DEL,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_map_del_doit,
		.policy	= nve_map_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_MAP_GET,
		.doit	= nve_nl_map_get_doit,
		.start	= nve_nl_map_get_start,
		.dumpit	= nve_nl_map_get_dumpit,
		.policy	= nve_map_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_MAP_FLUSH,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_map_flush_doit,
		.policy	= nve_map_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_BIND_NEW,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_bind_new_doit,
		.policy	= nve_bind_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_BIND_DEL,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_bind_del_doit,
		.policy	= nve_bind_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_BIND_GET,
		.doit	= nve_nl_bind_get_doit,
		.start	= nve_nl_dev_dump_start,
		.dumpit	= nve_nl_bind_get_dumpit,
		.policy	= nve_bind_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_FLOOD_NEW,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_flood_new_doit,
		.policy	= nve_flood_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_FLOOD_DEL,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_flood_del_doit,
		.policy	= nve_flood_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_FLOOD_GET,
		.doit	= nve_nl_flood_get_doit,
		.start	= nve_nl_dev_dump_start,
		.dumpit	= nve_nl_flood_get_dumpit,
		.policy	= nve_flood_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_MOVE,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_move_doit,
		.policy	= nve_map_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_PREPARE,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_prepare_doit,
		.policy	= nve_map_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_ACTIVATE,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_activate_doit,
		.policy	= nve_map_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_WITHDRAW,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_withdraw_doit,
		.policy	= nve_map_req_policy,
		.maxattr = NVE_A_MAX,
	},
	{
		.cmd	= NVE_CMD_UNFREEZE,
		.flags	= GENL_UNS_ADMIN_PERM,
		.doit	= nve_nl_unfreeze_doit,
		.policy	= nve_map_req_policy,
		.maxattr = NVE_A_MAX,
	},
};

/* NVE_MCGRP_EVENTS (netlink_table.c) is the index of the events group. */
static const struct genl_multicast_group nve_genl_mcgrps[] = {
	{ .name = NVE_GENL_MCGRP_EVENTS },
};

struct genl_family nve_genl_family __ro_after_init = {
	.name		= NVE_GENL_NAME,
	.version	= NVE_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	/*
	 * NVE_CMD_*_NEW take NLM_F_CREATE, NLM_F_EXCL and NLM_F_REPLACE as
	 * rtnetlink neighbours do (the uapi contract).  Since 6.1 the genl
	 * core refuses those flags, and a non-zero reserved header field, for
	 * ops at or above resv_start_op: so every command so far sits below
	 * it.  Commands appended after NVE_CMD_MISS get the strict checks.
	 */
	.resv_start_op	= NVE_CMD_MISS + 1,
	.module		= THIS_MODULE,
	.ops		= nve_genl_ops,
	.n_ops		= ARRAY_SIZE(nve_genl_ops),
	.mcgrps		= nve_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(nve_genl_mcgrps),
};

int __init nve_genl_init(void)
{
	return genl_register_family(&nve_genl_family);
}

void nve_genl_uninit(void)
{
	genl_unregister_family(&nve_genl_family);
}
