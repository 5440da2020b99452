// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the output: the text/JSON layer (json.c), the formatters,
 * and the printers of mappings, bindings, flood members, devices, stats
 * and monitor events, in text and JSON, byte for byte.
 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "nve.h"
#include "ktap.h"

static FILE *cap_f;
static char *cap_buf;
static size_t cap_len;

static void cap_start(bool json, bool pretty)
{
	cap_f = open_memstream(&cap_buf, &cap_len);
	out_init(cap_f, json, pretty);
}

/* Returns the output (free it). */
static char *cap_end(void)
{
	fclose(cap_f);
	out_init(NULL, false, false);
	return cap_buf;
}

#define EXPECT_OUT(want, ...)						\
	do {								\
		char *_got = cap_end();					\
		CHECK_STR(_got, want, __VA_ARGS__);			\
		free(_got);						\
	} while (0)

static void test_layer(void)
{
	cap_start(false, false);
	out_uint(PRINT_ANY, "vni", "vni %s", 100);
	out_str(PRINT_ANY, "mac", "mac %s", "52:54:00:12:34:56");
	out_uint(PRINT_JSON, "hidden", NULL, 1);
	out_flag("static", "static", true);
	out_flag("sticky", "sticky", false);
	out_bool(PRINT_ANY, "proxy", "proxy %s", true);
	out_nl();
	out_text("    ");
	out_uint(PRINT_TEXT, NULL, "x %s", UINT64_MAX);
	out_nl();
	EXPECT_OUT("vni 100 mac 52:54:00:12:34:56 static proxy on\n"
		   "    x 18446744073709551615\n",
		   "text: one space between fields, JSON-only fields hidden");

	cap_start(true, false);
	out_open_array(NULL);
	out_open_object(NULL);
	out_uint(PRINT_ANY, "vni", "vni %s", 100);
	out_str(PRINT_TEXT, NULL, "text %s", "only");
	out_flag("static", "static", true);
	out_flag("sticky", "sticky", false);
	out_nl();
	out_close_object();
	out_open_object(NULL);
	out_open_object("stats");
	out_uint(PRINT_ANY, "a", "a %s", 0);
	out_close_object();
	out_open_array("list");
	out_str(PRINT_JSON, NULL, NULL, "x");
	out_close_array();
	out_close_object();
	out_close_array();
	EXPECT_OUT("[{\"vni\":100,\"static\":true,\"sticky\":false},"
		   "{\"stats\":{\"a\":0},\"list\":[\"x\"]}]\n",
		   "json: compact, commas, nesting, text-only fields hidden");

	cap_start(true, false);
	out_open_object(NULL);
	out_str(PRINT_JSON, "s", NULL, "a\"b\\c\n\t\x01\x7f\xc3\xa9/");
	out_close_object();
	EXPECT_OUT("{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\xc3\xa9/\"}\n",
		   "json: string escaping");

	cap_start(true, true);
	out_open_array(NULL);
	out_open_object(NULL);
	out_uint(PRINT_ANY, "a", "a %s", 1);
	out_open_object("o");
	out_str(PRINT_ANY, "b", "b %s", "x");
	out_close_object();
	out_close_object();
	out_close_array();
	EXPECT_OUT("[\n    {\n        \"a\": 1,\n        \"o\": {\n"
		   "            \"b\": \"x\"\n        }\n    }\n]\n",
		   "json: pretty");

	cap_start(true, true);
	out_open_array(NULL);
	out_close_array();
	EXPECT_OUT("[]\n", "json: empty array");
}

static void test_formatters(void)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0, 0xab, 0xcd, 0xef };
	char buf[64];
	struct nve_addr a = { .family = AF_INET };

	CHECK_STR(fmt_mac(mac, buf), "52:54:00:ab:cd:ef", "fmt_mac");
	inet_pton(AF_INET, "192.0.2.1", &a.v4);
	CHECK_STR(fmt_addr(&a, buf, sizeof(buf)), "192.0.2.1", "fmt_addr v4");
	a.family = AF_INET6;
	inet_pton(AF_INET6, "2001:0db8:0:0:0:0:0:0001", &a.v6);
	CHECK_STR(fmt_addr(&a, buf, sizeof(buf)), "2001:db8::1",
		  "fmt_addr v6 compressed");
	CHECK_STR(fmt_duration(0, buf, sizeof(buf)), "0s", "duration 0");
	CHECK_STR(fmt_duration(999, buf, sizeof(buf)), "0s", "duration 999ms");
	CHECK_STR(fmt_duration(3000, buf, sizeof(buf)), "3s", "duration 3s");
	CHECK_STR(fmt_duration(59999, buf, sizeof(buf)), "59s", "duration 59s");
	CHECK_STR(fmt_duration(65000, buf, sizeof(buf)), "1m5s",
		  "duration 1m5s");
	CHECK_STR(fmt_duration(3600000 + 120000, buf, sizeof(buf)), "1h2m",
		  "duration 1h2m");
	CHECK_STR(fmt_duration(90000000, buf, sizeof(buf)), "1d1h",
		  "duration 1d1h");
}

static struct nve_map sample_map(void)
{
	struct nve_map m = { 0 };
	static const uint8_t mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };

	m.have = BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC) |
		 BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_SEQ) |
		 BIT(NVE_MAP_A_FLAGS) | BIT(NVE_MAP_A_HITS) |
		 BIT(NVE_MAP_A_USED) | BIT(NVE_MAP_A_UPDATED) |
		 BIT(NVE_MAP_A_CREATED);
	m.vni = 100;
	memcpy(m.mac, mac, 6);
	m.remote.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.2", &m.remote.v4);
	m.seq = 7;
	m.flags = NVE_MAP_F_STATIC;
	m.hits = 12;
	m.used_ms = 3400;
	m.updated_ms = 10000;
	m.created_ms = 60000;
	return m;
}

