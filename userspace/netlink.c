// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink plumbing on libmnl: sockets, the "nve" genl family, one
 * request and its acknowledgement, dumps, kernel errors with extack, and
 * the acknowledgements of pipelined batch messages.
 *
 * Every socket asks for extended acks (NETLINK_EXT_ACK) and for capped acks
 * (NETLINK_CAP_ACK): an error does not echo our request back (a batch
 * message can be 32 KiB), but still carries the offset of the attribute
 * the kernel refused, which we turn back into a command-line word.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>

#include "nve.h"

struct nl {
	struct mnl_socket *sk;
	uint32_t portid;
	uint32_t seq;
	int bus;
};

struct nve_batch batch;

static struct nl *genl_sock, *rtnl_sock;
static uint16_t genl_family_id;
static uint32_t genl_events_grp;

/* Dumps come in skbs of up to 32 KiB; leave room. */
static char rxbuf[65536] __attribute__((aligned(8)));

struct nl *nl_open(int bus)
{
	unsigned int one = 1;
	int rcvbuf = 1 << 20;
	struct nl *s;

	s = calloc(1, sizeof(*s));
	if (!s)
		goto err;
	s->bus = bus;
	s->sk = mnl_socket_open(bus);
	if (!s->sk)
		goto err;
	if (mnl_socket_bind(s->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	/* Both are best effort: old kernels ack without them. */
	mnl_socket_setsockopt(s->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Room for the acks of a window of batch messages, and events. */
	if (setsockopt(mnl_socket_get_fd(s->sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(s->sk), SOL_SOCKET, SO_RCVBUF,
			   &rcvbuf, sizeof(rcvbuf));
	s->portid = mnl_socket_get_portid(s->sk);
	s->seq = time(NULL);
	return s;
err:
	fprintf(stderr, "Error: cannot open a netlink socket: %s.\n",
		strerror(errno));
	if (s && s->sk)
		mnl_socket_close(s->sk);
	free(s);
	return NULL;
}

void nl_close(struct nl *s)
{
	if (!s)
		return;
	mnl_socket_close(s->sk);
	free(s);
}

void nl_close_all(void)
{
	nl_close(genl_sock);
	nl_close(rtnl_sock);
	genl_sock = rtnl_sock = NULL;
	nve_dev_forget();
}

/* ------------------------------------------------------------------ */
/* Kernel errors */

static void parse_ext_ack(const void *tlv, size_t len, struct nl_err *e)
{
	const struct nlattr *attr;

	mnl_attr_for_each_payload(tlv, len) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				snprintf(e->msg, sizeof(e->msg), "%s",
					 mnl_attr_get_str(attr));
			break;
		case NLMSGERR_ATTR_OFFS:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
				e->have_off = true;
				e->off = mnl_attr_get_u32(attr);
			}
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
				e->have_miss = true;
				e->miss_type = mnl_attr_get_u32(attr);
			}
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
				e->have_miss_nest = true;
				e->miss_nest = mnl_attr_get_u32(attr);
			}
			break;
		}
	}
}

/*
 * Parse an NLMSG_ERROR (error or ack) or an NLMSG_DONE (which may carry a
 * dump's error) into @e.  Returns -1 if the message is malformed.
 */
int nl_parse_err(const struct nlmsghdr *nlh, struct nl_err *e)
{
	const char *p = mnl_nlmsg_get_payload(nlh);
	size_t plen = mnl_nlmsg_get_payload_len(nlh);
	size_t off;

	memset(e, 0, sizeof(*e));
	e->seq = nlh->nlmsg_seq;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *err = (const void *)p;

		if (plen < sizeof(*err))
			return -1;
		e->error = err->error < 0 ? -err->error : err->error;
		off = sizeof(*err);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (err->msg.nlmsg_len < sizeof(struct nlmsghdr))
				return -1;
			off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
		}
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		int derr;

		if (plen < sizeof(derr))
			return 0;	/* old kernels: bare DONE */
		memcpy(&derr, p, sizeof(derr));
		e->error = derr < 0 ? -derr : 0;
		off = sizeof(derr);
	} else {
		return -1;
	}
	off = MNL_ALIGN(off);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && off < plen)
		parse_ext_ack(p + off, plen - off, e);
	return 0;
}

