// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of parse.c: every command-line value the CLI accepts or
 * refuses, keyword prefix matching, and batch line splitting.
 */
#include <arpa/inet.h>

#include "nve.h"
#include "ktap.h"

static void test_matches(void)
{
	static const char *const objs[] = {
		"link", "map", "bind", "flood", "stats", "monitor", "help",
	};

	CHECK(matches("m", "map"), "matches: \"m\" is a prefix of map");
	CHECK(matches("map", "map"), "matches: the whole word");
	CHECK(!matches("", "map"), "matches: empty never matches");
	CHECK(!matches("mapx", "map"), "matches: longer than the word");
	CHECK(!matches("x", "map"), "matches: not a prefix");
	CHECK(match_word("m", objs, 7) == 1, "match_word: \"m\" is map (order)");
	CHECK(match_word("mo", objs, 7) == 5, "match_word: \"mo\" is monitor");
	CHECK(match_word("s", objs, 7) == 4, "match_word: \"s\" is stats");
	CHECK(match_word("q", objs, 7) == -1, "match_word: no match is -1");
}

static void test_u32(void)
{
	uint32_t v = 7;

	CHECK(!parse_u32("0", 10, &v) && v == 0, "u32: 0");
	CHECK(!parse_u32("4294967295", UINT32_MAX, &v) && v == UINT32_MAX,
	      "u32: UINT32_MAX");
	CHECK(parse_u32("4294967296", UINT32_MAX, &v), "u32: 2^32 refused");
	CHECK(parse_u32("99999999999999999999999", UINT32_MAX, &v),
	      "u32: overflow refused");
	CHECK(!parse_u32("0x10", 100, &v) && v == 16, "u32: hex 0x10");
	CHECK(parse_u32("0x", 100, &v), "u32: bare 0x refused");
	CHECK(parse_u32("-1", UINT32_MAX, &v), "u32: negative refused");
	CHECK(parse_u32("+1", UINT32_MAX, &v), "u32: sign refused");
	CHECK(parse_u32(" 1", UINT32_MAX, &v), "u32: leading space refused");
	CHECK(parse_u32("1 ", UINT32_MAX, &v), "u32: trailing space refused");
	CHECK(parse_u32("12a", UINT32_MAX, &v), "u32: trailing junk refused");
	CHECK(parse_u32("", UINT32_MAX, &v), "u32: empty refused");
	v = 5;
	parse_u32("11", 10, &v);
	CHECK(v == 5, "u32: out of range leaves the output alone");
}

static void test_vni(void)
{
	uint32_t vni = 0;

	CHECK(!parse_vni("0", &vni) && vni == 0, "vni: 0");
	CHECK(!parse_vni("100", &vni) && vni == 100, "vni: 100");
	CHECK(!parse_vni("16777215", &vni) && vni == 16777215,
	      "vni: 2^24-1 is the largest");
	CHECK(parse_vni("16777216", &vni) != NULL, "vni: 2^24 refused");
	CHECK(parse_vni("0x1000000", &vni) != NULL, "vni: 2^24 in hex refused");
	CHECK(parse_vni("abc", &vni) != NULL, "vni: word refused");
	CHECK(strstr(parse_vni("16777216", &vni), "16777215") != NULL,
	      "vni: the reason names the range");
}

