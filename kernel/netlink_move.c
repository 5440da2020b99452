// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink commands of VM mobility: NVE_CMD_MOVE, NVE_CMD_PREPARE,
 * NVE_CMD_ACTIVATE, NVE_CMD_WITHDRAW and NVE_CMD_UNFREEZE (move.c does
 * the work), and the NVE_CMD_STALE_SENDER event.  Like the mapping commands (netlink_table.c)
 * they take one or more NVE_A_MAP nests, all checked before the first is
 * applied; a failure stops at its nest, with the extack pointing there.
 *
 * Events: NVE_CMD_MOVED per move, NVE_CMD_MAP_NEW per prepare,
 * NVE_CMD_ACTIVATED per activation, NVE_CMD_MAP_DEL per withdrawal,
 * NVE_CMD_FROZEN per move that duplicate detection refused (none for an
 * unfreeze: the NVA asked for it); the
 * data path and the timer send NVE_CMD_ACTIVATED, NVE_CMD_STALE_SENDER and
 * NVE_CMD_EXPIRED themselves.
 */
#include <net/genetlink.h>

#include "nve_private.h"

/* Apply one parsed nest of command @cmd; *@event is the event to send. */
static int move_apply(struct nve_table *t, u8 cmd, struct nve_map *m,
		      struct nve_map_spare *spare, u8 *event,
		      struct netlink_ext_ack *extack)
{
	switch (cmd) {
	case NVE_CMD_MOVE:
		*event = NVE_CMD_MOVED;
		return nve_move(t, m, spare, extack);
	case NVE_CMD_PREPARE:
		*event = NVE_CMD_MAP_NEW;
		return nve_prepare(t, m, spare, extack);
	case NVE_CMD_ACTIVATE:
		*event = NVE_CMD_ACTIVATED;
		return nve_activate(t, m, extack);
	case NVE_CMD_UNFREEZE:
		*event = NVE_CMD_UNFREEZE;
		return nve_unfreeze(t, m, extack);
	default:
		*event = NVE_CMD_MAP_DEL;
		return nve_withdraw(t, m, extack);
	}
}

static int move_doit(struct genl_info *info, u8 cmd, enum nve_map_op op)
{
	struct nve_map_spare spare = {};
	struct net_device *dev;
	struct nve_table *t;
	struct nlattr *nla;
	struct nve_map m;
	int rem, err;
	u8 event;

	dev = nve_genl_get_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	t = nve_dev_table(dev);

	err = nve_nl_map_check_all(t, info, op);
	if (err)
		goto out;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != NVE_A_MAP)
			continue;
		err = nve_nl_map_parse(t, nla, op, &m, info->extack);
		if (!err)
			err = move_apply(t, cmd, &m, &spare, &event,
					 info->extack);
		if (err < 0) {
			/* Only move_apply() says -EBUSY: m was parsed. */
			if (err == -EBUSY && m.dup_refused)
				nve_nl_map_notify(dev, NVE_CMD_FROZEN, &m,
						  GFP_KERNEL);
			NL_SET_BAD_ATTR(info->extack, nla);
			break;
		}
		if (err != NVE_MAP_UNCHANGED && event != NVE_CMD_UNFREEZE)
			nve_nl_map_notify(dev, event, &m, GFP_KERNEL);
		err = 0;
		cond_resched();
	}
	nve_map_spare_free(&spare);
out:
	dev_put(dev);
	return err;
}

int nve_nl_move_doit(struct sk_buff *skb, struct genl_info *info)
{
	return move_doit(info, NVE_CMD_MOVE, NVE_MAP_OP_MOVE);
}

int nve_nl_prepare_doit(struct sk_buff *skb, struct genl_info *info)
{
	return move_doit(info, NVE_CMD_PREPARE, NVE_MAP_OP_PREPARE);
}

int nve_nl_activate_doit(struct sk_buff *skb, struct genl_info *info)
{
	return move_doit(info, NVE_CMD_ACTIVATE, NVE_MAP_OP_KEY_SEQ);
}

int nve_nl_withdraw_doit(struct sk_buff *skb, struct genl_info *info)
{
	return move_doit(info, NVE_CMD_WITHDRAW, NVE_MAP_OP_KEY_SEQ);
}

int nve_nl_unfreeze_doit(struct sk_buff *skb, struct genl_info *info)
{
	return move_doit(info, NVE_CMD_UNFREEZE, NVE_MAP_OP_GET);
}

/**
 * nve_nl_notify_stale() - tell the NVA that a sender still uses the old NVE
 * @nve: the device (the old NVE)
 * @e: the REDIRECT entry the sender's packet was for
 * @r: where it was relayed (the new NVE)
 * @sender: the packet's outer source address
 *
 * From the data path (softirq); move.c rate-limits.
 */
void nve_nl_notify_stale(struct nve_dev *nve, const struct nve_entry *e,
			 const struct nve_remote *r,
			 const struct nve_addr *sender)
{
	struct nve_map m;

	memset(&m, 0, sizeof(m));
	m.key = e->key;
	memcpy(&m.rkey, &r->key, sizeof(m.rkey));
	m.has_sender = true;
	m.sender = *sender;
	nve_nl_map_notify(nve->dev, NVE_CMD_STALE_SENDER, &m, GFP_ATOMIC);
}
