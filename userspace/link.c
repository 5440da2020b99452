// SPDX-License-Identifier: GPL-2.0
/*
 * nve link: create, change, delete and show nve devices.
 *
 *	nve link add NAME [LINK_OPTS]		rtnetlink RTM_NEWLINK, kind "nve"
 *	nve link set NAME LINK_OPTS		rtnetlink RTM_NEWLINK (changelink)
 *	nve link del NAME			rtnetlink RTM_DELLINK
 *	nve link show [dev NAME]		genl NVE_CMD_DEV_GET do or dump
 *
 * set and del first check that NAME is an nve device, so that a typo can't
 * delete eth0.
 *
 * JSON keys of one device: ifindex, ifname, encap ("vxlan", "geneve"),
 * vni, local (absent for a wildcard socket), dstport, ttl (0: route default), tos (a
 * number; 1 is "inherit"), proxy (bool), spoof_check (bool), entries,
 * max_entries, entry_size, redirect_ms, redirect_max_ms, hold_pkts,
 * hold_ms, announce (VM mobility; announce is a string as the option takes
 * it: "none", "garp,na,rarp"), dup_moves, dup_window, dup_freeze
 * (duplicate detection), stats (object, see stats.c).
 */
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "nve.h"

#define STR_(x)	#x
#define STR(x)	STR_(x)

enum link_verb { LINK_ADD, LINK_SET, LINK_DEL, LINK_SHOW, LINK_HELP };

static const char *const verbs[] = {
	[LINK_ADD] = "add", [LINK_SET] = "set", [LINK_DEL] = "delete",
	[LINK_SHOW] = "show", [LINK_HELP] = "help",
};

void link_usage(FILE *f)
{
	fprintf(f,
		"Usage: nve link add NAME [ LINK_OPTS ]\n"
		"       nve link set NAME LINK_OPTS\n"
		"       nve link del NAME\n"
		"       nve link show [ dev NAME ]\n"
		"where  LINK_OPTS := [ vni VNI ] [ local ADDR ] [ dstport PORT ]\n"
		"                    [ encap { vxlan | geneve } ] [ ttl { 0-255 | auto } ]\n"
		"                    [ tos { 0-255 | inherit } ] [ max-entries N ]\n"
		"                    [ proxy { on | off } ] [ spoof-check { on | off } ]\n"
		"                    [ redirect-time MS ]\n"
		"                    [ redirect-max MS ] [ hold-packets N ] [ hold-time MS ]\n"
		"                    [ dup-moves N ] [ dup-window S ] [ dup-freeze S ]\n"
		"                    [ announce { none | ANNOUNCE } ]\n"
		"       ANNOUNCE := { garp | na | rarp }[,...]\n"
		"       VNI := 0-16777215    PORT := 1-65535\n"
		"       ADDR := the local IPv4 or IPv6 underlay address\n"
		"redirect-time: how long a hot move redirects by default (0: not at all);\n"
		"redirect-max: the longest one a move may ask for; hold-packets and\n"
		"hold-time: what a pending (prepared) mapping holds until the VM appears;\n"
		"announce: what nve sends on a VM's behalf when its mapping activates\n"
		"(a GARP per IPv4 binding, an NA per IPv6 one, a RARP; default none).\n"
		"dup-moves: more moves of one MAC than this within dup-window seconds\n"
		"freeze its mapping (0: no duplicate detection), for dup-freeze seconds\n"
		"(0: until \"nve unfreeze\").\n"
		"spoof-check: drop (count, report) local frames whose source MAC is a\n"
		"remote VM's, or whose ARP/ND claims an address bound to another MAC.\n"
		"VNI, local, dstport and encap can't change while the device is up.\n"
		"Standard counters: ip -s link show NAME.\n");
}

static const struct {
	const char *name;
	int bit;
} opts[] = {
	{ "vni", NVE_DEV_A_VNI }, { "local", NVE_DEV_A_LOCAL },
	{ "dstport", NVE_DEV_A_PORT }, { "encap", NVE_DEV_A_ENCAP },
	{ "ttl", NVE_DEV_A_TTL }, { "tos", NVE_DEV_A_TOS },
	{ "max-entries", NVE_DEV_A_MAX_ENTRIES },
	{ "proxy", NVE_DEV_A_PROXY },
	{ "spoof-check", NVE_DEV_A_SPOOF_CHECK },
	{ "redirect-time", NVE_DEV_A_REDIRECT_MS },
	{ "redirect-max", NVE_DEV_A_REDIRECT_MAX_MS },
	{ "hold-packets", NVE_DEV_A_HOLD_PKTS },
	{ "hold-time", NVE_DEV_A_HOLD_MS },
	{ "dup-moves", NVE_DEV_A_DUP_MOVES },
	{ "dup-window", NVE_DEV_A_DUP_WINDOW },
	{ "dup-freeze", NVE_DEV_A_DUP_FREEZE },
	{ "announce", NVE_DEV_A_ANNOUNCE },
};

