// SPDX-License-Identifier: GPL-2.0
/*
 * nve map: the (VNI, MAC) -> remote NVE location table.
 *
 *	nve map { add | replace | del } dev DEV [vni N] mac MAC
 *		{ remote IP | local } [port P] [remote-vni N] [seq N]
 *		[static] [sticky]
 *	nve map show [dev DEV] [vni N] [mac MAC]
 *	nve map get dev DEV [vni N] mac MAC
 *	nve map export dev DEV [vni N] mac MAC [prepare] [seq N]
 *	nve map flush dev DEV [vni N] [remote IP]
 *
 * JSON keys of one mapping (map show, monitor):
 *	ifindex, ifname	the nve device
 *	vni		number
 *	mac		"52:54:00:12:34:56"
 *	remote		"192.0.2.2" or "2001:db8::2" (absent for local VMs)
 *	local		true when the VM sits behind this NVE
 *	port		UDP destination port override (when set)
 *	remote_vni	VNI override (when set)
 *	seq		sequence number
 *	static, sticky	booleans
 *	state		"active", "pending" or "redirect" (text: only when
 *			not active)
 *	mode		"hot", "warm" or "cold" (moved events)
 *	redirect_ms	a REDIRECT mapping's redirect time
 *	expires_ms	milliseconds until it becomes a plain remote mapping
 *	redirects	frames it relayed to the new NVE
 *	held		frames held (PENDING), or delivered at activation
 *	hold_pkts, hold_ms	a PENDING mapping's hold limits
 *	announce	a PENDING mapping's announcements, if its prepare
 *			named them ("none", "garp,na,rarp")
 *	sender		the stale sender (stale_sender events)
 *	moves		moves in the duplicate detection window (when any)
 *	frozen		seconds the freeze lasts, 0 until "nve unfreeze"
 *			(only while frozen; text: "frozen 30s" or "frozen")
 *	hits		frames sent through the entry
 *	used_ms, updated_ms, created_ms	ages in milliseconds
 * Text shows created/updated only with -s.  "map get" and "map export"
 * (one VM's whole state, and the commands that install it elsewhere) are
 * in vmstate.c.  "map flush" prints
 * [{"ifindex", "ifname", "flushed": count}].
 *
 * Batch (-batch): consecutive "map add", "map replace" and "map del" lines
 * for one device are coalesced, up to MAPQ_NESTS NVE_A_MAP nests per
 * message, and up to MAPQ_SLOTS messages are in flight before we wait for
 * an ack.  Each message is acked; after each send we read the acks that
 * have arrived without blocking.  The kernel handles a genl message inside
 * sendmsg(), so an error is seen before the next message goes out: as with
 * iproute2, every line before the failing one is applied and none after.
 * The failing line is found from the extack offset, which points into the
 * failing NVE_A_MAP nest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "nve.h"

enum map_verb { MAP_ADD, MAP_REPLACE, MAP_DEL, MAP_SHOW, MAP_GET,
		MAP_EXPORT, MAP_FLUSH, MAP_HELP };

static const char *const verbs[] = {
	[MAP_ADD] = "add", [MAP_REPLACE] = "replace", [MAP_DEL] = "delete",
	[MAP_SHOW] = "show", [MAP_GET] = "get", [MAP_EXPORT] = "export",
	[MAP_FLUSH] = "flush", [MAP_HELP] = "help",
};

void map_usage(FILE *f)
{
	fprintf(f,
		"Usage: nve map { add | replace } dev DEV [ vni VNI ] mac LLADDR\n"
		"                 { remote ADDR | local } [ port PORT ] [ remote-vni VNI ]\n"
		"                 [ seq SEQ ] [ static ] [ sticky ]\n"
		"       nve map del dev DEV [ vni VNI ] mac LLADDR\n"
		"       nve map show [ dev DEV ] [ vni VNI ] [ mac LLADDR ]\n"
		"       nve map get dev DEV [ vni VNI ] mac LLADDR\n"
		"       nve map export dev DEV [ vni VNI ] mac LLADDR [ prepare ] [ seq SEQ ]\n"
		"       nve map flush dev DEV [ vni VNI ] [ remote ADDR ]\n"
		"where  VNI := 0-16777215 (default: the device's VNI)\n"
		"       ADDR := an IPv4 or IPv6 underlay address\n"
		"       PORT := 1-65535    SEQ := 0-4294967295 (RFC 1982 serial)\n");
}

/* ------------------------------------------------------------------ */
/* Arguments */

