// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the message codec (msg.c) and the netlink parsers that need
 * no socket (netlink.c): requests are built into a buffer and read back
 * with libmnl's own parser, attribute by attribute, so a nesting, length
 * or byte-order mistake shows without a kernel.  Kernel replies, extended
 * acks and the genl controller's answer are built by hand and parsed.
 *
 * "test_msg --bench [N]" instead times the batch hot path (split a line,
 * parse it, add a NVE_A_MAP nest) for N lines, default 1000000.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>

#include "nve.h"
#include "ktap.h"

static char buf[NL_BUFSIZE] __attribute__((aligned(8)));

/* Collect attributes by type; count repeats and remember the first. */
struct tb {
	const struct nlattr *a[64];
	unsigned int n[64];
	bool bad;
};

static int tb_cb(const struct nlattr *a, void *data)
{
	struct tb *t = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type >= 64) {
		t->bad = true;
		return MNL_CB_OK;
	}
	if (!t->n[type]++)
		t->a[type] = a;
	return MNL_CB_OK;
}

static void tb_parse_msg(const struct nlmsghdr *nlh, size_t hdr, struct tb *t)
{
	memset(t, 0, sizeof(*t));
	if (mnl_attr_parse(nlh, hdr, tb_cb, t) != MNL_CB_OK)
		t->bad = true;
}

static void tb_parse_nest(const struct nlattr *nest, struct tb *t)
{
	memset(t, 0, sizeof(*t));
	if (mnl_attr_parse_nested(nest, tb_cb, t) != MNL_CB_OK)
		t->bad = true;
}

static bool has_len(const struct tb *t, int type, size_t len)
{
	return t->a[type] && mnl_attr_get_payload_len(t->a[type]) == len;
}

static struct nve_map sample_map(void)
{
	struct nve_map m = { 0 };

	m.have = BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC) |
		 BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_PORT) |
		 BIT(NVE_MAP_A_REMOTE_VNI) | BIT(NVE_MAP_A_FLAGS) |
		 BIT(NVE_MAP_A_SEQ);
	m.vni = 0x123456;
	parse_mac("52:54:00:12:34:56", m.mac);
	parse_addr("192.0.2.2", &m.remote);
	m.port = 4790;
	m.remote_vni = 0xabcdef;
	m.flags = NVE_MAP_F_STATIC | NVE_MAP_F_STICKY;
	m.seq = 0xfffffffe;
	return m;
}

static void test_map_new(void)
{
	struct nve_map m = sample_map(), m2 = { 0 }, back;
	const struct genlmsghdr *g;
	struct nlmsghdr *nlh;
	const struct nlattr *a;
	struct tb top, in;
	unsigned int i = 0;
	uint8_t raw[4];

	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_MAP_NEW,
			     NLM_F_CREATE | NLM_F_EXCL);
	CHECK(msg_put_dev(nlh, sizeof(buf), 7, NULL), "map new: put dev");
	CHECK(msg_put_map(nlh, sizeof(buf), &m), "map new: put nest 1");
	m2.have = BIT(NVE_MAP_A_MAC) | BIT(NVE_MAP_A_REMOTE6) |
		  BIT(NVE_MAP_A_FLAGS);
	parse_mac("02:00:00:00:00:02", m2.mac);
	parse_addr("2001:db8::2", &m2.remote);
	CHECK(msg_put_map(nlh, sizeof(buf), &m2), "map new: put nest 2");
	m2.have = BIT(NVE_MAP_A_MAC) | BIT(NVE_MAP_A_LOCAL);
	CHECK(msg_put_map(nlh, sizeof(buf), &m2), "map new: put nest 3");

	g = mnl_nlmsg_get_payload(nlh);
	CHECK(nlh->nlmsg_type == 0x1234 &&
	      nlh->nlmsg_flags == (NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL),
	      "map new: header type and flags");
	CHECK(g->cmd == NVE_CMD_MAP_NEW && g->version == NVE_GENL_VERSION,
	      "map new: genl cmd and version");

	tb_parse_msg(nlh, GENL_HDRLEN, &top);
	CHECK(!top.bad, "map new: top level parses");
	CHECK(has_len(&top, NVE_A_IFINDEX, 4) &&
	      mnl_attr_get_u32(top.a[NVE_A_IFINDEX]) == 7,
	      "map new: NVE_A_IFINDEX u32 7");
	CHECK(!top.n[NVE_A_IFNAME], "map new: no NVE_A_IFNAME with an ifindex");
	CHECK(top.n[NVE_A_MAP] == 3, "map new: three NVE_A_MAP nests");
	CHECK(top.a[NVE_A_MAP]->nla_type & NLA_F_NESTED,
	      "map new: nest carries NLA_F_NESTED");

	tb_parse_nest(top.a[NVE_A_MAP], &in);
	CHECK(!in.bad, "map new: nest 1 parses");
	CHECK(has_len(&in, NVE_MAP_A_VNI, 4) &&
	      mnl_attr_get_u32(in.a[NVE_MAP_A_VNI]) == 0x123456,
	      "map new: VNI u32 host order");
	CHECK(has_len(&in, NVE_MAP_A_MAC, 6) &&
	      !memcmp(mnl_attr_get_payload(in.a[NVE_MAP_A_MAC]),
		      "\x52\x54\x00\x12\x34\x56", 6), "map new: MAC 6 bytes");
	memcpy(raw, mnl_attr_get_payload(in.a[NVE_MAP_A_REMOTE]), 4);
	CHECK(has_len(&in, NVE_MAP_A_REMOTE, 4) && raw[0] == 192 &&
	      raw[1] == 0 && raw[2] == 2 && raw[3] == 2,
	      "map new: REMOTE be32 in wire order");
	CHECK(!in.n[NVE_MAP_A_REMOTE6] && !in.n[NVE_MAP_A_LOCAL],
	      "map new: no REMOTE6 or LOCAL in an IPv4 nest");
	memcpy(raw, mnl_attr_get_payload(in.a[NVE_MAP_A_PORT]), 2);
	CHECK(has_len(&in, NVE_MAP_A_PORT, 2) && raw[0] == 0x12 &&
	      raw[1] == 0xb6, "map new: PORT be16 (4790 = 0x12b6)");
	CHECK(has_len(&in, NVE_MAP_A_REMOTE_VNI, 4) &&
	      mnl_attr_get_u32(in.a[NVE_MAP_A_REMOTE_VNI]) == 0xabcdef,
	      "map new: REMOTE_VNI");
	CHECK(has_len(&in, NVE_MAP_A_FLAGS, 4) &&
	      mnl_attr_get_u32(in.a[NVE_MAP_A_FLAGS]) ==
	      (NVE_MAP_F_STATIC | NVE_MAP_F_STICKY), "map new: FLAGS");
	CHECK(has_len(&in, NVE_MAP_A_SEQ, 4) &&
	      mnl_attr_get_u32(in.a[NVE_MAP_A_SEQ]) == 0xfffffffe,
	      "map new: SEQ");

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != NVE_A_MAP)
			continue;
		i++;
		tb_parse_nest(a, &in);
		if (i == 2) {
			CHECK(has_len(&in, NVE_MAP_A_REMOTE6, 16) &&
			      !in.n[NVE_MAP_A_REMOTE] && !in.n[NVE_MAP_A_VNI],
			      "map new: nest 2 has REMOTE6 (16 bytes), no VNI");
			CHECK(has_len(&in, NVE_MAP_A_FLAGS, 4) &&
			      !mnl_attr_get_u32(in.a[NVE_MAP_A_FLAGS]),
			      "map new: nest 2 states flags 0");
		}
		if (i == 3)
			CHECK(has_len(&in, NVE_MAP_A_LOCAL, 0) &&
			      !in.n[NVE_MAP_A_REMOTE] &&
			      !in.n[NVE_MAP_A_REMOTE6],
			      "map new: nest 3 has a zero-length LOCAL flag");
	}

	CHECK(msg_parse_map(top.a[NVE_A_MAP], &back) == 0 &&
	      back.have == m.have && back.vni == m.vni &&
	      !memcmp(back.mac, m.mac, 6) && back.remote.family == AF_INET &&
	      back.remote.v4.s_addr == m.remote.v4.s_addr &&
	      back.port == m.port && back.remote_vni == m.remote_vni &&
	      back.flags == m.flags && back.seq == m.seq,
	      "map new: msg_parse_map reads back what was built");
}