static void test_map(void)
{
	struct nve_map m = sample_map();

	cap_start(false, false);
	map_print(&m, "nve0", 7, false);
	EXPECT_OUT("vni 100 mac 52:54:00:12:34:56 remote 192.0.2.2 seq 7 "
		   "static hits 12 used 3s\n", "map text (dev given)");

	cap_start(false, false);
	map_print(&m, "nve0", 7, true);
	EXPECT_OUT("dev nve0 vni 100 mac 52:54:00:12:34:56 remote 192.0.2.2 "
		   "seq 7 static hits 12 used 3s\n", "map text (all devices)");

	cap_start(false, false);
	out_set_details(true);
	map_print(&m, "nve0", 7, false);
	out_set_details(false);
	EXPECT_OUT("vni 100 mac 52:54:00:12:34:56 remote 192.0.2.2 seq 7 "
		   "static hits 12 used 3s updated 10s created 1m0s\n",
		   "map text -s adds updated and created");

	cap_start(true, false);
	map_print(&m, "nve0", 7, false);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"vni\":100,"
		   "\"mac\":\"52:54:00:12:34:56\",\"remote\":\"192.0.2.2\","
		   "\"local\":false,\"seq\":7,\"static\":true,\"sticky\":false,"
		   "\"hits\":12,\"used_ms\":3400,\"updated_ms\":10000,"
		   "\"created_ms\":60000}\n", "map json");

	m.have &= ~(BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_HITS) |
		    BIT(NVE_MAP_A_USED) | BIT(NVE_MAP_A_UPDATED) |
		    BIT(NVE_MAP_A_CREATED));
	m.have |= BIT(NVE_MAP_A_LOCAL);
	m.flags = NVE_MAP_F_STATIC | NVE_MAP_F_STICKY;
	cap_start(false, false);
	map_print(&m, NULL, 0, false);
	EXPECT_OUT("vni 100 mac 52:54:00:12:34:56 local seq 7 static sticky\n",
		   "map text: local, sticky");

	m = sample_map();
	m.have &= ~BIT(NVE_MAP_A_REMOTE);
	m.have |= BIT(NVE_MAP_A_REMOTE6) | BIT(NVE_MAP_A_PORT) |
		  BIT(NVE_MAP_A_REMOTE_VNI);
	m.remote.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::2", &m.remote.v6);
	m.port = 4790;
	m.remote_vni = 200;
	m.flags = 0;
	cap_start(true, false);
	map_print(&m, "nve0", 7, false);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"vni\":100,"
		   "\"mac\":\"52:54:00:12:34:56\",\"remote\":\"2001:db8::2\","
		   "\"local\":false,\"port\":4790,\"remote_vni\":200,"
		   "\"seq\":7,\"static\":false,\"sticky\":false,"
		   "\"hits\":12,\"used_ms\":3400,\"updated_ms\":10000,"
		   "\"created_ms\":60000}\n", "map json: IPv6, port, remote-vni");
}

/* One VM's state (vmstate.c): "map get" and the lines of "map export". */
static void test_vm_state(void)
{
	struct nve_bind b[2] = { 0 };
	struct vm_export o = { 0 };
	struct vm_state st = { 0 };
	char line[256];
	bool last;

	st.map = sample_map();
	st.map.have &= ~(BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_USED) |
			 BIT(NVE_MAP_A_UPDATED) | BIT(NVE_MAP_A_CREATED));
	st.map.have |= BIT(NVE_MAP_A_LOCAL);
	b[0].have = BIT(NVE_BIND_A_VNI) | BIT(NVE_BIND_A_IP) |
		    BIT(NVE_BIND_A_MAC);
	b[0].vni = 100;
	b[0].ip.family = AF_INET;
	inet_pton(AF_INET, "10.0.0.1", &b[0].ip.v4);
	memcpy(b[0].mac, st.map.mac, 6);
	b[1] = b[0];
	b[1].have = BIT(NVE_BIND_A_VNI) | BIT(NVE_BIND_A_IP6) |
		    BIT(NVE_BIND_A_MAC);
	b[1].ip.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::1", &b[1].ip.v6);
	st.binds = b;
	st.n_binds = 2;

	/* Dumped in hash order; printed IPv4 first, then by address. */
	b[0] = b[1];
	b[1] = b[0];
	b[1].have = BIT(NVE_BIND_A_VNI) | BIT(NVE_BIND_A_IP) |
		    BIT(NVE_BIND_A_MAC);
	b[1].ip.family = AF_INET;
	inet_pton(AF_INET, "10.0.0.1", &b[1].ip.v4);
	vm_state_sort(&st);
	CHECK(b[0].ip.family == AF_INET && b[1].ip.family == AF_INET6,
	      "vm_state_sort: IPv4 before IPv6");

	cap_start(false, false);
	vm_state_print(&st, "nve0", 7);
	EXPECT_OUT("vni 100 mac 52:54:00:12:34:56 local seq 7 static hits 12\n"
		   "    bind vni 100 ip 10.0.0.1\n"
		   "    bind vni 100 ip 2001:db8::1\n", "map get text");

	cap_start(true, false);
	out_open_array(NULL);
	vm_state_print(&st, "nve0", 7);
	out_close_array();
	EXPECT_OUT("[{\"ifindex\":7,\"ifname\":\"nve0\",\"vni\":100,"
		   "\"mac\":\"52:54:00:12:34:56\",\"local\":true,\"seq\":7,"
		   "\"static\":true,\"sticky\":false,\"hits\":12,"
		   "\"bindings\":[{\"vni\":100,\"ip\":\"10.0.0.1\"},"
		   "{\"vni\":100,\"ip\":\"2001:db8::1\"}]}]\n", "map get json");

	cap_start(false, false);
	CHECK(vm_state_export(&st, "nve1", &o) == NVE_OK, "export ok");
	EXPECT_OUT("map replace dev nve1 vni 100 mac 52:54:00:12:34:56 local "
		   "seq 7 static\n"
		   "bind replace dev nve1 vni 100 ip 10.0.0.1 "
		   "mac 52:54:00:12:34:56\n"
		   "bind replace dev nve1 vni 100 ip 2001:db8::1 "
		   "mac 52:54:00:12:34:56\n", "export: map replace, binds");

	o.prepare = true;
	o.have_seq = true;
	o.seq = 8;
	CHECK(!vm_state_export_line(&st, "nve0", &o, 0, line, sizeof(line),
				    &last) && !last, "export prepare: line 0");
	CHECK_STR(line, "prepare dev nve0 vni 100 mac 52:54:00:12:34:56 seq 8",
		  "export prepare: seq given, no flags");
	CHECK(!vm_state_export_line(&st, "nve0", &o, 2, line, sizeof(line),
				    &last) && last, "export: line 2 is last");
	CHECK(vm_state_export_line(&st, "nve0", &o, 3, line, sizeof(line),
				   &last) != NULL, "export: no line 3");
	CHECK(vm_state_export_line(&st, "nve0", &o, 0, line, 20, &last) != NULL,
	      "export: a line too long for the buffer is refused");

	st.map.flags |= NVE_MAP_F_STICKY;
	CHECK_STR(vm_state_export_line(&st, "nve0", &o, 0, line, sizeof(line),
				       &last) ?: "",
		  "the mapping is sticky: the VM does not move",
		  "export prepare: sticky refused");

	st.map = sample_map();
	st.map.have |= BIT(NVE_MAP_A_PORT) | BIT(NVE_MAP_A_REMOTE_VNI);
	st.map.port = 4790;
	st.map.remote_vni = 200;
	st.n_binds = 0;
	o.have_seq = false;
	CHECK_STR(vm_state_export_line(&st, "nve0", &o, 0, line, sizeof(line),
				       &last) ?: "",
		  "only a local VM's state can be prepared elsewhere",
		  "export prepare: remote refused");
	o.prepare = false;
	cap_start(true, false);
	CHECK(vm_state_export(&st, "nve0", &o) == NVE_OK, "export remote ok");
	EXPECT_OUT("[\"map replace dev nve0 vni 100 mac 52:54:00:12:34:56 "
		   "remote 192.0.2.2 port 4790 remote-vni 200 seq 7 static\"]\n",
		   "export json: remote with port and remote-vni");
}