/*
 * Print a kernel error as iproute2 does ("Error: <extack message>."), with
 * the command-line word of the attribute the kernel pointed at, if any.
 */
void nl_print_err(const struct nl_err *e, const struct nlmsghdr *req,
		  bool rtnl)
{
	size_t hdrlen = rtnl ? sizeof(struct ifinfomsg) : GENL_HDRLEN;
	const char *what = NULL, *missing = NULL;
	struct msg_loc loc;
	size_t n;

	if (e->have_off && req && msg_locate(req, hdrlen, e->off, &loc))
		what = msg_attr_name(rtnl, &loc);
	/* "nve move ... to ADDR": the new NVE is NVE_MAP_A_REMOTE{,6}. */
	if (what && !rtnl && !strcmp(what, "remote") &&
	    ((const struct genlmsghdr *)mnl_nlmsg_get_payload(req))->cmd ==
	    NVE_CMD_MOVE)
		what = "to";
	if (e->have_miss) {
		memset(&loc, 0, sizeof(loc));
		if (e->have_miss_nest && req)
			msg_locate(req, hdrlen, e->miss_nest, &loc);
		if (loc.depth < (int)ARRAY_SIZE(loc.type)) {
			loc.type[loc.depth++] = e->miss_type;
			missing = msg_attr_name(rtnl, &loc);
		}
	}

	if (e->msg[0]) {
		n = strlen(e->msg);
		fprintf(stderr, "%s: %.*s", e->error ? "Error" : "Warning",
			(int)(e->msg[n - 1] == '.' ? n - 1 : n), e->msg);
	} else if (e->error == EPERM) {
		fprintf(stderr, "Error: %s (changing nve state needs CAP_NET_ADMIN)",
			strerror(e->error));
	} else if (e->error == EOPNOTSUPP && !rtnl && !e->have_off) {
		fprintf(stderr, "Error: %s (does the nve module know this command?)",
			strerror(e->error));
	} else {
		fprintf(stderr, "Error: %s", strerror(e->error));
	}
	if (what)
		fprintf(stderr, " (argument \"%s\")", what);
	else if (e->have_off)
		fprintf(stderr, " (attribute at offset %u)", e->off);
	if (missing)
		fprintf(stderr, " (missing \"%s\")", missing);
	else if (e->have_miss)
		fprintf(stderr, " (missing attribute %u)", e->miss_type);
	fputs(".\n", stderr);
}

/* ------------------------------------------------------------------ */
/* Request and reply */

/*
 * Send @req and read until its ack (do) or NLMSG_DONE (dump), passing
 * every data message to @cb.  On a kernel error, print it, or store it in
 * @quiet if given (quiet->error stays 0 for local failures, which are
 * always printed).  Returns 0, or a negative errno.
 */
int nl_talk(struct nl *s, struct nlmsghdr *req, nl_cb_t cb, void *data,
	    struct nl_err *quiet)
{
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	bool intr = false;
	int cb_err = 0;
	struct nl_err e;

	if (quiet)
		memset(quiet, 0, sizeof(*quiet));
	if (!dump)
		req->nlmsg_flags |= NLM_F_ACK;
	req->nlmsg_seq = ++s->seq;
	if (mnl_socket_sendto(s->sk, req, req->nlmsg_len) < 0) {
		fprintf(stderr, "Error: netlink send: %s.\n", strerror(errno));
		return -errno;
	}

