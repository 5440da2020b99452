// SPDX-License-Identifier: GPL-2.0
/*
 * nve monitor: print the events of the "events" multicast group, one line
 * (or, with -j, one JSON object) per event, flushing after each so that a
 * pipe reader sees it at once.
 *
 * Text:  map new dev nve0 vni 100 mac 52:54:00:12:34:56 remote 192.0.2.2 seq 7
 *        map del dev nve0 vni 100 mac 52:54:00:12:34:56
 *        miss dev nve0 vni 100 mac 52:54:00:12:34:57
 *        moved dev nve0 vni 100 mac ... remote 192.0.2.3 state redirect mode hot ...
 *        activated dev nve0 vni 100 mac ... local held 12
 *        stale-sender dev nve0 vni 100 mac ... remote 192.0.2.3 sender 192.0.2.9
 *        expired dev nve0 vni 100 mac ... remote 192.0.2.3 redirects 40
 *        frozen dev nve0 vni 100 mac ... remote 192.0.2.3 moves 6 frozen
 *        spoofed dev nve0 vni 100 mac ... [remote ...] [ip IP claimed-mac MAC]
 * JSON:  {"event":"map_new","ifindex":7,"ifname":"nve0","vni":100,...}
 * "event" is one of map_new, map_del, map_flush, miss, bind_new, bind_del,
 * flood_new, flood_del, moved, activated, stale_sender, expired, frozen,
 * spoofed (or "cmd_N" for a command this tool doesn't know);
 * the other keys are those of map, bind and flood show.  A spoofed event
 * (a frame the spoof check dropped) is one line: vni and mac are the
 * frame's source MAC, remote where the table has that MAC (a VM's MAC
 * forged), ip and claimed_mac the address the frame claimed and the MAC it
 * gave for it (an address bound to another MAC).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "nve.h"

static volatile sig_atomic_t stop;

void monitor_usage(FILE *f)
{
	fprintf(f,
		"Usage: nve [ -j ] monitor\n"
		"Prints map, bind and flood changes, misses and VM mobility events\n"
		"(moved, activated, stale-sender, expired, frozen) and frames the\n"
		"spoof check dropped (spoofed) as they happen.\n");
}

static const struct {
	uint8_t cmd;
	uint8_t nest;			/* NVE_A_MAP, _BIND, _FLOOD or 0 */
	const char *key;		/* JSON */
	const char *text;
} events[] = {
	{ NVE_CMD_MAP_NEW, NVE_A_MAP, "map_new", "map new" },
	{ NVE_CMD_MAP_DEL, NVE_A_MAP, "map_del", "map del" },
	{ NVE_CMD_MAP_FLUSH, 0, "map_flush", "map flush" },
	{ NVE_CMD_MISS, NVE_A_MAP, "miss", "miss" },
	{ NVE_CMD_BIND_NEW, NVE_A_BIND, "bind_new", "bind new" },
	{ NVE_CMD_BIND_DEL, NVE_A_BIND, "bind_del", "bind del" },
	{ NVE_CMD_FLOOD_NEW, NVE_A_FLOOD, "flood_new", "flood new" },
	{ NVE_CMD_FLOOD_DEL, NVE_A_FLOOD, "flood_del", "flood del" },
	{ NVE_CMD_MOVED, NVE_A_MAP, "moved", "moved" },
	{ NVE_CMD_ACTIVATED, NVE_A_MAP, "activated", "activated" },
	{ NVE_CMD_STALE_SENDER, NVE_A_MAP, "stale_sender", "stale-sender" },
	{ NVE_CMD_EXPIRED, NVE_A_MAP, "expired", "expired" },
	{ NVE_CMD_FROZEN, NVE_A_MAP, "frozen", "frozen" },
};

static void event_head(const char *key, const char *text, const char *ifname,
		       uint32_t ifindex)
{
	out_open_object(NULL);
	out_str(PRINT_JSON, "event", NULL, key);
	out_str(PRINT_TEXT, NULL, "%s", text);
	out_dev(ifname, ifindex, true);
}

static void event_tail(void)
{
	out_close_object();
	out_nl();
}

/*
 * NVE_CMD_SPOOFED: one line from its NVE_A_MAP (the frame's source MAC)
 * and NVE_A_BIND (the address it claimed, and the MAC it gave for it).
 */