static void test_capacity(void)
{
	struct nve_map m = sample_map();
	struct nlmsghdr *nlh;
	const struct nlattr *a;
	unsigned int n = 0, parsed = 0;
	uint32_t len;
	char small[64] __attribute__((aligned(8)));
	bool ok = true;

	nlh = msg_genl_start(small, 0x1234, NVE_CMD_MAP_NEW, 0);
	msg_put_dev(nlh, sizeof(small), 7, NULL);
	len = nlh->nlmsg_len;
	CHECK(!msg_put_map(nlh, sizeof(small), &m) && nlh->nlmsg_len == len,
	      "capacity: a full buffer refuses the nest and is unchanged");

	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_MAP_NEW, 0);
	msg_put_dev(nlh, sizeof(buf), 7, NULL);
	while (msg_put_map(nlh, sizeof(buf), &m))
		n++;
	CHECK(n > 100 && nlh->nlmsg_len <= sizeof(buf),
	      "capacity: %u nests fill a %zu-byte message", n, sizeof(buf));
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct nve_map back;

		if (mnl_attr_get_type(a) != NVE_A_MAP)
			continue;
		if (msg_parse_map(a, &back) || back.vni != m.vni)
			ok = false;
		parsed++;
	}
	CHECK(ok && parsed == n, "capacity: all %u nests parse back", parsed);
}

static void test_bind_flood(void)
{
	struct nve_bind b = { 0 };
	struct nve_flood f = { 0 };
	struct nlmsghdr *nlh;
	struct tb top, in;

	b.have = BIT(NVE_BIND_A_VNI) | BIT(NVE_BIND_A_IP) | BIT(NVE_BIND_A_MAC);
	b.vni = 9;
	parse_addr("10.0.0.1", &b.ip);
	parse_mac("02:00:00:00:00:01", b.mac);
	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_BIND_NEW, 0);
	msg_put_dev(nlh, sizeof(buf), 0, "nve0");
	msg_put_bind(nlh, sizeof(buf), &b);
	tb_parse_msg(nlh, GENL_HDRLEN, &top);
	CHECK(!top.n[NVE_A_IFINDEX] && has_len(&top, NVE_A_IFNAME, 5) &&
	      !strcmp(mnl_attr_get_str(top.a[NVE_A_IFNAME]), "nve0"),
	      "bind: NVE_A_IFNAME NUL-terminated when no ifindex");
	tb_parse_nest(top.a[NVE_A_BIND], &in);
	CHECK(has_len(&in, NVE_BIND_A_VNI, 4) && has_len(&in, NVE_BIND_A_IP, 4) &&
	      has_len(&in, NVE_BIND_A_MAC, 6) && !in.n[NVE_BIND_A_IP6],
	      "bind: VNI, IP (4 bytes), MAC");

	f.have = BIT(NVE_FLOOD_A_REMOTE6);
	parse_addr("2001:db8::9", &f.remote);
	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_FLOOD_NEW, 0);
	msg_put_dev(nlh, sizeof(buf), 3, NULL);
	msg_put_flood(nlh, sizeof(buf), &f);
	tb_parse_msg(nlh, GENL_HDRLEN, &top);
	tb_parse_nest(top.a[NVE_A_FLOOD], &in);
	CHECK(has_len(&in, NVE_FLOOD_A_REMOTE6, 16) && !in.n[NVE_FLOOD_A_VNI] &&
	      !in.n[NVE_FLOOD_A_REMOTE], "flood: REMOTE6 only");
}