/* NAME [LINK_OPTS]; NAME may also be given as "dev NAME" or "name NAME". */
static int link_parse(int verb, int argc, char **argv, const char **name,
		      struct nve_link *c)
{
	const char *why;

	memset(c, 0, sizeof(*c));
	*name = NULL;
	for (; argc > 0; argc--, argv++) {
		const char *k = argv[0], *v;
		unsigned int i;
		bool on;

		if (!strcmp(k, "dev") || !strcmp(k, "name")) {
			if (argc < 2)
				return noval(k, "link");
			argc--, argv++;
			k = argv[0];
		} else {
			for (i = 0; i < ARRAY_SIZE(opts); i++)
				if (!strcmp(k, opts[i].name))
					break;
			if (i == ARRAY_SIZE(opts) && !*name) {
				/* a bare NAME */
			} else if (i == ARRAY_SIZE(opts)) {
				return unknownarg(k, "link");
			} else if (verb == LINK_DEL || verb == LINK_SHOW) {
				return notvalid(k, "link", verbs[verb]);
			} else {
				if (argc < 2)
					return noval(k, "link");
				if (c->have & (BIT(opts[i].bit) |
				    (opts[i].bit == NVE_DEV_A_LOCAL ?
				     BIT(NVE_DEV_A_LOCAL6) : 0)))
					return duparg(k, "link");
				argc--, argv++;
				v = argv[0];
				switch (opts[i].bit) {
				case NVE_DEV_A_VNI:
					why = parse_vni(v, &c->vni);
					break;
				case NVE_DEV_A_LOCAL:
					why = parse_addr(v, &c->local);
					break;
				case NVE_DEV_A_PORT:
					why = parse_port(v, &c->port);
					break;
				case NVE_DEV_A_ENCAP:
					why = parse_encap(v, &c->encap);
					break;
				case NVE_DEV_A_TTL:
					why = parse_ttl(v, &c->ttl);
					break;
				case NVE_DEV_A_TOS:
					why = parse_tos(v, &c->tos);
					break;
				case NVE_DEV_A_MAX_ENTRIES:
					why = parse_u32(v, UINT32_MAX,
							&c->max_entries) ?
					      "must be 0-4294967295 (0: default)" :
					      NULL;
					break;
				case NVE_DEV_A_REDIRECT_MS:
					why = parse_ms(v, NVE_REDIRECT_MS_LIMIT,
						       &c->redirect_ms);
					break;
				case NVE_DEV_A_REDIRECT_MAX_MS:
					why = parse_ms(v, NVE_REDIRECT_MS_LIMIT,
						       &c->redirect_max_ms);
					break;
				case NVE_DEV_A_HOLD_PKTS:
					why = parse_u32(v, NVE_HOLD_PKTS_LIMIT,
							&c->hold_pkts) ?
					      "must be 0-" STR(NVE_HOLD_PKTS_LIMIT) " frames" :
					      NULL;
					break;
				case NVE_DEV_A_HOLD_MS:
					why = parse_ms(v, NVE_HOLD_MS_LIMIT,
						       &c->hold_ms);
					break;
				case NVE_DEV_A_DUP_MOVES:
					why = parse_u32(v, UINT32_MAX,
							&c->dup_moves) ?
					      "must be 0-4294967295 (0: off)" :
					      NULL;
					break;
				case NVE_DEV_A_DUP_WINDOW:
					why = parse_secs(v, 1, NVE_DUP_WINDOW_LIMIT,
							 &c->dup_window);
					break;
				case NVE_DEV_A_DUP_FREEZE:
					why = parse_secs(v, 0, NVE_DUP_WINDOW_LIMIT,
							 &c->dup_freeze);
					break;
				case NVE_DEV_A_ANNOUNCE:
					why = parse_announce(v, &c->announce);
					break;
				case NVE_DEV_A_SPOOF_CHECK:
					why = parse_onoff(v, &on);
					c->spoof_check = on;
					break;
				default:
					why = parse_onoff(v, &on);
					c->proxy = on;
					break;
				}
				if (why)
					return invarg(opts[i].name, v, why,
						      "link");
				if (opts[i].bit == NVE_DEV_A_LOCAL &&
				    c->local.family == AF_INET6)
					c->have |= BIT(NVE_DEV_A_LOCAL6);
				else
					c->have |= BIT(opts[i].bit);
				continue;
			}
		}
		if (*name)
			return duparg("NAME", "link");
		why = parse_ifname(k);
		if (why)
			return invarg("NAME", k, why, "link");
		*name = k;
	}
	if (!*name && verb != LINK_SHOW)
		return missarg("NAME", "link");
	if (verb == LINK_SET && !c->have)
		return badcombo("\"nve link set\" needs something to change", "link");
	return NVE_OK;
}