/* The mobility fields of a mapping (map show, events). */
static void test_map_motion(void)
{
	struct nve_map m = sample_map();

	m.have = BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC) |
		 BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_SEQ) |
		 BIT(NVE_MAP_A_STATE) | BIT(NVE_MAP_A_REDIRECT_MS) |
		 BIT(NVE_MAP_A_EXPIRES) | BIT(NVE_MAP_A_REDIRECTS) |
		 BIT(NVE_MAP_A_HITS);
	m.state = NVE_MAP_STATE_REDIRECT;
	m.redirect_ms = 3000;
	m.expires_ms = 2549;
	m.redirects = 41;
	cap_start(false, false);
	map_print(&m, "nve0", 7, false);
	EXPECT_OUT("vni 100 mac 52:54:00:12:34:56 remote 192.0.2.2 seq 7 "
		   "state redirect redirect-time 3000 expires 2.5s "
		   "redirects 41 hits 12\n", "map text: a REDIRECT mapping");
	cap_start(true, false);
	map_print(&m, "nve0", 7, false);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"vni\":100,"
		   "\"mac\":\"52:54:00:12:34:56\",\"remote\":\"192.0.2.2\","
		   "\"local\":false,\"seq\":7,\"state\":\"redirect\","
		   "\"redirect_ms\":3000,\"expires_ms\":2549,"
		   "\"redirects\":41,\"hits\":12}\n",
		   "map json: a REDIRECT mapping");

	m.have = BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC) |
		 BIT(NVE_MAP_A_LOCAL) | BIT(NVE_MAP_A_STATE) |
		 BIT(NVE_MAP_A_HELD) | BIT(NVE_MAP_A_HOLD_PKTS) |
		 BIT(NVE_MAP_A_HOLD_MS);
	m.state = NVE_MAP_STATE_PENDING;
	m.held = 250;
	m.hold_pkts = 4096;
	m.hold_ms = 10000;
	cap_start(false, false);
	map_print(&m, "nve0", 7, true);
	EXPECT_OUT("dev nve0 vni 100 mac 52:54:00:12:34:56 local state pending "
		   "held 250 hold-packets 4096 hold-time 10000\n",
		   "map text: a PENDING mapping");
	cap_start(true, false);
	map_print(&m, "nve0", 7, false);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"vni\":100,"
		   "\"mac\":\"52:54:00:12:34:56\",\"local\":true,"
		   "\"state\":\"pending\",\"held\":250,\"hold_pkts\":4096,"
		   "\"hold_ms\":10000}\n", "map json: a PENDING mapping");
	m.have |= BIT(NVE_MAP_A_ANNOUNCE);
	m.announce = NVE_ANNOUNCE_GARP | NVE_ANNOUNCE_NA;
	cap_start(false, false);
	map_print(&m, "nve0", 7, true);
	EXPECT_OUT("dev nve0 vni 100 mac 52:54:00:12:34:56 local state pending "
		   "held 250 hold-packets 4096 hold-time 10000 announce garp,na\n",
		   "map text: a PENDING mapping's announcements");
	cap_start(true, false);
	map_print(&m, "nve0", 7, false);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"vni\":100,"
		   "\"mac\":\"52:54:00:12:34:56\",\"local\":true,"
		   "\"state\":\"pending\",\"held\":250,\"hold_pkts\":4096,"
		   "\"hold_ms\":10000,\"announce\":\"garp,na\"}\n",
		   "map json: a PENDING mapping's announcements");
	m.have &= ~(BIT(NVE_MAP_A_HOLD_PKTS) | BIT(NVE_MAP_A_HOLD_MS) |
		    BIT(NVE_MAP_A_ANNOUNCE));

	/* Duplicate detection: moves in the window, a timed freeze. */
	m.have |= BIT(NVE_MAP_A_MOVES) | BIT(NVE_MAP_A_FROZEN);
	m.moves = 7;
	m.frozen_s = 25;
	cap_start(false, false);
	map_print(&m, "nve0", 7, true);
	EXPECT_OUT("dev nve0 vni 100 mac 52:54:00:12:34:56 local state pending "
		   "held 250 moves 7 frozen 25s\n",
		   "map text: a frozen mapping, timed");
	cap_start(true, false);
	map_print(&m, "nve0", 7, false);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"vni\":100,"
		   "\"mac\":\"52:54:00:12:34:56\",\"local\":true,"
		   "\"state\":\"pending\",\"held\":250,\"moves\":7,"
		   "\"frozen\":25}\n", "map json: a frozen mapping, timed");
	m.have &= ~BIT(NVE_MAP_A_FROZEN);
	cap_start(false, false);
	map_print(&m, "nve0", 7, true);
	EXPECT_OUT("dev nve0 vni 100 mac 52:54:00:12:34:56 local state pending "
		   "held 250 moves 7\n", "map text: moves, not frozen");
	m.have &= ~BIT(NVE_MAP_A_MOVES);

	m.state = NVE_MAP_STATE_ACTIVE;
	m.have &= ~BIT(NVE_MAP_A_HELD);
	cap_start(false, false);
	map_print(&m, "nve0", 7, false);
	EXPECT_OUT("vni 100 mac 52:54:00:12:34:56 local\n",
		   "map text: the active state is not shown");
	cap_start(true, false);
	map_print(&m, "nve0", 7, false);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"vni\":100,"
		   "\"mac\":\"52:54:00:12:34:56\",\"local\":true,"
		   "\"state\":\"active\"}\n", "map json: the active state is");

	m.state = 9;
	m.have |= BIT(NVE_MAP_A_MODE);
	m.mode = 7;
	cap_start(true, false);
	map_print(&m, NULL, 0, false);
	EXPECT_OUT("{\"vni\":100,\"mac\":\"52:54:00:12:34:56\","
		   "\"local\":true,\"state\":9,\"mode\":7}\n",
		   "map json: a state and mode from a newer kernel as numbers");
}