static void test_linkinfo(void)
{
	struct nve_link c = { 0 };
	const struct ifinfomsg *ifi;
	struct nlmsghdr *nlh;
	struct tb top, info, data;
	uint8_t raw[2];

	c.have = BIT(NVE_DEV_A_VNI) | BIT(NVE_DEV_A_LOCAL6) |
		 BIT(NVE_DEV_A_PORT) | BIT(NVE_DEV_A_ENCAP) |
		 BIT(NVE_DEV_A_TTL) | BIT(NVE_DEV_A_TOS) |
		 BIT(NVE_DEV_A_MAX_ENTRIES) | BIT(NVE_DEV_A_PROXY);
	c.vni = 100;
	parse_addr("2001:db8::1", &c.local);
	c.port = 6081;
	c.encap = NVE_ENCAP_GENEVE;
	c.ttl = 64;
	c.tos = NVE_TOS_INHERIT;
	c.max_entries = 1000;
	c.proxy = 1;

	nlh = msg_link_start(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "nve0");
	CHECK(msg_put_linkinfo(nlh, sizeof(buf), &c), "link: put linkinfo");
	ifi = mnl_nlmsg_get_payload(nlh);
	CHECK(nlh->nlmsg_type == RTM_NEWLINK && ifi->ifi_family == AF_UNSPEC &&
	      ifi->ifi_index == 0, "link: RTM_NEWLINK with an empty ifinfomsg");
	tb_parse_msg(nlh, sizeof(*ifi), &top);
	CHECK(!top.bad && top.a[IFLA_IFNAME] &&
	      !strcmp(mnl_attr_get_str(top.a[IFLA_IFNAME]), "nve0"),
	      "link: IFLA_IFNAME");
	CHECK(top.a[IFLA_LINKINFO] &&
	      (top.a[IFLA_LINKINFO]->nla_type & NLA_F_NESTED),
	      "link: IFLA_LINKINFO nested");
	tb_parse_nest(top.a[IFLA_LINKINFO], &info);
	CHECK(info.a[IFLA_INFO_KIND] &&
	      !strcmp(mnl_attr_get_str(info.a[IFLA_INFO_KIND]), "nve"),
	      "link: IFLA_INFO_KIND \"nve\"");
	CHECK(info.a[IFLA_INFO_DATA] != NULL, "link: IFLA_INFO_DATA present");
	tb_parse_nest(info.a[IFLA_INFO_DATA], &data);
	CHECK(!data.bad && has_len(&data, IFLA_NVE_VNI, 4) &&
	      mnl_attr_get_u32(data.a[IFLA_NVE_VNI]) == 100, "link: VNI u32");
	CHECK(has_len(&data, IFLA_NVE_LOCAL6, 16) && !data.n[IFLA_NVE_LOCAL],
	      "link: LOCAL6 16 bytes, no LOCAL");
	memcpy(raw, mnl_attr_get_payload(data.a[IFLA_NVE_PORT]), 2);
	CHECK(has_len(&data, IFLA_NVE_PORT, 2) && raw[0] == 0x17 &&
	      raw[1] == 0xc1, "link: PORT be16 (6081 = 0x17c1)");
	CHECK(has_len(&data, IFLA_NVE_ENCAP, 1) &&
	      mnl_attr_get_u8(data.a[IFLA_NVE_ENCAP]) == NVE_ENCAP_GENEVE &&
	      has_len(&data, IFLA_NVE_TTL, 1) &&
	      mnl_attr_get_u8(data.a[IFLA_NVE_TTL]) == 64 &&
	      has_len(&data, IFLA_NVE_TOS, 1) &&
	      mnl_attr_get_u8(data.a[IFLA_NVE_TOS]) == 1 &&
	      has_len(&data, IFLA_NVE_PROXY, 1) &&
	      mnl_attr_get_u8(data.a[IFLA_NVE_PROXY]) == 1,
	      "link: ENCAP, TTL, TOS, PROXY are u8");
	CHECK(has_len(&data, IFLA_NVE_MAX_ENTRIES, 4) &&
	      mnl_attr_get_u32(data.a[IFLA_NVE_MAX_ENTRIES]) == 1000,
	      "link: MAX_ENTRIES u32");

	c.have = BIT(NVE_DEV_A_SPOOF_CHECK);
	c.spoof_check = 1;
	nlh = msg_link_start(buf, RTM_NEWLINK, 0, 42);
	msg_put_linkinfo(nlh, sizeof(buf), &c);
	ifi = mnl_nlmsg_get_payload(nlh);
	tb_parse_msg(nlh, sizeof(*ifi), &top);
	tb_parse_nest(top.a[IFLA_LINKINFO], &info);
	tb_parse_nest(info.a[IFLA_INFO_DATA], &data);
	CHECK(has_len(&data, IFLA_NVE_SPOOF_CHECK, 1) &&
	      mnl_attr_get_u8(data.a[IFLA_NVE_SPOOF_CHECK]) == 1 &&
	      !data.n[IFLA_NVE_PROXY],
	      "link set: SPOOF_CHECK is a u8, alone");

	c.have = BIT(NVE_DEV_A_PROXY);
	c.proxy = 0;
	nlh = msg_link_start(buf, RTM_NEWLINK, 0, 42);
	msg_put_linkinfo(nlh, sizeof(buf), &c);
	ifi = mnl_nlmsg_get_payload(nlh);
	tb_parse_msg(nlh, sizeof(*ifi), &top);
	tb_parse_nest(top.a[IFLA_LINKINFO], &info);
	tb_parse_nest(info.a[IFLA_INFO_DATA], &data);
	CHECK(ifi->ifi_index == 42 && !top.n[IFLA_IFNAME] &&
	      data.n[IFLA_NVE_PROXY] == 1 && !data.n[IFLA_NVE_VNI] &&
	      !data.n[IFLA_NVE_PORT],
	      "link set: by ifindex, only the changed attribute");
}

/* A DEV_GET reply as the kernel would build it. */
static struct nlmsghdr *fake_dev_reply(bool bad)
{
	struct nlmsghdr *nlh = msg_genl_start(buf, 0x20, NVE_CMD_DEV_GET, 0);
	struct nlattr *n;
	struct in_addr local;

	nlh->nlmsg_flags = 0;
	mnl_attr_put_u32(nlh, NVE_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, NVE_A_IFNAME, "nve0");
	n = mnl_attr_nest_start(nlh, NVE_A_DEV);
	mnl_attr_put_u32(nlh, NVE_DEV_A_VNI, 100);
	inet_pton(AF_INET, "192.0.2.1", &local);
	mnl_attr_put(nlh, NVE_DEV_A_LOCAL, 4, &local);
	mnl_attr_put_u16(nlh, NVE_DEV_A_PORT, htons(4789));
	mnl_attr_put_u8(nlh, NVE_DEV_A_ENCAP, NVE_ENCAP_VXLAN);
	mnl_attr_put_u8(nlh, NVE_DEV_A_TTL, 0);
	mnl_attr_put_u8(nlh, NVE_DEV_A_TOS, 1);
	mnl_attr_put_u32(nlh, NVE_DEV_A_MAX_ENTRIES, NVE_DEFAULT_MAX_ENTRIES);
	mnl_attr_put_u8(nlh, NVE_DEV_A_PROXY, 1);
	mnl_attr_put_u8(nlh, NVE_DEV_A_SPOOF_CHECK, 1);
	mnl_attr_put_u32(nlh, NVE_DEV_A_ENTRIES, 3);
	if (bad)
		mnl_attr_put_u16(nlh, NVE_DEV_A_ENTRY_SIZE, 96);
	else
		mnl_attr_put_u32(nlh, NVE_DEV_A_ENTRY_SIZE, 96);
	mnl_attr_put_u32(nlh, 200, 1);		/* from a newer kernel */
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, NVE_A_STATS);
	mnl_attr_put(nlh, NVE_STATS_A_PAD, 0, "");
	mnl_attr_put_u64(nlh, NVE_STATS_A_TX_ENCAP, 1ULL << 40);
	mnl_attr_put_u64(nlh, NVE_STATS_A_TABLE_FULL, 2);
	mnl_attr_nest_end(nlh, n);
	return nlh;
}