static int print_spoofed(const struct nlmsghdr *nlh, const char *ifname,
			 uint32_t ifindex)
{
	char buf[ADDR_STRLEN];
	const struct nlattr *a;
	struct nve_bind b;
	struct nve_map m;

	memset(&m, 0, sizeof(m));
	memset(&b, 0, sizeof(b));
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) == NVE_A_MAP &&
		    msg_parse_map(a, &m) < 0)
			return -1;
		if (mnl_attr_get_type(a) == NVE_A_BIND &&
		    msg_parse_bind(a, &b) < 0)
			return -1;
	}
	event_head("spoofed", "spoofed", ifname, ifindex);
	map_print_fields(&m);
	if (b.have & (BIT(NVE_BIND_A_IP) | BIT(NVE_BIND_A_IP6)))
		out_str(PRINT_ANY, "ip", "ip %s",
			fmt_addr(&b.ip, buf, sizeof(buf)));
	if (b.have & BIT(NVE_BIND_A_MAC))
		out_str(PRINT_ANY, "claimed_mac", "claimed-mac %s",
			fmt_mac(b.mac, buf));
	event_tail();
	return 0;
}

/* Print one event message; returns -1 if it is malformed. */
int monitor_print_event(const struct nlmsghdr *nlh)
{
	char name[IF_NAMESIZE], key[16], text[16];
	const struct nlattr *a;
	const char *ifname;
	struct nve_msg msg;
	unsigned int i;
	int printed = 0;

	if (msg_parse(nlh, &msg) < 0)
		return -1;
	ifname = msg.ifname;
	if (!ifname && msg.ifindex)
		ifname = if_indextoname(msg.ifindex, name);
	if (msg.cmd == NVE_CMD_SPOOFED)
		return print_spoofed(nlh, ifname, msg.ifindex);

	for (i = 0; i < ARRAY_SIZE(events); i++)
		if (events[i].cmd == msg.cmd)
			break;
	if (i == ARRAY_SIZE(events)) {
		snprintf(key, sizeof(key), "cmd_%u", msg.cmd);
		snprintf(text, sizeof(text), "event %u", msg.cmd);
		event_head(key, text, ifname, msg.ifindex);
		event_tail();
		return 0;
	}

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct nve_map m;
		struct nve_bind b;
		struct nve_flood f;

		if (!events[i].nest || mnl_attr_get_type(a) != events[i].nest)
			continue;
		switch (events[i].nest) {
		case NVE_A_MAP:
			if (msg_parse_map(a, &m) < 0)
				return -1;
			event_head(events[i].key, events[i].text, ifname,
				   msg.ifindex);
			map_print_fields(&m);
			break;
		case NVE_A_BIND:
			if (msg_parse_bind(a, &b) < 0)
				return -1;
			event_head(events[i].key, events[i].text, ifname,
				   msg.ifindex);
			bind_print_fields(&b);
			break;
		default:
			if (msg_parse_flood(a, &f) < 0)
				return -1;
			event_head(events[i].key, events[i].text, ifname,
				   msg.ifindex);
			flood_print_fields(&f);
			break;
		}
		event_tail();
		printed++;
	}
	if (!printed) {
		event_head(events[i].key, events[i].text, ifname, msg.ifindex);
		if (msg.have_count)
			out_uint(PRINT_ANY, "count", "count %s", msg.count);
		event_tail();
	}
	return 0;
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	if (nlh->nlmsg_type != nl_genl_family())
		return 0;
	if (monitor_print_event(nlh) < 0)
		fprintf(stderr, "Warning: malformed event (command %u) skipped.\n",
			((const struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd);
	out_flush();
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int do_monitor(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct nl *s;
	int err = 0;

	if (argc > 0 && matches(argv[0], "help")) {
		monitor_usage(stdout);
		return NVE_OK;
	}
	if (argc > 0)
		return unknownarg(argv[0], "monitor");
	if (batch.active) {
		fprintf(stderr, "Error: \"nve monitor\" does not end: it can't run in a batch.\n");
		return NVE_EUSAGE;
	}
	if (!nl_genl())
		return NVE_EFAIL;
	if (!nl_genl_events_group()) {
		fprintf(stderr, "Error: the nve family has no \"%s\" multicast group.\n",
			NVE_GENL_MCGRP_EVENTS);
		return NVE_EFAIL;
	}
	s = nl_open(NETLINK_GENERIC);
	if (!s)
		return NVE_EFAIL;
	if (nl_subscribe(s, nl_genl_events_group()) < 0) {
		nl_close(s);
		return NVE_EFAIL;
	}
	/* One object per line: a reader splits on newlines. */
	{
		bool details = out_details();

		out_init(stdout, out_json(), false);
		out_set_details(details);
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop) {
		err = nl_recv_events(s, event_cb, NULL);
		if (err == -EINTR)
			err = 0;
		else if (err < 0)
			break;
	}
	nl_close(s);
	if (err < 0) {
		fprintf(stderr, "Error: netlink receive: %s.\n", strerror(-err));
		return NVE_EFAIL;
	}
	return NVE_OK;
}
