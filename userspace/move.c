// SPDX-License-Identifier: GPL-2.0
/*
 * VM mobility (draft-ietf-nvo3-vmm): what an NVA tells the NVEs when a VM
 * moves.
 *
 *	nve move dev DEV [vni N] mac MAC to ADDR [port P] [remote-vni N]
 *		[mode { hot | warm | cold }] [redirect-time MS] [seq N]
 *		on the old NVE: the VM now lives at ADDR; a hot move
 *		redirects what still arrives here for REDIRECT-TIME ms
 *		(default: the device's), 0 or warm/cold: no redirect
 *	nve prepare dev DEV [vni N] mac MAC [seq N] [hold-packets N]
 *		[hold-time MS] [announce { none | garp,na,rarp }]
 *		on the new NVE, before the VM resumes: a local PENDING
 *		mapping; frames for the VM are held (up to hold-packets,
 *		each for hold-time; default: the device's) until its first
 *		frame (RARP, GARP, NA, anything) or "nve activate", which
 *		announce the VM as "announce" says (default: the device's)
 *	nve activate dev DEV [vni N] mac MAC
 *	nve withdraw dev DEV [vni N] mac MAC [seq N]
 *		delete a local mapping, without redirect
 *	nve unfreeze dev DEV [vni N] mac MAC
 *		end the freeze duplicate detection put on a mapping, and
 *		forget its moves
 *
 * Each is one genl request (NVE_CMD_MOVE, _PREPARE, _ACTIVATE, _WITHDRAW,
 * _UNFREEZE)
 * with one NVE_A_MAP nest; success prints nothing, as ip does.  The
 * device's defaults: nve link set DEV hold-packets N hold-time MS
 * redirect-time MS redirect-max MS announce WHAT.  A move takes no
 * "announce": the VM activates, and is announced, on its new NVE.
 */
#include <string.h>
#include <libmnl/libmnl.h>

#include "nve.h"

#define STR_(x)	#x
#define STR(x)	STR_(x)

enum move_verb { MV_MOVE, MV_PREPARE, MV_ACTIVATE, MV_WITHDRAW, MV_UNFREEZE };

static const struct {
	const char *name;
	uint8_t cmd;
} cmds[] = {
	[MV_MOVE] = { "move", NVE_CMD_MOVE },
	[MV_PREPARE] = { "prepare", NVE_CMD_PREPARE },
	[MV_ACTIVATE] = { "activate", NVE_CMD_ACTIVATE },
	[MV_WITHDRAW] = { "withdraw", NVE_CMD_WITHDRAW },
	[MV_UNFREEZE] = { "unfreeze", NVE_CMD_UNFREEZE },
};

void move_usage(FILE *f)
{
	fprintf(f,
		"Usage: nve move dev DEV [ vni VNI ] mac LLADDR to ADDR [ port PORT ]\n"
		"                [ remote-vni VNI ] [ mode { hot | warm | cold } ]\n"
		"                [ redirect-time MS ] [ seq SEQ ]\n"
		"       nve prepare dev DEV [ vni VNI ] mac LLADDR [ seq SEQ ]\n"
		"                [ hold-packets N ] [ hold-time MS ]\n"
		"                [ announce { none | ANNOUNCE } ]\n"
		"       nve activate dev DEV [ vni VNI ] mac LLADDR\n"
		"       nve withdraw dev DEV [ vni VNI ] mac LLADDR [ seq SEQ ]\n"
		"       nve unfreeze dev DEV [ vni VNI ] mac LLADDR\n"
		"where  ADDR := the new NVE's IPv4 or IPv6 underlay address\n"
		"       MS := 0-%u (0: no redirect; default: the device's)\n"
		"       ANNOUNCE := { garp | na | rarp }[,...]\n"
		"move runs on the old NVE, prepare and activate on the new one.\n"
		"A hot move (the default) redirects frames that still arrive to the new\n"
		"NVE for redirect-time; warm and cold moves don't.  A prepared VM's\n"
		"frames are held until it sends one: up to hold-packets (0-%u), each\n"
		"for hold-time (0-%u ms).  When it activates, nve announces it (a GARP\n"
		"per IPv4 binding, an NA per IPv6 one, a RARP) as announce says.\n"
		"The device's defaults: nve link set DEV hold-packets N hold-time MS\n"
		"redirect-time MS redirect-max MS announce ANNOUNCE.\n"
		"More than dup-moves moves of a MAC within dup-window seconds freeze\n"
		"its mapping: moves are refused until unfreeze (or dup-freeze seconds).\n",
		NVE_REDIRECT_MS_LIMIT, NVE_HOLD_PKTS_LIMIT, NVE_HOLD_MS_LIMIT);
}