static void test_parse_dev(void)
{
	struct nve_dev d;
	uint32_t want = BIT(NVE_DEV_A_VNI) | BIT(NVE_DEV_A_LOCAL) |
			BIT(NVE_DEV_A_PORT) | BIT(NVE_DEV_A_ENCAP) |
			BIT(NVE_DEV_A_TTL) | BIT(NVE_DEV_A_TOS) |
			BIT(NVE_DEV_A_MAX_ENTRIES) | BIT(NVE_DEV_A_PROXY) |
			BIT(NVE_DEV_A_SPOOF_CHECK) |
			BIT(NVE_DEV_A_ENTRIES) | BIT(NVE_DEV_A_ENTRY_SIZE);

	CHECK(msg_parse_dev(fake_dev_reply(false), &d) == 0,
	      "dev reply: parses, unknown attribute skipped");
	CHECK(d.ifindex == 7 && !strcmp(d.ifname, "nve0"),
	      "dev reply: ifindex and name");
	CHECK(d.cfg.have == want, "dev reply: every config field present");
	CHECK(d.cfg.vni == 100 && d.cfg.port == 4789 &&
	      d.cfg.local.family == AF_INET &&
	      d.cfg.local.v4.s_addr == htonl(0xc0000201) &&
	      d.cfg.tos == 1 && d.cfg.proxy == 1 && d.cfg.spoof_check == 1 &&
	      d.cfg.entries == 3 &&
	      d.cfg.entry_size == 96 &&
	      d.cfg.max_entries == NVE_DEFAULT_MAX_ENTRIES,
	      "dev reply: values, port to host order");
	CHECK(d.stats_have == (BIT(NVE_STATS_A_TX_ENCAP) |
			       BIT(NVE_STATS_A_TABLE_FULL)) &&
	      d.stats[NVE_STATS_A_TX_ENCAP] == 1ULL << 40 &&
	      d.stats[NVE_STATS_A_TABLE_FULL] == 2,
	      "dev reply: u64 stats, PAD skipped");
	CHECK(msg_parse_dev(fake_dev_reply(true), &d) < 0,
	      "dev reply: a u16 where a u32 belongs is refused");
}

static void test_locate(void)
{
	struct nve_map m = sample_map();
	struct nlmsghdr *nlh;
	const struct nlattr *a, *mac = NULL;
	struct msg_loc loc;
	struct nve_link c = { 0 };
	unsigned int i = 0;
	uint32_t nest_off = 0, mac_off;

	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_MAP_NEW, 0);
	msg_put_dev(nlh, sizeof(buf), 7, NULL);
	for (i = 0; i < 3; i++)
		msg_put_map(nlh, sizeof(buf), &m);
	i = 0;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) == NVE_A_MAP && ++i == 2) {
			const struct nlattr *in;

			nest_off = (const char *)a - buf;
			mnl_attr_for_each_nested(in, a)
				if (mnl_attr_get_type(in) == NVE_MAP_A_MAC)
					mac = in;
		}
	}
	mac_off = (const char *)mac - buf;
	CHECK(msg_locate(nlh, GENL_HDRLEN, mac_off, &loc) && loc.depth == 2 &&
	      loc.type[0] == NVE_A_MAP && loc.type[1] == NVE_MAP_A_MAC &&
	      loc.index == 1, "locate: MAC inside the second nest");
	CHECK_STR(msg_attr_name(false, &loc), "mac", "locate: named \"mac\"");
	CHECK(msg_locate(nlh, GENL_HDRLEN, nest_off, &loc) && loc.depth == 1 &&
	      loc.type[0] == NVE_A_MAP && loc.index == 1,
	      "locate: the second nest itself");
	CHECK(msg_locate(nlh, GENL_HDRLEN, NLMSG_HDRLEN + GENL_HDRLEN, &loc) &&
	      loc.type[0] == NVE_A_IFINDEX && loc.index == 0,
	      "locate: the device attribute");
	CHECK_STR(msg_attr_name(false, &loc), "dev", "locate: named \"dev\"");
	CHECK(!msg_locate(nlh, GENL_HDRLEN, nlh->nlmsg_len, &loc),
	      "locate: past the end is not found");
	CHECK(!msg_locate(nlh, GENL_HDRLEN, 4, &loc),
	      "locate: inside the header is not found");

	c.have = BIT(NVE_DEV_A_VNI) | BIT(NVE_DEV_A_PORT);
	c.vni = 1;
	c.port = 1;
	nlh = msg_link_start(buf, RTM_NEWLINK, 0, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "nve0");
	msg_put_linkinfo(nlh, sizeof(buf), &c);
	/* The port is the last attribute: 8 bytes from the end. */
	CHECK(msg_locate(nlh, sizeof(struct ifinfomsg), nlh->nlmsg_len - 8,
			 &loc) && loc.depth == 3,
	      "locate rtnl: three levels deep");
	CHECK_STR(msg_attr_name(true, &loc), "dstport",
		  "locate rtnl: IFLA_NVE_PORT is \"dstport\"");
}

/* NLMSG_ERROR as the kernel sends it: capped or with the request echoed. */
static struct nlmsghdr *fake_err(int error, bool capped, const char *msg,
				 int off, const struct nlmsghdr *req)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;
	size_t echo = capped ? 0 : req->nlmsg_len - sizeof(*req);

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = 77;
	nlh->nlmsg_flags = (capped ? NLM_F_CAPPED : 0) |
			   (msg || off >= 0 ? NLM_F_ACK_TLVS : 0);
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e) + echo);
	e->error = -error;
	memcpy(&e->msg, req, sizeof(*req) + echo);
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	if (off >= 0)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, off);
	return nlh;
}

static void test_ext_ack(void)
{
	static char reqbuf[256] __attribute__((aligned(8)));
	struct nlmsghdr *req, *nlh;
	struct nl_err e;
	int derr;

	req = msg_genl_start(reqbuf, 0x1234, NVE_CMD_MAP_DEL, 0);
	mnl_attr_put_u32(req, NVE_A_IFINDEX, 7);
	mnl_attr_put_strz(req, NVE_A_IFNAME, "a-long-device");

	nlh = fake_err(EINVAL, true, "VNI does not match the device", 40, req);
	CHECK(nl_parse_err(nlh, &e) == 0 && e.error == EINVAL && e.seq == 77 &&
	      !strcmp(e.msg, "VNI does not match the device") &&
	      e.have_off && e.off == 40, "ext ack: capped error");

	nlh = fake_err(ENOENT, false, "no such mapping", 24, req);
	CHECK(nl_parse_err(nlh, &e) == 0 && e.error == ENOENT &&
	      !strcmp(e.msg, "no such mapping") && e.have_off && e.off == 24,
	      "ext ack: TLVs after an echoed request");

	nlh = fake_err(EPERM, true, NULL, -1, req);
	CHECK(nl_parse_err(nlh, &e) == 0 && e.error == EPERM && !e.msg[0] &&
	      !e.have_off, "ext ack: bare errno");

	nlh = fake_err(0, true, "table nearly full", -1, req);
	CHECK(nl_parse_err(nlh, &e) == 0 && e.error == 0 &&
	      !strcmp(e.msg, "table nearly full"), "ext ack: warning on an ack");

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS;
	derr = -ENODEV;
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(derr)), &derr,
	       sizeof(derr));
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "device went away");
	CHECK(nl_parse_err(nlh, &e) == 0 && e.error == ENODEV &&
	      !strcmp(e.msg, "device went away"), "ext ack: error in DONE");

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	mnl_nlmsg_put_extra_header(nlh, 8);
	CHECK(nl_parse_err(nlh, &e) < 0, "ext ack: truncated error refused");
}