enum { K_DEV, K_VNI, K_MAC, K_REMOTE, K_LOCAL, K_PORT, K_RVNI, K_SEQ,
       K_STATIC, K_STICKY, K_PREPARE };

static const struct {
	const char *name;
	bool value;
} keys[] = {
	[K_DEV] = { "dev", true }, [K_VNI] = { "vni", true },
	[K_MAC] = { "mac", true }, [K_REMOTE] = { "remote", true },
	[K_LOCAL] = { "local", false }, [K_PORT] = { "port", true },
	[K_RVNI] = { "remote-vni", true }, [K_SEQ] = { "seq", true },
	[K_STATIC] = { "static", false }, [K_STICKY] = { "sticky", false },
	[K_PREPARE] = { "prepare", false },
};

static const uint32_t allowed[] = {
	[MAP_ADD] = BIT(K_DEV) | BIT(K_VNI) | BIT(K_MAC) | BIT(K_REMOTE) |
		    BIT(K_LOCAL) | BIT(K_PORT) | BIT(K_RVNI) | BIT(K_SEQ) |
		    BIT(K_STATIC) | BIT(K_STICKY),
	[MAP_REPLACE] = BIT(K_DEV) | BIT(K_VNI) | BIT(K_MAC) | BIT(K_REMOTE) |
			BIT(K_LOCAL) | BIT(K_PORT) | BIT(K_RVNI) | BIT(K_SEQ) |
			BIT(K_STATIC) | BIT(K_STICKY),
	[MAP_DEL] = BIT(K_DEV) | BIT(K_VNI) | BIT(K_MAC),
	[MAP_SHOW] = BIT(K_DEV) | BIT(K_VNI) | BIT(K_MAC),
	[MAP_GET] = BIT(K_DEV) | BIT(K_VNI) | BIT(K_MAC),
	[MAP_EXPORT] = BIT(K_DEV) | BIT(K_VNI) | BIT(K_MAC) | BIT(K_SEQ) |
		       BIT(K_PREPARE),
	[MAP_FLUSH] = BIT(K_DEV) | BIT(K_VNI) | BIT(K_REMOTE),
};

struct map_args {
	const char *dev;
	uint32_t seen;			/* BIT(K_x) */
	struct nve_map m;
};

static int map_parse(int verb, int argc, char **argv, struct map_args *a)
{
	struct nve_map *m = &a->m;
	const char *why;

	memset(a, 0, sizeof(*a));
	for (; argc > 0; argc--, argv++) {
		const char *v = NULL;
		unsigned int k;

		for (k = 0; k < ARRAY_SIZE(keys); k++)
			if (!strcmp(*argv, keys[k].name))
				break;
		if (k == ARRAY_SIZE(keys))
			return unknownarg(*argv, "map");
		if (!(allowed[verb] & BIT(k)))
			return notvalid(*argv, "map", verbs[verb]);
		if (a->seen & BIT(k))
			return duparg(*argv, "map");
		a->seen |= BIT(k);
		if (keys[k].value) {
			if (argc < 2)
				return noval(*argv, "map");
			argc--, argv++;
			v = *argv;
		}

		why = NULL;
		switch (k) {
		case K_DEV:
			why = parse_ifname(v);
			a->dev = v;
			break;
		case K_VNI:
			why = parse_vni(v, &m->vni);
			m->have |= BIT(NVE_MAP_A_VNI);
			break;
		case K_MAC:
			why = parse_mac(v, m->mac);
			if (!why && (m->mac[0] & 1))
				why = "a VM's MAC address must be unicast";
			m->have |= BIT(NVE_MAP_A_MAC);
			break;
		case K_REMOTE:
			why = parse_addr(v, &m->remote);
			m->have |= BIT(m->remote.family == AF_INET6 ?
				       NVE_MAP_A_REMOTE6 : NVE_MAP_A_REMOTE);
			break;
		case K_LOCAL:
			m->have |= BIT(NVE_MAP_A_LOCAL);
			break;
		case K_PORT:
			why = parse_port(v, &m->port);
			m->have |= BIT(NVE_MAP_A_PORT);
			break;
		case K_RVNI:
			why = parse_vni(v, &m->remote_vni);
			m->have |= BIT(NVE_MAP_A_REMOTE_VNI);
			break;
		case K_SEQ:
			why = parse_u32(v, UINT32_MAX, &m->seq) ?
			      "sequence number must be 0-4294967295" : NULL;
			m->have |= BIT(NVE_MAP_A_SEQ);
			break;
		case K_STATIC:
			m->flags |= NVE_MAP_F_STATIC;
			break;
		case K_STICKY:
			m->flags |= NVE_MAP_F_STICKY;
			break;
		case K_PREPARE:
			break;
		}
		if (why)
			return invarg(keys[k].name, v, why, "map");
	}

	if (verb != MAP_SHOW && !a->dev)
		return missarg("dev", "map");
	if (verb != MAP_SHOW && verb != MAP_FLUSH && !(a->seen & BIT(K_MAC)))
		return missarg("mac", "map");
	if (verb == MAP_ADD || verb == MAP_REPLACE) {
		bool remote = a->seen & BIT(K_REMOTE);
		bool local = a->seen & BIT(K_LOCAL);

		if (remote && local)
			return badcombo("\"remote\" and \"local\" exclude each other", "map");
		if (!remote && !local)
			return missarg("remote\" or \"local", "map");
		/* The whole entry is stated: no flags means none. */
		m->have |= BIT(NVE_MAP_A_FLAGS);
	}
	return NVE_OK;
}

