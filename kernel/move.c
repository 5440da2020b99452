// SPDX-License-Identifier: GPL-2.0
/*
 * VM mobility (draft-ietf-nvo3-vmm), first slice: moves on the old NVE,
 * prepare and activation on the new one, and what the data path does with
 * a moving entry.  The netlink side is in netlink_move.c, the hold queue in
 * hold.c.
 *
 *  - NVE_CMD_MOVE (old NVE): the entry points at the new NVE.  A hot move
 *    with a redirect time makes it REDIRECT until a deadline: the packets
 *    that still reach this NVE from the overlay for the VM (stale senders)
 *    are re-encapsulated to the new NVE with the redirect mark (tx.c), and
 *    each sender is reported.  At the deadline it becomes a plain remote
 *    mapping (NVE_CMD_EXPIRED).  Other moves make it plain at once.
 *  - NVE_CMD_PREPARE (new NVE): the entry is local and PENDING; frames for
 *    the VM from the overlay are held (hold.c) until the VM's first frame
 *    on the local side (nve_move_xmit()) or NVE_CMD_ACTIVATE, which deliver
 *    them in order (NVE_CMD_ACTIVATED) and announce the VM (announce.c).
 *  - A marked packet is delivered only to a local VM (active or pending):
 *    one for anything else is dropped, never relayed twice.
 *  - Duplicate detection (RFC 7432 section 15.1): every move of an entry
 *    (MOVE, PREPARE of a remote entry, a NVE_CMD_MAP_NEW that changes its
 *    location) is counted in a fixed window of dup-window seconds that
 *    opens at the first move.  The move that would be one more than
 *    dup-moves in the window is refused and freezes the entry: further
 *    moves are refused (EBUSY, NVE_CMD_FROZEN each time) until
 *    NVE_CMD_UNFREEZE or, if dup-freeze is set, the freeze times out.  A
 *    MAC that keeps moving is in two places at once (a duplicate MAC, a
 *    loop), and flapping its mapping would only spread the damage.
 *
 * State: the entry's flags say PENDING or REDIRECT, which the data path
 * reads locklessly.  The rest (deadline, hold queue, counters) is a struct
 * nve_motion, allocated for the move outside the lock, found by the id in
 * the entry (an xarray of the table's motions: the id fills a hole in the
 * entry, which stays 88 bytes) and freed through RCU when the entry
 * settles and duplicate detection needs nothing of it: an entry that
 * moved keeps its motion (state 0, idle) while its window is open or it is
 * frozen.  Readers that loaded an id check that the motion found is still
 * their entry's.  nve_table.nmoving lets the data path skip all of this
 * while nothing moves; idle motions don't count there.
 *
 * Timer: one per table, at the earliest redirect deadline, held frame
 * expiry, end of a window or end of a timed freeze; it ends what is due
 * under the table lock (and frees idle motions with nothing left to
 * remember) and re-arms.  The data
 * path checks a redirect's deadline itself too, so a late timer never
 * stretches a redirect.  Lifetime: the timer gives up on a dead table, and
 * nve_table_uninit() marks the table dead, then shuts the timer down
 * synchronously (nve_move_uninit()) before the entries are freed.
 *
 * Locking: everything that changes a state or a motion holds the table
 * lock (spin_lock_bh: the data path activates and holds frames too).  Held
 * frames are delivered and events sent after the lock is dropped.
 */
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/slab.h>

#include "nve_private.h"

/* NVE_CMD_EXPIRED events sent per timer run; the rest at the next tick. */
#define MOTION_EVENTS		4
/* NVE_CMD_STALE_SENDER: one per entry and sender per interval, and at
 * most NVE_STALE_BURST per interval per device.
 */
#define NVE_STALE_INTERVAL	HZ
#define NVE_STALE_BURST		100

static const struct xa_limit motion_ids = XA_LIMIT(1, U32_MAX);

/*
 * The motion of @e: under the table lock, or under RCU (valid until
 * rcu_read_unlock; the id may be stale, hence the check).
 */
struct nve_motion *nve_motion_get_rcu(struct nve_table *t,
				      const struct nve_entry *e)
{
	u32 id = READ_ONCE(e->motion);
	struct nve_motion *mo;

	if (!id)
		return NULL;
	mo = xa_load(&t->motions, id);
	return mo && mo->entry == e ? mo : NULL;
}

struct nve_motion *nve_motion_alloc(void)
{
	struct nve_motion *mo = kzalloc(sizeof(*mo), GFP_KERNEL);

	if (mo)
		skb_queue_head_init(&mo->held);
	return mo;
}

/* Set @e's mobility state (0, PENDING or REDIRECT), keeping the counts. */
static void motion_set_state(struct nve_table *t, struct nve_entry *e,
			     u32 state)
{
	u32 old = e->flags & NVE_ENTRY_F_MOVING;

	lockdep_assert_held(&t->lock);
	if (old == state)
		return;
	if (!old)
		WRITE_ONCE(t->nmoving, t->nmoving + 1);
	else if (!state)
		WRITE_ONCE(t->nmoving, t->nmoving - 1);
	if (old & NVE_ENTRY_F_PENDING)
		WRITE_ONCE(t->npending, t->npending - 1);
	if (state & NVE_ENTRY_F_PENDING)
		WRITE_ONCE(t->npending, t->npending + 1);
	WRITE_ONCE(e->flags, (e->flags & ~NVE_ENTRY_F_MOVING) | state);
}