static void test_family(void)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;
	struct nlattr *groups, *grp;
	uint16_t id;
	uint32_t group, version;

	nlh->nlmsg_type = GENL_ID_CTRL;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_NEWFAMILY;
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x21);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nve");
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	grp = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "other");
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 5);
	mnl_attr_nest_end(nlh, grp);
	grp = mnl_attr_nest_start(nlh, 2);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 9);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "events");
	mnl_attr_nest_end(nlh, grp);
	mnl_attr_nest_end(nlh, groups);
	CHECK(nl_parse_family(nlh, &id, &group, &version) == 0 && id == 0x21 &&
	      group == 9 && version == 1,
	      "family: id, version and the \"events\" group");
}

/* A coalesced batch message that failed: which line was it? */
static void test_batch_line(void)
{
	static const unsigned int lines[3] = { 10, 12, 15 };
	struct nve_map m = sample_map();
	struct nlmsghdr *nlh;
	const struct nlattr *a;
	struct nl_err e = { .error = EINVAL };
	unsigned int i = 0;
	bool known;

	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_MAP_NEW, 0);
	msg_put_dev(nlh, sizeof(buf), 7, NULL);
	for (i = 0; i < 3; i++)
		msg_put_map(nlh, sizeof(buf), &m);
	i = 0;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != NVE_A_MAP)
			continue;
		e.have_off = true;
		/* point at the nest's 2nd attribute (its MAC) */
		e.off = (const char *)mnl_attr_next(mnl_attr_get_payload(a)) -
			buf;
		CHECK(map_failed_line(nlh, lines, 3, &e, &known) == lines[i] &&
		      known, "batch line: an error inside nest %u is line %u",
		      i, lines[i]);
		e.off = (const char *)a - buf;
		CHECK(map_failed_line(nlh, lines, 3, &e, &known) == lines[i] &&
		      known, "batch line: an error on nest %u itself", i);
		i++;
	}
	e.have_off = false;
	CHECK(map_failed_line(nlh, lines, 3, &e, &known) == 10 && !known,
	      "batch line: no offset: the first line, flagged unknown");
	e.have_off = true;
	e.off = NLMSG_HDRLEN + GENL_HDRLEN;
	CHECK(map_failed_line(nlh, lines, 3, &e, &known) == 10 && !known,
	      "batch line: an error on the device: the first line");
	e.off = 100000;
	CHECK(map_failed_line(nlh, lines, 3, &e, &known) == 10 && !known,
	      "batch line: an offset past the message is ignored");
}

/* Capture what nl_print_err() writes to stderr. */
static char *print_err(const struct nl_err *e, const struct nlmsghdr *req,
		       bool rtnl)
{
	FILE *saved = stderr;
	char *out = NULL;
	size_t len;

	stderr = open_memstream(&out, &len);
	nl_print_err(e, req, rtnl);
	fclose(stderr);
	stderr = saved;
	return out;
}

static void test_print_err(void)
{
	struct nve_map m = sample_map();
	struct nl_err e = { .error = EINVAL };
	struct nve_link c = { 0 };
	struct nlmsghdr *nlh;
	char *s;

	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_MAP_NEW, 0);
	msg_put_dev(nlh, sizeof(buf), 7, NULL);
	msg_put_map(nlh, sizeof(buf), &m);

	strcpy(e.msg, "MAC address is multicast.");
	e.have_off = true;
	/* ifindex attr (8) then the nest header (4) and its VNI (8) */
	e.off = NLMSG_HDRLEN + GENL_HDRLEN + 8 + 4 + 8;
	s = print_err(&e, nlh, false);
	CHECK_STR(s, "Error: MAC address is multicast (argument \"mac\").\n",
		  "print err: extack message and the offending argument");
	free(s);

	e.have_off = false;
	s = print_err(&e, nlh, false);
	CHECK_STR(s, "Error: MAC address is multicast.\n",
		  "print err: message only, one final period");
	free(s);

	e.msg[0] = '\0';
	e.error = ENOENT;
	s = print_err(&e, nlh, false);
	CHECK_STR(s, "Error: No such file or directory.\n",
		  "print err: no extack: strerror");
	free(s);

	e.error = 0;
	strcpy(e.msg, "table 90% full");
	s = print_err(&e, nlh, false);
	CHECK_STR(s, "Warning: table 90% full.\n", "print err: warning");
	free(s);

	e.error = EINVAL;
	strcpy(e.msg, "Missing attribute");
	e.have_miss = true;
	e.miss_type = NVE_MAP_A_MAC;
	e.have_miss_nest = true;
	e.miss_nest = NLMSG_HDRLEN + GENL_HDRLEN + 8;
	s = print_err(&e, nlh, false);
	CHECK_STR(s, "Error: Missing attribute (missing \"mac\").\n",
		  "print err: missing attribute named from its nest");
	free(s);

	memset(&e, 0, sizeof(e));
	e.error = ERANGE;
	strcpy(e.msg, "VNI out of range");
	c.have = BIT(NVE_DEV_A_VNI);
	c.vni = 5;
	nlh = msg_link_start(buf, RTM_NEWLINK, 0, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "nve0");
	msg_put_linkinfo(nlh, sizeof(buf), &c);
	e.have_off = true;
	e.off = nlh->nlmsg_len - 8;
	s = print_err(&e, nlh, true);
	CHECK_STR(s, "Error: VNI out of range (argument \"vni\").\n",
		  "print err: rtnetlink offset named");
	free(s);
}

