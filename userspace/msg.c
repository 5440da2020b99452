// SPDX-License-Identifier: GPL-2.0
/*
 * The nve message codec: build requests into a caller's buffer and parse
 * the kernel's messages into plain structs.  No I/O, so the host tests
 * (tests/test_msg.c) check the nesting and byte order of every attribute
 * without a kernel.
 *
 * Builders return false when the buffer has no room, and then leave the
 * message as it was (a batch starts a new message and tries again).
 * Parsers return -1 when an attribute has the wrong size, and skip
 * attribute types they don't know (a newer kernel may add some).
 */
#include <arpa/inet.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>

#include "nve.h"

struct nlmsghdr *msg_genl_start(void *buf, uint16_t family, uint8_t cmd,
				uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = NVE_GENL_VERSION;
	return nlh;
}

bool msg_put_dev(struct nlmsghdr *nlh, size_t size, uint32_t ifindex,
		 const char *ifname)
{
	if (ifindex)
		return mnl_attr_put_u32_check(nlh, size, NVE_A_IFINDEX,
					      ifindex);
	return mnl_attr_put_strz_check(nlh, size, NVE_A_IFNAME, ifname);
}

/* The attribute of an address: its IPv4 or IPv6 variant. */
static bool put_addr(struct nlmsghdr *nlh, size_t size, uint16_t type4,
		     uint16_t type6, const struct nve_addr *a)
{
	if (a->family == AF_INET)
		return mnl_attr_put_check(nlh, size, type4, sizeof(a->v4),
					  &a->v4);
	return mnl_attr_put_check(nlh, size, type6, sizeof(a->v6), &a->v6);
}

static bool put_flag(struct nlmsghdr *nlh, size_t size, uint16_t type)
{
	static const char none;

	return mnl_attr_put_check(nlh, size, type, 0, &none);
}