/*
 * Give the spare motion an id for @e, without attaching it yet: the only
 * step of a move that can fail once the entry was checked, so it comes
 * before any change.
 */
int nve_motion_reserve(struct nve_table *t, struct nve_entry *e,
		       struct nve_motion *mo, struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&t->lock);
	mo->entry = e;
	err = xa_alloc_cyclic(&t->motions, &mo->id, mo, motion_ids,
			      &t->motion_next, GFP_ATOMIC);
	if (err < 0) {
		NL_SET_ERR_MSG_MOD(extack, "Out of memory for the move, try again");
		return err;
	}
	return 0;
}

/* Attach the reserved spare motion to @e in @state. */
static struct nve_motion *motion_attach(struct nve_table *t,
					struct nve_entry *e,
					struct nve_motion **spare, u32 state)
{
	struct nve_motion *mo = *spare;

	*spare = NULL;
	WRITE_ONCE(e->motion, mo->id);
	motion_set_state(t, e, state);
	return mo;
}

/* ---- duplicate detection: the history in the motion ------------------ */

/* Under the lock, or RCU (snapshots). */
static unsigned long dup_window(const struct nve_table *t)
{
	return (unsigned long)READ_ONCE(t->dup_window) * HZ;
}

/* Is @mo frozen at @now?  A timed freeze past its end is not. */
static bool dup_frozen(const struct nve_motion *mo, unsigned long now)
{
	return mo->frozen && (!mo->thaws || time_before(now, mo->thaw));
}

/* Forget what ended by @now: a timed freeze, a window.  Under the lock. */
static void dup_expire(struct nve_table *t, struct nve_motion *mo,
		       unsigned long now)
{
	if (mo->frozen ? !dup_frozen(mo, now) :
	    mo->moves && !time_before(now, mo->window + dup_window(t))) {
		WRITE_ONCE(mo->frozen, false);
		WRITE_ONCE(mo->moves, 0);
		WRITE_ONCE(mo->thaws, false);
	}
}

/*
 * After dup_expire(): must @mo stay for duplicate detection, and when does
 * that end (*@when, if it does by itself)?
 */
static bool dup_live(struct nve_table *t, const struct nve_motion *mo,
		     unsigned long *when, bool *timed)
{
	*timed = !mo->frozen || mo->thaws;
	*when = mo->frozen ? mo->thaw : mo->window + dup_window(t);
	return mo->frozen || mo->moves;
}

static void dup_clear(struct nve_motion *mo)
{
	WRITE_ONCE(mo->frozen, false);
	WRITE_ONCE(mo->moves, 0);
	WRITE_ONCE(mo->thaws, false);
}

/* Count a move that was applied; under the lock. */
static void dup_count(struct nve_table *t, struct nve_motion *mo)
{
	unsigned long now = jiffies;

	if (!t->dup_moves)
		return;
	dup_expire(t, mo, now);
	if (!mo->moves)
		WRITE_ONCE(mo->window, now);
	if (mo->moves < U32_MAX)
		WRITE_ONCE(mo->moves, mo->moves + 1);
}

/* Unlist and free @mo, the motion of @e, whose state is 0 already. */
static void motion_free(struct nve_table *t, struct nve_entry *e,
			struct nve_motion *mo)
{
	lockdep_assert_held(&t->lock);
	WRITE_ONCE(e->motion, 0);
	nve_hold_purge(t, mo);
	xa_erase(&t->motions, mo->id);
	kfree_rcu(mo, rcu);
}

/*
 * @e, whose state is 0, keeps its motion @mo while duplicate detection
 * needs it (arming the timer for when that ends), else it is freed.
 * Return: whether it stays.
 */
static bool motion_idle(struct nve_table *t, struct nve_entry *e,
			struct nve_motion *mo)
{
	unsigned long when;
	bool timed;

	dup_expire(t, mo, jiffies);
	if (!dup_live(t, mo, &when, &timed)) {
		motion_free(t, e, mo);
		return false;
	}
	if (timed)
		nve_motion_arm(t, when);
	return true;
}

/**
 * nve_motion_end() - settle an entry: no more redirect, nothing held
 * @t: the table, locked
 * @e: the entry
 *
 * Frames still held are dropped (NVE_STATS_A_HOLD_EXPIRED); the motion is
 * freed after a grace period, unless duplicate detection still needs it.
 * Callers that deliver the held frames take them first.
 */
void nve_motion_end(struct nve_table *t, struct nve_entry *e)
{
	struct nve_motion *mo = nve_motion_get_rcu(t, e);

	lockdep_assert_held(&t->lock);
	motion_set_state(t, e, 0);
	if (!mo) {
		WRITE_ONCE(e->motion, 0);
		return;
	}
	nve_hold_purge(t, mo);
	motion_idle(t, e, mo);
}

