// SPDX-License-Identifier: GPL-2.0
/*
 * One VM's local state (draft-ietf-nvo3-vmm section 6): everything this
 * NVE holds for a VM, read with one command, and written out as the
 * commands that install it on another NVE.
 *
 *	nve map get dev DEV [vni N] mac MAC
 *		the VM's mapping, every field the kernel reports (as
 *		"map show -s"), and its bindings: the (VNI, IP) -> MAC
 *		bindings that name its MAC, IPv4 first, each family in
 *		address order (the kernel dumps them in hash order)
 *	nve map export dev DEV [vni N] mac MAC [prepare] [seq N]
 *		the same as lines for "nve -batch": one "map replace" (with
 *		"prepare", one "prepare": the VM is held pending on the new
 *		NVE until it resumes there) and one "bind replace" a binding
 *
 * Replace, not add: the NVE that receives the state usually knows the VM
 * already, as a remote mapping and as bindings for its proxy.  "seq N"
 * writes N as the mapping's sequence number, since a move needs a newer
 * one than the receiving NVE holds; without it the exported mapping keeps
 * its own.  What only describes this NVE's past (counters, ages, a move in
 * progress) is not state to install and is left out; so are the static and
 * sticky flags with "prepare" (NVE_CMD_PREPARE carries none: a sticky VM
 * does not move, and is refused).
 *
 * JSON (-j): "map get" prints [{ifindex, ifname, the keys of "map show",
 * "bindings": [{"vni", "ip"}]}]; "map export" prints the lines as an
 * array of strings.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "nve.h"

void vm_state_free(struct vm_state *s)
{
	free(s->binds);
	s->binds = NULL;
	s->n_binds = 0;
}

/* ------------------------------------------------------------------ */
/* Export lines: pure formatting, tested on the host. */

/* snprintf into buf at *off; false once the line does not fit. */
static bool put(char *buf, size_t len, size_t *off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool put(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= len)
		return false;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *off) {
		*off = len;
		return false;
	}
	*off += n;
	return true;
}

static const char *export_map(const struct vm_state *s, const char *dev,
			      const struct vm_export *o, char *buf, size_t len)
{
	const struct nve_map *m = &s->map;
	char mac[MAC_STRLEN], addr[ADDR_STRLEN];
	bool local = m->have & BIT(NVE_MAP_A_LOCAL);
	size_t off = 0;

	if (o->prepare && !local)
		return "only a local VM's state can be prepared elsewhere";
	if (o->prepare && (m->flags & NVE_MAP_F_STICKY))
		return "the mapping is sticky: the VM does not move";
	if (!local && !(m->have & (BIT(NVE_MAP_A_REMOTE) |
				   BIT(NVE_MAP_A_REMOTE6))))
		return "the kernel sent neither \"local\" nor a remote address";

	put(buf, len, &off, "%s dev %s vni %u mac %s",
	    o->prepare ? "prepare" : "map replace", dev, m->vni,
	    fmt_mac(m->mac, mac));
	if (!o->prepare) {
		if (local)
			put(buf, len, &off, " local");
		else
			put(buf, len, &off, " remote %s",
			    fmt_addr(&m->remote, addr, sizeof(addr)));
		if (!local && (m->have & BIT(NVE_MAP_A_PORT)))
			put(buf, len, &off, " port %u", m->port);
		if (!local && (m->have & BIT(NVE_MAP_A_REMOTE_VNI)))
			put(buf, len, &off, " remote-vni %u", m->remote_vni);
	}
	if (o->have_seq)
		put(buf, len, &off, " seq %u", o->seq);
	else if (m->have & BIT(NVE_MAP_A_SEQ))
		put(buf, len, &off, " seq %u", m->seq);
	if (!o->prepare && (m->flags & NVE_MAP_F_STATIC))
		put(buf, len, &off, " static");
	if (!o->prepare && (m->flags & NVE_MAP_F_STICKY))
		put(buf, len, &off, " sticky");
	return off < len ? NULL : "line too long";
}

static const char *export_bind(const struct nve_bind *b, const char *dev,
			       char *buf, size_t len)
{
	char mac[MAC_STRLEN], addr[ADDR_STRLEN];
	size_t off = 0;

	put(buf, len, &off, "bind replace dev %s vni %u ip %s mac %s", dev,
	    b->vni, fmt_addr(&b->ip, addr, sizeof(addr)), fmt_mac(b->mac, mac));
	return off < len ? NULL : "line too long";
}

/*
 * Line @i of the export of @s for device @dev: 0 is the mapping, 1 to
 * n_binds the bindings.  Returns NULL with the line in @buf, or why there
 * is none; *last is set on the last line.
 */
const char *vm_state_export_line(const struct vm_state *s, const char *dev,
				 const struct vm_export *o, unsigned int i,
				 char *buf, size_t len, bool *last)
{
	*last = i >= s->n_binds;
	if (i == 0)
		return export_map(s, dev, o, buf, len);
	if (i > s->n_binds)
		return "no such line";
	return export_bind(&s->binds[i - 1], dev, buf, len);
}