bool msg_put_map(struct nlmsghdr *nlh, size_t size, const struct nve_map *m)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size, NVE_A_MAP);
	uint32_t h = m->have;

	if (!nest)
		return false;
	if ((h & BIT(NVE_MAP_A_VNI) &&
	     !mnl_attr_put_u32_check(nlh, size, NVE_MAP_A_VNI, m->vni)) ||
	    (h & BIT(NVE_MAP_A_MAC) &&
	     !mnl_attr_put_check(nlh, size, NVE_MAP_A_MAC, 6, m->mac)) ||
	    (h & (BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_REMOTE6)) &&
	     !put_addr(nlh, size, NVE_MAP_A_REMOTE, NVE_MAP_A_REMOTE6,
		       &m->remote)) ||
	    (h & BIT(NVE_MAP_A_LOCAL) &&
	     !put_flag(nlh, size, NVE_MAP_A_LOCAL)) ||
	    (h & BIT(NVE_MAP_A_PORT) &&
	     !mnl_attr_put_u16_check(nlh, size, NVE_MAP_A_PORT,
				     htons(m->port))) ||
	    (h & BIT(NVE_MAP_A_REMOTE_VNI) &&
	     !mnl_attr_put_u32_check(nlh, size, NVE_MAP_A_REMOTE_VNI,
				     m->remote_vni)) ||
	    (h & BIT(NVE_MAP_A_FLAGS) &&
	     !mnl_attr_put_u32_check(nlh, size, NVE_MAP_A_FLAGS, m->flags)) ||
	    (h & BIT(NVE_MAP_A_SEQ) &&
	     !mnl_attr_put_u32_check(nlh, size, NVE_MAP_A_SEQ, m->seq)) ||
	    (h & BIT(NVE_MAP_A_MODE) &&
	     !mnl_attr_put_u8_check(nlh, size, NVE_MAP_A_MODE, m->mode)) ||
	    (h & BIT(NVE_MAP_A_REDIRECT_MS) &&
	     !mnl_attr_put_u32_check(nlh, size, NVE_MAP_A_REDIRECT_MS,
				     m->redirect_ms)) ||
	    (h & BIT(NVE_MAP_A_HOLD_PKTS) &&
	     !mnl_attr_put_u32_check(nlh, size, NVE_MAP_A_HOLD_PKTS,
				     m->hold_pkts)) ||
	    (h & BIT(NVE_MAP_A_HOLD_MS) &&
	     !mnl_attr_put_u32_check(nlh, size, NVE_MAP_A_HOLD_MS,
				     m->hold_ms)) ||
	    (h & BIT(NVE_MAP_A_ANNOUNCE) &&
	     !mnl_attr_put_u8_check(nlh, size, NVE_MAP_A_ANNOUNCE,
				    m->announce))) {
		mnl_attr_nest_cancel(nlh, nest);
		return false;
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

bool msg_put_bind(struct nlmsghdr *nlh, size_t size, const struct nve_bind *b)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size, NVE_A_BIND);
	uint32_t h = b->have;

	if (!nest)
		return false;
	if ((h & BIT(NVE_BIND_A_VNI) &&
	     !mnl_attr_put_u32_check(nlh, size, NVE_BIND_A_VNI, b->vni)) ||
	    (h & (BIT(NVE_BIND_A_IP) | BIT(NVE_BIND_A_IP6)) &&
	     !put_addr(nlh, size, NVE_BIND_A_IP, NVE_BIND_A_IP6, &b->ip)) ||
	    (h & BIT(NVE_BIND_A_MAC) &&
	     !mnl_attr_put_check(nlh, size, NVE_BIND_A_MAC, 6, b->mac))) {
		mnl_attr_nest_cancel(nlh, nest);
		return false;
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

bool msg_put_flood(struct nlmsghdr *nlh, size_t size,
		   const struct nve_flood *f)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size,
							NVE_A_FLOOD);
	uint32_t h = f->have;

	if (!nest)
		return false;
	if ((h & BIT(NVE_FLOOD_A_VNI) &&
	     !mnl_attr_put_u32_check(nlh, size, NVE_FLOOD_A_VNI, f->vni)) ||
	    (h & (BIT(NVE_FLOOD_A_REMOTE) | BIT(NVE_FLOOD_A_REMOTE6)) &&
	     !put_addr(nlh, size, NVE_FLOOD_A_REMOTE, NVE_FLOOD_A_REMOTE6,
		       &f->remote))) {
		mnl_attr_nest_cancel(nlh, nest);
		return false;
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

struct nlmsghdr *msg_link_start(void *buf, uint16_t type, uint16_t flags,
				uint32_t ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

/* IFLA_LINKINFO { IFLA_INFO_KIND "nve", IFLA_INFO_DATA { IFLA_NVE_* } } */
bool msg_put_linkinfo(struct nlmsghdr *nlh, size_t size,
		      const struct nve_link *c)
{
	struct nlattr *info, *data;
	uint32_t h = c->have;

	info = mnl_attr_nest_start_check(nlh, size, IFLA_LINKINFO);
	if (!info)
		return false;
	if (!mnl_attr_put_strz_check(nlh, size, IFLA_INFO_KIND, "nve"))
		goto cancel;
	data = mnl_attr_nest_start_check(nlh, size, IFLA_INFO_DATA);
	if (!data)
		goto cancel;
	if ((h & BIT(NVE_DEV_A_VNI) &&
	     !mnl_attr_put_u32_check(nlh, size, IFLA_NVE_VNI, c->vni)) ||
	    (h & (BIT(NVE_DEV_A_LOCAL) | BIT(NVE_DEV_A_LOCAL6)) &&
	     !put_addr(nlh, size, IFLA_NVE_LOCAL, IFLA_NVE_LOCAL6,
		       &c->local)) ||
	    (h & BIT(NVE_DEV_A_PORT) &&
	     !mnl_attr_put_u16_check(nlh, size, IFLA_NVE_PORT,
				     htons(c->port))) ||
	    (h & BIT(NVE_DEV_A_ENCAP) &&
	     !mnl_attr_put_u8_check(nlh, size, IFLA_NVE_ENCAP, c->encap)) ||
	    (h & BIT(NVE_DEV_A_TTL) &&
	     !mnl_attr_put_u8_check(nlh, size, IFLA_NVE_TTL, c->ttl)) ||
	    (h & BIT(NVE_DEV_A_TOS) &&
	     !mnl_attr_put_u8_check(nlh, size, IFLA_NVE_TOS, c->tos)) ||
	    (h & BIT(NVE_DEV_A_MAX_ENTRIES) &&
	     !mnl_attr_put_u32_check(nlh, size, IFLA_NVE_MAX_ENTRIES,
				     c->max_entries)) ||
	    (h & BIT(NVE_DEV_A_PROXY) &&
	     !mnl_attr_put_u8_check(nlh, size, IFLA_NVE_PROXY, c->proxy)) ||
	    (h & BIT(NVE_DEV_A_REDIRECT_MS) &&
	     !mnl_attr_put_u32_check(nlh, size, IFLA_NVE_REDIRECT_MS,
				     c->redirect_ms)) ||
	    (h & BIT(NVE_DEV_A_REDIRECT_MAX_MS) &&
	     !mnl_attr_put_u32_check(nlh, size, IFLA_NVE_REDIRECT_MAX_MS,
				     c->redirect_max_ms)) ||
	    (h & BIT(NVE_DEV_A_HOLD_PKTS) &&
	     !mnl_attr_put_u32_check(nlh, size, IFLA_NVE_HOLD_PKTS,
				     c->hold_pkts)) ||
	    (h & BIT(NVE_DEV_A_HOLD_MS) &&
	     !mnl_attr_put_u32_check(nlh, size, IFLA_NVE_HOLD_MS,
				     c->hold_ms)) ||
	    (h & BIT(NVE_DEV_A_DUP_MOVES) &&
	     !mnl_attr_put_u32_check(nlh, size, IFLA_NVE_DUP_MOVES,
				     c->dup_moves)) ||
	    (h & BIT(NVE_DEV_A_DUP_WINDOW) &&
	     !mnl_attr_put_u32_check(nlh, size, IFLA_NVE_DUP_WINDOW,
				     c->dup_window)) ||
	    (h & BIT(NVE_DEV_A_DUP_FREEZE) &&
	     !mnl_attr_put_u32_check(nlh, size, IFLA_NVE_DUP_FREEZE,
				     c->dup_freeze)) ||
	    (h & BIT(NVE_DEV_A_ANNOUNCE) &&
	     !mnl_attr_put_u8_check(nlh, size, IFLA_NVE_ANNOUNCE,
				    c->announce)) ||
	    (h & BIT(NVE_DEV_A_SPOOF_CHECK) &&
	     !mnl_attr_put_u8_check(nlh, size, IFLA_NVE_SPOOF_CHECK,
				    c->spoof_check)))
		goto cancel;
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return true;
cancel:
	mnl_attr_nest_cancel(nlh, info);
	return false;
}

/* ------------------------------------------------------------------ */
/* Parsing */

static int valid(const struct nlattr *a, enum mnl_attr_data_type t)
{
	return mnl_attr_validate(a, t);
}

static int valid_len(const struct nlattr *a, size_t len)
{
	return mnl_attr_validate2(a, MNL_TYPE_BINARY, len);
}

static int get_addr(const struct nlattr *a, int family, struct nve_addr *out)
{
	size_t len = family == AF_INET ? 4 : 16;

	if (valid_len(a, len) < 0)
		return -1;
	memset(out, 0, sizeof(*out));
	out->family = family;
	memcpy(&out->v6, mnl_attr_get_payload(a), len);
	return 0;
}

int msg_parse(const struct nlmsghdr *nlh, struct nve_msg *m)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	memset(m, 0, sizeof(*m));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -1;
	m->cmd = g->cmd;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case NVE_A_IFINDEX:
			if (valid(a, MNL_TYPE_U32) < 0)
				return -1;
			m->ifindex = mnl_attr_get_u32(a);
			break;
		case NVE_A_IFNAME:
			if (valid(a, MNL_TYPE_NUL_STRING) < 0)
				return -1;
			m->ifname = mnl_attr_get_str(a);
			break;
		case NVE_A_DEV:
			if (valid(a, MNL_TYPE_NESTED) < 0)
				return -1;
			m->dev = a;
			break;
		case NVE_A_STATS:
			if (valid(a, MNL_TYPE_NESTED) < 0)
				return -1;
			m->stats = a;
			break;
		case NVE_A_MAP:
			if (valid(a, MNL_TYPE_NESTED) < 0)
				return -1;
			m->n_map++;
			break;
		case NVE_A_BIND:
			if (valid(a, MNL_TYPE_NESTED) < 0)
				return -1;
			m->n_bind++;
			break;
		case NVE_A_FLOOD:
			if (valid(a, MNL_TYPE_NESTED) < 0)
				return -1;
			m->n_flood++;
			break;
		case NVE_A_COUNT:
			if (valid(a, MNL_TYPE_U32) < 0)
				return -1;
			m->have_count = true;
			m->count = mnl_attr_get_u32(a);
			break;
		default:
			break;
		}
	}
	return 0;
}