/**
 * nve_motion_forget() - the entry goes: free its motion, history and all
 * @t: the table, locked
 * @e: the entry, unlinked
 */
void nve_motion_forget(struct nve_table *t, struct nve_entry *e)
{
	struct nve_motion *mo = nve_motion_get_rcu(t, e);

	lockdep_assert_held(&t->lock);
	motion_set_state(t, e, 0);
	WRITE_ONCE(e->motion, 0);
	if (mo)
		motion_free(t, e, mo);
}

/**
 * nve_motion_move() - an entry moved: its motion for the new location
 * @t: the table, locked
 * @e: the entry
 * @next: NULL, or a motion reserved for @e (nve_motion_reserve()), which
 *	is taken (*@next set to NULL); needed for a @state other than 0, and
 *	for duplicate detection when @e has no motion
 * @state: the entry's new state: 0, NVE_ENTRY_F_PENDING or _REDIRECT
 *
 * What the old motion held ends (redirect, held frames: dropped); its
 * duplicate detection history goes over to *@next, and the move is
 * counted.  An entry that ends up at rest keeps a motion only while
 * duplicate detection needs it.
 */
void nve_motion_move(struct nve_table *t, struct nve_entry *e,
		     struct nve_motion **next, u32 state)
{
	struct nve_motion *mo = nve_motion_get_rcu(t, e);

	lockdep_assert_held(&t->lock);
	motion_set_state(t, e, 0);
	if (mo)
		nve_hold_purge(t, mo);
	if (next && *next) {
		struct nve_motion *nx = *next;

		*next = NULL;
		if (mo) {
			nx->moves = mo->moves;
			nx->window = mo->window;
			nx->frozen = mo->frozen;
			nx->thaws = mo->thaws;
			nx->thaw = mo->thaw;
			motion_free(t, e, mo);
		}
		WRITE_ONCE(e->motion, nx->id);
		mo = nx;
	}
	if (!mo) {
		WRITE_ONCE(e->motion, 0);
		return;
	}
	dup_count(t, mo);
	if (state)
		motion_set_state(t, e, state);
	else
		motion_idle(t, e, mo);
}

/**
 * nve_dup_needs_motion() - does a move of @e need a new motion to count it?
 * @t: the table, locked
 * @e: the entry
 */
bool nve_dup_needs_motion(struct nve_table *t, const struct nve_entry *e)
{
	lockdep_assert_held(&t->lock);
	return t->dup_moves && !nve_motion_get_rcu(t, e);
}

/**
 * nve_dup_check() - duplicate detection before a move of @e is applied
 * @t: the table, locked
 * @e: the entry, checked otherwise (exists, sequence number, sticky)
 * @m: on -EBUSY, a snapshot of @e for the NVE_CMD_FROZEN event
 * @extack: why the move was refused
 *
 * A frozen entry refuses every move; the move that would be one more than
 * dup-moves within the window freezes the entry (NVE_STATS_A_FROZEN)
 * instead of moving it.  Either way the refused move counts in @e's moves.
 *
 * Return: 0 to go ahead (the move is counted by nve_motion_move()), or
 * -EBUSY: @e is frozen, and stays where it is.
 */
int nve_dup_check(struct nve_table *t, struct nve_entry *e,
		  struct nve_map *m, struct netlink_ext_ack *extack)
{
	unsigned long now = jiffies;
	struct nve_motion *mo;

	lockdep_assert_held(&t->lock);
	if (!t->dup_moves)
		return 0;
	mo = nve_motion_get_rcu(t, e);
	if (!mo)
		return 0;
	dup_expire(t, mo, now);
	if (!mo->frozen) {
		if (mo->moves < t->dup_moves)
			return 0;
		WRITE_ONCE(mo->thaws, !!t->dup_freeze);
		WRITE_ONCE(mo->thaw, now + (unsigned long)t->dup_freeze * HZ);
		WRITE_ONCE(mo->frozen, true);
		if (mo->thaws)
			nve_motion_arm(t, mo->thaw);
		nve_stat_inc(nve_table_dev(t), NVE_STATS_A_FROZEN);
	}
	if (mo->moves < U32_MAX)
		WRITE_ONCE(mo->moves, mo->moves + 1);

	nve_entry_snapshot(e, nve_entry_remote(t, e), m);
	nve_motion_snapshot_rcu(t, e, m);
	m->dup_refused = true;
	NVE_SET_ERR_MSG_FMT(extack,
			    "Mapping is frozen: more than dup-moves moves within dup-window (duplicate MAC?)",
			    "Mapping is frozen: more than %u moves in %u s (duplicate MAC?)",
			    t->dup_moves, t->dup_window);
	return -EBUSY;
}

/* dup-moves went to 0: thaw every entry, forget every window. */
static void dup_off(struct nve_table *t)
{
	struct nve_motion *mo;
	unsigned long id;

	lockdep_assert_held(&t->lock);
	xa_for_each(&t->motions, id, mo) {
		dup_clear(mo);
		if (!(mo->entry->flags & NVE_ENTRY_F_MOVING))
			motion_free(t, mo->entry, mo);
	}
}