	for (;;) {
		const struct nlmsghdr *nlh = (const void *)rxbuf;
		ssize_t n = mnl_socket_recvfrom(s->sk, rxbuf, sizeof(rxbuf));
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "Error: netlink receive: %s.\n",
				strerror(errno));
			return -errno;
		}
		for (len = n; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != req->nlmsg_seq ||
			    (nlh->nlmsg_pid && nlh->nlmsg_pid != s->portid))
				continue;	/* stale */
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			switch (nlh->nlmsg_type) {
			case NLMSG_NOOP:
			case NLMSG_OVERRUN:
				continue;
			case NLMSG_ERROR:
			case NLMSG_DONE:
				if (nl_parse_err(nlh, &e) < 0) {
					fprintf(stderr, "Error: malformed netlink acknowledgement.\n");
					return -EBADMSG;
				}
				if (e.error && quiet) {
					*quiet = e;
				} else if (e.error || e.msg[0]) {
					nl_print_err(&e, req,
						     s->bus == NETLINK_ROUTE);
				}
				if (e.error)
					return -e.error;
				if (intr)
					fprintf(stderr, "Warning: the table changed during the dump; the list may be incomplete.\n");
				return cb_err;
			default:
				if (cb && !cb_err && cb(nlh, data) < 0) {
					fprintf(stderr, "Error: malformed netlink message from the kernel.\n");
					cb_err = -EBADMSG;
				}
			}
		}
	}
}

