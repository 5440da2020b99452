// SPDX-License-Identifier: GPL-2.0
/*
 * nve bind: (VNI, IP) -> MAC bindings, from which the device answers ARP
 * and neighbour solicitations locally (IFLA_NVE_PROXY).
 *
 *	nve bind { add | replace } dev DEV [vni N] ip IP mac MAC
 *	nve bind del dev DEV [vni N] ip IP [mac MAC]
 *	nve bind show [dev DEV]
 *
 * JSON keys of one binding: ifindex, ifname, vni, ip ("10.0.0.1" or
 * "2001:db8::1"), mac ("52:54:00:12:34:56").
 */
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "nve.h"

enum bind_verb { BIND_ADD, BIND_REPLACE, BIND_DEL, BIND_SHOW, BIND_HELP };

static const char *const verbs[] = {
	[BIND_ADD] = "add", [BIND_REPLACE] = "replace", [BIND_DEL] = "delete",
	[BIND_SHOW] = "show", [BIND_HELP] = "help",
};

void bind_usage(FILE *f)
{
	fprintf(f,
		"Usage: nve bind { add | replace } dev DEV [ vni VNI ] ip ADDR mac LLADDR\n"
		"       nve bind del dev DEV [ vni VNI ] ip ADDR [ mac LLADDR ]\n"
		"       nve bind show [ dev DEV ]\n"
		"where  VNI := 0-16777215 (default: the device's VNI)\n"
		"       ADDR := the VM's IPv4 or IPv6 address\n");
}

struct bind_args {
	const char *dev;
	struct nve_bind b;
};

static int bind_parse(int verb, int argc, char **argv, struct bind_args *a)
{
	struct nve_bind *b = &a->b;
	const char *why;

	memset(a, 0, sizeof(*a));
	for (; argc > 0; argc--, argv++) {
		const char *k = argv[0], *v;
		uint32_t bit;

		if (strcmp(k, "dev") && strcmp(k, "vni") && strcmp(k, "ip") &&
		    strcmp(k, "mac"))
			return unknownarg(k, "bind");
		if (verb == BIND_SHOW && strcmp(k, "dev"))
			return notvalid(k, "bind", verbs[verb]);
		if (argc < 2)
			return noval(k, "bind");
		argc--, argv++;
		v = argv[0];

		if (!strcmp(k, "dev")) {
			if (a->dev)
				return duparg(k, "bind");
			a->dev = v;
			why = parse_ifname(v);
			bit = 0;
		} else if (!strcmp(k, "vni")) {
			why = parse_vni(v, &b->vni);
			bit = BIT(NVE_BIND_A_VNI);
		} else if (!strcmp(k, "ip")) {
			why = parse_addr(v, &b->ip);
			bit = BIT(NVE_BIND_A_IP) | BIT(NVE_BIND_A_IP6);
		} else {
			why = parse_mac(v, b->mac);
			bit = BIT(NVE_BIND_A_MAC);
		}
		if (b->have & bit)
			return duparg(k, "bind");
		if (why)
			return invarg(k, v, why, "bind");
		if (bit == (BIT(NVE_BIND_A_IP) | BIT(NVE_BIND_A_IP6)))
			bit = BIT(b->ip.family == AF_INET6 ?
				  NVE_BIND_A_IP6 : NVE_BIND_A_IP);
		b->have |= bit;
	}
	if (verb == BIND_SHOW)
		return NVE_OK;
	if (!a->dev)
		return missarg("dev", "bind");
	if (!(b->have & (BIT(NVE_BIND_A_IP) | BIT(NVE_BIND_A_IP6))))
		return missarg("ip", "bind");
	if (verb != BIND_DEL && !(b->have & BIT(NVE_BIND_A_MAC)))
		return missarg("mac", "bind");
	return NVE_OK;
}

void bind_print_fields(const struct nve_bind *b)
{
	char buf[ADDR_STRLEN];

	if (b->have & BIT(NVE_BIND_A_VNI))
		out_uint(PRINT_ANY, "vni", "vni %s", b->vni);
	if (b->have & (BIT(NVE_BIND_A_IP) | BIT(NVE_BIND_A_IP6)))
		out_str(PRINT_ANY, "ip", "ip %s",
			fmt_addr(&b->ip, buf, sizeof(buf)));
	if (b->have & BIT(NVE_BIND_A_MAC))
		out_str(PRINT_ANY, "mac", "mac %s", fmt_mac(b->mac, buf));
}

void bind_print(const struct nve_bind *b, const char *ifname,
		uint32_t ifindex, bool text_dev)
{
	out_open_object(NULL);
	out_dev(ifname, ifindex, text_dev);
	bind_print_fields(b);
	out_close_object();
	out_nl();
}

static int bind_modify(int verb, int argc, char **argv)
{
	static const uint16_t nlflags[] = {
		[BIND_ADD] = NLM_F_CREATE | NLM_F_EXCL,
		[BIND_REPLACE] = NLM_F_CREATE | NLM_F_REPLACE,
		[BIND_DEL] = 0,
	};
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct bind_args a;
	uint32_t ifindex;
	struct nl *s;
	int rc;

	rc = bind_parse(verb, argc, argv, &a);
	if (rc)
		return rc;
	if (nve_dev_lookup(a.dev, &ifindex))
		return NVE_EFAIL;
	s = nl_genl();
	nlh = msg_genl_start(buf, nl_genl_family(),
			     verb == BIND_DEL ? NVE_CMD_BIND_DEL :
			     NVE_CMD_BIND_NEW, nlflags[verb]);
	msg_put_dev(nlh, sizeof(buf), ifindex, NULL);
	msg_put_bind(nlh, sizeof(buf), &a.b);
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
	struct nve_msg msg;
	struct nve_bind b;

	if (msg_parse(nlh, &msg) < 0)
		return -1;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != NVE_A_BIND)
			continue;
		if (msg_parse_bind(attr, &b) < 0)
			return -1;
		bind_print(&b, msg.ifname ? msg.ifname : c->ifname,
			   msg.ifindex ? msg.ifindex : c->ifindex, c->text_dev);
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
	nlh = msg_genl_start(buf, nl_genl_family(), NVE_CMD_BIND_GET,
			     NLM_F_DUMP);
	msg_put_dev(nlh, sizeof(buf), ifindex, NULL);
	return nl_talk(nl_genl(), nlh, show_cb, c, NULL) < 0 ?
	       NVE_EFAIL : NVE_OK;
}

static int bind_show(int argc, char **argv)
{
	struct show_ctx c = { 0 };
	struct nve_devs devs;
	struct bind_args a;
	int rc;

	rc = bind_parse(BIND_SHOW, argc, argv, &a);
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

int do_bind(int argc, char **argv)
{
	int v;

	if (argc < 1)
		return bind_show(0, NULL);
	v = match_word(argv[0], verbs, ARRAY_SIZE(verbs));
	if (v < 0 && (matches(argv[0], "list") || !strcmp(argv[0], "lst")))
		v = BIND_SHOW;
	switch (v) {
	case BIND_ADD:
	case BIND_REPLACE:
	case BIND_DEL:
		return bind_modify(v, argc - 1, argv + 1);
	case BIND_SHOW:
		return bind_show(argc - 1, argv + 1);
	case BIND_HELP:
		bind_usage(stdout);
		return NVE_OK;
	}
	fprintf(stderr, "Command \"%s\" is unknown, try \"nve bind help\".\n",
		argv[0]);
	return NVE_EUSAGE;
}