/* ------------------------------------------------------------------ */
/* Output */

/*
 * The mobility fields.  Text shows the state only when it is not
 * "active", so that a plain mapping reads as before; JSON always has it
 * when the kernel sent it.  A name this tool doesn't know prints as its
 * number.
 */
static void print_enum(const char *key, const char *fmt, const char *name,
		       uint8_t v)
{
	if (name)
		out_str(PRINT_ANY, key, fmt, name);
	else
		out_uint(PRINT_ANY, key, fmt, v);
}

static void map_print_motion(const struct nve_map *m)
{
	char b[ADDR_STRLEN], d[DUR_STRLEN];
	uint32_t h = m->have;

	if (h & BIT(NVE_MAP_A_STATE)) {
		if (m->state == NVE_MAP_STATE_ACTIVE)
			out_str(PRINT_JSON, "state", NULL, "active");
		else
			print_enum("state", "state %s", state_name(m->state),
				   m->state);
	}
	if (h & BIT(NVE_MAP_A_MODE))
		print_enum("mode", "mode %s", mode_name(m->mode), m->mode);
	if (h & BIT(NVE_MAP_A_REDIRECT_MS))
		out_uint(PRINT_ANY, "redirect_ms", "redirect-time %s",
			 m->redirect_ms);
	if (h & BIT(NVE_MAP_A_EXPIRES)) {
		out_uint(PRINT_JSON, "expires_ms", NULL, m->expires_ms);
		out_str(PRINT_TEXT, NULL, "expires %s",
			fmt_ms(m->expires_ms, d, sizeof(d)));
	}
	if (h & BIT(NVE_MAP_A_REDIRECTS))
		out_uint(PRINT_ANY, "redirects", "redirects %s", m->redirects);
	if (h & BIT(NVE_MAP_A_HELD))
		out_uint(PRINT_ANY, "held", "held %s", m->held);
	if (h & BIT(NVE_MAP_A_HOLD_PKTS))
		out_uint(PRINT_ANY, "hold_pkts", "hold-packets %s",
			 m->hold_pkts);
	if (h & BIT(NVE_MAP_A_HOLD_MS))
		out_uint(PRINT_ANY, "hold_ms", "hold-time %s", m->hold_ms);
	if (h & BIT(NVE_MAP_A_ANNOUNCE)) {
		char a[ANNOUNCE_STRLEN];

		out_str(PRINT_ANY, "announce", "announce %s",
			fmt_announce(m->announce, a, sizeof(a)));
	}
	if (h & (BIT(NVE_MAP_A_SENDER) | BIT(NVE_MAP_A_SENDER6)))
		out_str(PRINT_ANY, "sender", "sender %s",
			fmt_addr(&m->sender, b, sizeof(b)));
	if (h & BIT(NVE_MAP_A_MOVES))
		out_uint(PRINT_ANY, "moves", "moves %s", m->moves);
	if (h & BIT(NVE_MAP_A_FROZEN)) {
		out_uint(PRINT_JSON, "frozen", NULL, m->frozen_s);
		if (m->frozen_s)
			out_uint(PRINT_TEXT, NULL, "frozen %ss", m->frozen_s);
		else
			out_str(PRINT_TEXT, NULL, "%s", "frozen");
	}
}