/* Send without waiting; the ack comes through nl_recv_acks().  */
int nl_send(struct nl *s, struct nlmsghdr *req)
{
	req->nlmsg_flags |= NLM_F_ACK;
	req->nlmsg_seq = ++s->seq;
	if (mnl_socket_sendto(s->sk, req, req->nlmsg_len) < 0) {
		fprintf(stderr, "Error: netlink send: %s.\n", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Read every ack that has arrived (waiting for the first if @block) and
 * pass each, success or error, to @cb.  Returns the number of acks seen,
 * or -1 on a socket error.
 */
int nl_recv_acks(struct nl *s, bool block, nl_ack_cb_t cb, void *data)
{
	const struct nlmsghdr *nlh;
	int n, acks = 0;
	struct nl_err e;

	for (;;) {
		n = recv(mnl_socket_get_fd(s->sk), rxbuf, sizeof(rxbuf),
			 block && !acks ? 0 : MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return acks;
		if (n < 0) {
			fprintf(stderr, "Error: netlink receive: %s%s.\n",
				strerror(errno), errno == ENOBUFS ?
				" (acknowledgements were lost)" : "");
			return -1;
		}
		nlh = (const void *)rxbuf;
		for (; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type != NLMSG_ERROR ||
			    nl_parse_err(nlh, &e) < 0)
				continue;
			acks++;
			cb(&e, data);
		}
	}
}

int nl_subscribe(struct nl *s, uint32_t group)
{
	int g = group;

	if (mnl_socket_setsockopt(s->sk, NETLINK_ADD_MEMBERSHIP, &g,
				  sizeof(g)) < 0) {
		fprintf(stderr, "Error: cannot join multicast group %u: %s.\n",
			group, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Wait for one batch of multicast messages and pass each to @cb.  Returns
 * 0, -EINTR when a signal came, or another negative errno.  A full receive
 * queue (ENOBUFS) loses events: say so and go on.
 */
int nl_recv_events(struct nl *s, nl_cb_t cb, void *data)
{
	const struct nlmsghdr *nlh = (const void *)rxbuf;
	int n;

	n = recv(mnl_socket_get_fd(s->sk), rxbuf, sizeof(rxbuf), 0);
	if (n < 0) {
		if (errno == ENOBUFS) {
			fprintf(stderr, "Warning: events were lost (receive queue overrun).\n");
			return 0;
		}
		return -errno;
	}
	for (; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
		if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
			continue;
		cb(nlh, data);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The genl family */

int nl_parse_family(const struct nlmsghdr *nlh, uint16_t *id,
		    uint32_t *events_group, uint32_t *version)
{
	const struct nlattr *a, *g, *f;

	*id = 0;
	*events_group = 0;
	*version = 0;
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -1;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
				return -1;
			*id = mnl_attr_get_u16(a);
			break;
		case CTRL_ATTR_VERSION:
			if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
				return -1;
			*version = mnl_attr_get_u32(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			mnl_attr_for_each_nested(g, a) {
				const char *name = NULL;
				uint32_t gid = 0;

				mnl_attr_for_each_nested(f, g) {
					uint16_t t = mnl_attr_get_type(f);

					if (t == CTRL_ATTR_MCAST_GRP_NAME &&
					    !mnl_attr_validate(f, MNL_TYPE_NUL_STRING))
						name = mnl_attr_get_str(f);
					else if (t == CTRL_ATTR_MCAST_GRP_ID &&
						 !mnl_attr_validate(f, MNL_TYPE_U32))
						gid = mnl_attr_get_u32(f);
				}
				if (name && !strcmp(name, NVE_GENL_MCGRP_EVENTS))
					*events_group = gid;
			}
			break;
		}
	}
	return *id ? 0 : -1;
}

struct family_ctx {
	uint16_t id;
	uint32_t group;
	uint32_t version;
};

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family_ctx *f = data;

	return nl_parse_family(nlh, &f->id, &f->group, &f->version);
}

/*
 * The genl socket, opened and its family resolved on first use.  With
 * @missing, an absent family is reported there instead of printed.
 */
static struct nl *genl_open(bool *missing)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct family_ctx f = { 0 };
	struct nlmsghdr *nlh;
	struct nl_err e;
	int err;

	if (genl_sock)
		return genl_sock;
	genl_sock = nl_open(NETLINK_GENERIC);
	if (!genl_sock)
		return NULL;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	{
		struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh,
								  sizeof(*g));
		g->cmd = CTRL_CMD_GETFAMILY;
		g->version = 1;
	}
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, NVE_GENL_NAME);
	err = nl_talk(genl_sock, nlh, family_cb, &f, &e);
	if (e.error == ENOENT && missing) {
		*missing = true;
	} else if (e.error == ENOENT) {
		fprintf(stderr, "Error: the \"%s\" generic netlink family is not registered: is the nve module loaded?\n",
			NVE_GENL_NAME);
	} else if (e.error) {
		nl_print_err(&e, nlh, false);
	} else if (!err && f.version < NVE_GENL_VERSION) {
		fprintf(stderr, "Warning: the kernel speaks nve genl version %u, this tool version %u.\n",
			f.version, NVE_GENL_VERSION);
	}
	if (err < 0 || !f.id) {
		nl_close(genl_sock);
		genl_sock = NULL;
		return NULL;
	}
	genl_family_id = f.id;
	genl_events_grp = f.group;
	return genl_sock;
}

struct nl *nl_genl(void)
{
	return genl_open(NULL);
}

uint16_t nl_genl_family(void)
{
	return genl_family_id;
}

uint32_t nl_genl_events_group(void)
{
	return genl_events_grp;
}

struct nl *nl_rtnl(void)
{
	if (!rtnl_sock)
		rtnl_sock = nl_open(NETLINK_ROUTE);
	return rtnl_sock;
}

/* ------------------------------------------------------------------ */
/* Devices */

/* Names already checked to be nve devices, for batches. */
static struct {
	char name[IF_NAMESIZE];
	uint32_t ifindex;
} dev_cache[16];
static unsigned int dev_cache_next;

void nve_dev_forget(void)
{
	memset(dev_cache, 0, sizeof(dev_cache));
	dev_cache_next = 0;
}

/*
 * Resolve @name to the ifindex of an nve device, saying clearly which of
 * "no such device" and "not an nve device" it is.  Returns NVE_OK or
 * NVE_EFAIL (message printed).
 */
int nve_dev_lookup(const char *name, uint32_t *ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	bool missing = false;
	struct nlmsghdr *nlh;
	struct nl_err e;
	unsigned int i;
	uint32_t idx;
	struct nl *s;
	int err;

	for (i = 0; i < ARRAY_SIZE(dev_cache); i++) {
		if (dev_cache[i].ifindex && !strcmp(dev_cache[i].name, name)) {
			*ifindex = dev_cache[i].ifindex;
			return NVE_OK;
		}
	}
	idx = if_nametoindex(name);
	if (!idx) {
		fprintf(stderr, "Cannot find device \"%s\"\n", name);
		return NVE_EFAIL;
	}
	s = genl_open(&missing);
	if (missing)
		fprintf(stderr, "Error: \"%s\" is not an nve device (the nve module is not loaded).\n",
			name);
	if (!s)
		return NVE_EFAIL;
	nlh = msg_genl_start(buf, nl_genl_family(), NVE_CMD_DEV_GET, 0);
	msg_put_dev(nlh, sizeof(buf), idx, NULL);
	err = nl_talk(s, nlh, NULL, NULL, &e);
	if (e.error == ENODEV || e.error == EOPNOTSUPP || e.error == ENOENT) {
		fprintf(stderr, "Error: \"%s\" is not an nve device.\n", name);
		return NVE_EFAIL;
	}
	if (err < 0) {
		if (e.error)
			nl_print_err(&e, nlh, false);
		return NVE_EFAIL;
	}
	i = dev_cache_next++ % ARRAY_SIZE(dev_cache);
	snprintf(dev_cache[i].name, sizeof(dev_cache[i].name), "%s", name);
	dev_cache[i].ifindex = idx;
	*ifindex = idx;
	return NVE_OK;
}

struct devlist_ctx {
	struct nve_dev *devs;
	unsigned int n;
};

static int devlist_cb(const struct nlmsghdr *nlh, void *data)
{
	struct devlist_ctx *c = data;
	struct nve_dev *d;

	d = realloc(c->devs, (c->n + 1) * sizeof(*d));
	if (!d)
		return -1;
	c->devs = d;
	if (msg_parse_dev(nlh, &d[c->n]) < 0)
		return -1;
	c->n++;
	return 0;
}

int nve_dev_list(struct nve_dev **devs, unsigned int *n)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct devlist_ctx c = { 0 };
	struct nlmsghdr *nlh;
	struct nl *s = nl_genl();

	*devs = NULL;
	*n = 0;
	if (!s)
		return NVE_EFAIL;
	nlh = msg_genl_start(buf, nl_genl_family(), NVE_CMD_DEV_GET,
			     NLM_F_DUMP);
	if (nl_talk(s, nlh, devlist_cb, &c, NULL) < 0) {
		free(c.devs);
		return NVE_EFAIL;
	}
	*devs = c.devs;
	*n = c.n;
	return NVE_OK;
}

/*
 * The devices a "show" covers: @name, or every nve device when NULL.
 * Errors are printed.  Free d->v with free().
 */
int nve_devs_get(const char *name, struct nve_devs *d)
{
	uint32_t ifindex;

	d->v = NULL;
	d->n = 0;
	if (!name)
		return nve_dev_list(&d->v, &d->n);
	if (nve_dev_lookup(name, &ifindex))
		return NVE_EFAIL;
	d->v = calloc(1, sizeof(*d->v));
	if (!d->v) {
		fprintf(stderr, "Error: out of memory.\n");
		return NVE_EFAIL;
	}
	d->v->ifindex = ifindex;
	snprintf(d->v->ifname, sizeof(d->v->ifname), "%s", name);
	d->n = 1;
	return NVE_OK;
}

/* Call @fn for each of @d until one fails; returns the first failure. */
int nve_devs_each(const struct nve_devs *d, nve_dev_fn fn, void *data)
{
	unsigned int i;
	int rc = NVE_OK;

	for (i = 0; i < d->n && !rc; i++)
		rc = fn(d->v[i].ifindex, d->v[i].ifname, data);
	return rc;
}