static void test_bind_flood(void)
{
	struct nve_bind b = { 0 };
	struct nve_flood f = { 0 };

	b.have = BIT(NVE_BIND_A_VNI) | BIT(NVE_BIND_A_IP6) | BIT(NVE_BIND_A_MAC);
	b.vni = 5;
	b.ip.family = AF_INET6;
	inet_pton(AF_INET6, "fe80::1", &b.ip.v6);
	parse_mac("02:00:00:00:00:01", b.mac);
	cap_start(false, false);
	bind_print(&b, "nve1", 3, true);
	EXPECT_OUT("dev nve1 vni 5 ip fe80::1 mac 02:00:00:00:00:01\n",
		   "bind text");
	cap_start(true, false);
	bind_print(&b, "nve1", 3, true);
	EXPECT_OUT("{\"ifindex\":3,\"ifname\":\"nve1\",\"vni\":5,"
		   "\"ip\":\"fe80::1\",\"mac\":\"02:00:00:00:00:01\"}\n",
		   "bind json");

	f.have = BIT(NVE_FLOOD_A_VNI) | BIT(NVE_FLOOD_A_REMOTE);
	f.vni = 5;
	f.remote.family = AF_INET;
	inet_pton(AF_INET, "198.51.100.9", &f.remote.v4);
	cap_start(false, false);
	flood_print(&f, "nve1", 3, false);
	EXPECT_OUT("vni 5 remote 198.51.100.9\n", "flood text");
	cap_start(true, false);
	flood_print(&f, "nve1", 3, false);
	EXPECT_OUT("{\"ifindex\":3,\"ifname\":\"nve1\",\"vni\":5,"
		   "\"remote\":\"198.51.100.9\"}\n", "flood json");
}

static struct nve_dev sample_dev(void)
{
	struct nve_dev d = { 0 };
	struct nve_link *c = &d.cfg;

	d.ifindex = 7;
	strcpy(d.ifname, "nve0");
	c->have = BIT(NVE_DEV_A_VNI) | BIT(NVE_DEV_A_LOCAL) |
		  BIT(NVE_DEV_A_PORT) | BIT(NVE_DEV_A_ENCAP) |
		  BIT(NVE_DEV_A_TTL) | BIT(NVE_DEV_A_TOS) |
		  BIT(NVE_DEV_A_MAX_ENTRIES) | BIT(NVE_DEV_A_PROXY) |
		  BIT(NVE_DEV_A_ENTRIES) | BIT(NVE_DEV_A_ENTRY_SIZE);
	c->vni = 100;
	c->local.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", &c->local.v4);
	c->port = 4789;
	c->encap = NVE_ENCAP_VXLAN;
	c->ttl = 0;
	c->tos = NVE_TOS_INHERIT;
	c->max_entries = NVE_DEFAULT_MAX_ENTRIES;
	c->proxy = 1;
	c->entries = 3;
	c->entry_size = 96;
	d.stats_have = BIT(NVE_STATS_A_TX_ENCAP) | BIT(NVE_STATS_A_RX_DECAP) |
		       BIT(NVE_STATS_A_RX_LOOP) | BIT(NVE_STATS_A_TABLE_FULL);
	d.stats[NVE_STATS_A_TX_ENCAP] = 10;
	d.stats[NVE_STATS_A_RX_DECAP] = 20;
	d.stats[NVE_STATS_A_RX_LOOP] = 1;
	d.stats[NVE_STATS_A_TABLE_FULL] = 5000000000ULL;
	return d;
}