/* Duplicate detection: device settings, UNFREEZE, MOVES and FROZEN. */
static void test_dup(void)
{
	struct nve_map m = { 0 }, back;
	struct nve_link c = { 0 };
	struct tb top, in, info, data;
	struct nlmsghdr *nlh;
	struct nlattr *n;
	struct nve_dev d;
	char *s;
	struct nl_err e = { .error = ERANGE, .have_off = true };

	c.have = BIT(NVE_DEV_A_DUP_MOVES) | BIT(NVE_DEV_A_DUP_WINDOW) |
		 BIT(NVE_DEV_A_DUP_FREEZE);
	c.dup_moves = 5;
	c.dup_window = 180;
	c.dup_freeze = 0;
	nlh = msg_link_start(buf, RTM_NEWLINK, 0, 42);
	CHECK(msg_put_linkinfo(nlh, sizeof(buf), &c), "link set: dup settings");
	tb_parse_msg(nlh, sizeof(struct ifinfomsg), &top);
	tb_parse_nest(top.a[IFLA_LINKINFO], &info);
	tb_parse_nest(info.a[IFLA_INFO_DATA], &data);
	CHECK(has_len(&data, IFLA_NVE_DUP_MOVES, 4) &&
	      mnl_attr_get_u32(data.a[IFLA_NVE_DUP_MOVES]) == 5 &&
	      has_len(&data, IFLA_NVE_DUP_WINDOW, 4) &&
	      mnl_attr_get_u32(data.a[IFLA_NVE_DUP_WINDOW]) == 180 &&
	      has_len(&data, IFLA_NVE_DUP_FREEZE, 4) &&
	      mnl_attr_get_u32(data.a[IFLA_NVE_DUP_FREEZE]) == 0 &&
	      !data.n[IFLA_NVE_HOLD_MS],
	      "link set: DUP_MOVES, DUP_WINDOW, DUP_FREEZE u32 (0 sent too)");
	/* IFINFO, LINKINFO, KIND "nve" (8), DATA, DUP_MOVES (8): WINDOW */
	e.off = NLMSG_HDRLEN + sizeof(struct ifinfomsg) + 4 + 8 + 4 + 8;
	strcpy(e.msg, "Duplicate detection window must be 1 to 86400 s");
	s = print_err(&e, nlh, true);
	CHECK_STR(s, "Error: Duplicate detection window must be 1 to 86400 s "
		  "(argument \"dup-window\").\n",
		  "link set: an extack on DUP_WINDOW names \"dup-window\"");
	free(s);

	m.have = BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC);
	m.vni = 100;
	parse_mac("02:00:00:00:00:01", m.mac);
	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_UNFREEZE, 0);
	msg_put_dev(nlh, sizeof(buf), 7, NULL);
	CHECK(msg_put_map(nlh, sizeof(buf), &m), "unfreeze: put nest");
	CHECK(nlh->nlmsg_flags == NLM_F_REQUEST &&
	      ((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd ==
	      NVE_CMD_UNFREEZE, "unfreeze: NVE_CMD_UNFREEZE without NLM_F flags");
	tb_parse_msg(nlh, GENL_HDRLEN, &top);
	tb_parse_nest(top.a[NVE_A_MAP], &in);
	CHECK(!in.bad && has_len(&in, NVE_MAP_A_VNI, 4) &&
	      has_len(&in, NVE_MAP_A_MAC, 6) && !in.n[NVE_MAP_A_SEQ] &&
	      !in.n[NVE_MAP_A_REMOTE] && !in.n[NVE_MAP_A_LOCAL],
	      "unfreeze: VNI and MAC only");

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_FROZEN, 0);
	n = mnl_attr_nest_start(nlh, NVE_A_MAP);
	mnl_attr_put_u32(nlh, NVE_MAP_A_MOVES, 6);
	mnl_attr_put_u32(nlh, NVE_MAP_A_FROZEN, 0);
	mnl_attr_nest_end(nlh, n);
	tb_parse_msg(nlh, GENL_HDRLEN, &top);
	CHECK(msg_parse_map(top.a[NVE_A_MAP], &back) == 0 &&
	      back.have == (BIT(NVE_MAP_A_MOVES) | BIT(NVE_MAP_A_FROZEN)) &&
	      back.moves == 6 && back.frozen_s == 0,
	      "frozen event: MOVES and FROZEN parse");
	nlh = msg_genl_start(buf, 0x20, NVE_CMD_FROZEN, 0);
	n = mnl_attr_nest_start(nlh, NVE_A_MAP);
	mnl_attr_put_u8(nlh, NVE_MAP_A_FROZEN, 1);
	mnl_attr_nest_end(nlh, n);
	tb_parse_msg(nlh, GENL_HDRLEN, &top);
	CHECK(msg_parse_map(top.a[NVE_A_MAP], &back) < 0,
	      "frozen event: a u8 FROZEN is refused");

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_DEV_GET, 0);
	mnl_attr_put_u32(nlh, NVE_A_IFINDEX, 7);
	n = mnl_attr_nest_start(nlh, NVE_A_DEV);
	mnl_attr_put_u32(nlh, NVE_DEV_A_DUP_MOVES, 5);
	mnl_attr_put_u32(nlh, NVE_DEV_A_DUP_WINDOW, 180);
	mnl_attr_put_u32(nlh, NVE_DEV_A_DUP_FREEZE, 30);
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, NVE_A_STATS);
	mnl_attr_put_u64(nlh, NVE_STATS_A_FROZEN, 2);
	mnl_attr_nest_end(nlh, n);
	CHECK(msg_parse_dev(nlh, &d) == 0 &&
	      d.cfg.have == (BIT(NVE_DEV_A_DUP_MOVES) |
			     BIT(NVE_DEV_A_DUP_WINDOW) |
			     BIT(NVE_DEV_A_DUP_FREEZE)) &&
	      d.cfg.dup_moves == 5 && d.cfg.dup_window == 180 &&
	      d.cfg.dup_freeze == 30 && d.stats[NVE_STATS_A_FROZEN] == 2 &&
	      d.stats_have == BIT(NVE_STATS_A_FROZEN),
	      "dev reply: dup settings and the frozen counter");
}