enum { K_DEV, K_VNI, K_MAC, K_TO, K_PORT, K_RVNI, K_MODE, K_RTIME, K_SEQ,
       K_HPKTS, K_HTIME, K_ANNOUNCE };

static const char *const keys[] = {
	[K_DEV] = "dev", [K_VNI] = "vni", [K_MAC] = "mac", [K_TO] = "to",
	[K_PORT] = "port", [K_RVNI] = "remote-vni", [K_MODE] = "mode",
	[K_RTIME] = "redirect-time", [K_SEQ] = "seq",
	[K_HPKTS] = "hold-packets", [K_HTIME] = "hold-time",
	[K_ANNOUNCE] = "announce",
};

#define COMMON	(BIT(K_DEV) | BIT(K_VNI) | BIT(K_MAC))

static const uint32_t allowed[] = {
	[MV_MOVE] = COMMON | BIT(K_TO) | BIT(K_PORT) | BIT(K_RVNI) |
		    BIT(K_MODE) | BIT(K_RTIME) | BIT(K_SEQ),
	[MV_PREPARE] = COMMON | BIT(K_SEQ) | BIT(K_HPKTS) | BIT(K_HTIME) |
		       BIT(K_ANNOUNCE),
	[MV_ACTIVATE] = COMMON,
	[MV_WITHDRAW] = COMMON | BIT(K_SEQ),
	[MV_UNFREEZE] = COMMON,
};

struct move_args {
	const char *dev;
	uint32_t seen;			/* BIT(K_x) */
	struct nve_map m;
};