/* ------------------------------------------------------------------ */
/* Output */

void vm_state_print(const struct vm_state *s, const char *ifname,
		    uint32_t ifindex)
{
	char buf[ADDR_STRLEN];
	unsigned int i;

	out_open_object(NULL);
	out_dev(ifname, ifindex, false);
	map_print_fields(&s->map);
	out_nl();
	out_open_array("bindings");
	for (i = 0; i < s->n_binds; i++) {
		const struct nve_bind *b = &s->binds[i];

		out_open_object(NULL);
		out_uint(PRINT_ANY, "vni", "    bind vni %s", b->vni);
		out_str(PRINT_ANY, "ip", "ip %s",
			fmt_addr(&b->ip, buf, sizeof(buf)));
		out_close_object();
		out_nl();
	}
	out_close_array();
	out_close_object();
}

int vm_state_export(const struct vm_state *s, const char *dev,
		    const struct vm_export *o)
{
	char line[256];
	unsigned int i;
	bool last = false;

	out_open_array(NULL);
	for (i = 0; !last; i++) {
		const char *why;

		why = vm_state_export_line(s, dev, o, i, line, sizeof(line),
					   &last);
		if (why) {
			out_close_array();
			out_flush();
			fprintf(stderr, "Error: cannot export: %s.\n", why);
			return NVE_EFAIL;
		}
		out_str(PRINT_JSON, NULL, NULL, line);
		out_text("%s", line);
		out_nl();
	}
	out_close_array();
	return NVE_OK;
}

/* ------------------------------------------------------------------ */
/* Reading it from the kernel */

static int map_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nve_map *m = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == NVE_A_MAP)
			return msg_parse_map(attr, m);
	return 0;
}

struct binds_ctx {
	struct vm_state *s;
	bool oom;
};

static int binds_cb(const struct nlmsghdr *nlh, void *data)
{
	struct binds_ctx *c = data;
	struct vm_state *s = c->s;
	const struct nlattr *attr;
	struct nve_bind b, *v;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != NVE_A_BIND)
			continue;
		if (msg_parse_bind(attr, &b) < 0)
			return -1;
		if (!(b.have & BIT(NVE_BIND_A_VNI))) {
			b.vni = s->map.vni;
			b.have |= BIT(NVE_BIND_A_VNI);
		}
		if (!(b.have & BIT(NVE_BIND_A_MAC)) ||
		    memcmp(b.mac, s->map.mac, sizeof(b.mac)) ||
		    b.vni != s->map.vni || c->oom)
			continue;
		v = realloc(s->binds, (s->n_binds + 1) * sizeof(*v));
		if (!v) {
			c->oom = true;
			continue;
		}
		s->binds = v;
		s->binds[s->n_binds++] = b;
	}
	return 0;
}

/* IPv4 before IPv6, then by address: the kernel dumps in hash order. */
static int bind_cmp(const void *a, const void *b)
{
	const struct nve_bind *x = a, *y = b;

	if (x->ip.family != y->ip.family)
		return x->ip.family == AF_INET ? -1 : 1;
	if (x->ip.family == AF_INET)
		return memcmp(&x->ip.v4, &y->ip.v4, sizeof(x->ip.v4));
	return memcmp(&x->ip.v6, &y->ip.v6, sizeof(x->ip.v6));
}

void vm_state_sort(struct vm_state *s)
{
	if (s->n_binds > 1)
		qsort(s->binds, s->n_binds, sizeof(*s->binds), bind_cmp);
}

int vm_state_read(uint32_t ifindex, const struct nve_map *key,
		  struct vm_state *s)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct binds_ctx c = { .s = s };
	struct nve_map k = { 0 };
	struct nlmsghdr *nlh;

	memset(s, 0, sizeof(*s));
	k.have = key->have & (BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC));
	k.vni = key->vni;
	memcpy(k.mac, key->mac, sizeof(k.mac));

	nlh = msg_genl_start(buf, nl_genl_family(), NVE_CMD_MAP_GET, 0);
	msg_put_dev(nlh, sizeof(buf), ifindex, NULL);
	msg_put_map(nlh, sizeof(buf), &k);
	if (nl_talk(nl_genl(), nlh, map_cb, &s->map, NULL) < 0)
		return NVE_EFAIL;
	if (!(s->map.have & BIT(NVE_MAP_A_MAC)) ||
	    !(s->map.have & BIT(NVE_MAP_A_VNI))) {
		fprintf(stderr, "Error: the kernel's reply has no mapping.\n");
		return NVE_EFAIL;
	}

	nlh = msg_genl_start(buf, nl_genl_family(), NVE_CMD_BIND_GET,
			     NLM_F_DUMP);
	msg_put_dev(nlh, sizeof(buf), ifindex, NULL);
	if (nl_talk(nl_genl(), nlh, binds_cb, &c, NULL) < 0 || c.oom) {
		if (c.oom)
			fprintf(stderr, "Error: out of memory.\n");
		vm_state_free(s);
		return NVE_EFAIL;
	}
	vm_state_sort(s);
	return NVE_OK;
}