static void test_link_stats(void)
{
	struct nve_dev d = sample_dev();

	cap_start(false, false);
	link_print(&d);
	EXPECT_OUT("7: nve0: encap vxlan vni 100 local 192.0.2.1 dstport 4789 "
		   "ttl auto tos inherit proxy on\n"
		   "    entries 3 max-entries 2097152 entry-size 96\n"
		   "    tx: encap 10\n"
		   "    rx: decap 20 loop 1\n"
		   "    table-full 5000000000\n", "link text");

	cap_start(true, false);
	link_print(&d);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"encap\":\"vxlan\","
		   "\"vni\":100,\"local\":\"192.0.2.1\",\"dstport\":4789,"
		   "\"ttl\":0,\"tos\":1,\"proxy\":true,\"entries\":3,"
		   "\"max_entries\":2097152,\"entry_size\":96,"
		   "\"stats\":{\"tx_encap\":10,\"rx_decap\":20,\"rx_loop\":1,"
		   "\"table_full\":5000000000}}\n", "link json");

	d.cfg.ttl = 64;
	d.cfg.tos = 0;
	d.cfg.encap = NVE_ENCAP_GENEVE;
	d.cfg.have &= ~(BIT(NVE_DEV_A_LOCAL) | BIT(NVE_DEV_A_ENTRIES) |
			BIT(NVE_DEV_A_MAX_ENTRIES) | BIT(NVE_DEV_A_ENTRY_SIZE));
	d.stats_have = 0;
	cap_start(false, false);
	link_print(&d);
	EXPECT_OUT("7: nve0: encap geneve vni 100 dstport 4789 ttl 64 tos 0 "
		   "proxy on\n", "link text: geneve, no local, no stats");

	d = sample_dev();
	d.cfg.local.v4.s_addr = 0;
	d.stats_have = 0;
	cap_start(true, false);
	link_print(&d);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"encap\":\"vxlan\","
		   "\"vni\":100,\"dstport\":4789,\"ttl\":0,\"tos\":1,"
		   "\"proxy\":true,\"entries\":3,\"max_entries\":2097152,"
		   "\"entry_size\":96}\n", "link json: 0.0.0.0 is no local address");

	d = sample_dev();
	d.cfg.have |= BIT(NVE_DEV_A_REDIRECT_MS) |
		      BIT(NVE_DEV_A_REDIRECT_MAX_MS) | BIT(NVE_DEV_A_HOLD_PKTS) |
		      BIT(NVE_DEV_A_HOLD_MS) | BIT(NVE_DEV_A_ANNOUNCE);
	d.cfg.announce = NVE_ANNOUNCE_GARP | NVE_ANNOUNCE_NA |
			 NVE_ANNOUNCE_RARP;
	d.cfg.redirect_ms = 3000;
	d.cfg.redirect_max_ms = 60000;
	d.cfg.hold_pkts = 256;
	d.cfg.hold_ms = 5000;
	d.stats_have = BIT(NVE_STATS_A_TX_ENCAP) | BIT(NVE_STATS_A_REDIRECTED) |
		       BIT(NVE_STATS_A_RX_REDIRECT_LOOP) |
		       BIT(NVE_STATS_A_HOLD_OVERFLOW) |
		       BIT(NVE_STATS_A_HOLD_EXPIRED) |
		       BIT(NVE_STATS_A_ACTIVATIONS) |
		       BIT(NVE_STATS_A_STALE_EVENTS) |
		       BIT(NVE_STATS_A_ANNOUNCEMENTS);
	d.stats[NVE_STATS_A_ANNOUNCEMENTS] = 6;
	d.stats[NVE_STATS_A_REDIRECTED] = 40;
	d.stats[NVE_STATS_A_RX_REDIRECT_LOOP] = 1;
	d.stats[NVE_STATS_A_HOLD_OVERFLOW] = 2;
	d.stats[NVE_STATS_A_HOLD_EXPIRED] = 3;
	d.stats[NVE_STATS_A_ACTIVATIONS] = 4;
	d.stats[NVE_STATS_A_STALE_EVENTS] = 5;
	cap_start(false, false);
	link_print(&d);
	EXPECT_OUT("7: nve0: encap vxlan vni 100 local 192.0.2.1 dstport 4789 "
		   "ttl auto tos inherit proxy on\n"
		   "    entries 3 max-entries 2097152 entry-size 96\n"
		   "    redirect-time 3000 redirect-max 60000 hold-packets 256 "
		   "hold-time 5000 announce garp,na,rarp\n"
		   "    tx: encap 10\n"
		   "    move: redirected 40 redirect-loop 1 hold-overflow 2 "
		   "hold-expired 3 activations 4 stale-events 5 "
		   "announcements 6\n",
		   "link text: mobility settings and counters");
	cap_start(true, false);
	link_print(&d);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"encap\":\"vxlan\","
		   "\"vni\":100,\"local\":\"192.0.2.1\",\"dstport\":4789,"
		   "\"ttl\":0,\"tos\":1,\"proxy\":true,\"entries\":3,"
		   "\"max_entries\":2097152,\"entry_size\":96,"
		   "\"redirect_ms\":3000,\"redirect_max_ms\":60000,"
		   "\"hold_pkts\":256,\"hold_ms\":5000,"
		   "\"announce\":\"garp,na,rarp\","
		   "\"stats\":{\"tx_encap\":10,\"redirected\":40,"
		   "\"rx_redirect_loop\":1,\"hold_overflow\":2,"
		   "\"hold_expired\":3,\"activations\":4,"
		   "\"stale_events\":5,\"announcements\":6}}\n",
		   "link json: mobility settings and counters");

	/* Anti-spoofing: the setting and its counter. */
	d = sample_dev();
	d.cfg.have |= BIT(NVE_DEV_A_SPOOF_CHECK);
	d.cfg.spoof_check = 1;
	d.stats_have = BIT(NVE_STATS_A_SPOOF_DROPS);
	d.stats[NVE_STATS_A_SPOOF_DROPS] = 3;
	cap_start(false, false);
	link_print(&d);
	EXPECT_OUT("7: nve0: encap vxlan vni 100 local 192.0.2.1 dstport 4789 "
		   "ttl auto tos inherit proxy on spoof-check on\n"
		   "    entries 3 max-entries 2097152 entry-size 96\n"
		   "    spoof-drops 3\n", "link text: spoof check");
	cap_start(true, false);
	link_print(&d);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"encap\":\"vxlan\","
		   "\"vni\":100,\"local\":\"192.0.2.1\",\"dstport\":4789,"
		   "\"ttl\":0,\"tos\":1,\"proxy\":true,\"spoof_check\":true,"
		   "\"entries\":3,\"max_entries\":2097152,\"entry_size\":96,"
		   "\"stats\":{\"spoof_drops\":3}}\n", "link json: spoof check");

	d = sample_dev();
	d.cfg.have |= BIT(NVE_DEV_A_DUP_MOVES) | BIT(NVE_DEV_A_DUP_WINDOW) |
		      BIT(NVE_DEV_A_DUP_FREEZE);
	d.cfg.dup_moves = 5;
	d.cfg.dup_window = 180;
	d.cfg.dup_freeze = 0;
	d.stats_have |= BIT(NVE_STATS_A_FROZEN);
	d.stats[NVE_STATS_A_FROZEN] = 1;
	cap_start(false, false);
	link_print(&d);
	EXPECT_OUT("7: nve0: encap vxlan vni 100 local 192.0.2.1 dstport 4789 "
		   "ttl auto tos inherit proxy on\n"
		   "    entries 3 max-entries 2097152 entry-size 96\n"
		   "    dup-moves 5 dup-window 180 dup-freeze 0\n"
		   "    tx: encap 10\n    rx: decap 20 loop 1\n"
		   "    move: frozen 1\n"
		   "    table-full 5000000000\n",
		   "link text: duplicate detection settings, frozen counter");
	cap_start(true, false);
	link_print(&d);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"encap\":\"vxlan\","
		   "\"vni\":100,\"local\":\"192.0.2.1\",\"dstport\":4789,"
		   "\"ttl\":0,\"tos\":1,\"proxy\":true,\"entries\":3,"
		   "\"max_entries\":2097152,\"entry_size\":96,"
		   "\"dup_moves\":5,\"dup_window\":180,\"dup_freeze\":0,"
		   "\"stats\":{\"tx_encap\":10,\"rx_decap\":20,"
		   "\"rx_loop\":1,\"frozen\":1,"
		   "\"table_full\":5000000000}}\n",
		   "link json: duplicate detection settings, frozen counter");

	d = sample_dev();
	cap_start(false, false);
	stats_print(&d);
	EXPECT_OUT("nve0:\n    tx: encap 10\n    rx: decap 20 loop 1\n"
		   "    table-full 5000000000\n", "stats text");
	cap_start(true, false);
	stats_print(&d);
	EXPECT_OUT("{\"ifindex\":7,\"ifname\":\"nve0\",\"stats\":{"
		   "\"tx_encap\":10,\"rx_decap\":20,\"rx_loop\":1,"
		   "\"table_full\":5000000000}}\n", "stats json");
}

