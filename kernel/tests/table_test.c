// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the location table (table.c, with bind.c which it sets up)
 * and of RFC 1982 sequence-number comparison.
 *
 * The table is driven like WireGuard's allowedips selftest: random inserts,
 * replaces, deletes and lookups, each checked against a naive reference (an
 * array indexed by MAC address), and the whole table compared with the
 * reference every so often: presence, location, flags, sequence numbers,
 * the entry count, and the number of shared remotes (their refcounting).
 * The sequence numbers are drawn around the 2^32 wrap.
 *
 * table.c and bind.c are compiled into this test module itself, so nve.ko
 * exports nothing for it; the code under test is the same source.  The
 * module's init creates the entries' kmem_cache as nve.ko's does.  The
 * table ends moves (move.c, hold.c, compiled in too); what those send
 * (relayed frames, events) is stubbed out below.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/prandom.h>

#include "../table.c"
#include "../bind.c"
#include "../move.c"
#include "../hold.c"

/* What move.c sends out of the table's world: nothing, in these tests. */
void nve_tx_redirect_rcu(struct nve_dev *nve, struct sk_buff *skb,
			 struct nve_remote *r)
{
	kfree_skb(skb);
}

void nve_nl_notify_stale(struct nve_dev *nve, const struct nve_entry *e,
			 const struct nve_remote *r,
			 const struct nve_addr *sender)
{
}

void nve_nl_map_notify(struct net_device *dev, u8 cmd,
		       const struct nve_map *m, gfp_t gfp)
{
}

/* Announcements (announce.c) need a device that sends: none here. */
void nve_announce_init(struct nve_table *t)
{
}

void nve_announce_uninit(struct nve_table *t)
{
}

void nve_announce_queue(struct nve_table *t, const u8 *mac, u8 what)
{
}

#define T_VNI		4242
#define T_SEED		0x6e76657461626c65ULL	/* "nvetable" */

/* A device's private area holding a table, and the caller's spares. */
struct t_ctx {
	struct nve_dev nve;
	struct nve_map_spare spare;
};

static void t_ctx_free(void *arg)
{
	struct t_ctx *ctx = arg;

	nve_map_spare_free(&ctx->spare);
	nve_table_uninit(&ctx->nve.table);
	free_percpu(ctx->nve.stats);
}

/* A table as ndo_init sets it up; freed when the test ends, however. */
static struct t_ctx *t_table_new(struct kunit *test, u32 max_entries)
{
	struct nve_cfg cfg = {
		.vni = T_VNI,
		.local.family = AF_INET,
		.max_entries = max_entries,
	};
	struct t_ctx *ctx;
	int err;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->nve.stats = alloc_percpu(struct nve_pcpu_stats);
	KUNIT_ASSERT_FALSE(test, !ctx->nve.stats);
	err = nve_table_init(&ctx->nve.table, &cfg);
	if (err)
		free_percpu(ctx->nve.stats);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, t_ctx_free, ctx), 0);
	return ctx;
}

static void t_mac(unsigned int i, u8 *mac)
{
	mac[0] = 0x02;			/* locally administered, unicast */
	mac[1] = 0x4e;
	mac[2] = 0x56;
	mac[3] = i >> 16;
	mac[4] = i >> 8;
	mac[5] = i;
}

/* Remote @i's IPv4 address, in host order: 198.18.0.0/15. */
static u32 t_host(unsigned int i)
{
	return 0xc6120000 + i + 1;
}

static __be32 t_addr(unsigned int i)
{
	return htonl(t_host(i));
}

/* A request for MAC @i: local, or at remote address @addr. */
static void t_req(struct nve_map *m, unsigned int i, bool local,
		  unsigned int addr)
{
	memset(m, 0, sizeof(*m));
	m->key.vni = NVE_VNI_DEFAULT;
	t_mac(i, m->key.mac);
	m->local = local;
	if (!local) {
		m->rkey.addr.family = AF_INET;
		m->rkey.addr.ip4 = t_addr(addr);
		m->rkey.vni = NVE_VNI_DEFAULT;
	}
}

/* ---- RFC 1982 serial numbers ------------------------------------------ */