/*
 * The timer's part for an idle motion: what ended, and when the next end
 * is due (*@when).  Return: true if the timer is needed for it again.
 */
static bool dup_timer(struct nve_table *t, struct nve_motion *mo,
		      unsigned long now, unsigned long *when)
{
	bool timed;

	dup_expire(t, mo, now);
	if (!dup_live(t, mo, when, &timed)) {
		motion_free(t, mo->entry, mo);
		return false;
	}
	return timed;
}

/* Table teardown (nve_table_uninit()): no reader, no timer, no lock. */
void nve_motion_destroy(struct nve_table *t, struct nve_entry *e)
{
	struct nve_motion *mo;

	if (!e->motion)
		return;
	mo = xa_erase_bh(&t->motions, e->motion);
	if (!mo)
		return;
	skb_queue_purge(&mo->held);
	kfree(mo);
}

/* Add what the motion of @e knows to its snapshot @m; under RCU or lock. */
void nve_motion_snapshot_rcu(struct nve_table *t, const struct nve_entry *e,
			     struct nve_map *m)
{
	unsigned long now = jiffies;
	struct nve_motion *mo;

	mo = nve_motion_get_rcu(t, e);
	if (!mo)
		return;
	/* A window or freeze that ended, and the timer did not see yet. */
	m->frozen = READ_ONCE(mo->frozen);
	if (m->frozen && READ_ONCE(mo->thaws)) {
		unsigned long thaw = READ_ONCE(mo->thaw);

		if (time_before(now, thaw))
			m->frozen_secs = DIV_ROUND_UP(jiffies_to_msecs(thaw - now),
						      MSEC_PER_SEC) ?: 1;
		else
			m->frozen = false;
	}
	m->moves = READ_ONCE(mo->moves);
	if (!m->frozen &&
	    !time_before(now, READ_ONCE(mo->window) + dup_window(t)))
		m->moves = 0;
	if (m->state == NVE_MAP_STATE_ACTIVE)
		return;
	if (m->state == NVE_MAP_STATE_REDIRECT) {
		m->redirect_ms = mo->redirect_ms;
		m->deadline = mo->deadline;
		m->redirects = atomic64_read(&mo->redirects);
	} else {
		m->held = skb_queue_len_lockless(&mo->held);
		m->has_announce = READ_ONCE(mo->has_announce);
		m->announce = READ_ONCE(mo->announce);
		m->hold_pkts = READ_ONCE(mo->hold_pkts);
		m->hold_ms = READ_ONCE(mo->hold_ms);
		m->has_hold_pkts = true;
		m->has_hold_ms = true;
	}
}

/* Make the timer fire by @when at the latest; under the lock. */
void nve_motion_arm(struct nve_table *t, unsigned long when)
{
	lockdep_assert_held(&t->lock);
	if (t->dead)
		return;
	if (!timer_pending(&t->timer) || time_before(when, t->timer.expires))
		mod_timer(&t->timer, when);
}

/* A REDIRECT entry whose time is up becomes a plain remote mapping. */
static void motion_expire(struct nve_table *t, struct nve_motion *mo,
			  struct nve_map *ev)
{
	struct nve_entry *e = mo->entry;
	u64 redirects = atomic64_read(&mo->redirects);

	nve_motion_end(t, e);
	WRITE_ONCE(e->updated, jiffies);
	nve_table_changed(t);
	nve_entry_snapshot(e, nve_entry_remote(t, e), ev);
	nve_motion_snapshot_rcu(t, e, ev);	/* duplicate detection's */
	ev->redirects = redirects;
	ev->show_redirects = true;
}

static void motion_timer(struct timer_list *timer)
{
	struct nve_table *t = from_timer(t, timer, timer);
	struct nve_map ev[MOTION_EVENTS];
	unsigned long now = jiffies, next = 0, when, id;
	unsigned int n = 0, i;
	struct nve_motion *mo;
	bool armed = false;

	spin_lock_bh(&t->lock);
	if (t->dead)
		goto out;
	xa_for_each(&t->motions, id, mo) {
		if (!(mo->entry->flags & NVE_ENTRY_F_MOVING)) {
			if (!dup_timer(t, mo, now, &when))
				continue;
		} else if (mo->entry->flags & NVE_ENTRY_F_REDIRECT) {
			when = mo->deadline;
			if (!time_before(now, when)) {
				if (n < MOTION_EVENTS) {
					motion_expire(t, mo, &ev[n++]);
					continue;
				}
				when = now + 1;	/* the rest next tick */
			}
		} else if (!nve_hold_expire(t, mo, now, &when)) {
			continue;
		}
		if (!armed || time_before(when, next))
			next = when;
		armed = true;
	}
	if (armed)
		mod_timer(&t->timer, next);
out:
	spin_unlock_bh(&t->lock);

	/* The device lives on until nve_move_uninit() has waited for us. */
	for (i = 0; i < n; i++)
		nve_nl_map_notify(nve_table_dev(t)->dev, NVE_CMD_EXPIRED,
				  &ev[i], GFP_ATOMIC);
}