/* NVE_CMD_MOVE and the mobility attributes of replies and events. */
static void test_mobility(void)
{
	struct nve_map m = { 0 }, back;
	struct nve_link c = { 0 };
	struct nlmsghdr *nlh;
	struct tb top, in, info, data;
	struct nlattr *n;
	struct in_addr s4;
	char *s;
	struct nl_err e = { .error = EINVAL, .have_off = true };

	m.have = BIT(NVE_MAP_A_MAC) | BIT(NVE_MAP_A_REMOTE) |
		 BIT(NVE_MAP_A_MODE) | BIT(NVE_MAP_A_REDIRECT_MS) |
		 BIT(NVE_MAP_A_SEQ);
	parse_mac("02:00:00:00:00:01", m.mac);
	parse_addr("10.0.2.2", &m.remote);
	m.mode = NVE_MOVE_WARM;
	m.redirect_ms = 0x10203;
	m.seq = 5;
	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_MOVE, 0);
	msg_put_dev(nlh, sizeof(buf), 7, NULL);
	CHECK(msg_put_map(nlh, sizeof(buf), &m), "move: put nest");
	CHECK(nlh->nlmsg_flags == NLM_F_REQUEST &&
	      ((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd ==
	      NVE_CMD_MOVE, "move: NVE_CMD_MOVE without NLM_F flags");
	tb_parse_msg(nlh, GENL_HDRLEN, &top);
	tb_parse_nest(top.a[NVE_A_MAP], &in);
	CHECK(!in.bad && has_len(&in, NVE_MAP_A_MODE, 1) &&
	      mnl_attr_get_u8(in.a[NVE_MAP_A_MODE]) == NVE_MOVE_WARM,
	      "move: MODE u8");
	CHECK(has_len(&in, NVE_MAP_A_REDIRECT_MS, 4) &&
	      mnl_attr_get_u32(in.a[NVE_MAP_A_REDIRECT_MS]) == 0x10203,
	      "move: REDIRECT_MS u32");
	CHECK(has_len(&in, NVE_MAP_A_REMOTE, 4) && has_len(&in, NVE_MAP_A_SEQ, 4)
	      && !in.n[NVE_MAP_A_FLAGS] && !in.n[NVE_MAP_A_LOCAL] &&
	      !in.n[NVE_MAP_A_VNI], "move: REMOTE and SEQ, nothing else");

	/* "to" names NVE_MAP_A_REMOTE in a move's errors. */
	strcpy(e.msg, "New NVE is this NVE");
	/* ifindex (8), nest header (4), MAC (12): the REMOTE attribute */
	e.off = NLMSG_HDRLEN + GENL_HDRLEN + 8 + 4 + 12;
	s = print_err(&e, nlh, false);
	CHECK_STR(s, "Error: New NVE is this NVE (argument \"to\").\n",
		  "move: an extack on the new NVE names \"to\"");
	free(s);
	/* then REMOTE (8), SEQ (8), MODE (8, padded): REDIRECT_MS */
	e.off = NLMSG_HDRLEN + GENL_HDRLEN + 8 + 4 + 12 + 8 + 8 + 8;
	s = print_err(&e, nlh, false);
	CHECK_STR(s, "Error: New NVE is this NVE (argument \"redirect-time\").\n",
		  "move: an extack on REDIRECT_MS names \"redirect-time\"");
	free(s);

	/* PREPARE's hold limits. */
	m.have = BIT(NVE_MAP_A_MAC) | BIT(NVE_MAP_A_HOLD_PKTS) |
		 BIT(NVE_MAP_A_HOLD_MS);
	m.hold_pkts = 4096;
	m.hold_ms = 10000;
	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_PREPARE, 0);
	msg_put_dev(nlh, sizeof(buf), 7, NULL);
	msg_put_map(nlh, sizeof(buf), &m);
	tb_parse_msg(nlh, GENL_HDRLEN, &top);
	tb_parse_nest(top.a[NVE_A_MAP], &in);
	CHECK(has_len(&in, NVE_MAP_A_HOLD_PKTS, 4) &&
	      mnl_attr_get_u32(in.a[NVE_MAP_A_HOLD_PKTS]) == 4096 &&
	      has_len(&in, NVE_MAP_A_HOLD_MS, 4) &&
	      mnl_attr_get_u32(in.a[NVE_MAP_A_HOLD_MS]) == 10000 &&
	      !in.n[NVE_MAP_A_MODE] && !in.n[NVE_MAP_A_REDIRECT_MS],
	      "prepare: HOLD_PKTS and HOLD_MS u32");
	CHECK(msg_parse_map(top.a[NVE_A_MAP], &back) == 0 &&
	      back.have == m.have && back.hold_pkts == 4096 &&
	      back.hold_ms == 10000, "prepare: hold limits parse back");
	m.have = BIT(NVE_MAP_A_MAC) | BIT(NVE_MAP_A_ANNOUNCE);
	m.announce = NVE_ANNOUNCE_GARP | NVE_ANNOUNCE_NA;
	nlh = msg_genl_start(buf, 0x1235, NVE_CMD_PREPARE, 0);
	msg_put_dev(nlh, sizeof(buf), 7, NULL);
	msg_put_map(nlh, sizeof(buf), &m);
	tb_parse_msg(nlh, GENL_HDRLEN, &top);
	tb_parse_nest(top.a[NVE_A_MAP], &in);
	CHECK(has_len(&in, NVE_MAP_A_ANNOUNCE, 1) &&
	      mnl_attr_get_u8(in.a[NVE_MAP_A_ANNOUNCE]) == 3 &&
	      msg_parse_map(top.a[NVE_A_MAP], &back) == 0 &&
	      back.have == m.have && back.announce == 3,
	      "prepare: ANNOUNCE u8, and back");
	m.have = BIT(NVE_MAP_A_MAC) | BIT(NVE_MAP_A_HOLD_PKTS) |
		 BIT(NVE_MAP_A_HOLD_MS);
	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_PREPARE, 0);
	msg_put_dev(nlh, sizeof(buf), 7, NULL);
	msg_put_map(nlh, sizeof(buf), &m);
	e.off = NLMSG_HDRLEN + GENL_HDRLEN + 8 + 4 + 12 + 8;
	strcpy(e.msg, "Hold time above the limit");
	s = print_err(&e, nlh, false);
	CHECK_STR(s, "Error: Hold time above the limit (argument \"hold-time\").\n",
		  "prepare: an extack on HOLD_MS names \"hold-time\"");
	free(s);

	/* A REDIRECT mapping as map show or an event reads it. */
	nlh = msg_genl_start(buf, 0x20, NVE_CMD_STALE_SENDER, 0);
	n = mnl_attr_nest_start(nlh, NVE_A_MAP);
	mnl_attr_put_u8(nlh, NVE_MAP_A_STATE, NVE_MAP_STATE_REDIRECT);
	mnl_attr_put_u8(nlh, NVE_MAP_A_MODE, NVE_MOVE_HOT);
	mnl_attr_put_u32(nlh, NVE_MAP_A_REDIRECT_MS, 3000);
	mnl_attr_put_u32(nlh, NVE_MAP_A_EXPIRES, 1234);
	mnl_attr_put_u64(nlh, NVE_MAP_A_REDIRECTS, 1ULL << 33);
	mnl_attr_put_u32(nlh, NVE_MAP_A_HELD, 17);
	inet_pton(AF_INET, "10.0.3.2", &s4);
	mnl_attr_put(nlh, NVE_MAP_A_SENDER, 4, &s4);
	mnl_attr_nest_end(nlh, n);
	tb_parse_msg(nlh, GENL_HDRLEN, &top);
	CHECK(msg_parse_map(top.a[NVE_A_MAP], &back) == 0 &&
	      back.have == (BIT(NVE_MAP_A_STATE) | BIT(NVE_MAP_A_MODE) |
			    BIT(NVE_MAP_A_REDIRECT_MS) | BIT(NVE_MAP_A_EXPIRES) |
			    BIT(NVE_MAP_A_REDIRECTS) | BIT(NVE_MAP_A_HELD) |
			    BIT(NVE_MAP_A_SENDER)) &&
	      back.state == NVE_MAP_STATE_REDIRECT && back.mode == NVE_MOVE_HOT &&
	      back.redirect_ms == 3000 && back.expires_ms == 1234 &&
	      back.redirects == 1ULL << 33 && back.held == 17 &&
	      back.sender.family == AF_INET &&
	      back.sender.v4.s_addr == s4.s_addr,
	      "mobility attributes parse: state, mode, times, counters, sender");

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_MOVED, 0);
	n = mnl_attr_nest_start(nlh, NVE_A_MAP);
	mnl_attr_put_u16(nlh, NVE_MAP_A_STATE, 1);
	mnl_attr_nest_end(nlh, n);
	tb_parse_msg(nlh, GENL_HDRLEN, &top);
	CHECK(msg_parse_map(top.a[NVE_A_MAP], &back) < 0,
	      "mobility attributes: a u16 STATE is refused");

	/* The device's mobility settings, both ways. */
	c.have = BIT(NVE_DEV_A_REDIRECT_MS) | BIT(NVE_DEV_A_REDIRECT_MAX_MS) |
		 BIT(NVE_DEV_A_HOLD_PKTS) | BIT(NVE_DEV_A_HOLD_MS) |
		 BIT(NVE_DEV_A_ANNOUNCE);
	c.announce = NVE_ANNOUNCE_RARP;
	c.redirect_ms = 1;
	c.redirect_max_ms = 2;
	c.hold_pkts = 3;
	c.hold_ms = 4;
	nlh = msg_link_start(buf, RTM_NEWLINK, 0, 42);
	CHECK(msg_put_linkinfo(nlh, sizeof(buf), &c), "link set: mobility");
	tb_parse_msg(nlh, sizeof(struct ifinfomsg), &top);
	tb_parse_nest(top.a[IFLA_LINKINFO], &info);
	tb_parse_nest(info.a[IFLA_INFO_DATA], &data);
	CHECK(has_len(&data, IFLA_NVE_REDIRECT_MS, 4) &&
	      mnl_attr_get_u32(data.a[IFLA_NVE_REDIRECT_MS]) == 1 &&
	      has_len(&data, IFLA_NVE_REDIRECT_MAX_MS, 4) &&
	      mnl_attr_get_u32(data.a[IFLA_NVE_REDIRECT_MAX_MS]) == 2 &&
	      has_len(&data, IFLA_NVE_HOLD_PKTS, 4) &&
	      mnl_attr_get_u32(data.a[IFLA_NVE_HOLD_PKTS]) == 3 &&
	      has_len(&data, IFLA_NVE_HOLD_MS, 4) &&
	      mnl_attr_get_u32(data.a[IFLA_NVE_HOLD_MS]) == 4 &&
	      has_len(&data, IFLA_NVE_ANNOUNCE, 1) &&
	      mnl_attr_get_u8(data.a[IFLA_NVE_ANNOUNCE]) == NVE_ANNOUNCE_RARP &&
	      !data.n[IFLA_NVE_VNI],
	      "link set: REDIRECT_MS, REDIRECT_MAX_MS, HOLD_PKTS, HOLD_MS u32, ANNOUNCE u8");

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_DEV_GET, 0);
	mnl_attr_put_u32(nlh, NVE_A_IFINDEX, 7);
	n = mnl_attr_nest_start(nlh, NVE_A_DEV);
	mnl_attr_put_u32(nlh, NVE_DEV_A_REDIRECT_MS, 3000);
	mnl_attr_put_u32(nlh, NVE_DEV_A_REDIRECT_MAX_MS, 60000);
	mnl_attr_put_u32(nlh, NVE_DEV_A_HOLD_PKTS, 256);
	mnl_attr_put_u32(nlh, NVE_DEV_A_HOLD_MS, 5000);
	mnl_attr_put_u8(nlh, NVE_DEV_A_ANNOUNCE, 7);
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, NVE_A_STATS);
	mnl_attr_put_u64(nlh, NVE_STATS_A_REDIRECTED, 9);
	mnl_attr_put_u64(nlh, NVE_STATS_A_STALE_EVENTS, 8);
	mnl_attr_put_u64(nlh, NVE_STATS_A_ANNOUNCEMENTS, 6);
	mnl_attr_nest_end(nlh, n);
	{
		struct nve_dev d;

		CHECK(msg_parse_dev(nlh, &d) == 0 &&
		      d.cfg.redirect_ms == 3000 &&
		      d.cfg.redirect_max_ms == 60000 &&
		      d.cfg.hold_pkts == 256 && d.cfg.hold_ms == 5000 &&
		      d.stats[NVE_STATS_A_REDIRECTED] == 9 &&
		      d.stats[NVE_STATS_A_STALE_EVENTS] == 8 &&
		      d.cfg.announce == 7 &&
		      (d.cfg.have & BIT(NVE_DEV_A_ANNOUNCE)) &&
		      d.stats[NVE_STATS_A_ANNOUNCEMENTS] == 6 &&
		      d.stats_have == (BIT(NVE_STATS_A_REDIRECTED) |
				       BIT(NVE_STATS_A_STALE_EVENTS) |
				       BIT(NVE_STATS_A_ANNOUNCEMENTS)),
		      "dev reply: mobility settings and counters");
	}
	test_dup();
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The batch hot path without the kernel: read lines from a file, split,
 * parse, build NVE_A_MAP nests (line generation is not timed).
 */