void map_print_fields(const struct nve_map *m)
{
	char b[ADDR_STRLEN], d[DUR_STRLEN];
	uint32_t h = m->have;

	if (h & BIT(NVE_MAP_A_VNI))
		out_uint(PRINT_ANY, "vni", "vni %s", m->vni);
	if (h & BIT(NVE_MAP_A_MAC))
		out_str(PRINT_ANY, "mac", "mac %s", fmt_mac(m->mac, b));
	if (h & (BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_REMOTE6)))
		out_str(PRINT_ANY, "remote", "remote %s",
			fmt_addr(&m->remote, b, sizeof(b)));
	if (h & (BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_REMOTE6) |
		 BIT(NVE_MAP_A_LOCAL)))
		out_flag("local", "local", h & BIT(NVE_MAP_A_LOCAL));
	if (h & BIT(NVE_MAP_A_PORT))
		out_uint(PRINT_ANY, "port", "port %s", m->port);
	if (h & BIT(NVE_MAP_A_REMOTE_VNI))
		out_uint(PRINT_ANY, "remote_vni", "remote-vni %s",
			 m->remote_vni);
	if (h & BIT(NVE_MAP_A_SEQ))
		out_uint(PRINT_ANY, "seq", "seq %s", m->seq);
	if (h & BIT(NVE_MAP_A_FLAGS)) {
		out_flag("static", "static", m->flags & NVE_MAP_F_STATIC);
		out_flag("sticky", "sticky", m->flags & NVE_MAP_F_STICKY);
	}
	map_print_motion(m);
	if (h & BIT(NVE_MAP_A_HITS))
		out_uint(PRINT_ANY, "hits", "hits %s", m->hits);
	if (h & BIT(NVE_MAP_A_USED)) {
		out_uint(PRINT_JSON, "used_ms", NULL, m->used_ms);
		out_str(PRINT_TEXT, NULL, "used %s",
			fmt_duration(m->used_ms, d, sizeof(d)));
	}
	if (h & BIT(NVE_MAP_A_UPDATED)) {
		out_uint(PRINT_JSON, "updated_ms", NULL, m->updated_ms);
		if (out_details())
			out_str(PRINT_TEXT, NULL, "updated %s",
				fmt_duration(m->updated_ms, d, sizeof(d)));
	}
	if (h & BIT(NVE_MAP_A_CREATED)) {
		out_uint(PRINT_JSON, "created_ms", NULL, m->created_ms);
		if (out_details())
			out_str(PRINT_TEXT, NULL, "created %s",
				fmt_duration(m->created_ms, d, sizeof(d)));
	}
}

void map_print(const struct nve_map *m, const char *ifname, uint32_t ifindex,
	       bool text_dev)
{
	out_open_object(NULL);
	out_dev(ifname, ifindex, text_dev);
	map_print_fields(m);
	out_close_object();
	out_nl();
}

/* ------------------------------------------------------------------ */
/* Batch: coalesced messages, a window of them in flight. */

#define MAPQ_SLOTS	8
#define MAPQ_NESTS	1024

struct mapq_slot {
	char buf[NL_BUFSIZE] __attribute__((aligned(8)));
	bool busy;
	uint32_t seq;
	unsigned int n;			/* nests */
	unsigned int line[MAPQ_NESTS];	/* batch line of each nest */
};

static struct {
	struct nl *s;			/* own socket: acks only */
	int fill;			/* slot being filled, or -1 */
	uint8_t cmd;
	uint16_t flags;
	uint32_t ifindex;
	unsigned int inflight;
	unsigned int failed_line;	/* 0: none */
	struct mapq_slot slot[MAPQ_SLOTS];
} q = { .fill = -1 };

/*
 * The batch line of the nest a failed coalesced message names: the extack
 * offset points at (or into) the failing NVE_A_MAP nest; lines[i] is the
 * line of the i-th nest.  Without a usable offset, *known is false and the
 * first line is returned.
 */