/* From nve_table_init(); and nve_table_reconfig(), under the lock. */
void nve_move_reconfig(struct nve_table *t, const struct nve_cfg *cfg)
{
	t->redirect_ms = cfg->redirect_ms;
	t->redirect_max_ms = cfg->redirect_max_ms;
	t->hold_pkts = cfg->hold_pkts;
	t->hold_ms = cfg->hold_ms;
	if (t->dup_moves && !cfg->dup_moves)
		dup_off(t);
	t->dup_moves = cfg->dup_moves;
	WRITE_ONCE(t->dup_window, cfg->dup_window);
	t->dup_freeze = cfg->dup_freeze;
	t->announce = cfg->announce;
}

void nve_move_init(struct nve_table *t, const struct nve_cfg *cfg)
{
	xa_init_flags(&t->motions, XA_FLAGS_ALLOC | XA_FLAGS_LOCK_BH);
	t->motion_next = 1;
	t->nmoving = 0;
	t->npending = 0;
	timer_setup(&t->timer, motion_timer, 0);
	ratelimit_state_init(&t->stale_rs, NVE_STALE_INTERVAL, NVE_STALE_BURST);
	ratelimit_set_flags(&t->stale_rs, RATELIMIT_MSG_ON_RELEASE);
	t->dup_moves = 0;
	nve_announce_init(t);
	nve_move_reconfig(t, cfg);
}

/*
 * nve_table_uninit(), after it marked the table dead: no timer and no
 * announcement after us.
 */
void nve_move_uninit(struct nve_table *t)
{
	nve_compat_timer_shutdown_sync(&t->timer);
	nve_announce_uninit(t);
}

/* ---- commands --------------------------------------------------------- */

/*
 * May @m move @e?  It must exist, not be sticky (@sticky_counts), and a
 * sequence number must be newer than the entry's (@newer) or not older.
 */
static int move_check(struct nve_entry *e, const struct nve_map *m,
		      bool newer, bool sticky_counts,
		      struct netlink_ext_ack *extack)
{
	if (!e) {
		NL_SET_ERR_MSG_MOD(extack, "Mapping does not exist");
		return -ENOENT;
	}
	if (m->has_seq && (e->flags & NVE_ENTRY_F_SEQ)) {
		if (newer && !nve_seq_before(e->seq, m->seq)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Sequence number is not newer than the mapping's");
			return -ESTALE;
		}
		if (nve_seq_before(m->seq, e->seq)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Sequence number is older than the mapping's");
			return -ESTALE;
		}
	}
	if (sticky_counts && (e->flags & NVE_MAP_F_STICKY)) {
		NL_SET_ERR_MSG_MOD(extack, "Mapping is sticky");
		return -EPERM;
	}
	return 0;
}

/* The end of a command that changed @e: seq, times, and @m's snapshot. */
static void move_done(struct nve_table *t, struct nve_entry *e,
		      struct nve_map *m)
{
	bool has_mode = m->has_mode;
	u8 mode = m->mode;

	if (m->has_seq) {
		WRITE_ONCE(e->seq, m->seq);
		WRITE_ONCE(e->flags, e->flags | NVE_ENTRY_F_SEQ);
	}
	WRITE_ONCE(e->updated, jiffies);
	nve_table_changed(t);
	nve_entry_snapshot(e, nve_entry_remote(t, e), m);
	nve_motion_snapshot_rcu(t, e, m);
	m->has_mode = has_mode;
	m->mode = mode;
}

/**
 * nve_move() - NVE_CMD_MOVE: the VM of @m moved to the remote NVE of @m
 * @t: the table
 * @m: the request (key, remote, seq, mode, redirect time); on success a
 *	snapshot of the entry, for the NVE_CMD_MOVED event
 * @spare: objects allocated outside the lock; freed by the caller
 * @extack: why it failed
 *
 * Takes the lock; may sleep.  Return: 0 or a negative error.
 */
int nve_move(struct nve_table *t, struct nve_map *m,
	     struct nve_map_spare *spare, struct netlink_ext_ack *extack)
{
	struct nve_remote *old, *r = NULL;
	struct nve_remote_key rk;
	struct nve_entry *e;
	bool need = false;
	u32 ms = 0;
	int err;