static int move_parse(int verb, int argc, char **argv, struct move_args *a)
{
	const char *obj = cmds[verb].name;
	struct nve_map *m = &a->m;
	const char *why;

	memset(a, 0, sizeof(*a));
	for (; argc > 0; argc--, argv++) {
		const char *v;
		unsigned int k;

		for (k = 0; k < ARRAY_SIZE(keys); k++)
			if (!strcmp(*argv, keys[k]))
				break;
		if (k == ARRAY_SIZE(keys))
			return unknownarg(*argv, obj);
		if (!(allowed[verb] & BIT(k))) {
			fprintf(stderr, "Error: argument \"%s\" is not valid for \"nve %s\".\n",
				*argv, obj);
			fprintf(stderr, "Try \"nve %s help\".\n", obj);
			return NVE_EUSAGE;
		}
		if (a->seen & BIT(k))
			return duparg(*argv, obj);
		a->seen |= BIT(k);
		if (argc < 2)
			return noval(*argv, obj);
		argc--, argv++;
		v = *argv;

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
		case K_TO:
			why = parse_addr(v, &m->remote);
			m->have |= BIT(m->remote.family == AF_INET6 ?
				       NVE_MAP_A_REMOTE6 : NVE_MAP_A_REMOTE);
			break;
		case K_PORT:
			why = parse_port(v, &m->port);
			m->have |= BIT(NVE_MAP_A_PORT);
			break;
		case K_RVNI:
			why = parse_vni(v, &m->remote_vni);
			m->have |= BIT(NVE_MAP_A_REMOTE_VNI);
			break;
		case K_MODE:
			why = parse_mode(v, &m->mode);
			m->have |= BIT(NVE_MAP_A_MODE);
			break;
		case K_RTIME:
			why = parse_ms(v, NVE_REDIRECT_MS_LIMIT,
				       &m->redirect_ms);
			m->have |= BIT(NVE_MAP_A_REDIRECT_MS);
			break;
		case K_HPKTS:
			why = parse_u32(v, NVE_HOLD_PKTS_LIMIT, &m->hold_pkts) ?
			      "must be 0-" STR(NVE_HOLD_PKTS_LIMIT) " frames" :
			      NULL;
			m->have |= BIT(NVE_MAP_A_HOLD_PKTS);
			break;
		case K_HTIME:
			why = parse_ms(v, NVE_HOLD_MS_LIMIT, &m->hold_ms);
			m->have |= BIT(NVE_MAP_A_HOLD_MS);
			break;
		case K_ANNOUNCE:
			why = parse_announce(v, &m->announce);
			m->have |= BIT(NVE_MAP_A_ANNOUNCE);
			break;
		default:
			why = parse_u32(v, UINT32_MAX, &m->seq) ?
			      "sequence number must be 0-4294967295" : NULL;
			m->have |= BIT(NVE_MAP_A_SEQ);
			break;
		}
		if (why)
			return invarg(keys[k], v, why, obj);
	}

	if (!a->dev)
		return missarg("dev", obj);
	if (!(a->seen & BIT(K_MAC)))
		return missarg("mac", obj);
	if (verb == MV_MOVE && !(a->seen & BIT(K_TO)))
		return missarg("to", obj);
	if ((a->seen & BIT(K_RTIME)) && (a->seen & BIT(K_MODE)) &&
	    m->mode != NVE_MOVE_HOT)
		return badcombo("\"redirect-time\" applies to hot moves only", obj);
	return NVE_OK;
}

/* For tests/test_parse.c: parse @argv as "nve <verb> ..." would. */
int move_parse_for_test(const char *verb, int argc, char **argv,
			struct nve_map *m, const char **dev)
{
	struct move_args a;
	unsigned int v;
	int rc;

	for (v = 0; v < ARRAY_SIZE(cmds); v++)
		if (!strcmp(verb, cmds[v].name))
			break;
	if (v == ARRAY_SIZE(cmds))
		return NVE_EUSAGE;
	rc = move_parse(v, argc, argv, &a);
	*m = a.m;
	*dev = a.dev;
	return rc;
}

static int run(int verb, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct move_args a;
	uint32_t ifindex;
	struct nl *s;
	int rc;

	if (argc > 0 && matches(argv[0], "help")) {
		move_usage(stdout);
		return NVE_OK;
	}
	rc = move_parse(verb, argc, argv, &a);
	if (rc)
		return rc;
	if (nve_dev_lookup(a.dev, &ifindex))
		return NVE_EFAIL;
	s = nl_genl();
	if (!s)
		return NVE_EFAIL;
	nlh = msg_genl_start(buf, nl_genl_family(), cmds[verb].cmd, 0);
	msg_put_dev(nlh, sizeof(buf), ifindex, NULL);
	msg_put_map(nlh, sizeof(buf), &a.m);
	return nl_talk(s, nlh, NULL, NULL, NULL) < 0 ? NVE_EFAIL : NVE_OK;
}

int do_move(int argc, char **argv)
{
	return run(MV_MOVE, argc, argv);
}

int do_prepare(int argc, char **argv)
{
	return run(MV_PREPARE, argc, argv);
}

int do_activate(int argc, char **argv)
{
	return run(MV_ACTIVATE, argc, argv);
}

int do_withdraw(int argc, char **argv)
{
	return run(MV_WITHDRAW, argc, argv);
}

int do_unfreeze(int argc, char **argv)
{
	return run(MV_UNFREEZE, argc, argv);
}