static void test_mac(void)
{
	static const uint8_t want[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	uint8_t mac[6] = { 0 };

	CHECK(!parse_mac("52:54:00:12:34:56", mac) && !memcmp(mac, want, 6),
	      "mac: lower case");
	memset(mac, 0, 6);
	CHECK(!parse_mac("52:54:00:12:34:56", mac) && !memcmp(mac, want, 6),
	      "mac: again after reset");
	CHECK(!parse_mac("AA:BB:CC:DD:EE:FF", mac) && mac[0] == 0xaa &&
	      mac[5] == 0xff, "mac: upper case");
	CHECK(!parse_mac("2:4:0:1:3:5", mac) && mac[0] == 2 && mac[5] == 5,
	      "mac: single digits");
	CHECK(parse_mac("52:54:00:12:34", mac) != NULL, "mac: five groups");
	CHECK(parse_mac("52:54:00:12:34:56:78", mac) != NULL, "mac: seven");
	CHECK(parse_mac("52:54:00:12:34:5g", mac) != NULL, "mac: not hex");
	CHECK(parse_mac("525400123456", mac) != NULL, "mac: no colons");
	CHECK(parse_mac("52-54-00-12-34-56", mac) != NULL, "mac: dashes");
	CHECK(parse_mac("152:54:00:12:34:56", mac) != NULL, "mac: 3 digits");
	CHECK(parse_mac("", mac) != NULL, "mac: empty");
	memcpy(mac, want, 6);
	parse_mac("00:00:00:00:00:zz", mac);
	CHECK(!memcmp(mac, want, 6), "mac: a failure leaves the output alone");
}

static void test_addr(void)
{
	struct nve_addr a;
	struct in6_addr v6;

	CHECK(!parse_addr("192.0.2.1", &a) && a.family == AF_INET &&
	      a.v4.s_addr == htonl(0xc0000201), "addr: IPv4 in network order");
	inet_pton(AF_INET6, "2001:db8::1", &v6);
	CHECK(!parse_addr("2001:db8::1", &a) && a.family == AF_INET6 &&
	      !memcmp(&a.v6, &v6, 16), "addr: IPv6");
	CHECK(!parse_addr("::ffff:192.0.2.1", &a) && a.family == AF_INET6,
	      "addr: v4-mapped IPv6 stays IPv6");
	CHECK(parse_addr("300.1.1.1", &a) != NULL, "addr: octet > 255");
	CHECK(parse_addr("1.2.3", &a) != NULL, "addr: three octets");
	CHECK(parse_addr("fe80::1%eth0", &a) != NULL, "addr: zone refused");
	CHECK(parse_addr("2001:db8:::1", &a) != NULL, "addr: bad IPv6");
	CHECK(parse_addr("host.example", &a) != NULL, "addr: no names");
}

static void test_port(void)
{
	uint16_t p = 0;

	CHECK(!parse_port("4789", &p) && p == 4789, "port: 4789");
	CHECK(!parse_port("1", &p) && p == 1, "port: 1");
	CHECK(!parse_port("65535", &p) && p == 65535, "port: 65535");
	CHECK(parse_port("0", &p) != NULL, "port: 0 refused");
	CHECK(parse_port("65536", &p) != NULL, "port: 65536 refused");
	CHECK(parse_port("http", &p) != NULL, "port: names refused");
}

static void test_small(void)
{
	uint8_t u = 9;
	bool on = false;

	CHECK(!parse_u8("255", &u) && u == 255, "u8: 255");
	CHECK(parse_u8("256", &u) != NULL, "u8: 256 refused");
	CHECK(!parse_ttl("auto", &u) && u == 0, "ttl: auto is 0");
	CHECK(!parse_ttl("64", &u) && u == 64, "ttl: 64");
	CHECK(parse_ttl("300", &u) != NULL, "ttl: 300 refused");
	CHECK(!parse_tos("inherit", &u) && u == NVE_TOS_INHERIT,
	      "tos: inherit is NVE_TOS_INHERIT");
	CHECK(!parse_tos("0x10", &u) && u == 0x10, "tos: hex");
	CHECK(parse_tos("-1", &u) != NULL, "tos: negative refused");
	CHECK(!parse_onoff("on", &on) && on, "onoff: on");
	CHECK(!parse_onoff("off", &on) && !on, "onoff: off");
	CHECK(parse_onoff("yes", &on) != NULL, "onoff: yes refused");
	CHECK(!parse_encap("vxlan", &u) && u == NVE_ENCAP_VXLAN, "encap: vxlan");
	CHECK(!parse_encap("geneve", &u) && u == NVE_ENCAP_GENEVE,
	      "encap: geneve");
	CHECK(parse_encap("gre", &u) != NULL, "encap: gre refused");
}

static void test_ifname(void)
{
	CHECK(!parse_ifname("nve0"), "ifname: nve0");
	CHECK(!parse_ifname("abcdefghijklmno"), "ifname: 15 characters");
	CHECK(parse_ifname("abcdefghijklmnop") != NULL, "ifname: 16 refused");
	CHECK(parse_ifname("") != NULL, "ifname: empty refused");
	CHECK(parse_ifname("a/b") != NULL, "ifname: slash refused");
	CHECK(parse_ifname("a b") != NULL, "ifname: space refused");
	CHECK(parse_ifname("a:1") != NULL, "ifname: colon refused");
	CHECK(parse_ifname("..") != NULL, "ifname: .. refused");
}

static void test_split(void)
{
	char *argv[8];
	const char *err = NULL;
	char l1[] = "  map add dev nve0  mac 52:54:00:12:34:56\tlocal\n";
	char l2[] = "# a comment\n";
	char l3[] = "   \n";
	char l4[] = "map show # trailing comment\n";
	char l5[] = "bind add dev \"nve 0\" ip 'a#b'\n";
	char l6[] = "map add dev \"nve0\n";
	char l7[] = "a b c d e f g h i\n";
	char l8[] = "x\"y z\"w\n";

	CHECK(split_line(l1, argv, 8, &err) == 7 && !strcmp(argv[0], "map") &&
	      !strcmp(argv[3], "nve0") && !strcmp(argv[6], "local"),
	      "split: words and blanks");
	CHECK(split_line(l2, argv, 8, &err) == 0, "split: comment line");
	CHECK(split_line(l3, argv, 8, &err) == 0, "split: blank line");
	CHECK(split_line(l4, argv, 8, &err) == 2, "split: trailing comment");
	CHECK(split_line(l5, argv, 8, &err) == 6 &&
	      !strcmp(argv[3], "nve 0") && !strcmp(argv[5], "a#b"),
	      "split: quotes keep blanks and #");
	err = NULL;
	CHECK(split_line(l6, argv, 8, &err) == -1 && err &&
	      strstr(err, "quote"), "split: unterminated quote");
	err = NULL;
	CHECK(split_line(l7, argv, 8, &err) == -1 && err,
	      "split: too many words");
	CHECK(split_line(l8, argv, 8, &err) == 1 && !strcmp(argv[0], "xy zw"),
	      "split: quotes inside a word");
}

/* "nve move/prepare/activate/withdraw" argument vectors (move.c). */
static int mv(const char *verb, const char *line, struct nve_map *m,
	      const char **dev)
{
	static char copy[256];
	char *argv[32];
	const char *err;
	int argc;
	FILE *saved = stderr;
	int rc;

	snprintf(copy, sizeof(copy), "%s", line);
	argc = split_line(copy, argv, 32, &err);
	/* The refusals print to stderr: keep the TAP stream clean. */
	stderr = fopen("/dev/null", "w");
	rc = move_parse_for_test(verb, argc, argv, m, dev);
	fclose(stderr);
	stderr = saved;
	return rc;
}

static void test_mobility(void)
{
	struct nve_map m;
	const char *dev = NULL;
	uint32_t ms = 7;
	uint8_t mode = 9;
	char buf[32];

	CHECK(!parse_mode("hot", &mode) && mode == NVE_MOVE_HOT, "mode: hot");
	CHECK(!parse_mode("warm", &mode) && mode == NVE_MOVE_WARM,
	      "mode: warm");
	CHECK(!parse_mode("cold", &mode) && mode == NVE_MOVE_COLD,
	      "mode: cold");
	CHECK(parse_mode("h", &mode) && mode == NVE_MOVE_COLD,
	      "mode: no prefixes, output left alone");
	CHECK(parse_mode("lukewarm", &mode) != NULL, "mode: unknown refused");
	CHECK(!strcmp(mode_name(NVE_MOVE_WARM), "warm") && !mode_name(9),
	      "mode_name: known, and NULL for a newer one");
	CHECK(!strcmp(state_name(NVE_MAP_STATE_PENDING), "pending") &&
	      !strcmp(state_name(NVE_MAP_STATE_REDIRECT), "redirect") &&
	      !state_name(200), "state_name");
	{
		uint8_t what = 0xff;

		CHECK(!parse_announce("none", &what) && what == 0,
		      "announce: none");
		CHECK(!parse_announce("rarp,garp", &what) &&
		      what == (NVE_ANNOUNCE_RARP | NVE_ANNOUNCE_GARP),
		      "announce: a list, any order");
		CHECK(!parse_announce("garp,na,rarp", &what) &&
		      what == (NVE_ANNOUNCE_GARP | NVE_ANNOUNCE_NA |
			       NVE_ANNOUNCE_RARP), "announce: all three");
		CHECK(parse_announce("garp,garp", &what) &&
		      parse_announce("garp,", &what) &&
		      parse_announce("", &what) &&
		      parse_announce("ga", &what) &&
		      parse_announce("none,garp", &what),
		      "announce: repeats, empty items, prefixes refused");
		CHECK_STR(fmt_announce(0, buf, sizeof(buf)), "none",
			  "fmt_announce: none");
		CHECK_STR(fmt_announce(NVE_ANNOUNCE_GARP | NVE_ANNOUNCE_RARP,
				       buf, sizeof(buf)), "garp,rarp",
			  "fmt_announce: a list");
		CHECK_STR(fmt_announce(0x87, buf, sizeof(buf)),
			  "garp,na,rarp,bit7", "fmt_announce: an unknown bit");
	}
	CHECK(!parse_ms("0", 100, &ms) && ms == 0, "ms: 0");
	CHECK(!parse_ms("3600000", NVE_REDIRECT_MS_LIMIT, &ms) &&
	      ms == NVE_REDIRECT_MS_LIMIT, "ms: the limit");
	CHECK(parse_ms("3600001", NVE_REDIRECT_MS_LIMIT, &ms) != NULL &&
	      strstr(parse_ms("x", 5, &ms), "0-5 milliseconds"),
	      "ms: above the limit refused, the reason names it");
	CHECK(!parse_secs("1", 1, NVE_DUP_WINDOW_LIMIT, &ms) && ms == 1 &&
	      !parse_secs("86400", 1, NVE_DUP_WINDOW_LIMIT, &ms) &&
	      ms == NVE_DUP_WINDOW_LIMIT, "secs: 1 and the limit");
	CHECK(parse_secs("0", 1, 5, &ms) &&
	      strstr(parse_secs("6", 1, 5, &ms), "1-5 seconds") &&
	      !parse_secs("0", 0, 5, &ms) && ms == 0,
	      "secs: below the minimum and above the limit refused");
	CHECK_STR(fmt_ms(750, buf, sizeof(buf)), "750ms", "fmt_ms: 750ms");
	CHECK_STR(fmt_ms(2549, buf, sizeof(buf)), "2.5s", "fmt_ms: 2.5s");
	CHECK_STR(fmt_ms(65000, buf, sizeof(buf)), "1m5s", "fmt_ms: 1m5s");

	CHECK(mv("move", "dev nve0 vni 100 mac 02:00:00:00:00:01 to 10.0.2.2 "
		 "mode hot redirect-time 1500 seq 9", &m, &dev) == NVE_OK &&
	      !strcmp(dev, "nve0") && m.vni == 100 && m.mac[5] == 1 &&
	      m.remote.family == AF_INET && m.mode == NVE_MOVE_HOT &&
	      m.redirect_ms == 1500 && m.seq == 9 &&
	      m.have == (BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC) |
			 BIT(NVE_MAP_A_REMOTE) | BIT(NVE_MAP_A_MODE) |
			 BIT(NVE_MAP_A_REDIRECT_MS) | BIT(NVE_MAP_A_SEQ)),
	      "move: every argument, and the attributes it sends");
	CHECK(mv("move", "dev nve0 mac 02:00:00:00:00:01 to 2001:db8::2 "
		 "port 4790 remote-vni 7", &m, &dev) == NVE_OK &&
	      m.have == (BIT(NVE_MAP_A_MAC) | BIT(NVE_MAP_A_REMOTE6) |
			 BIT(NVE_MAP_A_PORT) | BIT(NVE_MAP_A_REMOTE_VNI)),
	      "move: IPv6 to, overrides; no mode sent unless given");
	CHECK(mv("move", "dev nve0 mac 02:00:00:00:00:01 to 10.0.2.2 "
		 "redirect-time 0", &m, &dev) == NVE_OK &&
	      (m.have & BIT(NVE_MAP_A_REDIRECT_MS)) && !m.redirect_ms,
	      "move: redirect-time 0 is sent (no redirect)");
	CHECK(mv("move", "dev nve0 mac 02:00:00:00:00:01 to 10.0.2.2 "
		 "mode cold", &m, &dev) == NVE_OK && m.mode == NVE_MOVE_COLD,
	      "move: mode cold");
	CHECK(mv("move", "dev nve0 mac 02:00:00:00:00:01", &m, &dev) ==
	      NVE_EUSAGE, "move: without to");
	CHECK(mv("move", "dev nve0 to 10.0.2.2", &m, &dev) == NVE_EUSAGE,
	      "move: without mac");
	CHECK(mv("move", "mac 02:00:00:00:00:01 to 10.0.2.2", &m, &dev) ==
	      NVE_EUSAGE, "move: without dev");
	CHECK(mv("move", "dev nve0 mac 02:00:00:00:00:01 to 10.0.2.2 mode warm "
		 "redirect-time 5", &m, &dev) == NVE_EUSAGE,
	      "move: redirect-time with a warm move refused");
	CHECK(mv("move", "dev nve0 mac 02:00:00:00:00:01 to 10.0.2.2 "
		 "redirect-time 3600001", &m, &dev) == NVE_EUSAGE,
	      "move: redirect-time above the limit");
	CHECK(mv("move", "dev nve0 mac 01:00:00:00:00:01 to 10.0.2.2", &m,
		 &dev) == NVE_EUSAGE, "move: multicast MAC");
	CHECK(mv("move", "dev nve0 mac 02:00:00:00:00:01 to 10.0.2", &m,
		 &dev) == NVE_EUSAGE, "move: bad address");
	CHECK(mv("move", "dev nve0 mac 02:00:00:00:00:01 to 10.0.2.2 to "
		 "10.0.2.3", &m, &dev) == NVE_EUSAGE, "move: duplicate to");
	CHECK(mv("move", "dev nve0 mac 02:00:00:00:00:01 to", &m, &dev) ==
	      NVE_EUSAGE, "move: to without a value");

	CHECK(mv("prepare", "dev nve0 mac 02:00:00:00:00:01 seq 3", &m,
		 &dev) == NVE_OK &&
	      m.have == (BIT(NVE_MAP_A_MAC) | BIT(NVE_MAP_A_SEQ)) && m.seq == 3,
	      "prepare: mac and seq");
	CHECK(mv("prepare", "dev nve0 mac 02:00:00:00:00:01 hold-packets 4096 "
		 "hold-time 60000", &m, &dev) == NVE_OK &&
	      m.have == (BIT(NVE_MAP_A_MAC) | BIT(NVE_MAP_A_HOLD_PKTS) |
			 BIT(NVE_MAP_A_HOLD_MS)) &&
	      m.hold_pkts == 4096 && m.hold_ms == NVE_HOLD_MS_LIMIT,
	      "prepare: hold-packets and hold-time");
	CHECK(mv("prepare", "dev nve0 mac 02:00:00:00:00:01 announce na,rarp",
		 &m, &dev) == NVE_OK &&
	      m.have == (BIT(NVE_MAP_A_MAC) | BIT(NVE_MAP_A_ANNOUNCE)) &&
	      m.announce == (NVE_ANNOUNCE_NA | NVE_ANNOUNCE_RARP),
	      "prepare: announce");
	CHECK(mv("prepare", "dev nve0 mac 02:00:00:00:00:01 announce none",
		 &m, &dev) == NVE_OK &&
	      (m.have & BIT(NVE_MAP_A_ANNOUNCE)) && m.announce == 0,
	      "prepare: announce none is sent, as 0");
	CHECK(mv("move", "dev nve0 mac 02:00:00:00:00:01 to 10.0.2.2 "
		 "announce garp", &m, &dev) == NVE_EUSAGE,
	      "move: announce is not valid");
	CHECK(mv("prepare", "dev nve0 mac 02:00:00:00:00:01 hold-packets 65537",
		 &m, &dev) == NVE_EUSAGE, "prepare: hold-packets above the limit");
	CHECK(mv("prepare", "dev nve0 mac 02:00:00:00:00:01 hold-time 60001",
		 &m, &dev) == NVE_EUSAGE, "prepare: hold-time above the limit");
	CHECK(mv("move", "dev nve0 mac 02:00:00:00:00:01 to 10.0.2.2 "
		 "hold-packets 1", &m, &dev) == NVE_EUSAGE,
	      "move: hold-packets is not valid");
	CHECK(mv("prepare", "dev nve0 mac 02:00:00:00:00:01 to 10.0.2.2", &m,
		 &dev) == NVE_EUSAGE, "prepare: to is not valid");
	CHECK(mv("prepare", "dev nve0 mac 02:00:00:00:00:01 mode hot", &m,
		 &dev) == NVE_EUSAGE, "prepare: mode is not valid");
	CHECK(mv("activate", "dev nve0 vni 5 mac 02:00:00:00:00:01", &m,
		 &dev) == NVE_OK &&
	      m.have == (BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC)),
	      "activate: vni and mac");
	CHECK(mv("activate", "dev nve0 mac 02:00:00:00:00:01 seq 1", &m,
		 &dev) == NVE_EUSAGE, "activate: seq is not valid");
	CHECK(mv("withdraw", "dev nve0 mac 02:00:00:00:00:01 seq 4", &m,
		 &dev) == NVE_OK && m.seq == 4, "withdraw: seq");
	CHECK(mv("withdraw", "dev nve0 mac 02:00:00:00:00:01 redirect-time 1",
		 &m, &dev) == NVE_EUSAGE, "withdraw: redirect-time not valid");
	CHECK(mv("unfreeze", "dev nve0 vni 5 mac 02:00:00:00:00:01", &m,
		 &dev) == NVE_OK && !strcmp(dev, "nve0") && m.vni == 5 &&
	      m.have == (BIT(NVE_MAP_A_VNI) | BIT(NVE_MAP_A_MAC)),
	      "unfreeze: vni and mac");
	CHECK(mv("unfreeze", "dev nve0 mac 02:00:00:00:00:01 seq 3", &m,
		 &dev) == NVE_EUSAGE, "unfreeze: seq is not valid");
	CHECK(mv("unfreeze", "dev nve0 mac 02:00:00:00:00:01 to 10.0.2.2", &m,
		 &dev) == NVE_EUSAGE, "unfreeze: to is not valid");
	CHECK(mv("unfreeze", "dev nve0", &m, &dev) == NVE_EUSAGE,
	      "unfreeze: mac is required");
	CHECK(mv("frobnicate", "dev nve0", &m, &dev) == NVE_EUSAGE,
	      "move_parse_for_test: unknown verb");
}

int main(void)
{
	ktap_start();
	test_matches();
	test_u32();
	test_vni();
	test_mac();
	test_addr();
	test_port();
	test_small();
	test_ifname();
	test_split();
	test_mobility();
	return ktap_finish();
}