	m->has_mode = true;
	for (;;) {
		spin_lock_bh(&t->lock);
		err = nve_map_resolve(t, m, &rk, extack);
		if (err)
			goto out;
		e = nve_entry_find(t, &m->key);
		err = move_check(e, m, true, true, extack);
		if (err)
			goto out;
		if (m->mode == NVE_MOVE_HOT)
			ms = m->has_redirect_ms ? m->redirect_ms : t->redirect_ms;
		if (ms > t->redirect_max_ms) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Redirect time is above the device's redirect-max-ms");
			err = -ERANGE;
			goto out;
		}
		err = nve_dup_check(t, e, m, extack);
		if (err)
			goto out;
		/* A redirect, or a first move to count, needs a new motion. */
		need = ms || nve_dup_needs_motion(t, e);
		if (need && !spare->motion) {
			spin_unlock_bh(&t->lock);
			spare->motion = nve_motion_alloc();
			if (!spare->motion)
				return -ENOMEM;
			continue;
		}
		err = nve_remote_get(t, &rk, &spare->remote, &r, extack);
		if (err != NVE_REMOTE_NEEDED)
			break;
		spin_unlock_bh(&t->lock);
		spare->remote = nve_remote_alloc();
		if (!spare->remote)
			return -ENOMEM;
	}
	if (err)
		goto out;

	if (need) {
		/* Set before readers can find it (xa_alloc publishes it). */
		spare->motion->redirect_ms = ms;
		spare->motion->deadline = jiffies + msecs_to_jiffies(ms);
		err = nve_motion_reserve(t, e, spare->motion, extack);
		if (err) {
			nve_remote_put(t, r);
			goto out;
		}
	}
	/* The move's state changes when the new remote is in place. */
	if (!ms)
		nve_motion_move(t, e, need ? &spare->motion : NULL, 0);
	old = nve_entry_remote(t, e);
	rcu_assign_pointer(e->remote, r);
	nve_remote_put(t, old);
	if (ms) {
		nve_motion_move(t, e, &spare->motion, NVE_ENTRY_F_REDIRECT);
		nve_motion_arm(t, jiffies + msecs_to_jiffies(ms));
	}
	move_done(t, e, m);
out:
	spin_unlock_bh(&t->lock);
	return err;
}

/**
 * nve_prepare() - NVE_CMD_PREPARE: the VM of @m is about to resume here
 * @t: the table
 * @m: the request (key, seq); on success a snapshot of the entry
 * @spare: objects allocated outside the lock; freed by the caller
 * @extack: why it failed
 *
 * The entry becomes (or is created) local and PENDING.  Takes the lock;
 * may sleep.  Return: 0, NVE_MAP_UNCHANGED if it was pending already, or
 * a negative error.
 */
int nve_prepare(struct nve_table *t, struct nve_map *m,
		struct nve_map_spare *spare, struct netlink_ext_ack *extack)
{
	struct nve_remote_key rk;
	struct nve_motion *mo;
	struct nve_remote *old;
	struct nve_entry *e;
	bool changed;
	int err;

	if (!spare->motion) {
		spare->motion = nve_motion_alloc();
		if (!spare->motion)
			return -ENOMEM;
	}
	if (!spare->entry) {
		spare->entry = nve_entry_alloc();
		if (!spare->entry)
			return -ENOMEM;
	}

	m->local = true;
	spin_lock_bh(&t->lock);
	err = nve_map_resolve(t, m, &rk, extack);
	if (err)
		goto out;
	mo = spare->motion;
	WRITE_ONCE(mo->hold_pkts, m->has_hold_pkts ? m->hold_pkts : t->hold_pkts);
	WRITE_ONCE(mo->hold_ms, m->has_hold_ms ? m->hold_ms : t->hold_ms);
	WRITE_ONCE(mo->has_announce, m->has_announce);
	WRITE_ONCE(mo->announce, m->announce);
	e = nve_entry_find(t, &m->key);
	if (!e) {
		e = spare->entry;
		err = nve_motion_reserve(t, e, spare->motion, extack);
		if (err)
			goto out;
		err = nve_entry_create(t, m, &rk, NLM_F_CREATE, spare, extack);
		if (err) {
			xa_erase(&t->motions, spare->motion->id);
			goto out;
		}
	} else {
		err = move_check(e, m, true, !!nve_entry_remote(t, e), extack);
		if (err)
			goto out;
		if (e->flags & NVE_ENTRY_F_PENDING) {
			/* Again: a newer sequence number, hold limits. */
			mo = nve_motion_get_rcu(t, e);
			if (mo && m->has_hold_pkts)
				WRITE_ONCE(mo->hold_pkts, m->hold_pkts);
			if (mo && m->has_hold_ms)
				WRITE_ONCE(mo->hold_ms, m->hold_ms);
			if (mo && m->has_announce) {
				WRITE_ONCE(mo->announce, m->announce);
				WRITE_ONCE(mo->has_announce, true);
			}
			changed = m->has_seq || m->has_hold_pkts ||
				  m->has_hold_ms || m->has_announce;
			move_done(t, e, m);
			err = changed ? 0 : NVE_MAP_UNCHANGED;
			goto out;
		}
		if (!nve_entry_remote(t, e)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Mapping is already local and active");
			err = -EEXIST;
			goto out;
		}
		err = nve_dup_check(t, e, m, extack);
		if (err)
			goto out;
		err = nve_motion_reserve(t, e, spare->motion, extack);
		if (err)
			goto out;
		/* Pending before local: what arrives meanwhile is held. */
		nve_motion_move(t, e, &spare->motion, NVE_ENTRY_F_PENDING);
		old = nve_entry_remote(t, e);
		RCU_INIT_POINTER(e->remote, NULL);
		nve_remote_put(t, old);
		move_done(t, e, m);
		goto out;
	}
	motion_attach(t, e, &spare->motion, NVE_ENTRY_F_PENDING);
	move_done(t, e, m);
out:
	spin_unlock_bh(&t->lock);
	return err;
}