static void seq_basic(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, nve_seq_before(1, 2));
	KUNIT_EXPECT_FALSE(test, nve_seq_before(2, 1));
	KUNIT_EXPECT_FALSE(test, nve_seq_before(7, 7));
	KUNIT_EXPECT_TRUE(test, nve_seq_before(0, 0x7fffffff));
	KUNIT_EXPECT_FALSE(test, nve_seq_before(0x7fffffff, 0));
}

static void seq_wraparound(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, nve_seq_before(0xffffffff, 0));
	KUNIT_EXPECT_FALSE(test, nve_seq_before(0, 0xffffffff));
	KUNIT_EXPECT_TRUE(test, nve_seq_before(0xfffffff0, 0x10));
	KUNIT_EXPECT_FALSE(test, nve_seq_before(0x10, 0xfffffff0));
	KUNIT_EXPECT_TRUE(test, nve_seq_before(0x80000001, 0));
	KUNIT_EXPECT_FALSE(test, nve_seq_before(0, 0x80000001));
}

/*
 * For any s and 0 < d < 2^31: s is before s + d and s + d is not before s,
 * wherever the sum wraps.  At d = 2^31 RFC 1982 leaves the order undefined;
 * the comparison must at least not call both numbers equal.
 */
static void seq_random(struct kunit *test)
{
	struct rnd_state rnd;
	unsigned int i;
	u32 s, d;

	prandom_seed_state(&rnd, T_SEED);
	for (i = 0; i < 10000; i++) {
		s = prandom_u32_state(&rnd);
		d = 1 + prandom_u32_state(&rnd) % 0x7fffffff;
		if (i & 1)	/* half of them right at the wrap */
			s = 0xffffffff - prandom_u32_state(&rnd) % 64;
		KUNIT_ASSERT_TRUE_MSG(test, nve_seq_before(s, s + d),
				      "%#x before %#x", s, s + d);
		KUNIT_ASSERT_FALSE_MSG(test, nve_seq_before(s + d, s),
				       "%#x not before %#x", s + d, s);
		KUNIT_ASSERT_FALSE(test, nve_seq_before(s, s));
		KUNIT_ASSERT_TRUE(test, nve_seq_before(s, s + 0x80000000) ||
				  nve_seq_before(s + 0x80000000, s));
	}
}

/* The table applies the comparison: updates across the wrap. */
static void seq_table_wraparound(struct kunit *test)
{
	struct t_ctx *ctx = t_table_new(test, 16);
	struct nve_map_spare *spare = &ctx->spare;
	struct nve_table *t = &ctx->nve.table;
	struct nve_map m;
	u16 f = NLM_F_CREATE | NLM_F_REPLACE;

	t_req(&m, 1, false, 0);
	m.has_seq = true;
	m.seq = 0xfffffffe;
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, f, spare, NULL), 0);

	/* 1 is newer than 0xfffffffe: the VM moved. */
	t_req(&m, 1, false, 1);
	m.has_seq = true;
	m.seq = 1;
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, f, spare, NULL), 0);
	KUNIT_EXPECT_EQ(test, m.seq, 1);
	KUNIT_EXPECT_EQ(test, ntohl(m.rkey.addr.ip4), t_host(1));

	/* 0xffffffff is older than 1 now: refused, nothing changes. */
	t_req(&m, 1, false, 2);
	m.has_seq = true;
	m.seq = 0xffffffff;
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, f, spare, NULL), -ESTALE);

	/* The same number again: an idempotent repeat. */
	t_req(&m, 1, false, 2);
	m.has_seq = true;
	m.seq = 1;
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, f, spare, NULL),
			NVE_MAP_UNCHANGED);
	KUNIT_EXPECT_EQ(test, ntohl(m.rkey.addr.ip4), t_host(1));

	/* A delete older than the mapping is refused too. */
	t_req(&m, 1, true, 0);
	m.has_seq = true;
	m.seq = 0xfffffff0;
	KUNIT_EXPECT_EQ(test, nve_map_del(t, &m, false, NULL), -ESTALE);
	m.seq = 2;
	KUNIT_EXPECT_EQ(test, nve_map_del(t, &m, false, NULL), 0);
	KUNIT_EXPECT_EQ(test, nve_table_count(t), 0);
}

/* ---- the table against a reference ------------------------------------ */

#define REF_MACS	48
#define REF_ADDRS	6
#define REF_OPS		20000
#define REF_CHECK_EVERY	257