static int bench(unsigned long n)
{
	char *line = NULL, *argv[16];
	unsigned long i, msgs = 1;
	struct nlmsghdr *nlh;
	struct nve_map m;
	const char *err;
	size_t cap = 0;
	double t0, dt;
	FILE *f = tmpfile();
	int rc = 1;

	if (!f)
		return 1;
	for (i = 0; i < n; i++)
		fprintf(f, "map add dev nve0 vni 100 mac 02:00:%02lx:%02lx:%02lx:%02lx remote 10.%lu.%lu.1 static\n",
			i >> 24 & 0xff, i >> 16 & 0xff, i >> 8 & 0xff,
			i & 0xff, i >> 8 & 0xff, i & 0xff);
	rewind(f);

	t0 = now();
	nlh = msg_genl_start(buf, 0x1234, NVE_CMD_MAP_NEW, NLM_F_CREATE);
	msg_put_dev(nlh, sizeof(buf), 7, NULL);
	for (i = 0; getline(&line, &cap, f) > 0; i++) {
		if (split_line(line, argv, 16, &err) != 11)
			goto out;
		memset(&m, 0, sizeof(m));
		if (!matches(argv[0], "map") || !matches(argv[1], "add") ||
		    parse_ifname(argv[3]) || parse_vni(argv[5], &m.vni) ||
		    parse_mac(argv[7], m.mac) || parse_addr(argv[9], &m.remote))
			goto out;
		m.flags = NVE_MAP_F_STATIC;
		m.have = BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC) |
			 BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_FLAGS);
		if (!msg_put_map(nlh, sizeof(buf), &m)) {
			nlh = msg_genl_start(buf, 0x1234, NVE_CMD_MAP_NEW, 0);
			msg_put_dev(nlh, sizeof(buf), 7, NULL);
			msg_put_map(nlh, sizeof(buf), &m);
			msgs++;
		}
	}
	dt = now() - t0;
	printf("# bench: %lu lines, %lu messages of <= %zu bytes, %.3f s, %.0f ns/line\n",
	       i, msgs, sizeof(buf), dt, dt * 1e9 / i);
	rc = i == n ? 0 : 1;
out:
	free(line);
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--bench"))
		return bench(argc > 2 ? strtoul(argv[2], NULL, 0) : 1000000);
	ktap_start();
	test_map_new();
	test_capacity();
	test_bind_flood();
	test_linkinfo();
	test_parse_dev();
	test_locate();
	test_ext_ack();
	test_family();
	test_batch_line();
	test_print_err();
	test_mobility();
	return ktap_finish();
}