unsigned int map_failed_line(const struct nlmsghdr *req,
			     const unsigned int *lines, unsigned int n,
			     const struct nl_err *e, bool *known)
{
	struct msg_loc loc;

	*known = e->have_off && msg_locate(req, GENL_HDRLEN, e->off, &loc) &&
		 loc.type[0] == NVE_A_MAP && loc.index < (int)n;
	return *known ? lines[loc.index] : lines[0];
}

static int mapq_ack(const struct nl_err *e, void *data)
{
	struct mapq_slot *sl;
	unsigned int i;
	bool known;

	(void)data;
	for (i = 0; i < MAPQ_SLOTS; i++)
		if (q.slot[i].busy && q.slot[i].seq == e->seq)
			break;
	if (i == MAPQ_SLOTS)
		return 0;
	sl = &q.slot[i];
	sl->busy = false;
	q.inflight--;
	if (!e->error && !e->msg[0])
		return 0;

	nl_print_err(e, (struct nlmsghdr *)sl->buf, false);
	if (!e->error || q.failed_line)
		return 0;
	q.failed_line = map_failed_line((struct nlmsghdr *)sl->buf, sl->line,
					sl->n, e, &known);
	if (!known && sl->n > 1)
		fprintf(stderr, "The kernel did not say which of lines %u-%u failed; those before it are applied.\n",
			sl->line[0], sl->line[sl->n - 1]);
	return 0;
}

static int mapq_poll(bool block)
{
	unsigned int i;

	if (nl_recv_acks(q.s, block, mapq_ack, NULL) < 0 && !q.failed_line) {
		/* Lost acks: blame the oldest line in flight. */
		for (i = 0; i < MAPQ_SLOTS; i++)
			if (q.slot[i].busy && (!q.failed_line ||
					       q.slot[i].line[0] < q.failed_line))
				q.failed_line = q.slot[i].line[0];
		for (i = 0; i < MAPQ_SLOTS; i++)
			q.slot[i].busy = false;
		q.inflight = 0;
	}
	return q.failed_line ? NVE_EFAIL : NVE_OK;
}

static int mapq_send(void)
{
	struct mapq_slot *sl = &q.slot[q.fill];

	q.fill = -1;
	if (nl_send(q.s, (struct nlmsghdr *)sl->buf) < 0) {
		q.failed_line = sl->line[0];
		return NVE_EFAIL;
	}
	sl->busy = true;
	sl->seq = ((struct nlmsghdr *)sl->buf)->nlmsg_seq;
	q.inflight++;
	return mapq_poll(false);
}

static int mapq_start(void)
{
	struct mapq_slot *sl;
	unsigned int i;

	for (;;) {
		for (i = 0; i < MAPQ_SLOTS; i++)
			if (!q.slot[i].busy)
				break;
		if (i < MAPQ_SLOTS)
			break;
		if (mapq_poll(true))
			return NVE_EFAIL;
	}
	sl = &q.slot[i];
	sl->n = 0;
	msg_genl_start(sl->buf, nl_genl_family(), q.cmd, q.flags);
	msg_put_dev((struct nlmsghdr *)sl->buf, NL_BUFSIZE, q.ifindex, NULL);
	q.fill = i;
	return NVE_OK;
}

static int mapq_add(uint8_t cmd, uint16_t flags, uint32_t ifindex,
		    const struct nve_map *m, unsigned int line)
{
	struct mapq_slot *sl;

	if (q.failed_line)
		return NVE_EFAIL;
	if (!q.s) {
		q.s = nl_open(NETLINK_GENERIC);
		if (!q.s)
			return NVE_EFAIL;
	}
	if (q.fill >= 0 &&
	    (q.cmd != cmd || q.flags != flags || q.ifindex != ifindex ||
	     q.slot[q.fill].n == MAPQ_NESTS) && mapq_send())
		return NVE_EFAIL;
	q.cmd = cmd;
	q.flags = flags;
	q.ifindex = ifindex;
	if (q.fill < 0 && mapq_start())
		return NVE_EFAIL;
	sl = &q.slot[q.fill];
	if (!msg_put_map((struct nlmsghdr *)sl->buf, NL_BUFSIZE, m)) {
		if (mapq_send() || mapq_start())
			return NVE_EFAIL;
		sl = &q.slot[q.fill];
		msg_put_map((struct nlmsghdr *)sl->buf, NL_BUFSIZE, m);
	}
	sl->line[sl->n++] = line;
	return NVE_OK;
}