struct ref_entry {
	bool present;
	bool local;
	bool has_seq;
	u8 addr;
	u32 seq;
	u32 flags;
};

struct ref {
	struct ref_entry e[REF_MACS];
	unsigned int count;
};

static bool ref_moved(const struct ref_entry *e, const struct nve_map *m,
		      unsigned int addr)
{
	return e->local != m->local || (!m->local && e->addr != addr);
}

/* What nve_map_set() must answer, and the reference after it. */
static int ref_set(struct ref *ref, unsigned int i, const struct nve_map *m,
		   unsigned int addr, u16 nlflags, u32 max)
{
	struct ref_entry *e = &ref->e[i];

	if (e->present) {
		if (nlflags & NLM_F_EXCL)
			return -EEXIST;
		if (!(nlflags & NLM_F_REPLACE))
			return -EEXIST;
		if (m->has_seq && e->has_seq) {
			if (nve_seq_before(m->seq, e->seq))
				return -ESTALE;
			if (m->seq == e->seq)
				return NVE_MAP_UNCHANGED;
		}
		if (ref_moved(e, m, addr) && (e->flags & NVE_MAP_F_STICKY))
			return -EPERM;
	} else {
		if (!(nlflags & NLM_F_CREATE))
			return -ENOENT;
		if (ref->count >= max)
			return -ENOSPC;
		ref->count++;
		e->present = true;
		e->has_seq = false;
		e->seq = 0;
	}
	e->local = m->local;
	e->addr = addr;
	e->flags = m->flags;
	if (m->has_seq) {
		e->has_seq = true;
		e->seq = m->seq;
	}
	return 0;
}

static int ref_del(struct ref *ref, unsigned int i, const struct nve_map *m,
		   unsigned int addr, bool match_location)
{
	struct ref_entry *e = &ref->e[i];

	if (!e->present)
		return -ENOENT;
	if (m->has_seq && e->has_seq && nve_seq_before(m->seq, e->seq))
		return -ESTALE;
	if (match_location && ref_moved(e, m, addr))
		return -ENOENT;
	e->present = false;
	ref->count--;
	return 0;
}

/* A snapshot (from nve_map_set/del/get) against the reference entry. */
static void ref_expect_map(struct kunit *test, const struct ref_entry *e,
			   const struct nve_map *m, unsigned int i)
{
	KUNIT_EXPECT_EQ_MSG(test, m->key.vni, T_VNI, "mac %u", i);
	KUNIT_EXPECT_EQ_MSG(test, m->local, e->local, "mac %u", i);
	if (!e->local) {
		KUNIT_EXPECT_EQ_MSG(test, m->rkey.addr.family, AF_INET, "mac %u", i);
		KUNIT_EXPECT_EQ_MSG(test, ntohl(m->rkey.addr.ip4), t_host(e->addr),
				    "mac %u", i);
		KUNIT_EXPECT_EQ_MSG(test, m->rkey.vni, T_VNI, "mac %u", i);
	}
	KUNIT_EXPECT_EQ_MSG(test, m->flags, e->flags, "mac %u", i);
	KUNIT_EXPECT_EQ_MSG(test, m->has_seq, e->has_seq, "mac %u", i);
	if (e->has_seq)
		KUNIT_EXPECT_EQ_MSG(test, m->seq, e->seq, "mac %u", i);
}

/*
 * The whole table against the reference; false at the first difference.
 * Nothing is reported inside the read-side sections: KUnit's reports may
 * sleep.
 */
