// SPDX-License-Identifier: GPL-2.0
/*
 * The hold queue of a PENDING entry (move.c): frames from the overlay for a
 * VM that was prepared here but does not run yet wait, in arrival order,
 * in its struct nve_motion, until the entry activates.  Then they go up
 * the device through a NAPI instance of its own, a budget (64 frames) a
 * poll, rather than in one burst: a burst of more frames than
 * net.core.netdev_max_backlog (1000) into the GRO cells, or into the input
 * backlog of the VM's veth behind the bridge, would be dropped there.
 * Each poll lets the other NAPI instances of the CPU, the backlog's among
 * them, run in between.  Frames that arrive from the overlay after the
 * activation take the usual path and may overtake held ones still waiting.
 *
 * Bounded twice, by the mapping's hold-pkts (a frame beyond it is dropped:
 * NVE_STATS_A_HOLD_OVERFLOW) and hold-ms (a frame held longer is dropped by
 * the table's timer: NVE_STATS_A_HOLD_EXPIRED), the prepare's or else the
 * device's.  Frames still held when the
 * entry moves away or is deleted are dropped and counted as expired too.
 *
 * The queue is changed under the table lock only; its own lock is unused.
 * Each frame's arrival time (jiffies) sits in its cb, which nothing else
 * uses between encap_rcv and the GRO cells.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "nve_private.h"

struct hold_cb {
	unsigned long since;	/* jiffies */
};

static struct hold_cb *hold_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct hold_cb) > sizeof(skb->cb));
	return (struct hold_cb *)skb->cb;
}

static void hold_drop(struct nve_dev *nve, struct sk_buff *skb,
		      unsigned int stat)
{
	nve_stat_inc(nve, stat);
	dev_core_stats_rx_dropped_inc(nve->dev);
	kfree_skb(skb);
}

/**
 * nve_hold_rx() - hold a frame for a PENDING entry
 * @nve: the device
 * @e: the entry, found under RCU
 * @skb: the frame, ready for delivery
 *
 * From encap_rcv, under RCU.  Return: NVE_RX_TAKEN (held, or dropped and
 * counted), or NVE_RX_PASS if the entry is not pending any more.
 */
enum nve_rx_verdict nve_hold_rx(struct nve_dev *nve, struct nve_entry *e,
				struct sk_buff *skb)
{
	struct nve_table *t = &nve->table;
	struct nve_motion *mo = NULL;
	bool first;

	spin_lock_bh(&t->lock);
	if (!t->dead && (e->flags & NVE_ENTRY_F_PENDING))
		mo = nve_motion_get_rcu(t, e);
	if (!mo) {
		spin_unlock_bh(&t->lock);
		return NVE_RX_PASS;
	}
	if (skb_queue_len(&mo->held) >= mo->hold_pkts) {
		spin_unlock_bh(&t->lock);
		hold_drop(nve, skb, NVE_STATS_A_HOLD_OVERFLOW);
		return NVE_RX_TAKEN;
	}
	hold_cb(skb)->since = jiffies;
	first = skb_queue_empty(&mo->held);
	__skb_queue_tail(&mo->held, skb);
	if (first)
		nve_motion_arm(t, jiffies + msecs_to_jiffies(mo->hold_ms));
	spin_unlock_bh(&t->lock);
	return NVE_RX_TAKEN;
}

/**
 * nve_hold_expire() - drop the frames held longer than hold-ms
 * @t: the table, locked
 * @mo: the motion of a PENDING entry
 * @now: jiffies
 * @when: set to when the oldest frame left expires
 *
 * Return: true if frames are left, and @when is set.
 */
bool nve_hold_expire(struct nve_table *t, struct nve_motion *mo,
		     unsigned long now, unsigned long *when)
{
	unsigned long hold = msecs_to_jiffies(mo->hold_ms);
	struct sk_buff *skb;

	lockdep_assert_held(&t->lock);
	while ((skb = skb_peek(&mo->held))) {
		*when = hold_cb(skb)->since + hold;
		if (time_before(now, *when))
			return true;
		__skb_unlink(skb, &mo->held);
		hold_drop(nve_table_dev(t), skb, NVE_STATS_A_HOLD_EXPIRED);
	}
	return false;
}

/* Drop everything held (the entry moved away or goes); under the lock. */
void nve_hold_purge(struct nve_table *t, struct nve_motion *mo)
{
	struct sk_buff *skb;

	lockdep_assert_held(&t->lock);
	while ((skb = __skb_dequeue(&mo->held)))
		hold_drop(nve_table_dev(t), skb, NVE_STATS_A_HOLD_EXPIRED);
}

/**
 * nve_hold_deliver() - deliver frames that were held, in order
 * @nve: the device
 * @q: the frames, taken off the entry under the lock; emptied
 *
 * Any context but hard IRQ.  They join the device's queue of released
 * frames, which nve_hold_poll() hands up the device in order.
 */
void nve_hold_deliver(struct nve_dev *nve, struct sk_buff_head *q)
{
	unsigned long flags;

	if (skb_queue_empty(q))
		return;
	spin_lock_irqsave(&nve->released.lock, flags);
	skb_queue_splice_tail_init(q, &nve->released);
	spin_unlock_irqrestore(&nve->released.lock, flags);
	/* From process context, the softirq runs at local_bh_enable(). */
	local_bh_disable();
	napi_schedule(&nve->hold_napi);
	local_bh_enable();
}

/**
 * nve_hold_poll() - hand released frames up the device, a budget at a time
 * @napi: the device's hold_napi
 * @budget: the most frames to deliver
 *
 * They go up as encap_rcv would have sent them, and are counted as
 * decapsulated then.  Return: how many were delivered.
 */
int nve_hold_poll(struct napi_struct *napi, int budget)
{
	struct nve_dev *nve = container_of(napi, struct nve_dev, hold_napi);
	struct sk_buff *skb;
	unsigned int len;
	int done = 0;

	while (done < budget && (skb = skb_dequeue(&nve->released))) {
		len = skb->len;
		napi_gro_receive(napi, skb);
		dev_sw_netstats_rx_add(nve->dev, len);
		nve_stat_inc(nve, NVE_STATS_A_RX_DECAP);
		done++;
	}
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

/* Drop the released frames not delivered yet (the device goes down). */
void nve_hold_flush(struct nve_dev *nve)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&nve->released))) {
		dev_core_stats_rx_dropped_inc(nve->dev);
		kfree_skb(skb);
	}
}