static const char *encap_name(uint8_t e)
{
	switch (e) {
	case NVE_ENCAP_VXLAN:
		return "vxlan";
	case NVE_ENCAP_GENEVE:
		return "geneve";
	}
	return "unknown";
}

void link_print(const struct nve_dev *d)
{
	const struct nve_link *c = &d->cfg;
	char buf[ADDR_STRLEN], abuf[ANNOUNCE_STRLEN];
	uint32_t h = c->have;

	out_open_object(NULL);
	out_uint(PRINT_ANY, "ifindex", "%s:", d->ifindex);
	out_str(PRINT_ANY, "ifname", "%s:", d->ifname);
	if (h & BIT(NVE_DEV_A_ENCAP))
		out_str(PRINT_ANY, "encap", "encap %s", encap_name(c->encap));
	if (h & BIT(NVE_DEV_A_VNI))
		out_uint(PRINT_ANY, "vni", "vni %s", c->vni);
	/* 0.0.0.0 is the wildcard socket: no local address to show. */
	if ((h & BIT(NVE_DEV_A_LOCAL6)) ||
	    ((h & BIT(NVE_DEV_A_LOCAL)) && c->local.v4.s_addr))
		out_str(PRINT_ANY, "local", "local %s",
			fmt_addr(&c->local, buf, sizeof(buf)));
	if (h & BIT(NVE_DEV_A_PORT))
		out_uint(PRINT_ANY, "dstport", "dstport %s", c->port);
	if (h & BIT(NVE_DEV_A_TTL)) {
		out_uint(PRINT_JSON, "ttl", NULL, c->ttl);
		if (!c->ttl)
			out_str(PRINT_TEXT, NULL, "ttl %s", "auto");
		else
			out_uint(PRINT_TEXT, NULL, "ttl %s", c->ttl);
	}
	if (h & BIT(NVE_DEV_A_TOS)) {
		out_uint(PRINT_JSON, "tos", NULL, c->tos);
		if (c->tos == NVE_TOS_INHERIT)
			out_str(PRINT_TEXT, NULL, "tos %s", "inherit");
		else
			out_uint(PRINT_TEXT, NULL, "tos %s", c->tos);
	}
	if (h & BIT(NVE_DEV_A_PROXY))
		out_bool(PRINT_ANY, "proxy", "proxy %s", c->proxy);
	if (h & BIT(NVE_DEV_A_SPOOF_CHECK))
		out_bool(PRINT_ANY, "spoof_check", "spoof-check %s",
			 c->spoof_check);
	out_nl();
	if (h & (BIT(NVE_DEV_A_ENTRIES) | BIT(NVE_DEV_A_MAX_ENTRIES) |
		 BIT(NVE_DEV_A_ENTRY_SIZE))) {
		out_text("    ");
		if (h & BIT(NVE_DEV_A_ENTRIES))
			out_uint(PRINT_ANY, "entries", "entries %s",
				 c->entries);
		if (h & BIT(NVE_DEV_A_MAX_ENTRIES))
			out_uint(PRINT_ANY, "max_entries", "max-entries %s",
				 c->max_entries);
		if (h & BIT(NVE_DEV_A_ENTRY_SIZE))
			out_uint(PRINT_ANY, "entry_size", "entry-size %s",
				 c->entry_size);
		out_nl();
	}
	if (h & (BIT(NVE_DEV_A_REDIRECT_MS) | BIT(NVE_DEV_A_REDIRECT_MAX_MS) |
		 BIT(NVE_DEV_A_HOLD_PKTS) | BIT(NVE_DEV_A_HOLD_MS) |
		 BIT(NVE_DEV_A_ANNOUNCE))) {
		out_text("    ");
		if (h & BIT(NVE_DEV_A_REDIRECT_MS))
			out_uint(PRINT_ANY, "redirect_ms", "redirect-time %s",
				 c->redirect_ms);
		if (h & BIT(NVE_DEV_A_REDIRECT_MAX_MS))
			out_uint(PRINT_ANY, "redirect_max_ms",
				 "redirect-max %s", c->redirect_max_ms);
		if (h & BIT(NVE_DEV_A_HOLD_PKTS))
			out_uint(PRINT_ANY, "hold_pkts", "hold-packets %s",
				 c->hold_pkts);
		if (h & BIT(NVE_DEV_A_HOLD_MS))
			out_uint(PRINT_ANY, "hold_ms", "hold-time %s",
				 c->hold_ms);
		if (h & BIT(NVE_DEV_A_ANNOUNCE))
			out_str(PRINT_ANY, "announce", "announce %s",
				fmt_announce(c->announce, abuf, sizeof(abuf)));
		out_nl();
	}
	if (h & (BIT(NVE_DEV_A_DUP_MOVES) | BIT(NVE_DEV_A_DUP_WINDOW) |
		 BIT(NVE_DEV_A_DUP_FREEZE))) {
		out_text("    ");
		if (h & BIT(NVE_DEV_A_DUP_MOVES))
			out_uint(PRINT_ANY, "dup_moves", "dup-moves %s",
				 c->dup_moves);
		if (h & BIT(NVE_DEV_A_DUP_WINDOW))
			out_uint(PRINT_ANY, "dup_window", "dup-window %s",
				 c->dup_window);
		if (h & BIT(NVE_DEV_A_DUP_FREEZE))
			out_uint(PRINT_ANY, "dup_freeze", "dup-freeze %s",
				 c->dup_freeze);
		out_nl();
	}
	stats_print_fields(d);
	out_close_object();
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	void (*print)(const struct nve_dev *d) = *(void (**)(const struct nve_dev *))data;
	struct nve_dev d;

	if (msg_parse_dev(nlh, &d) < 0)
		return -1;
	print(&d);
	return 0;
}