static void test_monitor(void)
{
	static char buf[4096];
	struct nve_map m = sample_map();
	struct nlmsghdr *nlh;

	m.have = BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC) |
		 BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_SEQ);
	nlh = msg_genl_start(buf, 0x20, NVE_CMD_MAP_NEW, 0);
	mnl_attr_put_u32(nlh, NVE_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, NVE_A_IFNAME, "nve0");
	msg_put_map(nlh, sizeof(buf), &m);

	cap_start(false, false);
	CHECK(monitor_print_event(nlh) == 0, "monitor: map new parses");
	EXPECT_OUT("map new dev nve0 vni 100 mac 52:54:00:12:34:56 "
		   "remote 192.0.2.2 seq 7\n", "monitor text: map new");

	cap_start(true, false);
	monitor_print_event(nlh);
	EXPECT_OUT("{\"event\":\"map_new\",\"ifindex\":7,\"ifname\":\"nve0\","
		   "\"vni\":100,\"mac\":\"52:54:00:12:34:56\","
		   "\"remote\":\"192.0.2.2\",\"local\":false,\"seq\":7}\n",
		   "monitor json: map new");

	m.have = BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC);
	nlh = msg_genl_start(buf, 0x20, NVE_CMD_MISS, 0);
	mnl_attr_put_u32(nlh, NVE_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, NVE_A_IFNAME, "nve0");
	msg_put_map(nlh, sizeof(buf), &m);
	m.mac[5] = 0x57;
	msg_put_map(nlh, sizeof(buf), &m);
	cap_start(false, false);
	monitor_print_event(nlh);
	EXPECT_OUT("miss dev nve0 vni 100 mac 52:54:00:12:34:56\n"
		   "miss dev nve0 vni 100 mac 52:54:00:12:34:57\n",
		   "monitor text: one line per nest");

	/* Mobility events. */
	m = sample_map();
	m.have = BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC) |
		 BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_SEQ) |
		 BIT(NVE_MAP_A_STATE) | BIT(NVE_MAP_A_MODE) |
		 BIT(NVE_MAP_A_REDIRECT_MS) | BIT(NVE_MAP_A_EXPIRES);
	m.state = NVE_MAP_STATE_REDIRECT;
	m.mode = NVE_MOVE_HOT;
	m.redirect_ms = 3000;
	m.expires_ms = 3000;
	nlh = msg_genl_start(buf, 0x20, NVE_CMD_MOVED, 0);
	mnl_attr_put_u32(nlh, NVE_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, NVE_A_IFNAME, "nve0");
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, NVE_A_MAP);

		mnl_attr_put_u32(nlh, NVE_MAP_A_VNI, 100);
		mnl_attr_put(nlh, NVE_MAP_A_MAC, 6, m.mac);
		mnl_attr_put(nlh, NVE_MAP_A_REMOTE, 4, &m.remote.v4);
		mnl_attr_put_u32(nlh, NVE_MAP_A_SEQ, 7);
		mnl_attr_put_u8(nlh, NVE_MAP_A_STATE, NVE_MAP_STATE_REDIRECT);
		mnl_attr_put_u8(nlh, NVE_MAP_A_MODE, NVE_MOVE_HOT);
		mnl_attr_put_u32(nlh, NVE_MAP_A_REDIRECT_MS, 3000);
		mnl_attr_put_u32(nlh, NVE_MAP_A_EXPIRES, 3000);
		mnl_attr_nest_end(nlh, n);
	}
	cap_start(false, false);
	CHECK(monitor_print_event(nlh) == 0, "monitor: moved parses");
	EXPECT_OUT("moved dev nve0 vni 100 mac 52:54:00:12:34:56 "
		   "remote 192.0.2.2 seq 7 state redirect mode hot "
		   "redirect-time 3000 expires 3.0s\n", "monitor text: moved");
	cap_start(true, false);
	monitor_print_event(nlh);
	EXPECT_OUT("{\"event\":\"moved\",\"ifindex\":7,\"ifname\":\"nve0\","
		   "\"vni\":100,\"mac\":\"52:54:00:12:34:56\","
		   "\"remote\":\"192.0.2.2\",\"local\":false,\"seq\":7,"
		   "\"state\":\"redirect\",\"mode\":\"hot\","
		   "\"redirect_ms\":3000,\"expires_ms\":3000}\n",
		   "monitor json: moved");

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_ACTIVATED, 0);
	mnl_attr_put_strz(nlh, NVE_A_IFNAME, "nve0");
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, NVE_A_MAP);

		mnl_attr_put_u32(nlh, NVE_MAP_A_VNI, 100);
		mnl_attr_put(nlh, NVE_MAP_A_MAC, 6, m.mac);
		mnl_attr_put(nlh, NVE_MAP_A_LOCAL, 0, "");
		mnl_attr_put_u8(nlh, NVE_MAP_A_STATE, NVE_MAP_STATE_ACTIVE);
		mnl_attr_put_u32(nlh, NVE_MAP_A_HELD, 12);
		mnl_attr_nest_end(nlh, n);
	}
	cap_start(false, false);
	monitor_print_event(nlh);
	EXPECT_OUT("activated dev nve0 vni 100 mac 52:54:00:12:34:56 local "
		   "held 12\n", "monitor text: activated");
	cap_start(true, false);
	monitor_print_event(nlh);
	EXPECT_OUT("{\"event\":\"activated\",\"ifname\":\"nve0\","
		   "\"vni\":100,\"mac\":\"52:54:00:12:34:56\",\"local\":true,"
		   "\"state\":\"active\",\"held\":12}\n",
		   "monitor json: activated");

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_STALE_SENDER, 0);
	mnl_attr_put_strz(nlh, NVE_A_IFNAME, "nve0");
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, NVE_A_MAP);
		struct in6_addr s6;

		inet_pton(AF_INET6, "2001:db8::9", &s6);
		mnl_attr_put_u32(nlh, NVE_MAP_A_VNI, 100);
		mnl_attr_put(nlh, NVE_MAP_A_MAC, 6, m.mac);
		mnl_attr_put(nlh, NVE_MAP_A_REMOTE, 4, &m.remote.v4);
		mnl_attr_put(nlh, NVE_MAP_A_SENDER6, 16, &s6);
		mnl_attr_nest_end(nlh, n);
	}
	cap_start(false, false);
	monitor_print_event(nlh);
	EXPECT_OUT("stale-sender dev nve0 vni 100 mac 52:54:00:12:34:56 "
		   "remote 192.0.2.2 sender 2001:db8::9\n",
		   "monitor text: stale-sender");
	cap_start(true, false);
	monitor_print_event(nlh);
	EXPECT_OUT("{\"event\":\"stale_sender\",\"ifname\":\"nve0\","
		   "\"vni\":100,\"mac\":\"52:54:00:12:34:56\","
		   "\"remote\":\"192.0.2.2\",\"local\":false,"
		   "\"sender\":\"2001:db8::9\"}\n", "monitor json: stale_sender");

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_EXPIRED, 0);
	mnl_attr_put_strz(nlh, NVE_A_IFNAME, "nve0");
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, NVE_A_MAP);

		mnl_attr_put_u32(nlh, NVE_MAP_A_VNI, 100);
		mnl_attr_put(nlh, NVE_MAP_A_MAC, 6, m.mac);
		mnl_attr_put(nlh, NVE_MAP_A_REMOTE, 4, &m.remote.v4);
		mnl_attr_put_u8(nlh, NVE_MAP_A_STATE, NVE_MAP_STATE_ACTIVE);
		mnl_attr_put_u64(nlh, NVE_MAP_A_REDIRECTS, 40);
		mnl_attr_nest_end(nlh, n);
	}
	cap_start(false, false);
	monitor_print_event(nlh);
	EXPECT_OUT("expired dev nve0 vni 100 mac 52:54:00:12:34:56 "
		   "remote 192.0.2.2 redirects 40\n", "monitor text: expired");
	cap_start(true, false);
	monitor_print_event(nlh);
	EXPECT_OUT("{\"event\":\"expired\",\"ifname\":\"nve0\","
		   "\"vni\":100,\"mac\":\"52:54:00:12:34:56\","
		   "\"remote\":\"192.0.2.2\",\"local\":false,"
		   "\"state\":\"active\",\"redirects\":40}\n",
		   "monitor json: expired");

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_EXPIRED, 0);
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, NVE_A_MAP);

		mnl_attr_put_u32(nlh, NVE_MAP_A_REDIRECTS, 40);
		mnl_attr_nest_end(nlh, n);
	}
	cap_start(false, false);
	CHECK(monitor_print_event(nlh) < 0,
	      "monitor: a u32 where REDIRECTS' u64 belongs is refused");
	free(cap_end());

	/* spoofed: an address claim (MAP + BIND), then a forged MAC (MAP). */
	nlh = msg_genl_start(buf, 0x20, NVE_CMD_SPOOFED, 0);
	mnl_attr_put_strz(nlh, NVE_A_IFNAME, "nve0");
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, NVE_A_MAP);
		struct in_addr ip;

		mnl_attr_put_u32(nlh, NVE_MAP_A_VNI, 100);
		mnl_attr_put(nlh, NVE_MAP_A_MAC, 6, m.mac);
		mnl_attr_nest_end(nlh, n);
		n = mnl_attr_nest_start(nlh, NVE_A_BIND);
		inet_pton(AF_INET, "192.0.2.10", &ip);
		mnl_attr_put_u32(nlh, NVE_BIND_A_VNI, 100);
		mnl_attr_put(nlh, NVE_BIND_A_IP, 4, &ip);
		mnl_attr_put(nlh, NVE_BIND_A_MAC, 6, m.mac);
		mnl_attr_nest_end(nlh, n);
	}
	cap_start(false, false);
	CHECK(monitor_print_event(nlh) == 0, "monitor: spoofed parses");
	EXPECT_OUT("spoofed dev nve0 vni 100 mac 52:54:00:12:34:56 "
		   "ip 192.0.2.10 claimed-mac 52:54:00:12:34:56\n",
		   "monitor text: spoofed, one line for both nests");
	cap_start(true, false);
	monitor_print_event(nlh);
	EXPECT_OUT("{\"event\":\"spoofed\",\"ifname\":\"nve0\","
		   "\"vni\":100,\"mac\":\"52:54:00:12:34:56\","
		   "\"ip\":\"192.0.2.10\","
		   "\"claimed_mac\":\"52:54:00:12:34:56\"}\n",
		   "monitor json: spoofed");

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_SPOOFED, 0);
	mnl_attr_put_strz(nlh, NVE_A_IFNAME, "nve0");
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, NVE_A_MAP);

		mnl_attr_put_u32(nlh, NVE_MAP_A_VNI, 100);
		mnl_attr_put(nlh, NVE_MAP_A_MAC, 6, m.mac);
		mnl_attr_put(nlh, NVE_MAP_A_REMOTE, 4, &m.remote.v4);
		mnl_attr_nest_end(nlh, n);
	}
	cap_start(false, false);
	monitor_print_event(nlh);
	EXPECT_OUT("spoofed dev nve0 vni 100 mac 52:54:00:12:34:56 "
		   "remote 192.0.2.2\n", "monitor text: spoofed MAC");

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_SPOOFED, 0);
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, NVE_A_BIND);

		mnl_attr_put_u16(nlh, NVE_BIND_A_VNI, 100);
		mnl_attr_nest_end(nlh, n);
	}
	cap_start(false, false);
	CHECK(monitor_print_event(nlh) < 0,
	      "monitor: spoofed with a malformed bind nest is refused");
	free(cap_end());

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_FROZEN, 0);
	mnl_attr_put_strz(nlh, NVE_A_IFNAME, "nve0");
	{
		struct nlattr *n = mnl_attr_nest_start(nlh, NVE_A_MAP);

		mnl_attr_put_u32(nlh, NVE_MAP_A_VNI, 100);
		mnl_attr_put(nlh, NVE_MAP_A_MAC, 6, m.mac);
		mnl_attr_put(nlh, NVE_MAP_A_REMOTE, 4, &m.remote.v4);
		mnl_attr_put_u8(nlh, NVE_MAP_A_STATE, NVE_MAP_STATE_ACTIVE);
		mnl_attr_put_u32(nlh, NVE_MAP_A_MOVES, 6);
		mnl_attr_put_u32(nlh, NVE_MAP_A_FROZEN, 0);
		mnl_attr_nest_end(nlh, n);
	}
	cap_start(false, false);
	monitor_print_event(nlh);
	EXPECT_OUT("frozen dev nve0 vni 100 mac 52:54:00:12:34:56 "
		   "remote 192.0.2.2 moves 6 frozen\n", "monitor text: frozen");
	cap_start(true, false);
	monitor_print_event(nlh);
	EXPECT_OUT("{\"event\":\"frozen\",\"ifname\":\"nve0\","
		   "\"vni\":100,\"mac\":\"52:54:00:12:34:56\","
		   "\"remote\":\"192.0.2.2\",\"local\":false,"
		   "\"state\":\"active\",\"moves\":6,\"frozen\":0}\n",
		   "monitor json: frozen");

	nlh = msg_genl_start(buf, 0x20, 99, 0);
	mnl_attr_put_strz(nlh, NVE_A_IFNAME, "nve0");
	cap_start(true, false);
	monitor_print_event(nlh);
	EXPECT_OUT("{\"event\":\"cmd_99\",\"ifname\":\"nve0\"}\n",
		   "monitor json: unknown command");

	nlh = msg_genl_start(buf, 0x20, NVE_CMD_MAP_NEW, 0);
	mnl_attr_put_u16(nlh, NVE_A_IFINDEX, 7);
	cap_start(false, false);
	CHECK(monitor_print_event(nlh) < 0, "monitor: malformed ifindex refused");
	free(cap_end());
}

int main(void)
{
	ktap_start();
	test_layer();
	test_formatters();
	test_map();
	test_map_motion();
	test_vm_state();
	test_bind_flood();
	test_link_stats();
	test_monitor();
	return ktap_finish();
}