int msg_parse_map(const struct nlattr *nest, struct nve_map *m)
{
	const struct nlattr *a;

	memset(m, 0, sizeof(*m));
	mnl_attr_for_each_nested(a, nest) {
		uint16_t type = mnl_attr_get_type(a);
		int err = 0;

		switch (type) {
		case NVE_MAP_A_VNI:
			err = valid(a, MNL_TYPE_U32);
			m->vni = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_MAP_A_MAC:
			err = valid_len(a, 6);
			if (!err)
				memcpy(m->mac, mnl_attr_get_payload(a), 6);
			break;
		case NVE_MAP_A_REMOTE:
			err = get_addr(a, AF_INET, &m->remote);
			m->have &= ~BIT(NVE_MAP_A_REMOTE6);
			break;
		case NVE_MAP_A_REMOTE6:
			err = get_addr(a, AF_INET6, &m->remote);
			m->have &= ~BIT(NVE_MAP_A_REMOTE);
			break;
		case NVE_MAP_A_LOCAL:
			err = valid(a, MNL_TYPE_FLAG);
			break;
		case NVE_MAP_A_PORT:
			err = valid(a, MNL_TYPE_U16);
			m->port = err ? 0 : ntohs(mnl_attr_get_u16(a));
			break;
		case NVE_MAP_A_REMOTE_VNI:
			err = valid(a, MNL_TYPE_U32);
			m->remote_vni = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_MAP_A_FLAGS:
			err = valid(a, MNL_TYPE_U32);
			m->flags = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_MAP_A_SEQ:
			err = valid(a, MNL_TYPE_U32);
			m->seq = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_MAP_A_CREATED:
			err = valid(a, MNL_TYPE_U64);
			m->created_ms = err ? 0 : mnl_attr_get_u64(a);
			break;
		case NVE_MAP_A_UPDATED:
			err = valid(a, MNL_TYPE_U64);
			m->updated_ms = err ? 0 : mnl_attr_get_u64(a);
			break;
		case NVE_MAP_A_USED:
			err = valid(a, MNL_TYPE_U64);
			m->used_ms = err ? 0 : mnl_attr_get_u64(a);
			break;
		case NVE_MAP_A_HITS:
			err = valid(a, MNL_TYPE_U64);
			m->hits = err ? 0 : mnl_attr_get_u64(a);
			break;
		case NVE_MAP_A_STATE:
			err = valid(a, MNL_TYPE_U8);
			m->state = err ? 0 : mnl_attr_get_u8(a);
			break;
		case NVE_MAP_A_MODE:
			err = valid(a, MNL_TYPE_U8);
			m->mode = err ? 0 : mnl_attr_get_u8(a);
			break;
		case NVE_MAP_A_REDIRECT_MS:
			err = valid(a, MNL_TYPE_U32);
			m->redirect_ms = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_MAP_A_EXPIRES:
			err = valid(a, MNL_TYPE_U32);
			m->expires_ms = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_MAP_A_REDIRECTS:
			err = valid(a, MNL_TYPE_U64);
			m->redirects = err ? 0 : mnl_attr_get_u64(a);
			break;
		case NVE_MAP_A_HELD:
			err = valid(a, MNL_TYPE_U32);
			m->held = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_MAP_A_HOLD_PKTS:
			err = valid(a, MNL_TYPE_U32);
			m->hold_pkts = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_MAP_A_HOLD_MS:
			err = valid(a, MNL_TYPE_U32);
			m->hold_ms = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_MAP_A_MOVES:
			err = valid(a, MNL_TYPE_U32);
			m->moves = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_MAP_A_FROZEN:
			err = valid(a, MNL_TYPE_U32);
			m->frozen_s = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_MAP_A_ANNOUNCE:
			err = valid(a, MNL_TYPE_U8);
			m->announce = err ? 0 : mnl_attr_get_u8(a);
			break;
		case NVE_MAP_A_SENDER:
			err = get_addr(a, AF_INET, &m->sender);
			m->have &= ~BIT(NVE_MAP_A_SENDER6);
			break;
		case NVE_MAP_A_SENDER6:
			err = get_addr(a, AF_INET6, &m->sender);
			m->have &= ~BIT(NVE_MAP_A_SENDER);
			break;
		default:
			continue;
		}
		if (err)
			return -1;
		m->have |= BIT(type);
	}
	return 0;
}