static bool ref_check(struct kunit *test, struct nve_table *t,
		      const struct ref *ref, unsigned int nmacs)
{
	bool found, at, other_vni, used[REF_ADDRS] = {};
	unsigned int i, nremotes = 0, nelems;
	u8 mac[ETH_ALEN] __aligned(2);
	struct nve_remote *rem;
	struct nve_entry *e;
	struct nve_map m;
	bool ok = true;
	int err;

	for (i = 0; i < nmacs; i++) {
		const struct ref_entry *r = &ref->e[i];

		t_mac(i, mac);
		memset(&m, 0, sizeof(m));
		m.key.vni = NVE_VNI_DEFAULT;
		t_mac(i, m.key.mac);

		rcu_read_lock();
		e = nve_table_lookup_rcu(t, T_VNI, mac);
		found = e;
		rem = e ? rcu_dereference(e->remote) : NULL;
		at = rem ? !r->local && rem->addr.ip4 == t_addr(r->addr) : r->local;
		/* Another VNI never matches. */
		other_vni = nve_table_lookup_rcu(t, T_VNI + 1, mac);
		err = nve_map_get_rcu(t, &m);
		rcu_read_unlock();

		if (found != r->present || err != (r->present ? 0 : -ENOENT)) {
			KUNIT_FAIL(test, "mac %u: lookup %s (get %d), reference %s",
				   i, found ? "found" : "missed", err,
				   r->present ? "present" : "absent");
			ok = false;
		} else if (found && !at) {
			KUNIT_FAIL(test, "mac %u: the data path sees another location", i);
			ok = false;
		}
		if (other_vni) {
			KUNIT_FAIL(test, "mac %u: found in VNI %u", i, T_VNI + 1);
			ok = false;
		}
		if (r->present && !err) {
			ref_expect_map(test, r, &m, i);
			if (!r->local && !used[r->addr]) {
				used[r->addr] = true;
				nremotes++;
			}
		}
	}
	KUNIT_EXPECT_EQ(test, nve_table_count(t), ref->count);
	/* One shared remote per address in use: none leaked, none doubled. */
	spin_lock_bh(&t->lock);
	i = t->nremotes;
	nelems = atomic_read(&t->remotes.nelems);
	spin_unlock_bh(&t->lock);
	KUNIT_EXPECT_EQ(test, i, nremotes);
	KUNIT_EXPECT_EQ(test, nelems, nremotes);
	return ok && nve_table_count(t) == ref->count && i == nremotes;
}

static const u16 ref_nlflags[] = {
	NLM_F_CREATE | NLM_F_EXCL,	/* add */
	NLM_F_CREATE | NLM_F_REPLACE,	/* replace, or add */
	NLM_F_REPLACE,			/* change only */
	0,				/* neither: fails either way */
};

static void table_random_ops(struct kunit *test)
{
	const u32 max = REF_MACS * 5 / 8;	/* so that -ENOSPC happens too */
	unsigned int op, i, addr, hist[8] = {};
	struct t_ctx *ctx = t_table_new(test, max);
	struct nve_map_spare *spare = &ctx->spare;
	struct nve_table *t = &ctx->nve.table;
	struct rnd_state rnd;
	struct ref *ref;
	struct nve_map m;
	int want, got;

	ref = kunit_kzalloc(test, sizeof(*ref), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ref);
	prandom_seed_state(&rnd, T_SEED + 1);

	for (op = 0; op < REF_OPS; op++) {
		u32 r = prandom_u32_state(&rnd);
		bool local = !(r & 7);

		i = prandom_u32_state(&rnd) % REF_MACS;
		addr = prandom_u32_state(&rnd) % REF_ADDRS;
		t_req(&m, i, local, addr);
		if (r & 0x10)
			m.key.vni = T_VNI;	/* explicit, not the default */
		if (r & 0x20) {
			m.has_seq = true;
			/* around the wrap: 0xffffffc0 .. 0x3f */
			m.seq = (prandom_u32_state(&rnd) % 128) - 64;
		}
		if (!(r & 0x3c0))
			m.flags |= NVE_MAP_F_STICKY;
		if (r & 0x400)
			m.flags |= NVE_MAP_F_STATIC;

		if ((r >> 12) % 4 == 0) {
			bool match = r & 0x10000;

			want = ref_del(ref, i, &m, addr, match);
			got = nve_map_del(t, &m, match, NULL);
			hist[4 + (got ? 1 : 0)]++;
		} else {
			u16 f = ref_nlflags[(r >> 14) % ARRAY_SIZE(ref_nlflags)];

			want = ref_set(ref, i, &m, addr, f, max);
			got = nve_map_set(t, &m, f, spare, NULL);
			hist[got == 0 ? 0 : got == NVE_MAP_UNCHANGED ? 1 :
			     got == -ENOSPC ? 2 : 3]++;
			if (got >= 0)
				ref_expect_map(test, &ref->e[i], &m, i);
		}
		KUNIT_ASSERT_EQ_MSG(test, got, want, "op %u on mac %u", op, i);

		if (op % REF_CHECK_EVERY == 0)
			KUNIT_ASSERT_TRUE_MSG(test, ref_check(test, t, ref, REF_MACS),
					      "after op %u", op);
	}
	KUNIT_ASSERT_TRUE(test, ref_check(test, t, ref, REF_MACS));
	kunit_info(test,
		   "%u ops: set %u, unchanged %u, full %u, refused %u; del %u, refused %u",
		   REF_OPS, hist[0], hist[1], hist[2], hist[3], hist[4], hist[5]);
	/* Each outcome happened, or the test did not cover it. */
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_GT_MSG(test, hist[i], 0, "outcome %u never seen", i);
}