/* Is this batch line one that mapq_add() takes? */
bool map_batch_queueable(int argc, char **argv)
{
	int v;

	if (argc < 2 || !matches(argv[0], "map"))
		return false;
	v = match_word(argv[1], verbs, ARRAY_SIZE(verbs));
	return v == MAP_ADD || v == MAP_REPLACE || v == MAP_DEL;
}

/*
 * Send what is queued and wait for every ack.  On a failure, set
 * batch.failed_line to the line that failed.  @last closes the socket.
 */
int map_batch_flush(bool last)
{
	int rc = NVE_OK;

	if (q.fill >= 0)
		mapq_send();
	while (q.inflight && !mapq_poll(true))
		;
	if (q.failed_line) {
		batch.failed_line = q.failed_line;
		q.failed_line = 0;
		rc = NVE_EFAIL;
	}
	if (last || rc) {
		memset(q.slot, 0, sizeof(q.slot));
		q.inflight = 0;
		nl_close(q.s);
		q.s = NULL;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Commands */

static int map_modify(int verb, int argc, char **argv)
{
	uint8_t cmd = verb == MAP_DEL ? NVE_CMD_MAP_DEL : NVE_CMD_MAP_NEW;
	uint16_t flags = 0;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct map_args a;
	uint32_t ifindex;
	struct nl *s;
	int rc;

	rc = map_parse(verb, argc, argv, &a);
	if (rc)
		return rc;
	if (verb == MAP_ADD)
		flags = NLM_F_CREATE | NLM_F_EXCL;
	else if (verb == MAP_REPLACE)
		flags = NLM_F_CREATE | NLM_F_REPLACE;
	if (nve_dev_lookup(a.dev, &ifindex))
		return NVE_EFAIL;
	s = nl_genl();
	if (verb == MAP_DEL)
		a.m.have &= BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC);

	if (batch.active)
		return mapq_add(cmd, flags, ifindex, &a.m, batch.line);

	nlh = msg_genl_start(buf, nl_genl_family(), cmd, flags);
	msg_put_dev(nlh, sizeof(buf), ifindex, NULL);
	msg_put_map(nlh, sizeof(buf), &a.m);
	return nl_talk(s, nlh, NULL, NULL, NULL) < 0 ? NVE_EFAIL : NVE_OK;
}

struct show_ctx {
	const struct map_args *a;
	const char *ifname;
	uint32_t ifindex;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_ctx *c = data;
	const struct nve_map *f = &c->a->m;
	const struct nlattr *attr;
	struct nve_msg msg;
	struct nve_map m;

	if (msg_parse(nlh, &msg) < 0)
		return -1;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != NVE_A_MAP)
			continue;
		if (msg_parse_map(attr, &m) < 0)
			return -1;
		if ((f->have & BIT(NVE_MAP_A_VNI)) &&
		    (m.have & BIT(NVE_MAP_A_VNI)) && m.vni != f->vni)
			continue;
		if ((f->have & BIT(NVE_MAP_A_MAC)) &&
		    memcmp(m.mac, f->mac, 6))
			continue;
		map_print(&m, msg.ifname ? msg.ifname : c->ifname,
			  msg.ifindex ? msg.ifindex : c->ifindex, !c->a->dev);
	}
	return 0;
}

static int show_dev(uint32_t ifindex, const char *ifname, void *data)
{
	struct show_ctx *c = data;
	const struct nve_map *f = &c->a->m;
	bool get = f->have & BIT(NVE_MAP_A_MAC);
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct nl_err e;
	int err;

	c->ifname = ifname;
	c->ifindex = ifindex;
	nlh = msg_genl_start(buf, nl_genl_family(), NVE_CMD_MAP_GET,
			     get ? 0 : NLM_F_DUMP);
	msg_put_dev(nlh, sizeof(buf), ifindex, NULL);
	if (f->have)
		msg_put_map(nlh, sizeof(buf), f);
	err = nl_talk(nl_genl(), nlh, show_cb, c, &e);
	/* Looking for one MAC on every device: absent is not an error. */
	if (e.error == ENOENT && get && !c->a->dev)
		return NVE_OK;
	if (e.error)
		nl_print_err(&e, nlh, false);
	return err < 0 ? NVE_EFAIL : NVE_OK;
}