int msg_parse_bind(const struct nlattr *nest, struct nve_bind *b)
{
	const struct nlattr *a;

	memset(b, 0, sizeof(*b));
	mnl_attr_for_each_nested(a, nest) {
		uint16_t type = mnl_attr_get_type(a);
		int err;

		switch (type) {
		case NVE_BIND_A_VNI:
			err = valid(a, MNL_TYPE_U32);
			b->vni = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_BIND_A_IP:
			err = get_addr(a, AF_INET, &b->ip);
			b->have &= ~BIT(NVE_BIND_A_IP6);
			break;
		case NVE_BIND_A_IP6:
			err = get_addr(a, AF_INET6, &b->ip);
			b->have &= ~BIT(NVE_BIND_A_IP);
			break;
		case NVE_BIND_A_MAC:
			err = valid_len(a, 6);
			if (!err)
				memcpy(b->mac, mnl_attr_get_payload(a), 6);
			break;
		default:
			continue;
		}
		if (err)
			return -1;
		b->have |= BIT(type);
	}
	return 0;
}

int msg_parse_flood(const struct nlattr *nest, struct nve_flood *f)
{
	const struct nlattr *a;

	memset(f, 0, sizeof(*f));
	mnl_attr_for_each_nested(a, nest) {
		uint16_t type = mnl_attr_get_type(a);
		int err;

		switch (type) {
		case NVE_FLOOD_A_VNI:
			err = valid(a, MNL_TYPE_U32);
			f->vni = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_FLOOD_A_REMOTE:
			err = get_addr(a, AF_INET, &f->remote);
			f->have &= ~BIT(NVE_FLOOD_A_REMOTE6);
			break;
		case NVE_FLOOD_A_REMOTE6:
			err = get_addr(a, AF_INET6, &f->remote);
			f->have &= ~BIT(NVE_FLOOD_A_REMOTE);
			break;
		default:
			continue;
		}
		if (err)
			return -1;
		f->have |= BIT(type);
	}
	return 0;
}