/* DEV_GET for @name (do) or every nve device (dump), each to @print. */
int link_show(const char *name, void (*print)(const struct nve_dev *d))
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	uint32_t ifindex = 0;
	struct nl *s;
	int err;

	if (name && nve_dev_lookup(name, &ifindex))
		return NVE_EFAIL;
	s = nl_genl();
	if (!s)
		return NVE_EFAIL;
	nlh = msg_genl_start(buf, nl_genl_family(), NVE_CMD_DEV_GET,
			     name ? 0 : NLM_F_DUMP);
	if (name)
		msg_put_dev(nlh, sizeof(buf), ifindex, NULL);
	out_open_array(NULL);
	err = nl_talk(s, nlh, show_cb, &print, NULL);
	out_close_array();
	return err < 0 ? NVE_EFAIL : NVE_OK;
}

static int link_modify(int verb, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t ifindex = 0;
	struct nlmsghdr *nlh;
	struct nve_link cfg;
	const char *name;
	struct nl *s;
	int rc;

	rc = link_parse(verb, argc, argv, &name, &cfg);
	if (rc)
		return rc;
	if (verb != LINK_ADD && nve_dev_lookup(name, &ifindex))
		return NVE_EFAIL;
	s = nl_rtnl();
	if (!s)
		return NVE_EFAIL;
	nve_dev_forget();

	switch (verb) {
	case LINK_ADD:
		nlh = msg_link_start(buf, RTM_NEWLINK,
				     NLM_F_CREATE | NLM_F_EXCL, 0);
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
		msg_put_linkinfo(nlh, sizeof(buf), &cfg);
		break;
	case LINK_SET:
		nlh = msg_link_start(buf, RTM_NEWLINK, 0, ifindex);
		msg_put_linkinfo(nlh, sizeof(buf), &cfg);
		break;
	default:
		nlh = msg_link_start(buf, RTM_DELLINK, 0, ifindex);
		break;
	}
	return nl_talk(s, nlh, NULL, NULL, NULL) < 0 ? NVE_EFAIL : NVE_OK;
}

int do_link(int argc, char **argv)
{
	struct nve_link cfg;
	const char *name;
	int v, rc;

	if (argc < 1)
		return link_show(NULL, link_print);
	v = match_word(argv[0], verbs, ARRAY_SIZE(verbs));
	if (v < 0 && (matches(argv[0], "list") || !strcmp(argv[0], "lst")))
		v = LINK_SHOW;
	switch (v) {
	case LINK_ADD:
	case LINK_SET:
	case LINK_DEL:
		return link_modify(v, argc - 1, argv + 1);
	case LINK_SHOW:
		rc = link_parse(v, argc - 1, argv + 1, &name, &cfg);
		return rc ? rc : link_show(name, link_print);
	case LINK_HELP:
		link_usage(stdout);
		return NVE_OK;
	}
	fprintf(stderr, "Command \"%s\" is unknown, try \"nve link help\".\n",
		argv[0]);
	return NVE_EUSAGE;
}
