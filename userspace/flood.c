// SPDX-License-Identifier: GPL-2.0
/*
 * nve flood: a VN's flood list, the remote NVEs that get a copy of each
 * broadcast, unknown unicast and multicast frame (head-end replication).
 *
 *	nve flood { add | del } dev DEV [vni N] remote IP
 *	nve flood show [dev DEV]
 *
 * JSON keys of one member: ifindex, ifname, vni, remote ("192.0.2.2" or
 * "2001:db8::2").
 */
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "nve.h"

enum flood_verb { FLOOD_ADD, FLOOD_DEL, FLOOD_SHOW, FLOOD_HELP };

static const char *const verbs[] = {
	[FLOOD_ADD] = "add", [FLOOD_DEL] = "delete", [FLOOD_SHOW] = "show",
	[FLOOD_HELP] = "help",
};

void flood_usage(FILE *f)
{
	fprintf(f,
		"Usage: nve flood { add | del } dev DEV [ vni VNI ] remote ADDR\n"
		"       nve flood show [ dev DEV ]\n"
		"where  VNI := 0-16777215 (default: the device's VNI)\n"
		"       ADDR := a remote NVE's IPv4 or IPv6 underlay address\n");
}

struct flood_args {
	const char *dev;
	struct nve_flood f;
};

static int flood_parse(int verb, int argc, char **argv, struct flood_args *a)
{
	struct nve_flood *f = &a->f;
	const char *why;

	memset(a, 0, sizeof(*a));
	for (; argc > 0; argc--, argv++) {
		const char *k = argv[0], *v;
		uint32_t bit;

		if (strcmp(k, "dev") && strcmp(k, "vni") && strcmp(k, "remote"))
			return unknownarg(k, "flood");
		if (verb == FLOOD_SHOW && strcmp(k, "dev"))
			return notvalid(k, "flood", verbs[verb]);
		if (argc < 2)
			return noval(k, "flood");
		argc--, argv++;
		v = argv[0];

		if (!strcmp(k, "dev")) {
			if (a->dev)
				return duparg(k, "flood");
			a->dev = v;
			why = parse_ifname(v);
			bit = 0;
		} else if (!strcmp(k, "vni")) {
			why = parse_vni(v, &f->vni);
			bit = BIT(NVE_FLOOD_A_VNI);
		} else {
			why = parse_addr(v, &f->remote);
			bit = BIT(NVE_FLOOD_A_REMOTE) | BIT(NVE_FLOOD_A_REMOTE6);
		}
		if (f->have & bit)
			return duparg(k, "flood");
		if (why)
			return invarg(k, v, why, "flood");
		if (bit == (BIT(NVE_FLOOD_A_REMOTE) | BIT(NVE_FLOOD_A_REMOTE6)))
			bit = BIT(f->remote.family == AF_INET6 ?
				  NVE_FLOOD_A_REMOTE6 : NVE_FLOOD_A_REMOTE);
		f->have |= bit;
	}
	if (verb == FLOOD_SHOW)
		return NVE_OK;
	if (!a->dev)
		return missarg("dev", "flood");
	if (!(f->have & (BIT(NVE_FLOOD_A_REMOTE) | BIT(NVE_FLOOD_A_REMOTE6))))
		return missarg("remote", "flood");
	return NVE_OK;
}

void flood_print_fields(const struct nve_flood *f)
{
	char buf[ADDR_STRLEN];

	if (f->have & BIT(NVE_FLOOD_A_VNI))
		out_uint(PRINT_ANY, "vni", "vni %s", f->vni);
	if (f->have & (BIT(NVE_FLOOD_A_REMOTE) | BIT(NVE_FLOOD_A_REMOTE6)))
		out_str(PRINT_ANY, "remote", "remote %s",
			fmt_addr(&f->remote, buf, sizeof(buf)));
}

void flood_print(const struct nve_flood *f, const char *ifname,
		 uint32_t ifindex, bool text_dev)
{
	out_open_object(NULL);
	out_dev(ifname, ifindex, text_dev);
	flood_print_fields(f);
	out_close_object();
	out_nl();
}

static int flood_modify(int verb, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct flood_args a;
	uint32_t ifindex;
	struct nl *s;
	int rc;

	rc = flood_parse(verb, argc, argv, &a);
	if (rc)
		return rc;
	if (nve_dev_lookup(a.dev, &ifindex))
		return NVE_EFAIL;
	s = nl_genl();
	nlh = msg_genl_start(buf, nl_genl_family(),
			     verb == FLOOD_ADD ? NVE_CMD_FLOOD_NEW :
			     NVE_CMD_FLOOD_DEL,
			     verb == FLOOD_ADD ? NLM_F_CREATE | NLM_F_EXCL : 0);
	msg_put_dev(nlh, sizeof(buf), ifindex, NULL);
	msg_put_flood(nlh, sizeof(buf), &a.f);
	return nl_talk(s, nlh, NULL, NULL, NULL) < 0 ? NVE_EFAIL : NVE_OK;
}

struct show_ctx {
	bool text_dev;
	const char *ifname;
	uint32_t ifindex;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_ctx *c = data;
	const struct nlattr *attr;
	struct nve_flood f;
	struct nve_msg msg;

	if (msg_parse(nlh, &msg) < 0)
		return -1;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != NVE_A_FLOOD)
			continue;
		if (msg_parse_flood(attr, &f) < 0)
			return -1;
		flood_print(&f, msg.ifname ? msg.ifname : c->ifname,
			    msg.ifindex ? msg.ifindex : c->ifindex,
			    c->text_dev);
	}
	return 0;
}

static int show_dev(uint32_t ifindex, const char *ifname, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct show_ctx *c = data;
	struct nlmsghdr *nlh;

	c->ifname = ifname;
	c->ifindex = ifindex;
	nlh = msg_genl_start(buf, nl_genl_family(), NVE_CMD_FLOOD_GET,
			     NLM_F_DUMP);
	msg_put_dev(nlh, sizeof(buf), ifindex, NULL);
	return nl_talk(nl_genl(), nlh, show_cb, c, NULL) < 0 ?
	       NVE_EFAIL : NVE_OK;
}

static int flood_show(int argc, char **argv)
{
	struct show_ctx c = { 0 };
	struct nve_devs devs;
	struct flood_args a;
	int rc;

	rc = flood_parse(FLOOD_SHOW, argc, argv, &a);
	if (rc)
		return rc;
	c.text_dev = !a.dev;
	if (nve_devs_get(a.dev, &devs))
		return NVE_EFAIL;
	out_open_array(NULL);
	rc = nve_devs_each(&devs, show_dev, &c);
	out_close_array();
	free(devs.v);
	return rc;
}

int do_flood(int argc, char **argv)
{
	int v;

	if (argc < 1)
		return flood_show(0, NULL);
	v = match_word(argv[0], verbs, ARRAY_SIZE(verbs));
	if (v < 0 && (matches(argv[0], "list") || !strcmp(argv[0], "lst")))
		v = FLOOD_SHOW;
	switch (v) {
	case FLOOD_ADD:
	case FLOOD_DEL:
		return flood_modify(v, argc - 1, argv + 1);
	case FLOOD_SHOW:
		return flood_show(argc - 1, argv + 1);
	case FLOOD_HELP:
		flood_usage(stdout);
		return NVE_OK;
	}
	fprintf(stderr, "Command \"%s\" is unknown, try \"nve flood help\".\n",
		argv[0]);
	return NVE_EUSAGE;
}