static int parse_dev_cfg(const struct nlattr *nest, struct nve_link *c)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		uint16_t type = mnl_attr_get_type(a);
		int err;

		switch (type) {
		case NVE_DEV_A_VNI:
			err = valid(a, MNL_TYPE_U32);
			c->vni = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_DEV_A_LOCAL:
			err = get_addr(a, AF_INET, &c->local);
			c->have &= ~BIT(NVE_DEV_A_LOCAL6);
			break;
		case NVE_DEV_A_LOCAL6:
			err = get_addr(a, AF_INET6, &c->local);
			c->have &= ~BIT(NVE_DEV_A_LOCAL);
			break;
		case NVE_DEV_A_PORT:
			err = valid(a, MNL_TYPE_U16);
			c->port = err ? 0 : ntohs(mnl_attr_get_u16(a));
			break;
		case NVE_DEV_A_ENCAP:
			err = valid(a, MNL_TYPE_U8);
			c->encap = err ? 0 : mnl_attr_get_u8(a);
			break;
		case NVE_DEV_A_TTL:
			err = valid(a, MNL_TYPE_U8);
			c->ttl = err ? 0 : mnl_attr_get_u8(a);
			break;
		case NVE_DEV_A_TOS:
			err = valid(a, MNL_TYPE_U8);
			c->tos = err ? 0 : mnl_attr_get_u8(a);
			break;
		case NVE_DEV_A_PROXY:
			err = valid(a, MNL_TYPE_U8);
			c->proxy = err ? 0 : mnl_attr_get_u8(a);
			break;
		case NVE_DEV_A_SPOOF_CHECK:
			err = valid(a, MNL_TYPE_U8);
			c->spoof_check = err ? 0 : mnl_attr_get_u8(a);
			break;
		case NVE_DEV_A_MAX_ENTRIES:
			err = valid(a, MNL_TYPE_U32);
			c->max_entries = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_DEV_A_ENTRIES:
			err = valid(a, MNL_TYPE_U32);
			c->entries = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_DEV_A_ENTRY_SIZE:
			err = valid(a, MNL_TYPE_U32);
			c->entry_size = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_DEV_A_REDIRECT_MS:
			err = valid(a, MNL_TYPE_U32);
			c->redirect_ms = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_DEV_A_REDIRECT_MAX_MS:
			err = valid(a, MNL_TYPE_U32);
			c->redirect_max_ms = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_DEV_A_HOLD_PKTS:
			err = valid(a, MNL_TYPE_U32);
			c->hold_pkts = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_DEV_A_HOLD_MS:
			err = valid(a, MNL_TYPE_U32);
			c->hold_ms = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_DEV_A_DUP_MOVES:
			err = valid(a, MNL_TYPE_U32);
			c->dup_moves = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_DEV_A_DUP_WINDOW:
			err = valid(a, MNL_TYPE_U32);
			c->dup_window = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_DEV_A_DUP_FREEZE:
			err = valid(a, MNL_TYPE_U32);
			c->dup_freeze = err ? 0 : mnl_attr_get_u32(a);
			break;
		case NVE_DEV_A_ANNOUNCE:
			err = valid(a, MNL_TYPE_U8);
			c->announce = err ? 0 : mnl_attr_get_u8(a);
			break;
		default:
			continue;
		}
		if (err)
			return -1;
		c->have |= BIT(type);
	}
	return 0;
}