/*
 * Activate PENDING @e: its held frames go to @q for delivery after the
 * lock is dropped, and the announcements the prepare or the device asks
 * for are queued.  Return: how many frames.
 */
static u32 activate_locked(struct nve_table *t, struct nve_entry *e,
			   struct sk_buff_head *q)
{
	struct nve_motion *mo = nve_motion_get_rcu(t, e);
	u8 announce = t->announce;

	lockdep_assert_held(&t->lock);
	__skb_queue_head_init(q);
	if (mo) {
		skb_queue_splice_init(&mo->held, q);
		if (mo->has_announce)
			announce = mo->announce;
	}
	nve_announce_queue(t, e->key.mac, announce);
	nve_motion_end(t, e);
	WRITE_ONCE(e->updated, jiffies);
	nve_table_changed(t);
	nve_stat_inc(nve_table_dev(t), NVE_STATS_A_ACTIVATIONS);
	return skb_queue_len(q);
}

/**
 * nve_activate() - NVE_CMD_ACTIVATE: activate a PENDING entry now
 * @t: the table
 * @m: the request (key, seq); on success a snapshot of the entry, whose
 *	held count is the number of frames delivered
 * @extack: why it failed
 *
 * Takes the lock; delivers the held frames after it.  Return: 0 or a
 * negative error.
 */
int nve_activate(struct nve_table *t, struct nve_map *m,
		 struct netlink_ext_ack *extack)
{
	struct nve_remote_key rk;
	struct sk_buff_head q;
	struct nve_entry *e;
	u32 n;
	int err;

	m->local = true;
	spin_lock_bh(&t->lock);
	err = nve_map_resolve(t, m, &rk, extack);
	if (err)
		goto out;
	e = nve_entry_find(t, &m->key);
	err = move_check(e, m, false, false, extack);
	if (err)
		goto out;
	if (!(e->flags & NVE_ENTRY_F_PENDING)) {
		NL_SET_ERR_MSG_MOD(extack, "Mapping is not pending");
		err = -EINVAL;
		goto out;
	}
	n = activate_locked(t, e, &q);
	move_done(t, e, m);
	m->held = n;
	m->show_held = true;
out:
	spin_unlock_bh(&t->lock);
	if (!err) {
		local_bh_disable();
		nve_hold_deliver(nve_table_dev(t), &q);
		local_bh_enable();
	}
	return err;
}

/**
 * nve_withdraw() - NVE_CMD_WITHDRAW: delete a local entry, no redirect
 * @t: the table
 * @m: the request (key, seq); on success a snapshot of the deleted entry
 * @extack: why it failed
 *
 * Return: 0 or a negative error.
 */
int nve_withdraw(struct nve_table *t, struct nve_map *m,
		 struct netlink_ext_ack *extack)
{
	struct nve_remote_key rk;
	struct nve_entry *e;
	int err;

	m->local = true;
	spin_lock_bh(&t->lock);
	err = nve_map_resolve(t, m, &rk, extack);
	if (err)
		goto out;
	e = nve_entry_find(t, &m->key);
	err = move_check(e, m, false, false, extack);
	if (err)
		goto out;
	if (nve_entry_remote(t, e)) {
		NL_SET_ERR_MSG_MOD(extack, "Mapping is not local");
		err = -EINVAL;
		goto out;
	}
	nve_entry_snapshot(e, NULL, m);
	nve_motion_snapshot_rcu(t, e, m);
	err = nve_entry_unlink(t, e);
out:
	spin_unlock_bh(&t->lock);
	return err;
}

/**
 * nve_unfreeze() - NVE_CMD_UNFREEZE: end a freeze, forget the moves
 * @t: the table
 * @m: the request (key)
 * @extack: why it failed
 *
 * Takes the lock.  Return: 0 (frozen or not) or -ENOENT.
 */
int nve_unfreeze(struct nve_table *t, struct nve_map *m,
		 struct netlink_ext_ack *extack)
{
	struct nve_remote_key rk;
	struct nve_motion *mo;
	struct nve_entry *e;
	int err;

	m->local = true;
	spin_lock_bh(&t->lock);
	err = nve_map_resolve(t, m, &rk, extack);
	if (err)
		goto out;
	e = nve_entry_find(t, &m->key);
	if (!e) {
		NL_SET_ERR_MSG_MOD(extack, "Mapping does not exist");
		err = -ENOENT;
		goto out;
	}
	mo = nve_motion_get_rcu(t, e);
	if (mo) {
		dup_clear(mo);
		if (!(e->flags & NVE_ENTRY_F_MOVING))
			motion_free(t, e, mo);
	}
out:
	spin_unlock_bh(&t->lock);
	return err;
}

/* ---- data path -------------------------------------------------------- */