static int map_show(int argc, char **argv)
{
	struct show_ctx c = { 0 };
	struct nve_devs devs;
	struct map_args a;
	int rc;

	rc = map_parse(MAP_SHOW, argc, argv, &a);
	if (rc)
		return rc;
	c.a = &a;
	if (nve_devs_get(a.dev, &devs))
		return NVE_EFAIL;
	out_open_array(NULL);
	rc = nve_devs_each(&devs, show_dev, &c);
	out_close_array();
	free(devs.v);
	return rc;
}

/* map get, map export: one VM's state (vmstate.c). */
static int map_get(int verb, int argc, char **argv)
{
	struct vm_export o = { 0 };
	struct vm_state st;
	struct map_args a;
	uint32_t ifindex;
	int rc;

	rc = map_parse(verb, argc, argv, &a);
	if (rc)
		return rc;
	if (nve_dev_lookup(a.dev, &ifindex) ||
	    vm_state_read(ifindex, &a.m, &st))
		return NVE_EFAIL;
	if (verb == MAP_GET) {
		out_open_array(NULL);
		vm_state_print(&st, a.dev, ifindex);
		out_close_array();
	} else {
		o.prepare = a.seen & BIT(K_PREPARE);
		o.have_seq = a.seen & BIT(K_SEQ);
		o.seq = a.m.seq;
		rc = vm_state_export(&st, a.dev, &o);
	}
	vm_state_free(&st);
	return rc;
}

static int flush_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nve_msg *msg = data;

	return msg_parse(nlh, msg);
}

static int map_flush(int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nve_msg reply = { 0 };
	struct nlmsghdr *nlh;
	struct map_args a;
	uint32_t ifindex;
	struct nl *s;
	int rc;

	rc = map_parse(MAP_FLUSH, argc, argv, &a);
	if (rc)
		return rc;
	if (nve_dev_lookup(a.dev, &ifindex))
		return NVE_EFAIL;
	s = nl_genl();
	nlh = msg_genl_start(buf, nl_genl_family(), NVE_CMD_MAP_FLUSH, 0);
	msg_put_dev(nlh, sizeof(buf), ifindex, NULL);
	if (a.m.have)
		msg_put_map(nlh, sizeof(buf), &a.m);
	if (nl_talk(s, nlh, flush_cb, &reply, NULL) < 0)
		return NVE_EFAIL;
	if (!reply.have_count) {
		fprintf(stderr, "Warning: the kernel did not say how many mappings it flushed.\n");
		return NVE_OK;
	}
	out_open_array(NULL);
	out_open_object(NULL);
	out_dev(a.dev, ifindex, false);
	out_uint(PRINT_JSON, "flushed", NULL, reply.count);
	out_text("%s: flushed %u mapping%s", a.dev, reply.count,
		 reply.count == 1 ? "" : "s");
	out_close_object();
	out_nl();
	out_close_array();
	return NVE_OK;
}

int do_map(int argc, char **argv)
{
	int v;

	if (argc < 1)
		return map_show(0, NULL);
	v = match_word(argv[0], verbs, ARRAY_SIZE(verbs));
	/* "list" and "lst" as in iproute2 */
	if (v < 0 && (matches(argv[0], "list") || !strcmp(argv[0], "lst")))
		v = MAP_SHOW;
	switch (v) {
	case MAP_ADD:
	case MAP_REPLACE:
	case MAP_DEL:
		return map_modify(v, argc - 1, argv + 1);
	case MAP_SHOW:
		return map_show(argc - 1, argv + 1);
	case MAP_GET:
	case MAP_EXPORT:
		return map_get(v, argc - 1, argv + 1);
	case MAP_FLUSH:
		return map_flush(argc - 1, argv + 1);
	case MAP_HELP:
		map_usage(stdout);
		return NVE_OK;
	}
	fprintf(stderr, "Command \"%s\" is unknown, try \"nve map help\".\n",
		argv[0]);
	return NVE_EUSAGE;
}