/*
 * Thousands of entries: the rhashtable grows several times while entries
 * go in, and shrinks as they go out in a random order.
 */
#define BULK_MACS	3000

static void table_bulk(struct kunit *test)
{
	struct t_ctx *ctx = t_table_new(test, BULK_MACS);
	struct nve_map_spare *spare = &ctx->spare;
	struct nve_table *t = &ctx->nve.table;
	unsigned int i, j, *order;
	struct rnd_state rnd;
	struct ref *ref;
	struct nve_map m;

	/* The reference is an array of REF_MACS; count only, here. */
	ref = kunit_kzalloc(test, sizeof(*ref), GFP_KERNEL);
	order = kunit_kmalloc_array(test, BULK_MACS, sizeof(*order), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ref);
	KUNIT_ASSERT_NOT_NULL(test, order);
	prandom_seed_state(&rnd, T_SEED + 2);

	for (i = 0; i < BULK_MACS; i++) {
		t_req(&m, i, false, i % REF_ADDRS);
		KUNIT_ASSERT_EQ(test, nve_map_set(t, &m, NLM_F_CREATE | NLM_F_EXCL,
						  spare, NULL), 0);
	}
	/* One more does not fit. */
	t_req(&m, BULK_MACS, true, 0);
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, NLM_F_CREATE, spare, NULL),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, nve_table_count(t), BULK_MACS);
	KUNIT_EXPECT_EQ(test, t->nremotes, REF_ADDRS);

	for (i = 0; i < BULK_MACS; i++) {
		u8 mac[ETH_ALEN] __aligned(2);
		struct nve_entry *e;
		struct nve_remote *r;
		bool found;

		t_mac(i, mac);
		rcu_read_lock();
		e = nve_table_lookup_rcu(t, T_VNI, mac);
		r = e ? rcu_dereference(e->remote) : NULL;
		found = r && r->addr.ip4 == t_addr(i % REF_ADDRS);
		rcu_read_unlock();
		KUNIT_EXPECT_TRUE_MSG(test, found, "mac %u", i);
		order[i] = i;
	}

	/* Delete in a random order (Fisher-Yates). */
	for (i = BULK_MACS - 1; i > 0; i--) {
		j = prandom_u32_state(&rnd) % (i + 1);
		swap(order[i], order[j]);
	}
	for (i = 0; i < BULK_MACS; i++) {
		t_req(&m, order[i], true, 0);
		KUNIT_ASSERT_EQ(test, nve_map_del(t, &m, false, NULL), 0);
		KUNIT_ASSERT_EQ(test, ntohl(m.rkey.addr.ip4), t_host(order[i] % REF_ADDRS));
	}
	KUNIT_EXPECT_TRUE(test, ref_check(test, t, ref, REF_MACS));
	KUNIT_EXPECT_EQ(test, t->nremotes, 0);
}