/**
 * nve_move_xmit() - the device sends a frame from @src: a pending VM's?
 * @nve: the device
 * @src: the frame's source MAC address
 *
 * From nve_xmit(), BH disabled, when some entry is PENDING.  A frame from
 * the VM on the local side (its RARP, GARP, NA or anything) means it runs
 * here now: activate its entry and deliver what was held for it.
 */
void nve_move_xmit(struct nve_dev *nve, const u8 *src)
{
	struct nve_table *t = &nve->table;
	struct sk_buff_head q;
	struct nve_entry *e;
	struct nve_map m;
	struct nve_key key;
	bool pending;

	if (!is_valid_ether_addr(src))
		return;
	memset(&key, 0, sizeof(key));
	key.vni = READ_ONCE(t->vni);
	ether_addr_copy(key.mac, src);

	rcu_read_lock();
	e = nve_table_lookup_rcu(t, key.vni, src);
	pending = e && (READ_ONCE(e->flags) & NVE_ENTRY_F_PENDING);
	rcu_read_unlock();
	if (!pending)
		return;

	spin_lock_bh(&t->lock);
	e = t->dead ? NULL : nve_entry_find(t, &key);
	if (!e || !(e->flags & NVE_ENTRY_F_PENDING)) {
		spin_unlock_bh(&t->lock);
		return;
	}
	memset(&m, 0, sizeof(m));
	m.held = activate_locked(t, e, &q);
	move_done(t, e, &m);
	spin_unlock_bh(&t->lock);

	m.held = skb_queue_len(&q);
	m.show_held = true;
	nve_hold_deliver(nve, &q);
	nve_nl_map_notify(nve->dev, NVE_CMD_ACTIVATED, &m, GFP_ATOMIC);
}

/* Tell the NVA about the sender of a relayed packet, if not too often. */
static void stale_sender(struct nve_dev *nve, const struct nve_entry *e,
			 struct nve_motion *mo, const struct nve_remote *r,
			 const void *oiph, sa_family_t family)
{
	unsigned long now = jiffies;
	struct nve_addr s;
	u32 h;

	memset(&s, 0, sizeof(s));
	s.family = family;
	if (family == AF_INET6)
		s.ip6 = ((const struct ipv6hdr *)oiph)->saddr;
	else
		s.ip4 = ((const struct iphdr *)oiph)->saddr;
	h = jhash(&s, sizeof(s), 0);

	if (h == READ_ONCE(mo->stale_hash) &&
	    time_before(now, READ_ONCE(mo->stale_at) + NVE_STALE_INTERVAL))
		return;
	WRITE_ONCE(mo->stale_hash, h);
	WRITE_ONCE(mo->stale_at, now);
	if (!__ratelimit(&nve->table.stale_rs))
		return;
	nve_stat_inc(nve, NVE_STATS_A_STALE_EVENTS);
	nve_nl_notify_stale(nve, e, r, &s);
}

/**
 * nve_move_rx_rcu() - what mobility does with a decapsulated frame
 * @nve: the device
 * @skb: the frame: skb->data past its Ethernet header, ready for delivery
 * @vni: its VN
 * @marked: it carried the redirect mark
 * @oiph: its outer IP header, for the sender's address
 * @family: the outer header's family
 *
 * From encap_rcv, under RCU, BH disabled.  Return: NVE_RX_PASS to deliver
 * @skb as usual; NVE_RX_TAKEN if it was relayed, held, or dropped and
 * counted; NVE_RX_LOOP for a marked frame that is not for a local VM.
 */
enum nve_rx_verdict nve_move_rx_rcu(struct nve_dev *nve, struct sk_buff *skb,
				    u32 vni, bool marked, const void *oiph,
				    sa_family_t family)
{
	struct nve_table *t = &nve->table;
	const u8 *dst = eth_hdr(skb)->h_dest;
	struct nve_motion *mo;
	struct nve_remote *r;
	struct nve_entry *e;
	u32 flags;

	if (likely(!marked && !READ_ONCE(t->nmoving)))
		return NVE_RX_PASS;
	if (is_multicast_ether_addr(dst))
		return marked ? NVE_RX_LOOP : NVE_RX_PASS;
	e = nve_table_lookup_rcu(t, vni, dst);
	if (!e)
		return marked ? NVE_RX_LOOP : NVE_RX_PASS;

	flags = READ_ONCE(e->flags);
	if (flags & NVE_ENTRY_F_PENDING)
		return nve_hold_rx(nve, e, skb);
	r = rcu_dereference(e->remote);
	if (marked)
		return r ? NVE_RX_LOOP : NVE_RX_PASS;
	if (!(flags & NVE_ENTRY_F_REDIRECT) || !r)
		return NVE_RX_PASS;
	mo = nve_motion_get_rcu(t, e);
	/* Past the deadline the timer is about to end it: no relay. */
	if (!mo || !time_before(jiffies, mo->deadline))
		return NVE_RX_PASS;

	atomic64_inc(&mo->redirects);
	nve_stat_inc(nve, NVE_STATS_A_REDIRECTED);
	stale_sender(nve, e, mo, r, oiph, family);
	nve_tx_redirect_rcu(nve, skb, r);
	return NVE_RX_TAKEN;
}