static int parse_stats(const struct nlattr *nest, struct nve_dev *d)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		uint16_t type = mnl_attr_get_type(a);

		if (type == NVE_STATS_A_UNSPEC || type == NVE_STATS_A_PAD ||
		    type > NVE_STATS_A_MAX)
			continue;
		if (valid(a, MNL_TYPE_U64) < 0)
			return -1;
		d->stats[type] = mnl_attr_get_u64(a);
		d->stats_have |= BIT(type);
	}
	return 0;
}

int msg_parse_dev(const struct nlmsghdr *nlh, struct nve_dev *d)
{
	struct nve_msg m;

	memset(d, 0, sizeof(*d));
	if (msg_parse(nlh, &m) < 0)
		return -1;
	d->ifindex = m.ifindex;
	if (m.ifname)
		snprintf(d->ifname, sizeof(d->ifname), "%s", m.ifname);
	if (m.dev && parse_dev_cfg(m.dev, &d->cfg) < 0)
		return -1;
	if (m.stats && parse_stats(m.stats, d) < 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Extack offsets: which attribute of our request the kernel refused. */

static void locate(const char *base, const char *p, const char *end,
		   uint32_t off, int depth, struct msg_loc *loc)
{
	const struct nlattr *a;

	for (a = (const void *)p; mnl_attr_ok(a, end - (const char *)a);
	     a = mnl_attr_next(a)) {
		uint32_t start = (const char *)a - base;

		if (off < start || off >= start + a->nla_len)
			continue;
		if (depth >= (int)ARRAY_SIZE(loc->type))
			return;
		loc->type[depth] = mnl_attr_get_type(a);
		loc->depth = depth + 1;
		if (off != start && (a->nla_type & NLA_F_NESTED))
			locate(base, mnl_attr_get_payload(a),
			       (const char *)a + a->nla_len, off, depth + 1,
			       loc);
		return;
	}
}

/*
 * Find the attribute at byte @off of @req (after a family header of
 * @hdrlen bytes), descending into nests.  loc->index counts the top-level
 * attributes of the same type before it, so for a NVE_CMD_MAP_NEW with
 * many NVE_A_MAP nests it is the failing nest's position.
 */
bool msg_locate(const struct nlmsghdr *req, size_t hdrlen, uint32_t off,
		struct msg_loc *loc)
{
	const struct nlattr *a;
	const char *base = (const char *)req;

	memset(loc, 0, sizeof(*loc));
	if (off >= req->nlmsg_len)
		return false;
	locate(base, mnl_nlmsg_get_payload_offset(req, hdrlen),
	       mnl_nlmsg_get_payload_tail(req), off, 0, loc);
	if (!loc->depth)
		return false;
	mnl_attr_for_each(a, req, hdrlen) {
		if ((uint32_t)((const char *)a - base) + a->nla_len > off)
			break;
		if (mnl_attr_get_type(a) == loc->type[0])
			loc->index++;
	}
	return true;
}

/* The command-line word for the attribute at @loc, or NULL. */
const char *msg_attr_name(bool rtnl, const struct msg_loc *loc)
{
	static const char *const top[NVE_A_MAX + 1] = {
		[NVE_A_IFINDEX] = "dev", [NVE_A_IFNAME] = "dev",
		[NVE_A_MAP] = "map", [NVE_A_BIND] = "bind",
		[NVE_A_FLOOD] = "flood",
	};
	static const char *const map[NVE_MAP_A_MAX + 1] = {
		[NVE_MAP_A_VNI] = "vni", [NVE_MAP_A_MAC] = "mac",
		[NVE_MAP_A_REMOTE] = "remote", [NVE_MAP_A_REMOTE6] = "remote",
		[NVE_MAP_A_LOCAL] = "local", [NVE_MAP_A_PORT] = "port",
		[NVE_MAP_A_REMOTE_VNI] = "remote-vni",
		[NVE_MAP_A_FLAGS] = "static/sticky", [NVE_MAP_A_SEQ] = "seq",
		[NVE_MAP_A_MODE] = "mode",
		[NVE_MAP_A_REDIRECT_MS] = "redirect-time",
		[NVE_MAP_A_HOLD_PKTS] = "hold-packets",
		[NVE_MAP_A_HOLD_MS] = "hold-time",
		[NVE_MAP_A_ANNOUNCE] = "announce",
	};
	static const char *const bind[NVE_BIND_A_MAX + 1] = {
		[NVE_BIND_A_VNI] = "vni", [NVE_BIND_A_IP] = "ip",
		[NVE_BIND_A_IP6] = "ip", [NVE_BIND_A_MAC] = "mac",
	};
	static const char *const flood[NVE_FLOOD_A_MAX + 1] = {
		[NVE_FLOOD_A_VNI] = "vni", [NVE_FLOOD_A_REMOTE] = "remote",
		[NVE_FLOOD_A_REMOTE6] = "remote",
	};
	static const char *const link[IFLA_NVE_MAX + 1] = {
		[IFLA_NVE_VNI] = "vni", [IFLA_NVE_LOCAL] = "local",
		[IFLA_NVE_LOCAL6] = "local", [IFLA_NVE_PORT] = "dstport",
		[IFLA_NVE_ENCAP] = "encap", [IFLA_NVE_TTL] = "ttl",
		[IFLA_NVE_TOS] = "tos", [IFLA_NVE_MAX_ENTRIES] = "max-entries",
		[IFLA_NVE_PROXY] = "proxy",
		[IFLA_NVE_REDIRECT_MS] = "redirect-time",
		[IFLA_NVE_REDIRECT_MAX_MS] = "redirect-max",
		[IFLA_NVE_HOLD_PKTS] = "hold-packets",
		[IFLA_NVE_HOLD_MS] = "hold-time",
		[IFLA_NVE_DUP_MOVES] = "dup-moves",
		[IFLA_NVE_DUP_WINDOW] = "dup-window",
		[IFLA_NVE_DUP_FREEZE] = "dup-freeze",
		[IFLA_NVE_ANNOUNCE] = "announce",
		[IFLA_NVE_SPOOF_CHECK] = "spoof-check",
	};
#define PICK(tbl, t) ((t) < ARRAY_SIZE(tbl) ? (tbl)[t] : NULL)
	const uint16_t *t = loc->type;

	if (rtnl) {
		if (loc->depth == 1 && t[0] == IFLA_IFNAME)
			return "name";
		if (loc->depth == 3 && t[0] == IFLA_LINKINFO &&
		    t[1] == IFLA_INFO_DATA)
			return PICK(link, t[2]);
		return NULL;
	}
	if (loc->depth == 1)
		return PICK(top, t[0]);
	if (loc->depth != 2)
		return NULL;
	switch (t[0]) {
	case NVE_A_MAP:
		return PICK(map, t[1]);
	case NVE_A_BIND:
		return PICK(bind, t[1]);
	case NVE_A_FLOOD:
		return PICK(flood, t[1]);
	}
	return NULL;
#undef PICK
}