/* Requests the table must refuse whatever it holds. */
static void table_refusals(struct kunit *test)
{
	struct t_ctx *ctx = t_table_new(test, 1);
	struct nve_map_spare *spare = &ctx->spare;
	struct nve_table *t = &ctx->nve.table;
	struct nve_dev *nve = &ctx->nve;
	u64 full = 0;
	struct nve_map m;
	int cpu;

	/* Another VNI than the device's. */
	t_req(&m, 1, true, 0);
	m.key.vni = T_VNI + 1;
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, NLM_F_CREATE, spare, NULL),
			-EINVAL);

	/* An IPv6 remote on an IPv4 underlay. */
	t_req(&m, 1, false, 0);
	m.rkey.addr.family = AF_INET6;
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, NLM_F_CREATE, spare, NULL),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, nve_table_count(t), 0);

	/* Full at one entry: the second is refused and counted. */
	t_req(&m, 1, true, 0);
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, NLM_F_CREATE, spare, NULL), 0);
	t_req(&m, 2, true, 0);
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, NLM_F_CREATE, spare, NULL),
			-ENOSPC);
	for_each_possible_cpu(cpu)
		full += u64_stats_read(&per_cpu_ptr(nve->stats, cpu)->cnt[NVE_STATS_A_TABLE_FULL]);
	KUNIT_EXPECT_EQ(test, full, 1);

	/* A sticky mapping does not move, but may be refreshed in place. */
	t_req(&m, 1, true, 0);
	m.flags = NVE_MAP_F_STICKY;
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, NLM_F_REPLACE, spare, NULL), 0);
	t_req(&m, 1, false, 3);
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, NLM_F_REPLACE, spare, NULL),
			-EPERM);
	t_req(&m, 1, true, 0);
	KUNIT_EXPECT_EQ(test, nve_map_set(t, &m, NLM_F_REPLACE, spare, NULL), 0);
	KUNIT_EXPECT_EQ(test, m.flags, 0);

	/* A delete at the wrong location. */
	t_req(&m, 1, false, 3);
	KUNIT_EXPECT_EQ(test, nve_map_del(t, &m, true, NULL), -ENOENT);
	t_req(&m, 1, true, 0);
	KUNIT_EXPECT_EQ(test, nve_map_del(t, &m, true, NULL), 0);
	KUNIT_EXPECT_EQ(test, nve_map_del(t, &m, true, NULL), -ENOENT);
}

/*
 * What a mapping costs (reported as NVE_DEV_A_ENTRY_SIZE): the entry's
 * slab object, and its share of the bucket array once there are entries.
 */
static void table_entry_size(struct kunit *test)
{
	struct t_ctx *ctx = t_table_new(test, 1000);
	struct nve_table *t = &ctx->nve.table;
	unsigned int i, obj = kmem_cache_size(nve_entry_cache);
	struct nve_map m;
	u32 size;

	KUNIT_EXPECT_GE(test, obj, sizeof(struct nve_entry));
	KUNIT_EXPECT_EQ(test, nve_table_entry_size(t), obj + sizeof(void *));

	for (i = 0; i < 1000; i++) {
		t_req(&m, i, true, 0);
		KUNIT_ASSERT_EQ(test, nve_map_set(t, &m, NLM_F_CREATE, &ctx->spare,
						  NULL), 0);
	}
	/*
	 * One bucket pointer per 0.75 to 0.30 entries once the table has
	 * grown; while a resize is pending the table may be fuller.
	 */
	size = nve_table_entry_size(t);
	KUNIT_EXPECT_GT(test, size, obj);
	KUNIT_EXPECT_LE(test, size, obj + DIV_ROUND_UP(8 * 10, 3));
	kunit_info(test, "%u bytes a mapping: %u of slab, %u of buckets", size,
		   obj, size - obj);
}

static struct kunit_case nve_seq_cases[] = {
	KUNIT_CASE(seq_basic),
	KUNIT_CASE(seq_wraparound),
	KUNIT_CASE(seq_random),
	KUNIT_CASE(seq_table_wraparound),
	{}
};

static struct kunit_suite nve_seq_suite = {
	.name = "nve_seq",
	.test_cases = nve_seq_cases,
};

static struct kunit_case nve_table_cases[] = {
	KUNIT_CASE(table_random_ops),
	KUNIT_CASE(table_bulk),
	KUNIT_CASE(table_refusals),
	KUNIT_CASE(table_entry_size),
	{}
};

static struct kunit_suite nve_table_suite = {
	.name = "nve_table",
	.test_cases = nve_table_cases,
};

kunit_test_suites(&nve_seq_suite, &nve_table_suite);

/* The suites run when the module is live, after this. */
static int __init nve_kunit_init(void)
{
	return nve_entry_cache_init();
}

static void __exit nve_kunit_exit(void)
{
	nve_entry_cache_uninit();
}

module_init(nve_kunit_init);
module_exit(nve_kunit_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of nve's location table and wire formats");
